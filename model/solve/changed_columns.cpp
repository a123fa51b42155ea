#include "solve/changed_columns.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/LU>

#include "devolve/error.hpp"
#include "solve/linalg.hpp"

namespace devolve::solve {

struct ColumnUpdate::Factors {
  Eigen::PartialPivLU<Eigen::MatrixXd> c;   // of C (k x k)
  Eigen::PartialPivLU<Eigen::MatrixXd> ct;  // of C'
};

ColumnUpdate::~ColumnUpdate() = default;

std::shared_ptr<const ColumnUpdate> ColumnUpdate::make(std::vector<std::size_t> cols, Matrix d, const Solve& base,
                                                       double rcond_min) {
  const std::size_t k = cols.size();
  if (d.cols() != k) throw Error("ColumnUpdate: the change has " + std::to_string(d.cols()) + " columns for " +
                                 std::to_string(k) + " changed columns");
  auto up = std::shared_ptr<ColumnUpdate>(new ColumnUpdate());
  up->cols_ = std::move(cols);
  up->d_ = std::move(d);
  up->z_ = up->d_;
  base(up->z_.data(), k);
  return factorise(std::move(up), rcond_min);
}

std::shared_ptr<const ColumnUpdate> ColumnUpdate::scaled(double factor, double rcond_min) const {
  auto up = std::shared_ptr<ColumnUpdate>(new ColumnUpdate());
  up->cols_ = cols_;
  up->d_ = d_, up->z_ = z_;
  for (Matrix* m : {&up->d_, &up->z_})
    for (std::size_t i = 0; i < m->rows() * m->cols(); ++i) m->data()[i] *= factor;
  return factorise(std::move(up), rcond_min);
}

// C = I_k - E'Z and its LU, or null when C is ill-conditioned.
std::shared_ptr<const ColumnUpdate> ColumnUpdate::factorise(std::shared_ptr<ColumnUpdate> up, double rcond_min) {
  const std::size_t k = up->cols_.size();
  Eigen::MatrixXd c = Eigen::MatrixXd::Identity(Eigen::Index(k), Eigen::Index(k));
  for (std::size_t q = 0; q < k; ++q)
    for (std::size_t p = 0; p < k; ++p) c(Eigen::Index(p), Eigen::Index(q)) -= up->z_(up->cols_[p], q);
  auto f = std::make_unique<Factors>();
  f->c.compute(c);
  // C's reciprocal condition estimate, and its distance to singularity against I_k (1 / ||C^-1||_1:
  // for k = 1 the condition number is always 1, however near zero C is).
  if (k > 0) {
    const double inv_norm = f->c.inverse().cwiseAbs().colwise().sum().maxCoeff();
    if (!(std::min(f->c.rcond(), 1.0 / inv_norm) >= rcond_min)) return nullptr;
  }
  f->ct.compute(c.transpose());
  up->lu_ = std::move(f);
  return up;
}

void ColumnUpdate::correct(double* b, std::size_t k) const {
  if (cols_.empty() || k == 0) return;
  const std::size_t n = z_.rows(), q = cols_.size();
  Eigen::MatrixXd eu(static_cast<Eigen::Index>(q), static_cast<Eigen::Index>(k));  // E'u
  for (std::size_t c = 0; c < k; ++c)
    for (std::size_t p = 0; p < q; ++p) eu(Eigen::Index(p), Eigen::Index(c)) = b[c * n + cols_[p]];
  linalg::MapM(b, Eigen::Index(n), Eigen::Index(k)) += linalg::view(z_) * lu_->c.solve(eu);
}

void ColumnUpdate::prepare_left(Matrix& x, const LeftSolve& base) const {
  if (cols_.empty() || x.rows() == 0) return;
  Matrix u = x;
  base(u);
  const Eigen::MatrixXd ud = linalg::view(u) * linalg::view(d_);            // c B^-1 D
  const Eigen::MatrixXd w = lu_->ct.solve(ud.transpose()).transpose();     // (c B^-1 D) C^-1
  for (std::size_t p = 0; p < cols_.size(); ++p)
    for (std::size_t r = 0; r < x.rows(); ++r) x(r, cols_[p]) += w(Eigen::Index(r), Eigen::Index(p));
}

DirectChange::DirectChange(std::vector<std::size_t> cols, std::shared_ptr<const Matrix> d, double factor)
    : cols_(std::move(cols)), d_(std::move(d)), factor_(factor), rows_(d_ ? d_->rows() : 0) {
  if (!d_ || d_->cols() != cols_.size())
    throw Error("DirectChange: the change has " + std::to_string(d_ ? d_->cols() : 0) + " columns for " +
                std::to_string(cols_.size()) + " changed columns");
  for (std::size_t c : cols_)
    if (c >= d_->rows()) throw Error("DirectChange: column " + std::to_string(c) + " is outside A");
}

DirectChange::DirectChange(std::vector<std::size_t> cols, std::size_t n) : cols_(std::move(cols)), rows_(n) {
  for (std::size_t c : cols_)
    if (c >= n) throw Error("DirectChange: column " + std::to_string(c) + " is outside A");
}

const Matrix& DirectChange::change() const {
  if (!d_) throw Error("DirectChange: a change stored by blocks has no D");
  return *d_;
}

std::shared_ptr<const DirectChange> DirectChange::scaled(double by) const {
  return std::make_shared<const DirectChange>(cols_, d_, factor_ * by);
}

void DirectChange::add(const double* x, double* y, std::size_t k, std::size_t ld, bool transposed) const {
  const std::size_t n = change().rows(), q = cols_.size();
  if (q == 0 || k == 0) return;
  if (ld < n) throw Error("DirectChange::add: columns of " + std::to_string(ld) + " rows for a change of " +
                          std::to_string(n));
  using Eigen::Index;
  using Strided = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;
  using StridedM = Eigen::Map<Eigen::MatrixXd, 0, Eigen::OuterStride<>>;
  const Strided xv(x, Index(n), Index(k), Eigen::OuterStride<>(Index(ld)));
  StridedM yv(y, Index(n), Index(k), Eigen::OuterStride<>(Index(ld)));
  const linalg::MapC d = linalg::view(*d_);
  Eigen::MatrixXd e(static_cast<Index>(q), static_cast<Index>(k));  // E'x, or D'x
  if (!transposed) {
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t p = 0; p < q; ++p) e(Index(p), Index(c)) = factor_ * x[c * ld + cols_[p]];
    linalg::product(d, e, yv, false, true);
    return;
  }
  linalg::product(d, xv, e, true);
  for (std::size_t c = 0; c < k; ++c)
    for (std::size_t p = 0; p < q; ++p) y[c * ld + cols_[p]] += factor_ * e(Index(p), Index(c));
}

