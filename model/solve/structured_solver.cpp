#include "solve/structured_solver.hpp"

#include <omp.h>

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <string>

#include "devolve/error.hpp"
#include "solve/block_product.hpp"
#include "solve/linalg.hpp"

namespace devolve::solve {

using Eigen::Index;
using Eigen::MatrixXd;

namespace {

constexpr std::size_t restart = 20;  // Arnoldi steps per GMRES cycle
constexpr std::size_t chunk = 32;    // columns solved together (bounds the Krylov basis' memory)
// A cycle ends when every column's GMRES residual (by its recurrence) is within this share of the
// max-norm residual the column must reach: the margin covers the rounding between the recurrence,
// on the kernel form of the trade shares, and the true residual, with A as stored.
constexpr double estimate_share = 0.5;

// Givens rotation (c, s): [c s; -s c] [a; b] = [r; 0].
void givens(double a, double b, double& c, double& s) {
  if (b == 0) {
    c = 1, s = 0;
    return;
  }
  const double r = std::hypot(a, b);
  c = a / r, s = b / r;
}

}  // namespace

struct StructuredSolver::Household {
  Eigen::PartialPivLU<MatrixXd> lu, lut;  // of S0 and S0'
};

// G_s = M_s (I - D_s)^-1 for between_from, once for the Type I solver and the Type II solvers made
// from it: only where a right-hand solve needs it (the multipliers' transposed solves do not, and
// are spared its R S^2 values), on the calling thread, any other waiting for it.
struct StructuredSolver::Folded {
  std::once_flag once;
  std::vector<double> g;
};

namespace {

using Strided = Eigen::Map<const MatrixXd, 0, Eigen::OuterStride<>>;
using StridedM = Eigen::Map<MatrixXd, 0, Eigen::OuterStride<>>;

}  // namespace

namespace {

// Eigen's matrix products inside a factorisation start OpenMP teams of their own (Eigen::nbThreads()
// is the calling thread's omp_get_max_threads()), a team per product: thousands for the intra-regional
// blocks, and where the other core is busy (the procurement run's second thread, or Type I's solve
// beside the bordering) each team waits for its threads. The factorisations' products run on the
// calling thread alone instead (the same blocking, so the same numbers: docs/performance.md,
// "Building the structured systems without Eigen's thread teams"); the ICV is this thread's, restored after.
class SerialEigen {
 public:
  SerialEigen() : threads_(omp_get_max_threads()) { omp_set_num_threads(1); }
  ~SerialEigen() { omp_set_num_threads(threads_); }
  SerialEigen(const SerialEigen&) = delete;
  SerialEigen& operator=(const SerialEigen&) = delete;

