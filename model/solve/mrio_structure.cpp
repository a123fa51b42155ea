#include "devolve/mrio_structure.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include "devolve/error.hpp"
#include "devolve/household_closure.hpp"
#include "solve/block_product.hpp"
#include "solve/linalg.hpp"

namespace devolve {

namespace {

using Eigen::Index;
using Strided = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;
using StridedM = Eigen::Map<Eigen::MatrixXd, 0, Eigen::OuterStride<>>;

// Block b of a vector of equal square blocks of order m, column-major.
linalg::MapC block(const std::vector<double>& v, std::size_t b, std::size_t m) {
  return linalg::MapC(v.data() + b * m * m, Index(m), Index(m));
}

}  // namespace

struct ProductBuffers {
  Eigen::MatrixXd by_industry, traded, mx, w, out;
};

std::shared_ptr<ProductBuffers> product_buffers() { return std::make_shared<ProductBuffers>(); }

bool parallel_worthwhile(const MrioStructure& a, std::size_t k) {
  return !omp_in_parallel() && double(a.regions) * double(a.industries) * double(a.industries) * double(k) > 2e7;
}

bool factor_coefficients(const Model& m, MrioStructure& out, double tolerance) {
  const std::size_t R = m.num_regions(), S = m.num_industries(), n = R * S;
  out = MrioStructure{R, S, std::vector<double>(R * S * S, 0.0), std::vector<double>(R * S * S, 0.0),
                      std::vector<double>(S * R * R, 0.0)};
  auto a = [&](std::size_t row, std::size_t col) { return m.output[col] > 0 ? m.z(row, col) / m.output[col] : 0.0; };
  for (std::size_t s = 0; s < R; ++s) {
    double* d = out.own.data() + s * S * S;
    double* mb = out.bought.data() + s * S * S;
    std::vector<double> total(S, 0.0);  // sum_j M_s(i, j)
    for (std::size_t j = 0; j < S; ++j)
      for (std::size_t u = 0; u < R; ++u)
        for (std::size_t i = 0; i < S; ++i) {
          const double v = a(u * S + i, s * S + j);
          if (u == s) d[i + j * S] = v;
          else {
            mb[i + j * S] += v;
            out.trade[i * R * R + u + s * R] += v;
            total[i] += v;
          }
        }
    for (std::size_t i = 0; i < S; ++i)
      for (std::size_t u = 0; u < R; ++u) out.trade[i * R * R + u + s * R] = total[i] > 0 ? out.trade[i * R * R + u + s * R] / total[i] : 0.0;
  }
  // Every entry must be reproduced by its factors.
  for (std::size_t col = 0; col < n; ++col) {
    const std::size_t s = col / S, j = col % S;
    for (std::size_t row = 0; row < n; ++row) {
      const std::size_t u = row / S, i = row % S;
      if (u == s) continue;
      const double v = a(row, col), f = out.trade[i * R * R + u + s * R] * out.bought[s * S * S + i + j * S];
      if (std::abs(v - f) > tolerance * std::max(std::abs(v), std::abs(f))) {
        out = MrioStructure{};
        return false;
      }
    }
  }
  return true;
}

namespace {

// traded_i = T_i v_i (or T_i' v_i) for every industry i, v and traded n x k industry-major (row i R + u).
// On the kernel form: for all industries that fit at once, traded = a_i o K (b_i o v_i) (transposed:
// b_i o K' (a_i o v_i)), one R x R by R x (S k) product; each column (c, i) of the R x (S k) view is
// industry i of column c.
void trade_step(const MrioStructure& a, const TradeKernel* tk, const Eigen::MatrixXd& v, Eigen::MatrixXd& traded,
                bool transposed, bool threads, Eigen::MatrixXd& w) {
  const std::size_t R = a.regions, S = a.industries, k = std::size_t(v.cols());
  const bool kernel = tk && !tk->kernel.empty();
  if (kernel) {
    const linalg::MapC vv(v.data(), Index(R), Index(S * k));
    linalg::MapM out(traded.data(), Index(R), Index(S * k));
    const linalg::MapC inner(transposed ? tk->row.data() : tk->column.data(), Index(R), Index(S));
    const linalg::MapC outer(transposed ? tk->column.data() : tk->row.data(), Index(R), Index(S));
    w.resize(static_cast<Index>(R), static_cast<Index>(S * k));
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t i = 0; i < S; ++i) w.col(Index(c * S + i)) = vv.col(Index(c * S + i)).cwiseProduct(inner.col(Index(i)));
    const linalg::MapC kv(tk->kernel.data(), Index(R), Index(R));
    linalg::product_cut_as_threaded(kv, w, out, transposed);
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t i = 0; i < S; ++i) out.col(Index(c * S + i)).array() *= outer.col(Index(i)).array();
  }
#pragma omp parallel for schedule(static) if (threads)
  for (std::size_t i = 0; i < S; ++i) {
    if (kernel && tk->fits[i]) continue;
    linalg::product(block(a.trade, i, R), v.middleRows(Index(i * R), Index(R)), traded.middleRows(Index(i * R), Index(R)),
                    transposed);
  }
}

