#include "base/chunk_codec.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#if defined(_OPENMP)
#include <omp.h>
#endif
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace devolve::chunk_codec {

namespace {

// Whether a byte plane of the shuffle is worth deflating: its bytes' entropy (from their histogram)
// below 7 bits a byte. The low planes of doubles with no zeros (the mantissa's low bytes) are near 8
// bits and deflate to 98-99 % of their size at 8 times the cost of storing them. A plane is judged
// by every (n / samples)-th byte, `samples` to twice as many of them (docs/performance.md, "The
// results writer, cheaper", then every 8th of planes above 16 KiB, and "Writing results: the chunk
// stream written here"): from 4,096 the entropy of a plane of uniformly random bytes comes out
// 0.05 bits low at most. The decision is only whether to try: deflate_plane stores a plane whose
// Huffman block would not be smaller, and either way the stream inflates to the same bytes.
constexpr std::size_t samples = 4096;

bool compressible(const unsigned char* plane, std::size_t n) {
  const std::size_t step = std::max<std::size_t>(1, n / samples);
  // Four histograms, summed after: a plane of one repeated byte (an exponent, a zero) otherwise
  // waits on each increment of the same counter before the next.
  std::uint32_t part[4][256] = {};
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

// Deflate's length codes (RFC 1951, section 3.2.5): code 257 + i stands for lengths
// length_base[i] .. length_base[i] + 2^length_extra[i] - 1 (258 has a code of its own, 285).
constexpr std::uint16_t length_base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                           31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::size_t lit_codes = 286, dist_codes = 30, len_codes = 19, max_match = 258;
// The order the code length code's lengths are sent in (RFC 1951, section 3.2.7)
constexpr std::uint8_t clen_order[len_codes] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

// The length code (0-based: 257 less) of every match length 3..258
struct LengthTable {
  std::uint8_t code[max_match + 1] = {};
  constexpr LengthTable() {
    for (std::size_t l = 3, i = 0; l <= max_match; ++l) {
      while (i + 1 < 29 && length_base[i + 1] <= l) ++i;
      code[l] = std::uint8_t(i);
    }
  }
};
constexpr LengthTable length_table;

// Code lengths, at most `limit` bits, of a Huffman code for the frequencies of n symbols; as zlib,
// at least two symbols get a code (a lone one, or none, gets partners of the lowest numbers).
// Huffman's tree by two queues over the used symbols in order of frequency, then its depths
// capped at `limit` as miniz does (the deepest codes moved up until the code is complete again),
// then handed out again in order of frequency, the rarest the longest.
void huffman_lengths(const std::uint32_t* freq, std::size_t n, unsigned limit, std::uint8_t* len) {
  std::uint16_t sym[lit_codes];
  std::uint64_t weight[2 * lit_codes];
  std::uint16_t parent[2 * lit_codes];
  std::size_t m = 0;
  for (std::size_t s = 0; s < n; ++s) {
    len[s] = 0;
    if (freq[s]) sym[m++] = std::uint16_t(s);
  }
  for (std::size_t s = 0; m < 2 && s < n; ++s)
    if (!freq[s]) sym[m++] = std::uint16_t(s);
  const auto f = [&](std::uint16_t s) { return std::max<std::uint64_t>(freq[s], 1); };
  std::sort(sym, sym + m, [&](std::uint16_t a, std::uint16_t b) { return f(a) != f(b) ? f(a) < f(b) : a < b; });
  for (std::size_t i = 0; i < m; ++i) weight[i] = f(sym[i]);
  std::size_t leaf = 0, inner = m, next = m;
  const auto take = [&]() {
    if (leaf < m && (inner == next || weight[leaf] <= weight[inner])) return leaf++;
    return inner++;
  };
  for (; next < 2 * m - 1; ++next) {
    const std::size_t a = take(), b = take();
    weight[next] = weight[a] + weight[b];
    parent[a] = parent[b] = std::uint16_t(next);
  }
  // depths, in weight's place: the root's is 0, each node's its parent's plus one
  unsigned count[64] = {};
  weight[2 * m - 2] = 0;
  for (std::size_t i = 2 * m - 2; i-- > 0;) {
    weight[i] = weight[parent[i]] + 1;
    if (i < m) ++count[std::min<std::uint64_t>(weight[i], 63)];
  }
  for (std::size_t d = limit + 1; d < 64; ++d) count[limit] += count[d], count[d] = 0;
  std::uint64_t kraft = 0;  // in units of 2^-limit
  for (unsigned d = 1; d <= limit; ++d) kraft += std::uint64_t(count[d]) << (limit - d);
  for (; kraft > (std::uint64_t(1) << limit); --kraft) {
    --count[limit];
    for (unsigned d = limit - 1; d > 0; --d)
      if (count[d]) {
        --count[d];
        count[d + 1] += 2;
        break;
      }
  }
  std::size_t i = 0;
  for (unsigned d = limit; d > 0; --d)
    for (unsigned k = 0; k < count[d]; ++k) len[sym[i++]] = std::uint8_t(d);
}

// The canonical Huffman codes of these lengths (RFC 1951, section 3.2.2), bit-reversed: deflate
// sends a code's first bit first, and the bit writer sends the least significant bit first.
void huffman_codes(const std::uint8_t* len, std::size_t n, std::uint16_t* code) {
  unsigned count[16] = {}, next[16] = {};
  for (std::size_t s = 0; s < n; ++s) ++count[len[s]];
  count[0] = 0;
  for (unsigned b = 1, c = 0; b < 16; ++b) next[b] = c = (c + count[b - 1]) << 1;
  for (std::size_t s = 0; s < n; ++s) {
    unsigned c = len[s] ? next[len[s]]++ : 0, r = 0;
    for (unsigned b = 0; b < len[s]; ++b, c >>= 1) r = (r << 1) | (c & 1);
    code[s] = std::uint16_t(r);
  }
}

// The index of the first byte, in memory order, of a word loaded with memcpy that is not zero.
inline std::size_t first_set_byte(std::uint64_t word) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return std::size_t(__builtin_clzll(word)) / 8;
#else
  return std::size_t(__builtin_ctzll(word)) / 8;
#endif
}

// Stores the 8 bytes of `bits` at p, the least significant first.
inline void store_le(unsigned char* p, std::uint64_t bits) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  std::memcpy(p, &bits, 8);
#else
  for (unsigned b = 0; b < 8; ++b) p[b] = (unsigned char)(bits >> (8 * b));
#endif
}

// Deflate's bits, least significant first, into a buffer the caller has sized with 8 bytes to
// spare: put() stores the 8 bytes at `at` whatever their number, then moves past the whole ones,
// without a branch (fewer than 8 bits pending between calls). A loop of many puts copies the state
// into locals (deflate_plane): the stores through `out` could otherwise alias it.
struct BitWriter {
  unsigned char* out;
  std::size_t at = 0;
  std::uint64_t bits = 0;
  unsigned count = 0;
  void put(std::uint32_t value, unsigned n) {  // n <= 32, value < 2^n
    bits |= std::uint64_t(value) << count;
    count += n;
    store_le(out + at, bits);
    const unsigned whole = count >> 3;
    at += whole;
    bits >>= 8 * whole;
    count &= 7;
  }
  void align() {  // to the next byte
    if (count) out[at++] = (unsigned char)bits;
    bits = 0;
    count = 0;
  }
};

// One plane as deflate blocks: either a dynamic Huffman block of its bytes as literals and runs
// (matches at distance 1, as zlib's Z_RLE strategy makes them, taken greedily: a byte equal to the
// one before and the two after it starts a match as long as the run, up to 258), or, when that
// would not be smaller, stored blocks (RFC 1951, sections 3.2.4-3.2.7). `p` is the plane, n bytes,
// and p[-1] the byte before it in the stream when `first` is false. `tokens` holds n entries.
void deflate_plane(const unsigned char* p, std::size_t n, bool first, bool final, bool try_huffman, std::uint16_t* tokens,
                   BitWriter& w) {
  constexpr std::size_t most = 65535;  // a stored block's bytes
  const std::uint64_t stored_bits = 8 * (n + 5 * ((n + most - 1) / most)) + 8;
  if (try_huffman && n > 0) {
    std::uint32_t lit_freq[lit_codes] = {}, dist_freq[dist_codes] = {};
    std::size_t t = 0;
    std::size_t i = 0;
    if (first) {  // no byte before the plane: its first is a literal
      tokens[t++] = p[0];
      ++lit_freq[p[i++]];
    }
    while (i < n) {
      const unsigned char before = p[std::ptrdiff_t(i) - 1];  // p[-1] when i is 0 (not `first`): signed, no wrap
      if (p[i] == before) {
        const std::size_t cap = std::min(max_match, n - i);
        const std::uint64_t pattern = std::uint64_t(before) * 0x0101010101010101ull;
        std::size_t run = 0;
        while (run + 8 <= cap) {
          std::uint64_t word;
          std::memcpy(&word, p + i + run, 8);
          const std::uint64_t differ = word ^ pattern;
          if (differ) {
            run += first_set_byte(differ);
            goto counted;
          }
          run += 8;
        }
        while (run < cap && p[i + run] == before) ++run;
      counted:
        if (run >= 3) {
          tokens[t++] = std::uint16_t(256 + run - 3);
          ++lit_freq[257 + length_table.code[run]];
          i += run;
          continue;
        }
      }
      tokens[t++] = p[i];
      ++lit_freq[p[i++]];
    }
    ++lit_freq[256];  // the end of the block
    for (std::size_t k = 257; k < lit_codes; ++k) dist_freq[0] += lit_freq[k];  // distance 1, once a match
    std::uint8_t lit_len[lit_codes], dist_len[dist_codes];
    std::uint16_t lit_code[lit_codes], dist_code[dist_codes];
    huffman_lengths(lit_freq, lit_codes, 15, lit_len);
    huffman_lengths(dist_freq, dist_codes, 15, dist_len);
    std::size_t hlit = lit_codes, hdist = dist_codes;
    while (hlit > 257 && !lit_len[hlit - 1]) --hlit;
    while (hdist > 1 && !dist_len[hdist - 1]) --hdist;
    // The code lengths, lit then dist as one sequence, run-length coded (16: the previous length
    // 3-6 times; 17: zeros 3-10 times; 18: zeros 11-138 times)
    std::uint8_t lens[lit_codes + dist_codes], clen_sym[lit_codes + dist_codes], clen_extra[lit_codes + dist_codes];
    std::copy(lit_len, lit_len + hlit, lens);
    std::copy(dist_len, dist_len + hdist, lens + hlit);
    const std::size_t total = hlit + hdist;
    std::size_t c = 0;
    std::uint32_t clen_freq[len_codes] = {};
    const auto emit = [&](unsigned s, unsigned extra) {
      clen_sym[c] = std::uint8_t(s), clen_extra[c++] = std::uint8_t(extra);
      ++clen_freq[s];
    };
    for (std::size_t q = 0; q < total;) {
      const std::uint8_t v = lens[q];
      std::size_t run = 1;
      while (q + run < total && lens[q + run] == v) ++run;
      q += run;
      if (v == 0) {
        for (; run >= 11; run -= std::min<std::size_t>(run, 138)) emit(18, unsigned(std::min<std::size_t>(run, 138) - 11));
        if (run >= 3) emit(17, unsigned(run - 3)), run = 0;
      } else {
        emit(v, 0), --run;
        for (; run >= 3; run -= std::min<std::size_t>(run, 6)) emit(16, unsigned(std::min<std::size_t>(run, 6) - 3));
      }
      for (; run > 0; --run) emit(v, 0);
    }
    std::uint8_t clen_len[len_codes];
    std::uint16_t clen_code[len_codes];
    huffman_lengths(clen_freq, len_codes, 7, clen_len);
    std::size_t hclen = len_codes;
    while (hclen > 4 && !clen_len[clen_order[hclen - 1]]) --hclen;
    // The block's size in bits, to compare with storing the plane
    constexpr unsigned clen_extra_bits[len_codes] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7};
    std::uint64_t size = 3 + 5 + 5 + 4 + 3 * hclen;
    for (std::size_t s = 0; s < len_codes; ++s) size += std::uint64_t(clen_freq[s]) * (clen_len[s] + clen_extra_bits[s]);
    for (std::size_t s = 0; s < 257; ++s) size += std::uint64_t(lit_freq[s]) * lit_len[s];
    for (std::size_t k = 0; k < 29; ++k) size += std::uint64_t(lit_freq[257 + k]) * (lit_len[257 + k] + length_extra[k]);
    size += std::uint64_t(dist_freq[0]) * dist_len[0];
    if (size < stored_bits) {
      huffman_codes(lit_len, lit_codes, lit_code);
      huffman_codes(dist_len, dist_codes, dist_code);
      huffman_codes(clen_len, len_codes, clen_code);
      w.put(final ? 5 : 4, 3);  // BFINAL, BTYPE 10 (dynamic Huffman codes)
      w.put(unsigned(hlit - 257), 5);
      w.put(unsigned(hdist - 1), 5);
      w.put(unsigned(hclen - 4), 4);
      for (std::size_t k = 0; k < hclen; ++k) w.put(clen_len[clen_order[k]], 3);
      for (std::size_t k = 0; k < c; ++k) {
        w.put(clen_code[clen_sym[k]], clen_len[clen_sym[k]]);
        if (clen_sym[k] >= 16) w.put(clen_extra[k], clen_extra_bits[clen_sym[k]]);
      }
      // Each token's bits: a literal's code; a match's length code, its extra bits and distance 1's
      // code, at most 15 + 5 + 1 bits (distance 1 is the one distance used, so its code and its
      // partner's are 1 bit long)
      std::uint32_t token_bits[256 + max_match - 2];
      std::uint8_t token_count[256 + max_match - 2];
      for (std::size_t b = 0; b < 256; ++b) token_bits[b] = lit_code[b], token_count[b] = lit_len[b];
      for (std::size_t l = 3; l <= max_match; ++l) {
        const unsigned k = length_table.code[l], length_bits = lit_len[257 + k] + length_extra[k];
        token_bits[253 + l] =
            lit_code[257 + k] | std::uint32_t(l - length_base[k]) << lit_len[257 + k] | std::uint32_t(dist_code[0]) << length_bits;
        token_count[253 + l] = std::uint8_t(length_bits + dist_len[0]);
      }
      unsigned char* const out = w.out;
      std::size_t at = w.at;
      std::uint64_t bits = w.bits;
      unsigned count = w.count;
      for (std::size_t k = 0; k < t; ++k) {  // as w.put
        bits |= std::uint64_t(token_bits[tokens[k]]) << count;
        count += token_count[tokens[k]];
        store_le(out + at, bits);
        at += count >> 3;
        bits >>= 8 * (count >> 3);
        count &= 7;
      }
      w.at = at, w.bits = bits, w.count = count;
      w.put(lit_code[256], lit_len[256]);
      return;
    }
  }
  std::size_t at = 0;
  do {
    const std::size_t k = std::min(most, n - at);
    w.put(final && at + k == n ? 1 : 0, 3);  // BFINAL, BTYPE 00 (stored)
    w.align();
    const unsigned char head[4] = {(unsigned char)(k & 0xff), (unsigned char)(k >> 8), (unsigned char)(~k & 0xff),
                                   (unsigned char)((~k >> 8) & 0xff)};
    std::memcpy(w.out + w.at, head, 4);
    std::memcpy(w.out + w.at + 4, p + at, k);
    w.at += 4 + k;
    at += k;
  } while (at < n);
}