namespace {

// f with d = f e entry by entry to within DirectChanges::proportional_tolerance, or 0 where there is none.
double proportion(const Matrix& d, const Matrix& e) {
  const std::size_t size = d.rows() * d.cols();
  if (e.rows() != d.rows() || e.cols() != d.cols() || size == 0) return 0.0;
  const double* a = d.data();
  const double* b = e.data();
  std::size_t top = 0;
  for (std::size_t i = 1; i < size; ++i)
    if (std::abs(b[i]) > std::abs(b[top])) top = i;
  if (!(std::abs(b[top]) > 0)) return 0.0;
  const double f = a[top] / b[top];
  for (std::size_t i = 0; i < size; ++i)
    if (!(std::abs(a[i] - f * b[i]) <= DirectChanges::proportional_tolerance * std::abs(a[i]))) return 0.0;
  return f;
}

}  // namespace

std::size_t DirectChanges::add(std::vector<std::size_t> cols, Matrix d) {
  for (const auto& c : changes_) {
    if (c->cols() != cols || !c->dense()) continue;
    const double f = proportion(d, c->change());
    if (f == 0.0) continue;
    changes_.push_back(c->scaled(f / c->factor()));
    fills_.emplace_back();
    blocks_.reset();
    return changes_.size() - 1;
  }
  changes_.push_back(std::make_shared<const DirectChange>(std::move(cols), std::make_shared<const Matrix>(std::move(d))));
  fills_.emplace_back();
  blocks_.reset();
  return changes_.size() - 1;
}