// A' x (O' x when `between`) for Type I with every industry on the trade kernel: trade_step's
// transposed kernel product on w = a_i o x_i, gathered straight from x (no industry-major copy), and
// each region's g_s(i) = b_i(s) (K' w)(s, i) scaled as it is gathered: the same multiplications as
// trade_step's, in the same order, two passes over n x k values fewer.
void transposed_on_kernel(const MrioStructure& a, const TradeKernel& tk, const linalg::MapC& X, linalg::MapM& Y,
                          bool threads, bool between, ProductBuffers& buffers) {
  const std::size_t R = a.regions, S = a.industries, k = std::size_t(X.cols());
  const linalg::MapC inner(tk.row.data(), Index(R), Index(S)), outer(tk.column.data(), Index(R), Index(S));
  Eigen::MatrixXd &w = buffers.w, &out = buffers.out;
  w.resize(static_cast<Index>(R), static_cast<Index>(S * k));
  out.resize(static_cast<Index>(R), static_cast<Index>(S * k));
#pragma omp parallel for schedule(static) if (threads)
  for (std::size_t c = 0; c < k; ++c)
    for (std::size_t i = 0; i < S; ++i)
      for (std::size_t u = 0; u < R; ++u)
        w(Index(u), Index(c * S + i)) = X(Index(u * S + i), Index(c)) * inner(Index(u), Index(i));
  linalg::product_cut_as_threaded(linalg::MapC(tk.kernel.data(), Index(R), Index(R)), w, out, true);
#pragma omp parallel for schedule(static) if (threads)
  for (std::size_t s = 0; s < R; ++s) {
    Eigen::MatrixXd g(static_cast<Index>(S), static_cast<Index>(k));
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t i = 0; i < S; ++i) g(Index(i), Index(c)) = out(Index(s), Index(c * S + i)) * outer(Index(s), Index(i));
    auto ys = Y.middleRows(Index(s * S), Index(S));
    if (between) ys.setZero();
    else linalg::product(block(a.own, s, S), X.middleRows(Index(s * S), Index(S)), ys, true);
    linalg::product(block(a.bought, s, S), g, ys, true, true);
  }
}

// Whether every industry's trade shares are on tk's kernel form.
bool on_kernel(const MrioStructure&, const TradeKernel* tk) {
  return tk && !tk->kernel.empty() && std::all_of(tk->fits.begin(), tk->fits.end(), [](char f) { return f != 0; });
}

