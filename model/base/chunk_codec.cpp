#include "base/chunk_codec.hpp"

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <exception>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#if defined(_OPENMP)
#include <omp.h>
#endif
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "devolve/error.hpp"

namespace devolve::chunk_codec {

namespace {

// Whether a byte plane of the shuffle is worth deflating: its bytes' entropy (from their histogram)
// below 7 bits a byte. The low planes of doubles with no zeros (the mantissa's low bytes) are near 8
// bits and deflate to 98-99 % of their size at 8 times the cost of storing them. A plane of more
// than `sample_above` bytes is judged by every `sample_step`-th byte (an eighth of the work;
// docs/performance.md, "The results writer, cheaper"): the decision is only whether deflating pays,
// and either choice makes a valid stream of the same bytes when inflated.
constexpr std::size_t sample_above = 16384, sample_step = 8;

bool compressible(const unsigned char* plane, std::size_t n) {
  const std::size_t step = n > sample_above ? sample_step : 1;
  // Four histograms, summed after: a plane of one repeated byte (an exponent, a zero) otherwise
  // waits on each increment of the same counter before the next.
  std::size_t part[4][256] = {};
  std::size_t i = 0, m = 0;  // m: the bytes counted
  for (; i + 3 * step < n; i += 4 * step, m += 4) {
    ++part[0][plane[i]];
    ++part[1][plane[i + step]];
    ++part[2][plane[i + 2 * step]];
    ++part[3][plane[i + 3 * step]];
  }
  for (; i < n; i += step, ++m) ++part[0][plane[i]];
  std::size_t count[256];
  for (std::size_t c = 0; c < 256; ++c) count[c] = part[0][c] + part[1][c] + part[2][c] + part[3][c];
  double bits = 0;
  for (std::size_t c : count)
    if (c) bits -= double(c) * std::log2(double(c) / double(m));
  return bits < 7.0 * double(m);
}

// HDF5's byte shuffle of `have` doubles into planes of `chunk` bytes: byte j of double i goes to
// plain[j * chunk + i]. With SSE2, sixteen doubles at a time by a byte transpose of unpacks (as
// c-blosc's shuffle8_sse2), the same bytes as the scalar loop, which does the rest; the scalar loop
// is a gather of stride 8 and was a sixth of the compression's time at LAD (docs/performance.md,
// "Local procurement at LAD: the results writer and loading, measured").
void shuffle(const unsigned char* in, std::size_t have, std::size_t chunk, unsigned char* plain) {
  constexpr std::size_t width = sizeof(double);
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= have; i += 16) {
    __m128i a[8], b[8];
    for (std::size_t k = 0; k < 8; ++k) {  // each double's bytes beside the other's: d0b0 d1b0 d0b1 d1b1 ...
      a[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i * width + k * 16));
      b[k] = _mm_unpacklo_epi8(a[k], _mm_shuffle_epi32(a[k], 0x4e));
    }
    for (std::size_t k = 0; k < 4; ++k) {  // 16-bit words
      a[2 * k] = _mm_unpacklo_epi16(b[2 * k], b[2 * k + 1]);
      a[2 * k + 1] = _mm_unpackhi_epi16(b[2 * k], b[2 * k + 1]);
    }
    for (std::size_t k = 0, l = 0; k < 4; ++k, ++l) {  // 32-bit words: l = 0, 1, 4, 5
      if (k == 2) l += 2;
      b[2 * k] = _mm_unpacklo_epi32(a[l], a[l + 2]);
      b[2 * k + 1] = _mm_unpackhi_epi32(a[l], a[l + 2]);
    }
    for (std::size_t k = 0; k < 4; ++k) {  // 64-bit words
      a[2 * k] = _mm_unpacklo_epi64(b[k], b[k + 4]);
      a[2 * k + 1] = _mm_unpackhi_epi64(b[k], b[k + 4]);
    }
    for (std::size_t k = 0; k < 8; ++k) _mm_storeu_si128(reinterpret_cast<__m128i*>(plain + k * chunk + i), a[k]);
  }
#endif
  for (; i < have; ++i)
    for (std::size_t j = 0; j < width; ++j) plain[j * chunk + i] = in[i * width + j];
}