 private:
  int threads_;
};

}  // namespace

// The intra-regional blocks' inverses, a region per iteration on the caller's threads (each block's
// LU and inverse on one thread, with Eigen's products serial there: the same numbers on any count).
StructuredSolver::StructuredSolver(std::shared_ptr<const MrioStructure> a) : a_(std::move(a)) {
  const std::size_t R = a_->regions, S = a_->industries;
  auto inverse = std::make_shared<std::vector<double>>(R * S * S);
  std::size_t singular = R;  // the first region whose block is singular
  std::vector<std::exception_ptr> failed(R);  // nothing may leave the parallel region (std::bad_alloc)
  const int threads = omp_in_parallel() ? 1 : int(std::min<std::size_t>(std::size_t(omp_get_max_threads()), R));
#pragma omp parallel num_threads(threads) if (threads > 1 && R > 1)
  {
    const SerialEigen serial;
#pragma omp for schedule(static) reduction(min : singular)
    for (std::size_t s = 0; s < R; ++s) {
      try {
        const linalg::MapC d(a_->own.data() + s * S * S, Index(S), Index(S));
        const MatrixXd p = MatrixXd::Identity(Index(S), Index(S)) - d;
        const Eigen::PartialPivLU<MatrixXd> lu(p);
        if (!(std::abs(lu.determinant()) > 0)) singular = std::min(singular, s);
        else linalg::MapM(inverse->data() + s * S * S, Index(S), Index(S)) = lu.inverse();
      } catch (...) {
        failed[s] = std::current_exception();
      }
    }
  }
  for (const std::exception_ptr& e : failed)
    if (e) std::rethrow_exception(e);
  if (singular < R)
    throw ModelError("the intra-regional block of region " + std::to_string(singular + 1) + " is singular: (I - A) of the "
                     "region alone has no solution; the model is not productive");
  inverse_ = std::move(inverse);
  kernel_ = std::make_shared<const TradeKernel>(factor_trade(*a_));
  if (kernel_->kernel.empty() || std::any_of(kernel_->fits.begin(), kernel_->fits.end(), [](char f) { return f == 0; }))
    return;
  bought_inverse_ = std::make_shared<Folded>();  // computed by the first step that uses it
}

// G_s, computed at the first call (Folded)
const double* StructuredSolver::folded() const {
  std::call_once(bought_inverse_->once, [this] {
    const std::size_t R = a_->regions, S = a_->industries;
    std::vector<double> g(R * S * S);
    const SerialEigen serial;
    for (std::size_t s = 0; s < R; ++s) {
      const double* m = a_->bought.data() + s * S * S;
      const double* inv = inverse_->data() + s * S * S;
      if (!linalg::block_product(m, S, inv, S, g.data() + s * S * S, S, S, false, s + 1 < R ? m + S * S : nullptr))
        linalg::MapM(g.data() + s * S * S, Index(S), Index(S)).noalias() =
            linalg::MapC(m, Index(S), Index(S)) * linalg::MapC(inv, Index(S), Index(S));
    }
    bought_inverse_->g = std::move(g);
  });
  return bought_inverse_->g.data();
}

// The preconditioner of the bordered system is P = [I - blockdiag(D_s), -C_own; -H, I], with C_own the
// households' purchases from their own region: solved by its Schur complement
// S0 = I - H P_A^-1 C_own = I - M diag(d), d_s = earnings_s . (I - D_s)^-1 own(., s), an R x R matrix.
StructuredSolver::StructuredSolver(const StructuredSolver& type_i, std::shared_ptr<const HouseholdStructure> h)
    : a_(type_i.a_), inverse_(type_i.inverse_), kernel_(type_i.kernel_), bought_inverse_(type_i.bought_inverse_),
      h_(std::move(h)) {
  const std::size_t R = a_->regions, S = a_->industries, n = R * S;
  if (!h_ || h_->regions != R || h_->industries != S) throw ModelError("the household closure does not match the coefficients");
  w_.resize(n);
  q_.resize(n);
  MatrixXd s0 = MatrixXd::Identity(Index(R), Index(R));
  for (std::size_t s = 0; s < R; ++s) {
    const linalg::MapC inv(inverse_->data() + s * S * S, Index(S), Index(S));
    const linalg::MapC own(h_->own.data() + s * S, Index(S), 1), earn(h_->earnings.data() + s * S, Index(S), 1);
    linalg::MapM(w_.data() + s * S, Index(S), 1).noalias() = inv * own;
    linalg::MapM(q_.data() + s * S, Index(S), 1).noalias() = inv.transpose() * earn;
    const double d = (earn.transpose() * linalg::MapC(w_.data() + s * S, Index(S), 1))(0, 0);
    for (std::size_t r = 0; r < R; ++r) s0(Index(r), Index(s)) -= h_->residence[r + s * R] * d;
  }
  if (bought_inverse_) {  // M_s w_s + shared(., s), shared = bought less the industries traded alone
    household_between_ = h_->bought;
    for (std::size_t i : h_->alone)
      for (std::size_t r = 0; r < R; ++r) household_between_[r * S + i] = 0.0;
    for (std::size_t s = 0; s < R; ++s)
      linalg::MapM(household_between_.data() + s * S, Index(S), 1).noalias() +=
          linalg::MapC(a_->bought.data() + s * S * S, Index(S), Index(S)) * linalg::MapC(w_.data() + s * S, Index(S), 1);
  }
  auto hh = std::make_shared<Household>();
  const SerialEigen serial;  // the R x R LUs' products on this thread
  hh->lu.compute(s0);
  hh->lut.compute(s0.transpose());
  if (!(std::abs(hh->lu.determinant()) > 0))
    throw ModelError("the household block of the Type II preconditioner is singular: households spend all their income or more");
  s0_ = std::move(hh);
}

void StructuredSolver::apply(const double* x, double* y, std::size_t k, bool transposed, ProductBuffers* buffers) const {
  if (h_) multiply(*a_, *h_, x, y, k, transposed, buffers);
  else multiply(*a_, x, y, k, transposed, buffers);
}

// x = P^-1 r on the industry rows, P = I - blockdiag(D_s); transposed: P'^-1. Rows are size() apart.
void StructuredSolver::precondition(const double* r, double* x, std::size_t k, bool transposed) const {
  const std::size_t R = a_->regions, S = a_->industries, n = R * S, ld = size();
  const Strided rv(r, Index(n), Index(k), Eigen::OuterStride<>(Index(ld)));
  StridedM xv(x, Index(n), Index(k), Eigen::OuterStride<>(Index(ld)));
  const bool threads = parallel_worthwhile(*a_, k);
#pragma omp parallel for schedule(static) if (threads)
  for (std::size_t s = 0; s < R; ++s) {
    const double* block = inverse_->data() + s * S * S;
    if (!transposed && linalg::block_product(block, S, r + s * S, ld, x + s * S, ld, k, false,
                                             s + 1 < R ? block + S * S : nullptr))
      continue;
    const linalg::MapC inv(block, Index(S), Index(S));
    auto xs = xv.middleRows(Index(s * S), Index(S));
    const auto rs = rv.middleRows(Index(s * S), Index(S));
    linalg::product(inv, rs, xs, transposed);
  }
  if (h_) precondition_households(r, x, k, transposed);
}

// The household rows of P^-1 r, given z = P_A^-1 r_x in x's industry rows:
//   h = S0^-1 (r_h + H z),                x_s = z_s + h_s w_s;
// transposed (P' = [P_A', -H'; -C_own', I]):
//   h = S0'^-1 (r_h + C_own' z),          x_w = z_w + (M' h)_w q_w.
void StructuredSolver::precondition_households(const double* r, double* x, std::size_t k, bool transposed) const {
  const std::size_t R = a_->regions, S = a_->industries, n = R * S, N = n + R;
  const Strided rv(r, Index(N), Index(k), Eigen::OuterStride<>(Index(N)));
  StridedM xv(x, Index(N), Index(k), Eigen::OuterStride<>(Index(N)));
  const linalg::MapC m(h_->residence.data(), Index(R), Index(R));
  const linalg::MapC by(transposed ? h_->own.data() : h_->earnings.data(), Index(S), Index(R));
  MatrixXd t(static_cast<Index>(R), static_cast<Index>(k));  // earnings_w . z_w, or own_r . z_r
  for (std::size_t s = 0; s < R; ++s)
    t.row(Index(s)).noalias() = by.col(Index(s)).transpose() * xv.middleRows(Index(s * S), Index(S));
  if (!transposed) t = m * t;
  t += rv.bottomRows(Index(R));
  const MatrixXd hv = transposed ? s0_->lut.solve(t) : s0_->lu.solve(t);
  const MatrixXd f = transposed ? (m.transpose() * hv).eval() : hv;
  const linalg::MapC v(transposed ? q_.data() : w_.data(), Index(S), Index(R));
  for (std::size_t s = 0; s < R; ++s) xv.middleRows(Index(s * S), Index(S)).noalias() += v.col(Index(s)) * f.row(Index(s));
  xv.bottomRows(Index(R)) = hv;
}

namespace {

// Columns of b that are zero, or a multiple of an earlier column to within a hundredth of the
// tolerance (max norm, relative to the column): a scenario's columns of one shock in different
// years usually are (a profile times the year's amount). A column joins the first earlier
// representative with the same largest entry (index) that it is a multiple of; O(n k) unless many
// columns share their largest entry.
struct Reduction {
  std::vector<std::size_t> solved;  // representatives, in column order
  std::vector<std::size_t> of;      // for each column, its representative's index in `solved`, or npos for a zero column
  std::vector<double> factor;       // column = factor * representative (+ a part below a hundredth of the tolerance)
  std::vector<double> target;       // for each representative, the max-norm residual it must reach
  static constexpr std::size_t npos = std::size_t(-1);
};

Reduction reduce_columns(const double* b, std::size_t n, std::size_t k, double tolerance, const std::size_t* group) {
  Reduction out{{}, std::vector<std::size_t>(k, Reduction::npos), std::vector<double>(k, 0.0), {}};
  std::vector<std::size_t> top(k, 0);
  std::vector<double> norm(k, 0.0);
  for (std::size_t c = 0; c < k; ++c) {
    const double* bc = b + c * n;
    bool finite = true;
    for (std::size_t i = 0; i < n; ++i) {
      finite = finite && std::isfinite(bc[i]);
      if (std::abs(bc[i]) > norm[c]) norm[c] = std::abs(bc[i]), top[c] = i;
    }
    if (finite && norm[c] == 0) continue;  // a zero column
    const double slack = 0.01 * tolerance * norm[c];
    for (std::size_t g = 0; finite && g < out.solved.size() && out.of[c] == Reduction::npos; ++g) {
      const std::size_t d = out.solved[g];
      if (top[d] != top[c] || (group && group[d] != group[c])) continue;
      const double* bd = b + d * n;
      const double a = bc[top[c]] / bd[top[c]];
      std::size_t i = 0;
      while (i < n && std::abs(bc[i] - a * bd[i]) <= slack) ++i;
      if (i < n) continue;
      out.of[c] = g, out.factor[c] = a;
      // |b_c - (I - A) a x_d| <= slack + |a| |r_d|: the representative's residual leaves room for it
      out.target[g] = std::min(out.target[g], (tolerance * norm[c] - slack) / std::abs(a));
    }
    if (out.of[c] != Reduction::npos) continue;
    out.of[c] = out.solved.size(), out.factor[c] = 1.0;
    out.solved.push_back(c);
    out.target.push_back(finite ? tolerance * norm[c] : 0.0);  // a column with NaN or infinity fails in the solve
  }
  return out;
}

}  // namespace

// The work arrays of solve_chunk for chunks of up to `cols` columns of n rows: allocated once per
// solve() and reused by every chunk (allocated per chunk, their pages were faulted in and zeroed
// again for every chunk: 270 MB a chunk at uk-lad-2022). One Eigen allocation, each matrix at a
// multiple of 64 bytes, so that every matrix and each of its columns has the alignment it would have
// as a MatrixXd of its own (the reductions, norms and dot products, then add in the same order).
struct StructuredSolver::Work {
  Work(std::size_t rows, std::size_t cols)
      : n(Index(rows)), stride((Index(rows * cols) + 7) / 8 * 8), store(stride * Index(fixed + restart + 1)),
        h(cols, MatrixXd(Index(restart + 1), Index(restart))), g(Index(restart + 1), Index(cols)),
        cs(Index(restart), Index(cols)), sn(Index(restart), Index(cols)), products(product_buffers()) {}
  enum { rhs, x, ax, r, z, w, fixed };
  //! Matrix `i` (rhs ... w, then the Krylov basis: v_j is fixed + j), n x k
  linalg::MapM at(std::size_t i, Index k) { return linalg::MapM(store.data() + Index(i) * stride, n, k); }
  Index n, stride;
  Eigen::VectorXd store;
  std::vector<MatrixXd> h;  // per column: the Hessenberg matrix, (restart + 1) x restart
  MatrixXd g, cs, sn;       // per column: the rotated residual and the Givens rotations
  // The factored products' n x k temporaries, kept from step to step: allocated at every product,
  // they were handed back to the system at every free and faulted in again at the next step
  // (100,000 page faults a closure at uk-lad-2022; docs/performance.md, r-ladsolve).
  std::shared_ptr<ProductBuffers> products;
};

// Solves only the representatives of reduce_columns (zero columns give zero), in chunks of columns
// that share the Arnoldi steps: a chunk's representatives are copied into the work arrays, solved
// there, and scaled into the columns they stand for, so that no copy of all of b is held.
int StructuredSolver::solve(double* b, std::size_t k, bool transposed, const Change& change) const {
  if (!change) return solve_reduced(b, k, transposed, {}, nullptr, nullptr);
  return solve_reduced(b, k, transposed,
                       [&change](const double* x, double* y, const std::size_t*, std::size_t kc, bool t) {
                         change(x, y, kc, t);
                       },
                       nullptr, nullptr);
}

int StructuredSolver::solve(double* b, std::size_t k, bool transposed, const ColumnChange& change,
                            const std::size_t* group, const std::vector<std::size_t>* reads) const {
  return solve_reduced(b, k, transposed, change, group, reads);
}

int StructuredSolver::solve_reduced(double* b, std::size_t k, bool transposed, const ColumnChange& change,
                                    const std::size_t* group, const std::vector<std::size_t>* reads) const {
  const std::size_t n = size();
  if (n == 0 || k == 0) return 0;
  const Reduction red = reduce_columns(b, n, k, tolerance, group);
  const std::size_t m = red.solved.size(), chunks = (m + chunk - 1) / chunk;
  // Solves chunk q (representatives red.solved[q chunk ..)) in `work` and scales its solutions into b.
  auto solve_one = [&](Work& work, std::size_t q) {
    const std::size_t c0 = q * chunk, kc = std::min(chunk, m - c0);
    Change on_chunk;  // the change of the chunk's columns, red.solved[c0 ..)
    if (change)
      on_chunk = [&change, ids = red.solved.data() + c0](const double* xc, double* yc, std::size_t kk, bool t) {
        change(xc, yc, ids, kk, t);
      };
    double* rhs = work.at(Work::rhs, Index(kc)).data();
    for (std::size_t g = 0; g < kc; ++g) std::copy_n(b + red.solved[c0 + g] * n, n, rhs + g * n);
    const int steps = solve_chunk(work, kc, transposed, red.target.data() + c0, on_chunk, reads);
    const double* x = work.at(Work::x, Index(kc)).data();
    for (std::size_t c = red.solved[c0]; c < k; ++c) {  // a column's representative is never after it
      if (red.of[c] == Reduction::npos || red.of[c] < c0 || red.of[c] >= c0 + kc) continue;
      const double* xc = x + (red.of[c] - c0) * n;
      double* bc = b + c * n;
      const double a = red.factor[c];
      if (a == 1.0) std::copy_n(xc, n, bc);
      else
        for (std::size_t i = 0; i < n; ++i) bc[i] = a * xc[i];
    }
    return steps;
  };
  // Many chunks of a Type I solve without a change (the rows of the multipliers): the chunks are
  // independent, so each thread solves whole chunks, one at a time, in work arrays of its own, and
  // every product inside runs on that thread (parallel_worthwhile is false inside a parallel
  // region). Sharing each product among threads instead left them waiting at every step's joins
  // and serial passes (docs/performance.md, r-ladmult3). A chunk's numbers are computed as they
  // would be on its own: the same columns, and the trade step's kernel product is cut in depth as
  // Eigen's threaded product cuts it (trade_step).
  const int lanes = std::min<int>(omp_in_parallel() ? 1 : omp_get_max_threads(), int(chunks));
  int most = 0;
  if (lanes > 1 && !h_ && !change && parallel_worthwhile(*a_, chunk)) {
    std::vector<std::exception_ptr> failed(chunks);
#pragma omp parallel num_threads(lanes) reduction(max : most)
    {
      Work work(n, chunk);
#pragma omp for schedule(dynamic, 1)
      for (std::size_t q = 0; q < chunks; ++q) {
        try {
          most = std::max(most, solve_one(work, q));
        } catch (...) {
          failed[q] = std::current_exception();
        }
      }
    }
    for (const auto& e : failed)  // the first chunk's error, as on one thread
      if (e) std::rethrow_exception(e);
  } else {
    Work work(n, std::min(chunk, m));
    for (std::size_t q = 0; q < chunks; ++q) most = std::max(most, solve_one(work, q));
  }
  for (std::size_t c = 0; c < k; ++c)
    if (red.of[c] == Reduction::npos) std::fill(b + c * n, b + (c + 1) * n, 0.0);
  return most;
}

// w = O z + E z for z = P^-1 v without z's products with the block inverses: M_s z_s = G_s v_s
// (Type II: + M_s w_s h_s, h the household rows of z) on multiply_between_from, and z only in the rows
// the change reads, each an inverse's row times v_s. Not transposed, with every industry on the trade
// kernel, and without a change or with the rows it reads; false (nothing done) otherwise.
bool StructuredSolver::between_from(const double* v, double* z, double* w, std::size_t k, bool transposed,
                                    const Change& change, const std::vector<std::size_t>* reads,
                                    ProductBuffers* buffers) const {
  if (transposed || !bought_inverse_ || (change && !reads)) return false;
  const std::size_t R = a_->regions, S = a_->industries, n = R * S, N = size();
  MatrixXd hv;  // Type II: the household rows of z, h = S0^-1 (v_h + M (q_s . v_s)), as precondition_households
  if (h_) {
    MatrixXd t(static_cast<Index>(R), static_cast<Index>(k));
    const Strided vv(v, Index(N), Index(k), Eigen::OuterStride<>(Index(N)));
    for (std::size_t s = 0; s < R; ++s)
      t.row(Index(s)).noalias() = linalg::MapC(q_.data() + s * S, Index(S), 1).transpose() * vv.middleRows(Index(s * S), Index(S));
    t = linalg::MapC(h_->residence.data(), Index(R), Index(R)) * t;
    t += vv.bottomRows(Index(R));
    hv = s0_->lu.solve(t);
  }
  if (!multiply_between_from(*a_, *kernel_, h_.get(), folded(), h_ ? household_between_.data() : nullptr, v,
                             N, hv.data(), std::size_t(hv.rows()), w, N, k, buffers))
    return false;
  if (!change) return true;
  for (std::size_t row : *reads) {  // z(row) = (I - D_s)^-1 (i, .) v_s (+ w(row) h_s)
    const std::size_t s = row / S, i = row % S;
    if (row >= n) continue;
    const double* inv = inverse_->data() + s * S * S + i;
    for (std::size_t c = 0; c < k; ++c) {
      const double* vs = v + c * N + s * S;
      double sum = 0;
      for (std::size_t l = 0; l < S; ++l) sum += inv[l * S] * vs[l];
      z[c * N + row] = h_ ? sum + w_[row] * hv(Index(s), Index(c)) : sum;
    }
  }
  change(z, w, k, transposed);
  return true;
}

// Restarted GMRES with right preconditioning (Saad, Iterative Methods for Sparse Linear Systems,
// 2nd ed. 2003, algorithm 9.5) on (I - A) P^-1 u = b, x = P^-1 u, for the columns in lockstep: every
// Arnoldi step applies the factored A to all of them at once. Each column has its own Krylov
// basis, Hessenberg matrix and Givens rotations. With I - A = P - O (O the purchases between
// regions, which P leaves out), an Arnoldi step needs only (I - A) P^-1 v = v - O P^-1 v, with the
// trade shares on their kernel form (equal to rounding); the true residual uses A as stored. A cycle
// ends when every column's GMRES residual, updated by its recurrence at each step (max norm, O(n)),
// is within estimate_share of the column's target, or after `restart` steps; the true residual
// b - (I - A) x, computed with the factored A, decides whether the solve has converged.
// The right-hand sides are in work's rhs, and the solution is left in its x.
int StructuredSolver::solve_chunk(Work& work, std::size_t k, bool transposed, const double* target,
                                  const Change& change, const std::vector<std::size_t>* reads) const {
  const std::size_t n = size();
  if (n == 0 || k == 0) return 0;
  const Index ki = static_cast<Index>(k), m = static_cast<Index>(restart);
  const Eigen::Map<const Eigen::RowVectorXd> bound(target, ki);  // max-norm residual each column must reach
  const linalg::MapM rhs = work.at(Work::rhs, ki);
  linalg::MapM x = work.at(Work::x, ki), ax = work.at(Work::ax, ki), r = work.at(Work::r, ki), z = work.at(Work::z, ki),
               w = work.at(Work::w, ki);
  precondition(rhs.data(), x.data(), k, transposed);
  std::vector<linalg::MapM> v;  // the Krylov bases, v_j of every column
  for (std::size_t i = 0; i <= restart; ++i) v.push_back(work.at(Work::fixed + i, ki));
  std::vector<MatrixXd>& h = work.h;
  MatrixXd &g = work.g, &cs = work.cs, &sn = work.sn;
  // Columns are independent in the Arnoldi steps: threads take whole columns, so their numbers do
  // not depend on the thread count.
  const bool threads = parallel_worthwhile(*a_, k);
  const Index rows = static_cast<Index>(n);
  int steps = 0;
  while (steps < max_iterations) {
    apply(x.data(), ax.data(), k, transposed, work.products.get());
    if (change) change(x.data(), ax.data(), k, transposed);
    r = rhs - x + ax;
    const Eigen::RowVectorXd rmax = r.cwiseAbs().colwise().maxCoeff();
    bool done = true;
    for (Index c = 0; c < ki; ++c) done = done && rmax(c) <= bound(c);
    if (done) return steps;
    if (!r.allFinite()) break;
    const Eigen::RowVectorXd beta = r.colwise().norm();
    g.setZero();
    for (Index c = 0; c < ki; ++c) {
      g(0, c) = beta(c);
      if (beta(c) > 0) v[0].col(c) = r.col(c) / beta(c);
      else v[0].col(c).setZero();
      h[std::size_t(c)].setZero();
    }
    Index j = 0;
    for (; j < m && steps < max_iterations; ++j, ++steps) {
      if (!between_from(v[std::size_t(j)].data(), z.data(), w.data(), k, transposed, change, reads,
                        work.products.get())) {
        precondition(v[std::size_t(j)].data(), z.data(), k, transposed);
        multiply_between(*a_, *kernel_, h_.get(), z.data(), w.data(), k, transposed, work.products.get());
        if (change) change(z.data(), w.data(), k, transposed);  // (I - A - E) = P - O - E
      }
      bool small = true;
#pragma omp parallel for schedule(static) reduction(&& : small) if (threads)
      for (Index c = 0; c < ki; ++c) {
        auto wc = w.col(c);
        // (I - A) P^-1 v_j = v_j - O P^-1 v_j, since P z = v_j: here, a column at a time, so that the
        // column stays in the cache for Gram-Schmidt (not a pass of its own over all columns)
        wc = v[std::size_t(j)].col(c) - wc;
        MatrixXd& hc = h[std::size_t(c)];
        for (Index i = 0; i <= j; ++i) {  // modified Gram-Schmidt
          hc(i, j) = wc.dot(v[std::size_t(i)].col(c));
          wc -= hc(i, j) * v[std::size_t(i)].col(c);
        }
        hc(j + 1, j) = wc.norm();
        if (hc(j + 1, j) > 0) v[std::size_t(j + 1)].col(c) = wc / hc(j + 1, j);
        else v[std::size_t(j + 1)].col(c).setZero();
        for (Index i = 0; i < j; ++i) {  // earlier rotations, then a new one for this column
          const double t = cs(i, c) * hc(i, j) + sn(i, c) * hc(i + 1, j);
          hc(i + 1, j) = -sn(i, c) * hc(i, j) + cs(i, c) * hc(i + 1, j);
          hc(i, j) = t;
        }
        givens(hc(j, j), hc(j + 1, j), cs(j, c), sn(j, c));
        hc(j, j) = cs(j, c) * hc(j, j) + sn(j, c) * hc(j + 1, j);
        hc(j + 1, j) = 0;
        g(j + 1, c) = -sn(j, c) * g(j, c);
        g(j, c) = cs(j, c) * g(j, c);
        // The GMRES residual b - (I - A) x_j itself, r_j = s_j^2 r_(j-1) + c_j g_(j+1) v_(j+1), kept
        // in r (r_0 = beta v_0): the cycle ends on its max norm, the tolerance's norm, where |g(j + 1)|
        // is its 2-norm, up to sqrt(n) times larger.
        const double keep = sn(j, c) * sn(j, c), add = cs(j, c) * g(j + 1, c);
        double* rc = r.col(c).data();
        const double* vc = v[std::size_t(j + 1)].col(c).data();
        double largest = 0;
        for (Index i = 0; i < rows; ++i) {
          rc[i] = keep * rc[i] + add * vc[i];
          largest = std::max(largest, std::abs(rc[i]));
        }
        small = small && largest <= estimate_share * bound(c);
      }
      if (small) {
        ++j, ++steps;
        break;
      }
    }
    // u = V y with H y = g (upper triangular, j x j), then x += P^-1 u.
    w.setZero();
#pragma omp parallel for schedule(static) if (threads)
    for (Index c = 0; c < ki; ++c) {
      const MatrixXd& hc = h[std::size_t(c)];
      if (hc.topLeftCorner(j, j).diagonal().cwiseAbs().minCoeff() == 0) continue;  // a zero column
      const Eigen::VectorXd y = hc.topLeftCorner(j, j).triangularView<Eigen::Upper>().solve(g.col(c).head(j));
      for (Index i = 0; i < j; ++i) w.col(c) += y(i) * v[std::size_t(i)].col(c);
    }
    precondition(w.data(), z.data(), k, transposed);
    x += z;
  }
  throw ModelError("the structured solver did not reach a relative residual of 1e-13 in " +
                   std::to_string(max_iterations) + " iterations: the model is not productive");
}

}  // namespace devolve::solve