// A x (O x when `between`) with every industry on the trade kernel, the industry rows only (with h,
// Type II: the households' purchases C x_h in them, less their own-region part when `between`; the
// caller adds the `alone` industries and the household rows): each region's M_s x_s (with h, plus
// shared(i, s) x_h(s)) is scaled by b_i(s) as it is scattered into the kernel product's operand w
// (no n x k copies by region and by industry), and a_i(r) (K w)(r, i) is added to y as it is
// gathered. The same multiplications as multiply_impl's path through trade_step, in the same order.
// With `blocks` in place of a.bought (G_s at blocks + s S^2) and the household rows of x at xh
// (column c at xh + c ldh), it computes y = O z for the z with M_s z_s = G_s x_s (multiply_between_from).
void forward_on_kernel(const MrioStructure& a, const TradeKernel& tk, const HouseholdStructure* h, const double* shared,
                       const double* blocks, const double* x, std::size_t ldx, const double* xh, std::size_t ldh,
                       double* y, std::size_t ldy, std::size_t k, bool threads, bool between, ProductBuffers& buffers) {
  const std::size_t R = a.regions, S = a.industries, n = R * S;
  const linalg::MapC inner(tk.column.data(), Index(R), Index(S)), outer(tk.row.data(), Index(R), Index(S));
  // The kernel product's operands in the n x k buffers of the path through trade_step
  buffers.by_industry.resize(Index(n), Index(k));
  buffers.traded.resize(Index(n), Index(k));
  linalg::MapM w(buffers.by_industry.data(), Index(R), Index(S * k)), out(buffers.traded.data(), Index(R), Index(S * k));
#pragma omp parallel for schedule(static) if (threads)
  for (std::size_t s = 0; s < R; ++s) {
    thread_local Eigen::MatrixXd mx;  // M_s x_s, S x k
    mx.resize(static_cast<Index>(S), static_cast<Index>(k));
    const Strided xs(x + s * S, Index(S), Index(k), Eigen::OuterStride<>(Index(ldx)));
    const double* own = a.own.data() + s * S * S;
    const double* bought = blocks + s * S * S;
    if (between) {
      for (std::size_t c = 0; c < k; ++c) std::fill_n(y + c * ldy + s * S, S, 0.0);
    } else if (!linalg::block_product(own, S, x + s * S, ldx, y + s * S, ldy, k, false, bought)) {
      StridedM ys(y + s * S, Index(S), Index(k), Eigen::OuterStride<>(Index(ldy)));
      linalg::product(block(a.own, s, S), xs, ys, false);
    }
    if (!linalg::block_product(bought, S, x + s * S, ldx, mx.data(), S, k, false,
                               s + 1 < R ? (between ? bought : own) + S * S : nullptr))
      linalg::product(linalg::MapC(bought, Index(S), Index(S)), xs, mx, false);
    for (std::size_t c = 0; c < k; ++c) {
      double* ys = y + c * ldy + s * S;
      const double* ms = mx.data() + c * S;
      double* wc = w.data() + c * S * R + s;
      if (h) {
        const double xhc = xh[c * ldh + s];
        for (std::size_t i = 0; i < S; ++i) {
          wc[i * R] = (ms[i] + shared[s * S + i] * xhc) * inner(Index(s), Index(i));
          if (!between) ys[i] += h->own[s * S + i] * xhc;
        }
      } else {
        for (std::size_t i = 0; i < S; ++i) wc[i * R] = ms[i] * inner(Index(s), Index(i));
      }
    }
  }
  linalg::product_cut_as_threaded(linalg::MapC(tk.kernel.data(), Index(R), Index(R)), w, out, false);
#pragma omp parallel for schedule(static) if (threads)
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t c = 0; c < k; ++c) {
      double* yr = y + c * ldy + r * S;
      const double* oc = out.data() + c * S * R + r;
      for (std::size_t i = 0; i < S; ++i) yr[i] += oc[i * R] * outer(Index(r), Index(i));
    }
  (void)n;
}

// Households' purchases from other regions in A's trade shares: bought, less the `alone` industries.
std::vector<double> shared_purchases(const HouseholdStructure& h) {
  std::vector<double> shared = h.bought;
  for (std::size_t i : h.alone)
    for (std::size_t r = 0; r < h.regions; ++r) shared[r * h.industries + i] = 0.0;
  return shared;
}

