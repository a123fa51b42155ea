#include "base/chunk_codec.hpp"

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
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

// The Adler-32 checksum of a zlib stream (RFC 1950, section 8.2) of `n` bytes, continuing from
// `adler`: the value of zlib's adler32(). zlib 1.2.13's is scalar, a sixth of a chunk's
// compression; here 64 byte lanes at a time, which GCC vectorises. Per block of `groups` groups of
// 64 bytes, lane k sums its bytes (s1) and, before each group, adds s1 to s2, so that the block's
// sum of (bytes after a byte, plus one) times the byte is 64 * sum(s2) + sum((64 - k) * s1[k]).
std::uint32_t adler32(std::uint32_t adler, const unsigned char* p, std::size_t n) {
  constexpr std::uint64_t base = 65521;
  constexpr std::size_t lanes = 64, block_groups = 1024;  // s2 < 255 * 1024^2 / 2: no 32-bit overflow
  std::uint64_t a = adler & 0xffff, b = adler >> 16;
  while (n >= lanes) {
    const std::size_t groups = std::min(n / lanes, block_groups);
    std::uint32_t s1[lanes] = {}, s2[lanes] = {};
    for (std::size_t g = 0; g < groups; ++g, p += lanes)
      for (std::size_t k = 0; k < lanes; ++k) {
        s2[k] += s1[k];
        s1[k] += p[k];
      }
    std::uint64_t sum1 = 0, sum2 = 0;
    for (std::size_t k = 0; k < lanes; ++k) {
      sum1 += s1[k];
      sum2 += lanes * std::uint64_t(s2[k]) + (lanes - k) * std::uint64_t(s1[k]);
    }
    const std::size_t bytes = groups * lanes;
    b = (b + bytes * a + sum2) % base;
    a = (a + sum1) % base;
    n -= bytes;
  }
  for (; n; --n, ++p) {
    a += *p;
    b += a;
  }
  return std::uint32_t((b % base) << 16 | (a % base));
}