// One chunk: HDF5's shuffle (H5Zshuffle.c: byte j of element i goes to j * n + i), then one zlib
// stream over the eight byte planes, each plane either deflated with the run-length strategy (Z_RLE:
// matches only at distance 1, the runs of equal exponent and sign bytes and of zero bytes that the
// shuffle makes) or stored (level 0), switched between planes with deflateParams. Either way the
// output is an ordinary zlib stream. On the results of a LAD run this is about 3 times as fast as
// level 4's default strategy and no larger (docs/performance.md, "The LAD run without procurement").
// plain and packed are the calling thread's buffers, kept between chunks; the result is packed's
// first bytes, copied out at their size.
std::vector<unsigned char> one_chunk(const double* src, std::size_t have, std::size_t chunk, std::vector<unsigned char>& plain,
                                     std::vector<unsigned char>& out, std::string& error) {
  constexpr std::size_t width = sizeof(double);
  const std::size_t bytes = chunk * width;
  plain.resize(bytes);
  const auto* in = reinterpret_cast<const unsigned char*>(src);
  shuffle(in, have, chunk, plain.data());
  for (std::size_t j = 0; j < width; ++j)  // the padding of a last, partial chunk
    std::fill(plain.begin() + std::ptrdiff_t(j * chunk + have), plain.begin() + std::ptrdiff_t((j + 1) * chunk), 0);
  z_stream z{};
  if (deflateInit2(&z, int(level), Z_DEFLATED, 15, 8, Z_RLE) != Z_OK) {
    error = "zlib could not start";
    return {};
  }
  out.resize(bytes + bytes / 64 + 4096);  // stored blocks add 5 bytes in 65,535
  z.next_out = out.data();
  z.avail_out = uInt(out.size());
  bool deflating = true, ok = true;
  for (std::size_t j = 0; j < width && ok; ++j) {
    unsigned char* plane = plain.data() + j * chunk;
    const bool want = compressible(plane, chunk);
    if (want != deflating) ok = deflateParams(&z, want ? int(level) : 0, want ? Z_RLE : Z_DEFAULT_STRATEGY) == Z_OK;
    deflating = want;
    z.next_in = plane;
    z.avail_in = uInt(chunk);
    ok = ok && deflate(&z, Z_NO_FLUSH) == Z_OK && z.avail_in == 0;
  }
  ok = ok && deflate(&z, Z_FINISH) == Z_STREAM_END;
  const std::size_t size = out.size() - z.avail_out;
  deflateEnd(&z);
  if (!ok) error = "zlib could not compress a chunk";
  return std::vector<unsigned char>(out.begin(), out.begin() + std::ptrdiff_t(size));
}

}  // namespace

std::vector<std::vector<unsigned char>> shuffle_deflate(const double* values, const std::vector<Span>& spans,
                                                        std::size_t chunk, bool threads) {
  const std::size_t count = spans.size();
  std::vector<std::vector<unsigned char>> out(count);
  std::vector<std::string> errors(count);
  (void)threads;  // unused where built without OpenMP (one thread)
  // A chunk whose bytes are all zero (a component of `impact` no source has, such as `induced` under
  // a Type I headline: 48 of the 120 chunks of the LAD example's) compresses to the same bytes as
  // any other of as many values: it is compressed once, before the others, and copied.
  std::vector<char> zero(count, 0);
  std::vector<std::pair<std::size_t, std::size_t>> zero_first;  // (values, the first such chunk)
  for (std::size_t c = 0; c < count; ++c) {
    const std::size_t have = std::min(spans[c].count, chunk);
    const auto* b = reinterpret_cast<const unsigned char*>(values + spans[c].first);
    const std::size_t bytes = have * sizeof(double);
    zero[c] = bytes > 0 && b[0] == 0 && std::memcmp(b, b + 1, bytes - 1) == 0;
    if (!zero[c]) continue;
    bool seen = false;
    for (const auto& [h, first] : zero_first) seen = seen || h == have;
    if (!seen) {
      std::vector<unsigned char> plain, packed;
      out[c] = one_chunk(values + spans[c].first, have, chunk, plain, packed, errors[c]);
      zero_first.emplace_back(have, c);
    }
  }
  // The chunks are shared out to plain threads (the calling one and up to the OpenMP thread count
  // less one beside it), each taking the next chunk left: no OpenMP team, whose idle workers spin
  // for milliseconds after the region and whose pool is torn down when the calling thread (a
  // prepare() job's) ends (docs/performance.md, "The results writer, cheaper").
  // One chunk (every results dataset but `impact` of a uk-itl1-2022 run) is compressed on the
  // calling thread alone: a worker would only be started for the calling thread to wait for.
  // An exception on any thread (bad_alloc) stops the others after their chunk and, once every
  // thread is joined, is rethrown on the calling one: never std::terminate.
  std::atomic<std::size_t> next{0};
  std::exception_ptr failed;
  std::mutex failed_mutex;
  const auto fail = [&](std::exception_ptr e) {
    next.store(count);
    const std::lock_guard<std::mutex> lock(failed_mutex);
    if (!failed) failed = std::move(e);
  };
  const auto work = [&]() noexcept {
    try {
      std::vector<unsigned char> plain, packed;
      for (std::size_t c; (c = next.fetch_add(1)) < count;) {
        const std::size_t have = std::min(spans[c].count, chunk);
        if (zero[c]) {
          for (const auto& [h, first] : zero_first)
            if (h == have && first != c) out[c] = out[first], errors[c] = errors[first];
          continue;
        }
        out[c] = one_chunk(values + spans[c].first, have, chunk, plain, packed, errors[c]);
      }
    } catch (...) {
      fail(std::current_exception());
    }
  };
  std::size_t helpers = 0;
#if defined(_OPENMP)
  if (threads && count > 1) helpers = std::min<std::size_t>(std::size_t(std::max(omp_get_max_threads(), 1)), count) - 1;
#endif
  std::vector<std::thread> beside;
  beside.reserve(helpers);
  for (std::size_t t = 0; t < helpers; ++t) {
    try {
      beside.emplace_back(work);
    } catch (const std::system_error&) {  // no thread to be had: the rest here
      break;
    } catch (...) {  // bad_alloc starting one: the started ones stop, are joined, and it is rethrown
      fail(std::current_exception());
      break;
    }
  }
  work();
  for (auto& t : beside) t.join();
  if (failed) std::rethrow_exception(failed);
  for (const auto& e : errors)
    if (!e.empty()) throw Error("internal: " + e);
  return out;
}

}  // namespace devolve::chunk_codec