// A x: D_s x_s + (off-diagonal) where the off-diagonal part is, for each industry i,
// T_i applied to (M_s x_s)_i over buyer regions s: O(R S^2 k) for the blocks, O(S R^2 k) for trade.
// A' x: D_s' x_s + M_s' g_s with g_s(i) = sum_u T_i(u, s) x_u(i).
// The trade step works on an industry-major copy, so each T_i multiplies contiguous rows.
// Threads (OpenMP, where built with it) take whole blocks: Eigen runs each small product on one
// thread inside a parallel loop, where spawning threads per 105 x 105 product cost 10 to 20 times
// the work on this shared 2-core machine (docs/performance.md).
// With households h (Type II, vectors of n + R rows): B x adds the households' purchases C x_h, whose
// part from other regions joins the trade step (bought(i, s) x_h(s) beside (M_s x_s)_i), and the
// household rows H x_x; B' x adds H' x_h to the industry rows and C' x_x = own . x_r + bought . g_r.
// With `between`, only the purchases between regions O: A less blockdiag(D_s), or B less
// [blockdiag(D_s) C_own; H 0] (the households' own-region purchases and the household row).
void multiply_impl(const MrioStructure& a, const TradeKernel* tk, const HouseholdStructure* h, const double* x, double* y,
                   std::size_t k, bool transposed, bool between, ProductBuffers* buffers) {
  ProductBuffers own;  // where the caller keeps none: freed on return
  ProductBuffers& buf = buffers ? *buffers : own;
  const std::size_t R = a.regions, S = a.industries, n = R * S, N = h ? n + R : n;
  const bool threads = parallel_worthwhile(a, k);
  const linalg::MapC X(x, Index(N), Index(k));
  linalg::MapM Y(y, Index(N), Index(k));
  const Index ni = static_cast<Index>(n), ki = static_cast<Index>(k);
  Eigen::MatrixXd &by_industry = buf.by_industry, &traded = buf.traded;
  by_industry.resize(ni, ki);
  traded.resize(ni, ki);
  auto to_industry_major = [&](const auto& src, Eigen::MatrixXd& dst) {
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t r = 0; r < R; ++r)
        for (std::size_t i = 0; i < S; ++i) dst(Index(i * R + r), Index(c)) = src(Index(r * S + i), Index(c));
  };
  auto trade = [&](bool t) { trade_step(a, tk, by_industry, traded, t, threads, buf.w); };
  // Per region w: earnings_w . v_w, R x k (the household rows without the residence shares).
  auto earned = [&](const auto& v) {
    Eigen::MatrixXd e(static_cast<Index>(R), ki);
    const linalg::MapC kv(h->earnings.data(), Index(S), Index(R));
    for (std::size_t w = 0; w < R; ++w) e.row(Index(w)).noalias() = kv.col(Index(w)).transpose() * v.middleRows(Index(w * S), Index(S));
    return e;
  };
  // Households' purchases from other regions in A's trade shares (bought, less the `alone` industries),
  // and R x k of bought(i, r) v(r) for an industry i traded alone.
  const std::vector<double> shared = h ? shared_purchases(*h) : std::vector<double>();
  auto alone_block = [&](std::size_t e) { return linalg::MapC(h->alone_trade.data() + e * R * R, Index(R), Index(R)); };
  if (!transposed && on_kernel(a, tk)) {
    forward_on_kernel(a, *tk, h, shared.data(), a.bought.data(), x, N, x + n, N, y, N, k, threads, between, buf);
    if (!h) return;
  } else if (!transposed) {
    Eigen::MatrixXd& mx = buf.mx;
    mx.resize(ni, ki);
#pragma omp parallel for schedule(static) if (threads)
    for (std::size_t s = 0; s < R; ++s) {
      const auto xs = X.middleRows(Index(s * S), Index(S));
      const double* own = a.own.data() + s * S * S;
      const double* bought = a.bought.data() + s * S * S;
      if (between) Y.middleRows(Index(s * S), Index(S)).setZero();
      else if (!linalg::block_product(own, S, x + s * S, N, y + s * S, N, k, false, bought))
        linalg::product(block(a.own, s, S), xs, Y.middleRows(Index(s * S), Index(S)), false);
      if (!linalg::block_product(bought, S, x + s * S, N, mx.data() + s * S, n, k, false,
                                 s + 1 < R ? (between ? bought : own) + S * S : nullptr))
        linalg::product(block(a.bought, s, S), xs, mx.middleRows(Index(s * S), Index(S)), false);
    }
    if (h)
      for (std::size_t c = 0; c < k; ++c)
        for (std::size_t s = 0; s < R; ++s)
          for (std::size_t i = 0; i < S; ++i) {
            const double xh = X(Index(n + s), Index(c));
            mx(Index(s * S + i), Index(c)) += shared[s * S + i] * xh;
            if (!between) Y(Index(s * S + i), Index(c)) += h->own[s * S + i] * xh;
          }
    to_industry_major(mx, by_industry);
    trade(false);
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t r = 0; r < R; ++r)
        for (std::size_t i = 0; i < S; ++i) Y(Index(r * S + i), Index(c)) += traded(Index(i * R + r), Index(c));
    if (!h) return;
  }
  if (!transposed) {
    for (std::size_t e = 0; e < h->alone.size(); ++e) {
      const std::size_t i = h->alone[e];
      Eigen::MatrixXd v(static_cast<Index>(R), ki);
      for (std::size_t r = 0; r < R; ++r) v.row(Index(r)) = h->bought[r * S + i] * X.row(Index(n + r));
      const Eigen::MatrixXd t = alone_block(e) * v;
      for (std::size_t u = 0; u < R; ++u) Y.row(Index(u * S + i)) += t.row(Index(u));
    }
    if (between) Y.bottomRows(Index(R)).setZero();
    else Y.bottomRows(Index(R)).noalias() = linalg::MapC(h->residence.data(), Index(R), Index(R)) * earned(X.topRows(ni));
    return;
  }
  if (!h && on_kernel(a, tk)) {
    transposed_on_kernel(a, *tk, X, Y, threads, between, buf);
    return;
  }
  to_industry_major(X.topRows(ni), by_industry);
  trade(true);
  Eigen::MatrixXd paid;  // (M' x_h)_w: what residents' income is worth per unit of compensation earned in w
  if (h && !between) paid = linalg::MapC(h->residence.data(), Index(R), Index(R)).transpose() * X.bottomRows(Index(R));