std::size_t DirectChanges::add(std::vector<std::size_t> cols, std::size_t n, FillColumn fill) {
  changes_.push_back(std::make_shared<const DirectChange>(std::move(cols), n));
  fills_.push_back(std::move(fill));
  blocks_.reset();
  return changes_.size() - 1;
}

// The changes by blocks (factor_by_blocks): for industry i, the patterns p (R each, the columns of an
// R x G_i matrix, entry 1 in their region) and, for change g, column q: D_g(u S + i, q) = f F_g(q, i) p(u),
// p = patterns[i][pattern_g(q, i)] (no term where F_g(q, i) = 0).
struct DirectChanges::Blocks {
  std::size_t regions = 0, industries = 0;
  std::vector<std::vector<double>> patterns;  // per industry: R x G_i, column-major
  std::vector<std::size_t> count;             // per industry: G_i
  struct Change {
    std::vector<double> factor;         // k x S, column-major (industry i's factors in column i), times the change's factor
    std::vector<std::size_t> pattern;   // k x S: the pattern of (q, i)
  };
  std::vector<Change> changes;  // one per change
};

bool DirectChanges::factor_by_blocks(std::size_t industries) {
  blocks_.reset();
  if (changes_.empty()) return false;
  if (industries == 0) return dense();  // tables given column by column still get their D's
  const std::size_t n = changes_.front()->rows(), S = industries, R = n / S;
  if (R * S != n) return dense();
  auto b = std::make_shared<Blocks>();
  b->regions = R, b->industries = S;
  b->patterns.assign(S, {});
  b->count.assign(S, 0);
  std::vector<std::vector<std::size_t>> region_of(S), pivot_of(S);  // per industry: each pattern's region, its entry 1
  std::vector<double> filled;                          // a column given by its FillColumn
  for (std::size_t g = 0; g < changes_.size(); ++g) {
    const DirectChange& c = *changes_[g];
    const std::size_t k = c.cols().size();
    if (c.rows() != n) return dense();
    Blocks::Change bc{std::vector<double>(k * S, 0.0), std::vector<std::size_t>(k * S, 0)};
    for (std::size_t q = 0; q < k; ++q) {
      const std::size_t r = c.cols()[q] / S;
      const double* col = nullptr;
      if (fills_[g]) {
        filled.assign(n, 0.0);
        fills_[g](q, filled.data());
        col = filled.data();
      } else {
        col = c.change().data() + q * n;
      }
      for (std::size_t i = 0; i < S; ++i) {
        double top = 0;
        std::size_t at = R;  // the largest entry's region
        bool finite = true;
        for (std::size_t u = 0; u < R; ++u) {
          const double a = std::abs(col[u * S + i]);
          finite = finite && std::isfinite(a);
          if (a > top) top = a, at = u;
        }
        if (!finite) return dense();
        if (top == 0) continue;  // no change of this block
        // the pattern is the block over its own-region entry, or over its largest where that is zero
        // (a local area of several regions whose own region sells none of industry i)
        const std::size_t v = col[r * S + i] != 0 ? r : at;
        const double own = col[v * S + i];
        const double slack = pattern_tolerance * top;
        std::vector<double>& p = b->patterns[i];
        std::size_t pg = 0;
        for (; pg < b->count[i]; ++pg) {
          if (region_of[i][pg] != r || pivot_of[i][pg] != v) continue;
          const double* pp = p.data() + pg * R;
          std::size_t u = 0;
          while (u < R && std::abs(col[u * S + i] - own * pp[u]) <= slack) ++u;
          if (u == R) break;
        }
        if (pg == b->count[i]) {  // a new pattern: the block over its pivot entry
          for (std::size_t u = 0; u < R; ++u) p.push_back(u == v ? 1.0 : col[u * S + i] / own);
          region_of[i].push_back(r);
          pivot_of[i].push_back(v);
          ++b->count[i];
        }
        bc.factor[q + i * k] = c.factor() * own;
        bc.pattern[q + i * k] = pg;
      }
    }
    b->changes.push_back(std::move(bc));
  }
  blocks_ = std::move(b);
  return true;
}