// The calling thread's buffers for one_chunk, kept between its chunks: grown when a chunk needs
// more, never zeroed (every byte used is written first; zeroing them was a tenth of the codec's time).
struct Scratch {
  std::unique_ptr<unsigned char[]> plain, out;
  std::unique_ptr<std::uint16_t[]> tokens;
  std::size_t plain_size = 0, out_size = 0, tokens_size = 0;
  template <class T>
  static T* room(std::unique_ptr<T[]>& buffer, std::size_t& size, std::size_t n) {
    if (size < n) {
      buffer.reset();
      size = 0;  // if new throws, nothing is left to use
      buffer.reset(new T[n]);
      size = n;
    }
    return buffer.get();
  }
};

// One chunk: HDF5's shuffle (H5Zshuffle.c: byte j of element i goes to j * n + i), then one zlib
// stream (RFC 1950) over the eight byte planes, written here: zlib's header for level 1 (78 01),
// each plane a deflate block of its own (deflate_plane: a dynamic Huffman block of literals and
// runs, the runs of equal exponent and sign bytes and of zero bytes that the shuffle makes, as
// zlib's run-length strategy Z_RLE finds them; or stored), then the Adler-32 of the chunk's bytes.
// A plane whose bytes' entropy is near 8 bits (compressible) is stored without trying. zlib's
// deflate with Z_RLE was about 3 times as fast as level 4's default strategy and no larger on the
// results of a LAD run (docs/performance.md, "The LAD run without procurement"); this is faster
// again, the same runs coded with one Huffman code a plane (docs/performance.md, "Writing
// results: the chunk stream written here").
// The result is the first bytes of the scratch's `out`, copied out at their size.
std::vector<unsigned char> one_chunk(const double* src, std::size_t have, std::size_t chunk, Scratch& scratch) {
  constexpr std::size_t width = sizeof(double);
  const std::size_t bytes = chunk * width;
  unsigned char* plain = Scratch::room(scratch.plain, scratch.plain_size, bytes);
  shuffle(reinterpret_cast<const unsigned char*>(src), have, chunk, plain);
  for (std::size_t j = 0; j < width; ++j)  // the padding of a last, partial chunk
    std::fill(plain + j * chunk + have, plain + (j + 1) * chunk, 0);
  std::uint16_t* tokens = Scratch::room(scratch.tokens, scratch.tokens_size, chunk);
  // at most every plane stored: 5 bytes a block of 65,535, and a byte of alignment
  unsigned char* out = Scratch::room(scratch.out, scratch.out_size, bytes + width * (5 * (chunk / 65535 + 1) + 1) + 16);
  BitWriter w{out};
  w.put(0x0178, 16);  // 78 01: deflate, a 32 KiB window, the fastest level's flag, the check bits
  for (std::size_t j = 0; j < width; ++j) {
    const unsigned char* plane = plain + j * chunk;
    deflate_plane(plane, chunk, j == 0, j + 1 == width, compressible(plane, chunk), tokens, w);
  }
  w.align();
  const std::uint32_t check = adler32(1, plain, bytes);
  for (int s = 24; s >= 0; s -= 8) out[w.at++] = (unsigned char)(check >> s);
  return std::vector<unsigned char>(out, out + w.at);
}

}  // namespace