#pragma omp parallel for schedule(static) if (threads)
  for (std::size_t s = 0; s < R; ++s) {
    Eigen::MatrixXd g(static_cast<Index>(S), ki);
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t i = 0; i < S; ++i) g(Index(i), Index(c)) = traded(Index(i * R + s), Index(c));
    auto ys = Y.middleRows(Index(s * S), Index(S));
    const auto xs = X.middleRows(Index(s * S), Index(S));
    if (between) ys.setZero();
    else linalg::product(block(a.own, s, S), xs, ys, true);
    linalg::product(block(a.bought, s, S), g, ys, true, true);
    if (!h) continue;
    const linalg::MapC kv(h->earnings.data() + s * S, Index(S), 1), ov(h->own.data() + s * S, Index(S), 1),
        bv(shared.data() + s * S, Index(S), 1);
    if (between) {
      Y.row(Index(n + s)).noalias() = bv.transpose() * g;
      continue;
    }
    ys.noalias() += kv * paid.row(Index(s));
    Y.row(Index(n + s)).noalias() = ov.transpose() * xs + bv.transpose() * g;
  }
  if (!h) return;
  for (std::size_t e = 0; e < h->alone.size(); ++e) {  // bought(i, r) sum_u T^h(u, r) x_u(i)
    const std::size_t i = h->alone[e];
    Eigen::MatrixXd v(static_cast<Index>(R), ki);
    for (std::size_t u = 0; u < R; ++u) v.row(Index(u)) = X.row(Index(u * S + i));
    const Eigen::MatrixXd t = alone_block(e).transpose() * v;
    for (std::size_t r = 0; r < R; ++r) Y.row(Index(n + r)) += h->bought[r * S + i] * t.row(Index(r));
  }
}

}  // namespace

void multiply(const MrioStructure& a, const double* x, double* y, std::size_t k, bool transposed) {
  multiply_impl(a, nullptr, nullptr, x, y, k, transposed, false, nullptr);
}

void multiply(const MrioStructure& a, const double* x, double* y, std::size_t k, bool transposed, ProductBuffers* buffers) {
  multiply_impl(a, nullptr, nullptr, x, y, k, transposed, false, buffers);
}

