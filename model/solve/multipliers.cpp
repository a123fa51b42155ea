#include "devolve/multipliers.hpp"

#include <Eigen/LU>

#include "devolve/error.hpp"
#include "devolve/household_closure.hpp"
#include "solve/linalg.hpp"

namespace devolve {

std::vector<Measure> measures(const Model& m) {
  const std::size_t n = m.num_sectors();
  std::vector<Measure> out;
  auto per_output = [&](const Vector& totals) {
    Vector c(n, 0.0);
    for (std::size_t j = 0; j < n; ++j)
      if (m.output[j] > 0) c[j] = totals[j] / m.output[j];
    return c;
  };
  out.push_back({"output", "Gross output", m.currency, Vector(n, 1.0)});
  out.push_back({"gva", "Gross value added", m.currency, per_output(m.gva())});
  if (m.primary_with_role(PrimaryRole::compensation) != Model::npos)
    out.push_back({"income", "Household income (compensation of employees)", m.currency, per_output(m.compensation())});
  for (std::size_t i = 0; i < m.indicators.size(); ++i) {
    Vector t(n);
    for (std::size_t j = 0; j < n; ++j) t[j] = m.indicator_totals(i, j);
    out.push_back({m.indicators[i].code, m.indicators[i].name, m.indicators[i].unit, per_output(t)});
  }
  return out;
}

bool supports_type_ii(const Model& m) {
  return m.primary_with_role(PrimaryRole::compensation) != Model::npos &&
         m.category_with_role(FinalDemandRole::households) != Model::npos;
}

double Multipliers::total(const std::vector<double>& v, std::size_t m, std::size_t j) const {
  double s = 0.0;
  for (std::size_t d = 0; d < regions; ++d) s += v[(m * regions + d) * sectors + j];
  return s;
}

namespace {

// Row (m, d) of C holds measure m's coefficients for the sectors of region d and zeros elsewhere
// (including the household block of a Type II system). Then X = C (I - A)^-1 gives, in row (m, d)
// and column j, the effect landing in region d of one unit of final demand for sector j.
Matrix measure_rows(const Model& model, const std::vector<Measure>& ms, std::size_t size) {
  const std::size_t n = model.num_sectors(), R = model.num_regions(), S = model.num_industries();
  Matrix c(ms.size() * R, size, 0.0);
  for (std::size_t m = 0; m < ms.size(); ++m)
    for (std::size_t j = 0; j < n; ++j) c(m * R + j / S, j) = ms[m].coefficient[j];
  return c;
}

// The first n columns of x (k x n or wider), row-major.
template <class X>
std::vector<double> row_major(const X& x, std::size_t n) {
  const std::size_t k = std::size_t(x.rows());
  std::vector<double> out(k * n);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t row = 0; row < k; ++row) out[row * n + j] = x(Eigen::Index(row), Eigen::Index(j));
  return out;
}

std::vector<double> by_destination(const Model& model, const std::vector<Measure>& ms, const Leontief& lt) {
  const Matrix x = lt.left_solve(measure_rows(model, ms, lt.size()));
  return row_major(linalg::view(x), model.num_sectors());
}

// Type II by destination from the Type I answer X_I = C (I - A)^-1 and G = H_r (I - A)^-1, the
// R household rows: the bordered system [[I - A, -H_c], [-H_r, I]] solved on the left gives
// X_II = X_I + X_h G with X_h = X_I H_c S^-1, S = I - G H_c (= I - H_r W of Leontief::with_households,
// whose checks the Type II system has passed). One left solve of R rows instead of M R rows and
// the n x R solve W; the same numbers up to rounding (tests/unit/test_type_ii.cpp).
std::vector<double> type_ii_by_destination(const Model& model, const Leontief& type_i, const std::vector<double>& x_i) {
  const std::size_t n = model.num_sectors(), R = model.num_regions(), k = x_i.size() / n;
  const HouseholdClosure hc = household_closure(model);
  const Matrix g = type_i.left_solve(hc.row);
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> xi(
      x_i.data(), Eigen::Index(k), Eigen::Index(n));
  // Small products (R columns or rows), coefficient by coefficient: Eigen's threaded product
  // would spin-wait for threads that a loaded machine has descheduled.
  const Eigen::MatrixXd gt = linalg::view(g).transpose();  // n x R, columns contiguous
  const Eigen::MatrixXd s = Eigen::MatrixXd::Identity(Eigen::Index(R), Eigen::Index(R)) - gt.transpose().lazyProduct(linalg::view(hc.col));
  const Eigen::MatrixXd b = xi.lazyProduct(linalg::view(hc.col));  // X_I H_c (k x R)
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> xh =
      s.transpose().partialPivLu().solve(b.transpose()).transpose();
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> x_ii = xi + xh.lazyProduct(linalg::view(g));
  std::vector<double> out(x_ii.data(), x_ii.data() + k * n);
  return out;
}

// On the structured solver, Type II rows come from the Type I rows and the income rows among them
// (Leontief::left_solve_from_type_i), so multipliers cost M R transposed Type I solves in all.
std::vector<double> from_type_i(const Model& model, const Multipliers& mu, const Leontief& type_ii) {
  const std::size_t n = mu.sectors, R = mu.regions;
  std::size_t income = 0;
  while (income < mu.measures.size() && mu.measures[income].code != "income") ++income;
  if (income == mu.measures.size()) return by_destination(model, mu.measures, type_ii);
  Matrix rows(R, n);
  for (std::size_t d = 0; d < R; ++d)
    for (std::size_t j = 0; j < n; ++j) rows(d, j) = mu.type_i_in(income, d, j);
  return type_ii.left_solve_from_type_i(mu.type_i_by_destination, rows, mu.measures[income].coefficient);
}

}  // namespace

Multipliers compute_multipliers(const Model& model, const Leontief& type_i, const Leontief* type_ii) {
  if (type_i.closure() != Closure::type_i || type_i.sectors() != model.num_sectors())
    throw Error("compute_multipliers: the first system must be the model's Type I system");
  Multipliers out;
  out.measures = measures(model);
  out.regions = model.num_regions();
  out.sectors = model.num_sectors();
  out.solver = type_i.solver_description();
  out.type_i_by_destination = by_destination(model, out.measures, type_i);
  if (type_ii) {
    if (type_ii->closure() != Closure::type_ii) throw Error("compute_multipliers: the second system must be Type II");
    out.type_ii_by_destination = type_ii->bordered() ? from_type_i(model, out, *type_ii)
                                 : type_ii->solver() == Solver::dense && type_i.solver() == Solver::dense
                                     ? type_ii_by_destination(model, type_i, out.type_i_by_destination)
                                     : by_destination(model, out.measures, *type_ii);
    out.has_type_ii = true;
    if (type_ii->bordered()) out.solver += "; Type II from the Type I rows with " + type_ii->solver_description();
  }
  return out;
}

}  // namespace devolve
