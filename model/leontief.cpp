#include "devolve/leontief.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "devolve/error.hpp"
#include "linalg.hpp"
#include "text.hpp"

namespace devolve {

const char* to_string(Closure c) { return c == Closure::type_i ? "I" : "II"; }

// The factors live in lu_storage; PartialPivLU<Ref<>> factorises in place, so (I - A) and its
// factors occupy one dense matrix.
struct Leontief::Impl {
  linalg::Dense storage;
  Eigen::PartialPivLU<Eigen::Ref<linalg::Dense>> lu;
  explicit Impl(linalg::Dense&& m) : storage(std::move(m)), lu(storage) {}
};

Leontief::~Leontief() = default;
Leontief::Leontief(Leontief&&) noexcept = default;
Leontief& Leontief::operator=(Leontief&&) noexcept = default;

HouseholdClosure household_closure(const Model& m) {
  const std::size_t pc = m.primary_with_role(PrimaryRole::compensation);
  const std::size_t hh = m.category_with_role(FinalDemandRole::households);
  if (pc == Model::npos || hh == Model::npos)
    throw ModelError("model '" + m.id + "': Type II needs a primary input with role 'compensation' and a "
                     "final-demand category with role 'households'; this model has " +
                     std::string(pc == Model::npos ? "no compensation row" : "no households category"));
  const std::size_t n = m.num_sectors(), R = m.num_regions(), K = m.num_categories();
  HouseholdClosure h{Matrix(R, n), Matrix(n, R)};
  std::vector<double> income(R, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    const double comp = m.primary(pc, j);
    income[m.region_of(j)] += comp;
    if (m.output[j] > 0) h.row(m.region_of(j), j) = comp / m.output[j];
  }
  for (std::size_t r = 0; r < R; ++r) {
    if (income[r] <= 0) continue;
    for (std::size_t i = 0; i < n; ++i) h.col(i, r) = m.final_demand(i, r * K + hh) / income[r];
  }
  return h;
}

Leontief::Leontief(const Model& m, Closure closure) : closure_(closure) {
  sectors_ = m.num_sectors();
  const std::size_t n = sectors_, R = m.num_regions();
  size_ = closure == Closure::type_ii ? n + R : n;
  linalg::Dense ima = linalg::Dense::Identity(Eigen::Index(size_), Eigen::Index(size_));
  for (std::size_t j = 0; j < n; ++j) {
    const double x = m.output[j];
    if (x <= 0) continue;  // a sector with no output buys nothing: its column of A is zero
    const double inv = 1.0 / x;
    const double* zc = m.z.data() + j * n;
    double* col = ima.data() + j * size_;
    for (std::size_t i = 0; i < n; ++i) col[i] -= zc[i] * inv;
  }
  if (closure == Closure::type_ii) {
    const HouseholdClosure h = household_closure(m);
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t j = 0; j < n; ++j) {
        ima(Eigen::Index(n + r), Eigen::Index(j)) -= h.row(r, j);
        ima(Eigen::Index(j), Eigen::Index(n + r)) -= h.col(j, r);
      }
  }
  // Columns of A summing to 1 or more, named in the error if the system proves unproductive.
  std::string hint;
  int listed = 0;
  for (std::size_t j = 0; j < size_ && listed < 5; ++j) {
    const double s = ima.col(Eigen::Index(j)).sum();  // 1'(I - A) e_j = 1 - (column sum of A)
    if (s <= 0.0) {
      hint += std::string(listed++ ? ", " : "; columns of A summing to 1 or more: ") +
              (j < n ? m.sector_label(j) : "households of " + m.regions[j - n].code) + " (" +
              text::sig(1.0 - s, 6) + ")";
    }
  }
  impl_ = std::make_unique<Impl>(std::move(ima));
  factorise_and_check("model '" + m.id + "' (Type " + to_string(closure) + ")", hint);
}

Leontief::Leontief(const Matrix& a) : closure_(Closure::type_i), size_(a.rows()), sectors_(a.rows()) {
  if (a.rows() != a.cols()) throw Error("Leontief: coefficient matrix is not square");
  linalg::Dense ima = -linalg::view(a);
  ima.diagonal().array() += 1.0;
  impl_ = std::make_unique<Impl>(std::move(ima));
  factorise_and_check("coefficient matrix", "");
}

// Productive (Hawkins-Simon): for A >= 0, (I - A)^-1 exists and is non-negative if and only if the
// solution v of (I - A) v = 1 is strictly positive. One extra solve, no inverse.
void Leontief::factorise_and_check(const std::string& what, const std::string& hint) {
  const linalg::Dense& f = impl_->storage;
  for (Eigen::Index j = 0; j < f.cols(); ++j)
    if (!std::isfinite(f(j, j)) || f(j, j) == 0.0)
      throw ModelError(what + " is singular: (I - A) has a zero pivot at position " + std::to_string(j + 1) +
                       "; the model is not productive" + hint);
  Eigen::VectorXd ones = Eigen::VectorXd::Ones(f.rows());
  Eigen::VectorXd v = impl_->lu.solve(ones);
  Eigen::Index bad = -1;
  for (Eigen::Index i = 0; i < v.size(); ++i)
    if (!(v[i] > 0.0) || !std::isfinite(v[i])) {
      bad = i;
      break;
    }
  if (bad >= 0)
    throw ModelError(what + " is not productive: (I - A)^-1 is not non-negative (the solution of (I - A) v = 1 is " +
                     text::sig(v[bad], 6) + " at position " + std::to_string(bad + 1) +
                     "); some column of A sums to 1 or more, or the household closure spends more than it earns" +
                     hint);
}

Matrix Leontief::solve(const Matrix& b) const {
  if (b.rows() != size_) throw Error("Leontief::solve: right-hand side has the wrong number of rows");
  Matrix x(b.rows(), b.cols());
  linalg::view(x) = impl_->lu.solve(linalg::view(b));
  return x;
}

// X (I - A) = C with P (I - A) = L U:  X P^-1 L U = C. Solve W U = C, then V L = W, then X = V P.
Matrix Leontief::left_solve(const Matrix& c) const {
  if (c.cols() != size_) throw Error("Leontief::left_solve: left-hand side has the wrong number of columns");
  Matrix x = c;
  auto w = linalg::view(x);
  const auto& lu = impl_->lu.matrixLU();
  lu.triangularView<Eigen::Upper>().solveInPlace<Eigen::OnTheRight>(w);
  lu.triangularView<Eigen::UnitLower>().solveInPlace<Eigen::OnTheRight>(w);
  w = w * impl_->lu.permutationP();
  return x;
}

}  // namespace devolve