void multiply(const MrioStructure& a, const HouseholdStructure& h, const double* x, double* y, std::size_t k,
              bool transposed) {
  multiply_impl(a, nullptr, &h, x, y, k, transposed, false, nullptr);
}

void multiply(const MrioStructure& a, const HouseholdStructure& h, const double* x, double* y, std::size_t k,
              bool transposed, ProductBuffers* buffers) {
  multiply_impl(a, nullptr, &h, x, y, k, transposed, false, buffers);
}

void multiply(const MrioStructure& a, const TradeKernel& t, const HouseholdStructure* h, const double* x, double* y,
              std::size_t k, bool transposed) {
  multiply_impl(a, &t, h, x, y, k, transposed, false, nullptr);
}

void multiply_between(const MrioStructure& a, const TradeKernel& t, const HouseholdStructure* h, const double* x, double* y,
                      std::size_t k, bool transposed, ProductBuffers* buffers) {
  multiply_impl(a, &t, h, x, y, k, transposed, true, buffers);
}

bool multiply_between_from(const MrioStructure& a, const TradeKernel& t, const HouseholdStructure* h, const double* blocks,
                           const double* shared, const double* x, std::size_t ldx, const double* xh, std::size_t ldh,
                           double* y, std::size_t ldy, std::size_t k, ProductBuffers* buffers) {
  if (!on_kernel(a, &t)) return false;
  const std::size_t R = a.regions, S = a.industries, n = R * S;
  ProductBuffers own;
  ProductBuffers& buf = buffers ? *buffers : own;
  forward_on_kernel(a, t, h, shared, blocks, x, ldx, xh, ldh, y, ldy, k, parallel_worthwhile(a, k), true, buf);
  if (!h) return true;
  for (std::size_t e = 0; e < h->alone.size(); ++e) {  // as multiply_impl: T^h (bought(i, r) xh(r))
    const std::size_t i = h->alone[e];
    Eigen::MatrixXd v(static_cast<Index>(R), static_cast<Index>(k));
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t r = 0; r < R; ++r) v(Index(r), Index(c)) = h->bought[r * S + i] * xh[c * ldh + r];
    const Eigen::MatrixXd tv = linalg::MapC(h->alone_trade.data() + e * R * R, Index(R), Index(R)) * v;
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t u = 0; u < R; ++u) y[c * ldy + u * S + i] += tv(Index(u), Index(c));
  }
  for (std::size_t c = 0; c < k; ++c) std::fill_n(y + c * ldy + n, R, 0.0);
  return true;
}

namespace {

// The positive entries of T_i off the diagonal.
std::size_t positive_shares(const MrioStructure& a, std::size_t i) {
  const std::size_t R = a.regions;
  std::size_t count = 0;
  for (std::size_t s = 0; s < R; ++s)
    for (std::size_t u = 0; u < R; ++u) count += u != s && a.trade[i * R * R + u + s * R] > 0;
  return count;
}

// a_i and b_i of T_i = diag(a_i) K diag(b_i): a_i(u) = T_i(u, 0) / K(u, 0) up to a common factor
// (for u = 0 from column 1, rescaled by a third region's row where one buys from both), b_i(s) by
// least squares on column s.
// Returns whether every entry of T_i is reproduced to `tolerance` relative.
bool fit_industry(const MrioStructure& a, const std::vector<double>& kernel, std::size_t i, double tolerance, double* row,
                  double* col) {
  const std::size_t R = a.regions;
  const double* t = a.trade.data() + i * R * R;
  auto q = [&](std::size_t u, std::size_t s) { return t[u + s * R] / kernel[u + s * R]; };
  std::size_t u0 = 2;
  while (u0 < R && !(q(u0, 0) > 0 && q(u0, 1) > 0)) ++u0;
  for (std::size_t u = 1; u < R; ++u) row[u] = q(u, 0);
  row[0] = u0 < R ? q(0, 1) * q(u0, 0) / q(u0, 1) : q(0, 1);  // no such row: b_i(1) / b_i(0) is free, or the check fails
  for (std::size_t s = 0; s < R; ++s) {
    double num = 0, den = 0;
    for (std::size_t u = 0; u < R; ++u)
      if (u != s) num += t[u + s * R], den += row[u] * kernel[u + s * R];
    col[s] = den > 0 ? num / den : 0.0;
  }
  for (std::size_t s = 0; s < R; ++s)
    for (std::size_t u = 0; u < R; ++u) {
      const double v = t[u + s * R], f = u == s ? 0.0 : row[u] * kernel[u + s * R] * col[s];
      if (!(std::abs(v - f) <= tolerance * std::abs(v))) return false;
    }
  return true;
}

}  // namespace