std::vector<std::vector<unsigned char>> shuffle_deflate(const double* values, const std::vector<Span>& spans,
                                                        std::size_t chunk, bool threads) {
  const std::size_t count = spans.size();
  std::vector<std::vector<unsigned char>> out(count);
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
      Scratch scratch;
      out[c] = one_chunk(values + spans[c].first, have, chunk, scratch);
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
  // A thread compresses chunk c, then the next one left, and so on; the calling thread's first is
  // chunk 0, taken before any helper starts, so that it always compresses one while they run (its
  // exception reaching the caller once they are joined: tests/unit/chunk_codec_throw.cpp; with the
  // chunks 3 times as fast, helpers took all 64 of that test's chunks before the calling thread
  // started, once in a loaded ctest run).
  const auto work = [&](std::size_t c) noexcept {
    try {
      Scratch scratch;
      for (; c < count; c = next.fetch_add(1)) {
        const std::size_t have = std::min(spans[c].count, chunk);
        if (zero[c]) {
          for (const auto& [h, first] : zero_first)
            if (h == have && first != c) out[c] = out[first];
          continue;
        }
        out[c] = one_chunk(values + spans[c].first, have, chunk, scratch);
      }
    } catch (...) {
      fail(std::current_exception());
    }
  };
  std::size_t helpers = 0;
#if defined(_OPENMP)
  if (threads && count > 1) helpers = std::min<std::size_t>(std::size_t(std::max(omp_get_max_threads(), 1)), count) - 1;
#endif
  const std::size_t mine = next.fetch_add(1);
  std::vector<std::thread> beside;
  beside.reserve(helpers);
  for (std::size_t t = 0; t < helpers; ++t) {
    try {
      beside.emplace_back([&] { work(next.fetch_add(1)); });
    } catch (const std::system_error&) {  // no thread to be had: the rest here
      break;
    } catch (...) {  // bad_alloc starting one: the started ones stop, are joined, and it is rethrown
      fail(std::current_exception());
      break;
    }
  }
  work(mine);
  for (auto& t : beside) t.join();
  if (failed) std::rethrow_exception(failed);
  return out;
}

}  // namespace devolve::chunk_codec