bool DirectChanges::dense() {
  for (std::size_t g = 0; g < changes_.size(); ++g) {
    if (!fills_[g]) continue;
    const DirectChange& c = *changes_[g];
    const std::size_t n = c.rows(), k = c.cols().size();
    auto d = std::make_shared<Matrix>(n, k, 0.0);
    for (std::size_t q = 0; q < k; ++q) fills_[g](q, d->data() + q * n);
    changes_[g] = std::make_shared<const DirectChange>(c.cols(), std::move(d));
    fills_[g] = nullptr;
  }
  return false;
}

void DirectChanges::column(std::size_t g, std::size_t q, double* out) const {
  const DirectChange& c = *changes_.at(g);
  const std::size_t n = c.rows(), k = c.cols().size();
  if (q >= k) throw Error("DirectChanges::column: column " + std::to_string(q) + " of a change of " + std::to_string(k));
  if (!blocks_) {
    const double* d = c.change().data() + q * n;
    for (std::size_t i = 0; i < n; ++i) out[i] = c.factor() * d[i];
    return;
  }
  const Blocks& b = *blocks_;
  const Blocks::Change& bc = b.changes[g];
  const std::size_t R = b.regions, S = b.industries;
  std::fill(out, out + n, 0.0);
  for (std::size_t i = 0; i < S; ++i) {
    const double f = bc.factor[q + i * k];
    if (f == 0) continue;
    const double* p = b.patterns[i].data() + bc.pattern[q + i * k] * R;
    for (std::size_t u = 0; u < R; ++u) out[u * S + i] = f * p[u];
  }
}

// By blocks, for every column at once: per industry i, W_i (G_i x k) gathers each column's E'x times
// its change's factors into its patterns, then y's rows of industry i get P_i W_i (R x G_i times
// G_i x k). Transposed: V_i = P_i' X_i (X_i the rows of industry i), then y's changed rows get their
// factors times V_i.
void DirectChanges::add_blocks(const double* x, double* y, const std::size_t* ids, std::size_t k, std::size_t ld,
                               bool transposed, const std::vector<std::size_t>& set) const {
  using Eigen::Index;
  const Blocks& b = *blocks_;
  const std::size_t R = b.regions, S = b.industries;
  if (ld < R * S) throw Error("DirectChanges::add: columns of " + std::to_string(ld) + " rows for a change of " +
                              std::to_string(R * S));
  std::vector<std::size_t> of(k);
  for (std::size_t c = 0; c < k; ++c) of[c] = set.at(ids[c]);
  std::vector<Eigen::MatrixXd> v(transposed ? S : 0);  // transposed: V_i, G_i x k
  const bool threads = double(R) * double(S) * double(k) > 1e5;
#pragma omp parallel for schedule(static) if (threads)
  for (std::size_t i = 0; i < S; ++i) {
    const std::size_t G = b.count[i];
    if (G == 0) continue;
    const linalg::MapC p(b.patterns[i].data(), Index(R), Index(G));
    Eigen::MatrixXd xi(static_cast<Index>(R), static_cast<Index>(k));
    if (transposed) {
      for (std::size_t c = 0; c < k; ++c)
        for (std::size_t u = 0; u < R; ++u) xi(Index(u), Index(c)) = x[c * ld + u * S + i];
      v[i].noalias() = p.transpose() * xi;
      continue;
    }
    Eigen::MatrixXd w = Eigen::MatrixXd::Zero(Index(G), Index(k));
    for (std::size_t c = 0; c < k; ++c) {
      const DirectChange& ch = *changes_[of[c]];
      const Blocks::Change& bc = b.changes[of[c]];
      const std::size_t kq = ch.cols().size();
      for (std::size_t q = 0; q < kq; ++q) {
        const double f = bc.factor[q + i * kq];
        if (f != 0) w(Index(bc.pattern[q + i * kq]), Index(c)) += f * x[c * ld + ch.cols()[q]];
      }
    }
    xi.noalias() = p * w;
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t u = 0; u < R; ++u) y[c * ld + u * S + i] += xi(Index(u), Index(c));
  }
  if (!transposed) return;
  // y's changed rows are the buying columns, which every industry's blocks reach: added in order
  for (std::size_t c = 0; c < k; ++c) {
    const DirectChange& ch = *changes_[of[c]];
    const Blocks::Change& bc = b.changes[of[c]];
    const std::size_t kq = ch.cols().size();
    for (std::size_t q = 0; q < kq; ++q) {
      double sum = 0;
      for (std::size_t i = 0; i < S; ++i) {
        const double f = bc.factor[q + i * kq];
        if (f != 0) sum += f * v[i](Index(bc.pattern[q + i * kq]), Index(c));
      }
      y[c * ld + ch.cols()[q]] += sum;
    }
  }
}