TradeKernel factor_trade(const MrioStructure& a, double tolerance) {
  const std::size_t R = a.regions, S = a.industries;
  TradeKernel out;
  if (R < 3 || S == 0) return out;
  std::size_t best = 0, most = 0;
  for (std::size_t i = 0; i < S; ++i)
    if (const std::size_t c = positive_shares(a, i); c > most) most = c, best = i;
  if (most < R * (R - 1)) return out;  // K must be known everywhere off the diagonal
  out.kernel.assign(a.trade.begin() + std::ptrdiff_t(best * R * R), a.trade.begin() + std::ptrdiff_t((best + 1) * R * R));
  for (std::size_t s = 0; s < R; ++s) out.kernel[s + s * R] = 1.0;  // never used: T_i and K have zero diagonals
  out.row.assign(S * R, 0.0);
  out.column.assign(S * R, 0.0);
  out.fits.assign(S, 0);
  for (std::size_t i = 0; i < S; ++i)
    out.fits[i] = fit_industry(a, out.kernel, i, tolerance, out.row.data() + i * R, out.column.data() + i * R);
  for (std::size_t s = 0; s < R; ++s) out.kernel[s + s * R] = 0.0;
  return out;
}

HouseholdStructure factor_households(const Model& m, const MrioStructure& a, double tolerance) {
  const std::size_t R = m.num_regions(), S = m.num_industries(), n = R * S, K = m.num_categories();
  const std::size_t pc = m.primary_with_role(PrimaryRole::compensation);
  const std::size_t hh = m.category_with_role(FinalDemandRole::households);
  if (pc == Model::npos || hh == Model::npos || a.regions != R || a.industries != S)
    throw ModelError("model '" + m.id + "': Type II needs a primary input with role 'compensation' and a "
                     "final-demand category with role 'households', and coefficients of the model's shape");
  const Matrix res = residence_shares(m);
  const Vector base = household_income_base(m);
  HouseholdStructure out{R, S, std::vector<double>(res.data(), res.data() + R * R), std::vector<double>(n, 0.0),
                         std::vector<double>(S * R, 0.0), std::vector<double>(S * R, 0.0), {}, {}};
  for (std::size_t j = 0; j < n; ++j)
    if (m.output[j] > 0) out.earnings[j] = m.primary(pc, j) / m.output[j];
  if (const auto& fd = m.factored_final_demand) {  // already factored: Y(u i, r hh) = T_i(u, r) bought, no alone
    if (fd->categories != K || fd->own.size() != n * K || fd->bought.size() != n * K)
      throw ModelError("model '" + m.id + "': its factored final demand does not match its regions, industries and categories");
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t i = 0; i < S && base[r] > 0; ++i) {
        out.own[r * S + i] = fd->own[(r * K + hh) * S + i] / base[r];
        out.bought[r * S + i] = fd->bought[(r * K + hh) * S + i] / base[r];
      }
    return out;
  }
  auto col = [&](std::size_t row, std::size_t r) { return base[r] > 0 ? m.final_demand(row, r * K + hh) / base[r] : 0.0; };
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t u = 0; u < R; ++u)
      for (std::size_t i = 0; i < S; ++i) (u == r ? out.own : out.bought)[r * S + i] += col(u * S + i, r);
  for (std::size_t i = 0; i < S; ++i) {  // purchases from other regions: T_i(u, r) bought(i, r), or shares of their own
    bool shared = true;
    for (std::size_t r = 0; r < R && shared; ++r)
      for (std::size_t u = 0; u < R && shared; ++u) {
        if (u == r) continue;
        const double v = col(u * S + i, r), f = a.trade[i * R * R + u + r * R] * out.bought[r * S + i];
        shared = std::abs(v - f) <= tolerance * std::max(std::abs(v), std::abs(f));
      }
    if (shared) continue;
    out.alone.push_back(i);
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t u = 0; u < R; ++u) {
        const double b = out.bought[r * S + i];
        out.alone_trade.push_back(u != r && b > 0 ? col(u * S + i, r) / b : 0.0);
      }
  }
  return out;
}

