#include "solve/lu_solve.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace devolve::solve {

namespace {

// Eight doubles (GCC's and Clang's vector extensions): one AVX-512 register, two AVX2 registers or
// four SSE2 registers, whatever the build targets (DEVOLVE_NATIVE). Loads and stores unaligned.
using V = double __attribute__((vector_size(64)));
constexpr std::size_t kLanes = 8;
// (by reference: a vector argument or result wider than the target's registers changes the ABI,
// which GCC warns of where the build does not target AVX-512)
inline void load(V& v, const double* p) { std::memcpy(&v, p, sizeof v); }
inline void store(double* p, const V& v) { std::memcpy(p, &v, sizeof v); }

// The tile of the updates: kMv vectors of rows times kCols right-hand sides, kMv * kCols + kMv + 1
// of AVX-512's 32 registers. A tile's stretch of the panel (32 columns x 24 rows, about 8 KiB with
// the cache lines it straddles) and the panel's rows of the right-hand sides stay in the L1 cache
// while the tile's groups of columns use them in turn; the factor is prefetched two tiles ahead on
// the first group. Chosen by CPU time at n = 4830, k = 22 and n = 1260, k = 55 among panels of 16 to
// 128 columns and tiles of 2 x 8, 3 x 8, 4 x 6 and 6 x 4 (docs/performance.md). The bits do not
// depend on any of these.
constexpr std::size_t kPanel = 32;           // columns of the factor per panel
constexpr int kMv = 3;                       // vectors of rows per tile
constexpr std::size_t kTile = kMv * kLanes;  // rows per tile
constexpr int kCols = 8;                     // right-hand sides per tile, at most
constexpr std::size_t kAhead = 2 * kTile;    // prefetch distance [rows]

// x[i, c] -= f[i, p] x[p, c] for the kTile rows from i0 and the NC columns from x, over the factor's
// columns p0 <= p < p1, ascending (forward substitution) or descending (back substitution). Each
// element is one multiply-subtract for each column p, held in a register across them: its value does not
// depend on the tile's shape or which columns share it.
template <int NC, bool Descending, bool Prefetch>
void tile(const double* f, std::size_t ld, std::size_t i0, std::size_t p0, std::size_t p1, double* x) {
  V acc[kMv][NC];
#pragma GCC unroll 16
  for (int c = 0; c < NC; ++c)
#pragma GCC unroll 8
    for (int m = 0; m < kMv; ++m) load(acc[m][c], x + std::size_t(c) * ld + i0 + std::size_t(m) * kLanes);
  for (std::size_t q = p0; q < p1; ++q) {
    const std::size_t p = Descending ? p1 - 1 - (q - p0) : q;
    const double* col = f + p * ld + i0;
    if constexpr (Prefetch)  // the tiles go down the rows in both substitutions
      for (std::size_t r = 0; r < kTile; r += kLanes) __builtin_prefetch(col + kAhead + r);
    V l[kMv];
#pragma GCC unroll 8
    for (int m = 0; m < kMv; ++m) load(l[m], col + std::size_t(m) * kLanes);
#pragma GCC unroll 16
    for (int c = 0; c < NC; ++c) {
      const double s = x[std::size_t(c) * ld + p];
#pragma GCC unroll 8
      for (int m = 0; m < kMv; ++m) acc[m][c] -= l[m] * s;
    }
  }
#pragma GCC unroll 16
  for (int c = 0; c < NC; ++c)
#pragma GCC unroll 8
    for (int m = 0; m < kMv; ++m) store(x + std::size_t(c) * ld + i0 + std::size_t(m) * kLanes, acc[m][c]);
}

// The same for rows < kTile rows (the last tile of a panel), element by element.
template <bool Descending>
void tail(const double* f, std::size_t ld, std::size_t i0, std::size_t rows, std::size_t p0, std::size_t p1, double* x,
          std::size_t k) {
  for (std::size_t c = 0; c < k; ++c) {
    double* xc = x + c * ld;
    for (std::size_t q = p0; q < p1; ++q) {
      const std::size_t p = Descending ? p1 - 1 - (q - p0) : q;
      const double s = xc[p];
      const double* col = f + p * ld;
      for (std::size_t i = i0; i < i0 + rows; ++i) xc[i] -= col[i] * s;
    }
  }
}

template <bool Descending, int NC>
void tile_columns(const double* f, std::size_t ld, std::size_t i0, std::size_t p0, std::size_t p1, double* x,
                  std::size_t nc, bool prefetch) {
  if constexpr (NC > 1)
    if (std::size_t(NC) > nc) return tile_columns<Descending, NC - 1>(f, ld, i0, p0, p1, x, nc, prefetch);
  if (prefetch) tile<NC, Descending, true>(f, ld, i0, p0, p1, x);
  else tile<NC, Descending, false>(f, ld, i0, p0, p1, x);
}

// Rows [r0, r1) of all k columns updated with the factor's columns [p0, p1), in tiles of kTile rows.
template <bool Descending>
void update(const double* f, std::size_t n, std::size_t r0, std::size_t r1, std::size_t p0, std::size_t p1, double* x,
            std::size_t k) {
  if (r1 <= r0 || p1 <= p0) return;
  const std::size_t tiles = (r1 - r0 + kTile - 1) / kTile;
  for (std::size_t t = 0; t < tiles; ++t) {
    const std::size_t i0 = r0 + t * kTile;
    if (i0 + kTile > r1) {
      tail<Descending>(f, n, i0, r1 - i0, p0, p1, x, k);
      continue;
    }
    for (std::size_t c0 = 0; c0 < k; c0 += kCols)
      tile_columns<Descending, kCols>(f, n, i0, p0, p1, x + c0 * n, std::min<std::size_t>(kCols, k - c0), c0 == 0);
  }
}

// The k columns on the calling thread.
void solve_columns(const double* f, const int* ipiv, std::size_t n, double* x, std::size_t k) {
  for (std::size_t c = 0; c < k; ++c) {  // P' b: the interchanges in order (dlaswp)
    double* xc = x + c * n;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t p = std::size_t(ipiv[i] - 1);
      if (p != i) std::swap(xc[i], xc[p]);
    }
  }
  // L y = P' b (unit diagonal), panel by panel: the panel's own triangle column by column, then
  // the rows below it.
  for (std::size_t j0 = 0; j0 < n; j0 += kPanel) {
    const std::size_t j1 = std::min(n, j0 + kPanel);
    for (std::size_t c = 0; c < k; ++c) {
      double* xc = x + c * n;
      for (std::size_t p = j0; p < j1; ++p) {
        const double s = xc[p];
        const double* col = f + p * n;
        for (std::size_t i = p + 1; i < j1; ++i) xc[i] -= col[i] * s;
      }
    }
    update<false>(f, n, j1, n, j0, j1, x, k);
  }
  // U x = y, panels from the last: the panel's triangle (a division by the pivot as each element
  // is complete), then the rows above it.
  for (std::size_t j1 = n; j1 > 0;) {
    const std::size_t j0 = j1 > kPanel ? j1 - kPanel : 0;
    for (std::size_t c = 0; c < k; ++c) {
      double* xc = x + c * n;
      for (std::size_t p = j1; p-- > j0;) {
        xc[p] /= f[p + p * n];
        const double s = xc[p];
        const double* col = f + p * n;
        for (std::size_t i = j0; i < p; ++i) xc[i] -= col[i] * s;
      }
    }
    update<true>(f, n, 0, j0, j0, j1, x, k);
    j1 = j0;
  }
}

}  // namespace

// The columns are independent and each one's bits its own, so the threads take a contiguous share of
// the groups of kCols columns each and solve them with no barrier between them (the rows of a panel
// shared between threads would need two a panel, about 200 a solve at n = 4830, each a wait for a
// descheduled thread on a busy machine: docs/performance.md). A thread reads the whole factor, so
// there are no more threads than groups: fewer columns are a pass over memory more than arithmetic.
void lu_solve_columns(const double* f, const int* ipiv, std::size_t n, double* x, std::size_t k, int threads) {
  if (n == 0 || k == 0) return;
  const std::size_t groups = (k + kCols - 1) / kCols;
  const std::size_t parts = std::min<std::size_t>(std::size_t(std::max(threads, 1)), groups);
  if (parts <= 1) return solve_columns(f, ipiv, n, x, k);
  const long count = long(parts);
#pragma omp parallel for num_threads(int(parts)) schedule(static, 1)
  for (long t = 0; t < count; ++t) {
    const std::size_t part = std::size_t(t);
    const std::size_t c0 = part * groups / parts * kCols, c1 = std::min(k, (part + 1) * groups / parts * kCols);
    solve_columns(f, ipiv, n, x + c0 * n, c1 - c0);
  }
}

}  // namespace devolve::solve