// One product with each distinct D over the columns that use it: E'x of every such column times its
// change's factor (or D'x, scattered with the factor when transposed).
void DirectChanges::add(const double* x, double* y, const std::size_t* ids, std::size_t k, std::size_t ld,
                        bool transposed, const std::vector<std::size_t>& set) const {
  using Eigen::Index;
  if (blocks_) return add_blocks(x, y, ids, k, ld, transposed, set);
  std::vector<bool> done(k, false);
  for (std::size_t c0 = 0; c0 < k; ++c0) {
    if (done[c0]) continue;
    const DirectChange& first = *changes_.at(set.at(ids[c0]));
    std::vector<std::size_t> same;  // the columns whose change shares first's D
    for (std::size_t c = c0; c < k; ++c)
      if (!done[c] && &changes_.at(set.at(ids[c]))->change() == &first.change()) same.push_back(c), done[c] = true;
    const Matrix& d = first.change();
    const std::vector<std::size_t>& cols = first.cols();
    const std::size_t n = d.rows(), q = cols.size(), m = same.size();
    if (q == 0) continue;
    if (ld < n) throw Error("DirectChanges::add: columns of " + std::to_string(ld) + " rows for a change of " +
                            std::to_string(n));
    Eigen::MatrixXd e(static_cast<Index>(q), static_cast<Index>(m));
    if (!transposed) {
      for (std::size_t c = 0; c < m; ++c) {
        const double f = changes_[set[ids[same[c]]]]->factor();
        for (std::size_t p = 0; p < q; ++p) e(Index(p), Index(c)) = f * x[same[c] * ld + cols[p]];
      }
      if (m == k) {  // every column: D e added to y as it stands
        Eigen::Map<Eigen::MatrixXd, 0, Eigen::OuterStride<>> yv(y, Index(n), Index(k), Eigen::OuterStride<>(Index(ld)));
        linalg::product(linalg::view(d), e, yv, false, true);
        continue;
      }
      Eigen::MatrixXd de(static_cast<Index>(n), static_cast<Index>(m));
      linalg::product(linalg::view(d), e, de, false);
      for (std::size_t c = 0; c < m; ++c) linalg::MapM(y + same[c] * ld, Index(n), 1) += de.col(Index(c));
      continue;
    }
    Eigen::MatrixXd xs(static_cast<Index>(n), static_cast<Index>(m));
    for (std::size_t c = 0; c < m; ++c) xs.col(Index(c)) = linalg::MapC(x + same[c] * ld, Index(n), 1);
    linalg::product(linalg::view(d), xs, e, true);
    for (std::size_t c = 0; c < m; ++c) {
      const double f = changes_[set[ids[same[c]]]]->factor();
      for (std::size_t p = 0; p < q; ++p) y[same[c] * ld + cols[p]] += f * e(Index(p), Index(c));
    }
  }
}

Matrix coefficient_columns(const MrioStructure& a, const std::vector<std::size_t>& cols) {
  const std::size_t R = a.regions, S = a.industries, n = R * S;
  Matrix out(n, cols.size(), 0.0);
  for (std::size_t q = 0; q < cols.size(); ++q) {
    if (cols[q] >= n) throw Error("coefficient_columns: column " + std::to_string(cols[q]) + " is outside A");
    const std::size_t s = cols[q] / S, j = cols[q] % S;
    const double* d = a.own.data() + s * S * S + j * S;     // D_s(., j)
    const double* m = a.bought.data() + s * S * S + j * S;  // M_s(., j)
    for (std::size_t i = 0; i < S; ++i) {
      const double* t = a.trade.data() + i * R * R + s * R;  // T_i(., s)
      for (std::size_t u = 0; u < R; ++u) out(u * S + i, q) = u == s ? d[i] : t[u] * m[i];
    }
  }
  return out;
}

}  // namespace devolve::solve