Matrix dense_coefficients(const MrioStructure& a) {
  const std::size_t R = a.regions, S = a.industries, n = R * S;
  Matrix out(n, n);
  for (std::size_t s = 0; s < R; ++s)
    for (std::size_t j = 0; j < S; ++j)
      for (std::size_t u = 0; u < R; ++u)
        for (std::size_t i = 0; i < S; ++i)
          out(u * S + i, s * S + j) = u == s ? a.own[s * S * S + i + j * S]
                                             : a.trade[i * R * R + u + s * R] * a.bought[s * S * S + i + j * S];
  return out;
}

Vector column_sums(const MrioStructure& a) {
  const std::size_t R = a.regions, S = a.industries;
  Vector out(R * S, 0.0);
  for (std::size_t s = 0; s < R; ++s)
    for (std::size_t i = 0; i < S; ++i) {
      double share = 0;  // sum_u T_i(u, s): 1, or 0 where s buys none of i from other regions
      for (std::size_t u = 0; u < R; ++u) share += a.trade[i * R * R + u + s * R];
      for (std::size_t j = 0; j < S; ++j)
        out[s * S + j] += a.own[s * S * S + i + j * S] + share * a.bought[s * S * S + i + j * S];
    }
  return out;
}

namespace {

bool all_nonnegative(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return x >= 0; });
}

}  // namespace

FactoredColumnSums factored_column_sums(const MrioStructure& a, const HouseholdStructure* h, const FactoredColumnSums* of_a) {
  FactoredColumnSums out = of_a ? *of_a
                                : FactoredColumnSums{column_sums(a), all_nonnegative(a.own) && all_nonnegative(a.bought) &&
                                                                         all_nonnegative(a.trade)};
  if (!h) return out;
  const std::size_t R = a.regions, S = a.industries, n = R * S;
  out.nonnegative = out.nonnegative && all_nonnegative(h->residence) && all_nonnegative(h->earnings) &&
                    all_nonnegative(h->own) && all_nonnegative(h->bought) && all_nonnegative(h->alone_trade);
  if (h->regions != R || h->industries != S || h->residence.size() != R * R || h->earnings.size() != n ||
      h->own.size() != S * R || h->bought.size() != S * R || h->alone_trade.size() != h->alone.size() * R * R) {
    out.nonnegative = false;  // not a closure of this table: no bound
    return out;
  }
  out.sums.resize(n + R, 0.0);
  for (std::size_t w = 0; w < R; ++w) {  // H(r, w j) = residence(r, w) earnings(w j), summed over r
    double received = 0;
    for (std::size_t r = 0; r < R; ++r) received += h->residence[r + w * R];
    for (std::size_t j = 0; j < S; ++j) out.sums[w * S + j] += received * h->earnings[w * S + j];
  }
  std::vector<const double*> alone(S, nullptr);  // an industry's own R x R shares, if listed
  for (std::size_t q = 0; q < h->alone.size(); ++q)
    if (h->alone[q] < S) alone[h->alone[q]] = h->alone_trade.data() + q * R * R;
  for (std::size_t r = 0; r < R; ++r) {  // sum over u, i of C(u i, r)
    double c = 0;
    for (std::size_t i = 0; i < S; ++i) {
      const double* t = alone[i] ? alone[i] : a.trade.data() + i * R * R;
      double share = 0;
      for (std::size_t u = 0; u < R; ++u) share += u == r ? 0.0 : t[u + r * R];
      c += h->own[i + r * S] + share * h->bought[i + r * S];
    }
    out.sums[n + r] = c;
  }
  return out;
}

}  // namespace devolve