// One chunk: HDF5's shuffle (H5Zshuffle.c: byte j of element i goes to j * n + i), then one zlib
// stream over the eight byte planes, each plane either deflated with the run-length strategy (Z_RLE:
// matches only at distance 1, the runs of equal exponent and sign bytes and of zero bytes that the
// shuffle makes) or stored. On the results of a LAD run this is about 3 times as fast as level 4's
// default strategy and no larger (docs/performance.md, "The LAD run without procurement").
// The stream is assembled here (RFC 1950, 1951): zlib's header for level 1 (78 01); each run of
// deflated planes a raw deflate stream (zlib, no checksum), restarted for the run (deflateReset: a
// match never reaches back past it) and ended by a sync flush, whose empty stored block's length
// (00 00 ff ff) is dropped so that its header starts the stored planes that follow; each run of
// stored planes written here as stored blocks of up to 65,535 bytes, the last one final; then the
// Adler-32 of the chunk's bytes. zlib's own stored level (0) read every stored byte twice more
// (its checksum, its window) besides copying it (docs/performance.md, "Writing results: the
// chunk stream assembled").
// z is the calling thread's raw deflate stream, plain and packed its buffers, kept between chunks;
// the result is packed's first bytes, copied out at their size.
std::vector<unsigned char> one_chunk(const double* src, std::size_t have, std::size_t chunk, z_stream& z,
                                     std::vector<unsigned char>& plain, std::vector<unsigned char>& out, std::string& error) {
  constexpr std::size_t width = sizeof(double), most = 65535;  // a stored block's bytes
  const std::size_t bytes = chunk * width;
  plain.resize(bytes);
  const auto* in = reinterpret_cast<const unsigned char*>(src);
  shuffle(in, have, chunk, plain.data());
  for (std::size_t j = 0; j < width; ++j)  // the padding of a last, partial chunk
    std::fill(plain.begin() + std::ptrdiff_t(j * chunk + have), plain.begin() + std::ptrdiff_t((j + 1) * chunk), 0);
  bool want[width];
  for (std::size_t j = 0; j < width; ++j) want[j] = compressible(plain.data() + j * chunk, chunk);
  // A stored block adds 5 bytes in 65,535; a deflated run at most as much, and its flush 6 (zlib's
  // deflateBound)
  out.resize(bytes + bytes / 64 + 64 * width + 16);
  std::size_t size = 0;
  out[size++] = 0x78;  // deflate, a 32 KiB window
  out[size++] = 0x01;  // the fastest level's flag, and the header's check bits
  bool header_written = false;  // whether the stored run that follows already has its block header
  for (std::size_t j = 0; j < width;) {
    std::size_t k = j + 1;  // [j, k): a run of planes alike
    while (k < width && want[k] == want[j]) ++k;
    const bool last = k == width;
    const std::size_t run = (k - j) * chunk;
    unsigned char* from = plain.data() + j * chunk;
    if (want[j]) {
      if (deflateReset(&z) != Z_OK) return error = "zlib could not start", std::vector<unsigned char>{};
      z.next_in = from;
      z.avail_in = uInt(run);
      z.next_out = out.data() + size;
      z.avail_out = uInt(out.size() - size);
      const int rc = deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH);
      if (rc != (last ? Z_STREAM_END : Z_OK) || z.avail_in != 0)
        return error = "zlib could not compress a chunk", std::vector<unsigned char>{};
      size = out.size() - z.avail_out;
      if (!last) {  // the flush's empty stored block: its header kept, its length dropped
        static const unsigned char empty[4] = {0x00, 0x00, 0xff, 0xff};
        if (size < 4 || std::memcmp(out.data() + size - 4, empty, 4) != 0)
          return error = "zlib ended a flush unexpectedly", std::vector<unsigned char>{};
        size -= 4;
        header_written = true;
      }
    } else {
      std::size_t at = 0;
      do {
        const std::size_t n = std::min(most, run - at);
        const bool final = last && at + n == run;
        if (!header_written) out[size++] = final ? 0x01 : 0x00;  // BFINAL, BTYPE 00 (stored), padding
        header_written = false;
        out[size++] = (unsigned char)(n & 0xff);
        out[size++] = (unsigned char)(n >> 8);
        out[size++] = (unsigned char)(~n & 0xff);
        out[size++] = (unsigned char)((~n >> 8) & 0xff);
        std::memcpy(out.data() + size, from + at, n);
        size += n;
        at += n;
      } while (at < run);
    }
    j = k;
  }
  const std::uint32_t check = adler32(1, plain.data(), bytes);
  for (int s = 24; s >= 0; s -= 8) out[size++] = (unsigned char)(check >> s);
  return std::vector<unsigned char>(out.begin(), out.begin() + std::ptrdiff_t(size));
}

// The calling thread's raw deflate stream for one_chunk (level, Z_RLE), ended when it goes.
struct Deflater {
  z_stream z{};
  bool ok = deflateInit2(&z, int(level), Z_DEFLATED, -15, 8, Z_RLE) == Z_OK;
  Deflater() = default;
  Deflater(const Deflater&) = delete;
  ~Deflater() {
    if (ok) deflateEnd(&z);
  }
};

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
      Deflater d;
      std::vector<unsigned char> plain, packed;
      out[c] = d.ok ? one_chunk(values + spans[c].first, have, chunk, d.z, plain, packed, errors[c]) : std::vector<unsigned char>{};
      if (!d.ok) errors[c] = "zlib could not start";
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
      Deflater d;
      std::vector<unsigned char> plain, packed;
      for (std::size_t c; (c = next.fetch_add(1)) < count;) {
        const std::size_t have = std::min(spans[c].count, chunk);
        if (zero[c]) {
          for (const auto& [h, first] : zero_first)
            if (h == have && first != c) out[c] = out[first], errors[c] = errors[first];
          continue;
        }
        if (!d.ok) errors[c] = "zlib could not start";
        else out[c] = one_chunk(values + spans[c].first, have, chunk, d.z, plain, packed, errors[c]);
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
