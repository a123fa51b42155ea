#include "solve/block_product.hpp"

#if defined(__AVX512F__)
#include <immintrin.h>

#include <algorithm>
#include <vector>
#endif

namespace devolve::linalg {

#if defined(__AVX512F__)

namespace {

// Rows i0 .. i0 + rows (rows <= 16, two registers of 8) of C's columns c0 .. c0 + NR: a is A + i0,
// bp is the packed B + c0 (B(l, c0 + c) at bp[l * kp + c]), c is C + i0 + c0 ldc. A's columns are
// read where they lie (no packed copy of A: a block of order 105 stays in the core's cache while
// its row tiles are done).
// Written out register by register (REG(j) for j < 12): with arrays of accumulators, GCC 12 keeps
// them on the stack and stores every one at every step of the depth loop.
#define DEVOLVE_REGS(REG) REG(0) REG(1) REG(2) REG(3) REG(4) REG(5) REG(6) REG(7) REG(8) REG(9) REG(10) REG(11)
template <int NR>
void tile(const double* a, std::size_t m, const double* bp, std::size_t kp, double* c, std::size_t ldc, std::size_t rows,
          bool add, const char* ahead, std::size_t lines) {
  const __mmask8 m0 = rows >= 8 ? __mmask8(0xFF) : __mmask8((1u << rows) - 1);
  const __mmask8 m1 = rows >= 16 ? __mmask8(0xFF) : rows > 8 ? __mmask8((1u << (rows - 8)) - 1) : __mmask8(0);
#define DEVOLVE_DECLARE(j) __m512d p##j = _mm512_setzero_pd(), q##j = _mm512_setzero_pd();
  DEVOLVE_REGS(DEVOLVE_DECLARE)
#undef DEVOLVE_DECLARE
  const std::size_t per = (lines + m - 1) / m;  // lines of the next block fetched a step
  for (std::size_t l = 0; l < m; ++l) {
    const __m512d a0 = _mm512_maskz_loadu_pd(m0, a + l * m), a1 = _mm512_maskz_loadu_pd(m1, a + l * m + 8);
    const double* bl = bp + l * kp;
    for (std::size_t q = l * per, e = std::min(q + per, lines); q < e; ++q) _mm_prefetch(ahead + q * 64, _MM_HINT_T1);
#define DEVOLVE_STEP(j)                             \
  if constexpr (j < NR) {                           \
    const __m512d bb = _mm512_set1_pd(bl[j]);       \
    p##j = _mm512_fmadd_pd(a0, bb, p##j);           \
    q##j = _mm512_fmadd_pd(a1, bb, q##j);           \
  }
    DEVOLVE_REGS(DEVOLVE_STEP)
#undef DEVOLVE_STEP
  }
#define DEVOLVE_STORE(j)                                                     \
  if constexpr (j < NR) {                                                    \
    double* cj = c + std::size_t(j) * ldc;                                   \
    if (add) {                                                               \
      p##j = _mm512_add_pd(_mm512_maskz_loadu_pd(m0, cj), p##j);             \
      q##j = _mm512_add_pd(_mm512_maskz_loadu_pd(m1, cj + 8), q##j);         \
    }                                                                        \
    _mm512_mask_storeu_pd(cj, m0, p##j);                                     \
    _mm512_mask_storeu_pd(cj + 8, m1, q##j);                                 \
  }
  DEVOLVE_REGS(DEVOLVE_STORE)
#undef DEVOLVE_STORE
}
#undef DEVOLVE_REGS

using Tile = void (*)(const double*, std::size_t, const double*, std::size_t, double*, std::size_t, std::size_t, bool,
                      const char*, std::size_t);
constexpr int widest = 12;  // columns of a tile: 2 x 12 accumulators, A's two registers and a broadcast
constexpr Tile tiles[widest] = {tile<1>, tile<2>, tile<3>, tile<4>,  tile<5>,  tile<6>,
                                tile<7>, tile<8>, tile<9>, tile<10>, tile<11>, tile<12>};

}  // namespace

bool block_product(const double* a, std::size_t m, const double* b, std::size_t ldb, double* c, std::size_t ldc,
                   std::size_t k, bool add, const double* next) {
  if (m == 0 || k == 0) return true;
  // B row by row (B(l, j) at bp[l k + j]), so that a tile's broadcasts of row l are adjacent.
  thread_local std::vector<double> packed;
  packed.resize(m * k);
  double* bp = packed.data();
  for (std::size_t j = 0; j < k; ++j)
    for (std::size_t l = 0; l < m; ++l) bp[l * k + j] = b[l + j * ldb];
  // Columns in nearly equal tiles of at most `widest` (22 columns: two of 11).
  const std::size_t count = (k + widest - 1) / widest, base = k / count, more = k % count;
  // The next block (`next`, m x m) is fetched into the cache while this one is multiplied, a line
  // per step of the depth loop: the blocks come from memory, and A's reads along a row tile's
  // columns (m apart) are a pattern the hardware prefetcher follows poorly.
  // Tile number q of the `calls` fetches lines [q lines / calls, (q + 1) lines / calls).
  const char* ahead = reinterpret_cast<const char*>(next);
  const std::size_t lines = next ? (m * m * sizeof(double) + 63) / 64 : 0, calls = (m + 15) / 16 * count;
  std::size_t q = 0;
  for (std::size_t i0 = 0; i0 < m; i0 += 16) {
    const std::size_t rows = std::min<std::size_t>(16, m - i0);
    for (std::size_t t = 0, c0 = 0; t < count; ++t, ++q) {
      const std::size_t w = base + (t < more ? 1 : 0), from = q * lines / calls, to = (q + 1) * lines / calls;
      tiles[w - 1](a + i0, m, bp + c0, k, c + i0 + c0 * ldc, ldc, rows, add, ahead + from * 64, to - from);
      c0 += w;
    }
  }
  return true;
}

#else

bool block_product(const double*, std::size_t, const double*, std::size_t, double*, std::size_t, std::size_t, bool,
                   const double*) {
  return false;
}

#endif

}  // namespace devolve::linalg
