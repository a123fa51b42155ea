#include "devolve/multipliers.hpp"

#include <Eigen/LU>
#include <algorithm>

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

void Multipliers::sum_destinations() {
  auto sums = [&](const std::vector<double>& v) {
    std::vector<double> out(v.empty() ? 0 : measures.size() * sectors, 0.0);
    for (std::size_t m = 0; m < measures.size() && !v.empty(); ++m)
      for (std::size_t d = 0; d < regions; ++d)
        for (std::size_t j = 0; j < sectors; ++j) out[m * sectors + j] += v[(m * regions + d) * sectors + j];
    return out;
  };
  type_i_totals = sums(type_i_by_destination);
  type_ii_totals = sums(type_ii_by_destination);
}

namespace {

// Row (m, d) of C holds measure m's coefficients for the sectors of region d and zeros elsewhere
// (including the household block of a Type II system). Then X = C (I - A)^-1 gives, in row (m, d)
// and column j, the effect landing in region d of one unit of final demand for sector j.
// Rows of `width` values, row after row, (m, d) at (m R + d) width: also C' (width x M R, column-major).
std::vector<double> measure_rows(const Model& model, const std::vector<Measure>& ms, std::size_t width) {
  const std::size_t n = model.num_sectors(), R = model.num_regions(), S = model.num_industries();
  std::vector<double> c(ms.size() * R * width, 0.0);
  for (std::size_t m = 0; m < ms.size(); ++m)
    for (std::size_t j = 0; j < n; ++j) c[(m * R + j / S) * width + j] = ms[m].coefficient[j];
  return c;
}

// Solved in place (the structured solver in chunks of rows): no other copy of C or X is held.
std::vector<double> by_destination(const Model& model, const std::vector<Measure>& ms, const Leontief& lt) {
  const std::size_t n = model.num_sectors(), width = lt.size(), k = ms.size() * model.num_regions();
  std::vector<double> x = measure_rows(model, ms, width);
  lt.left_solve_rows(x.data(), k);
  if (width == n) return x;
  std::vector<double> out(k * n);
  for (std::size_t row = 0; row < k; ++row) std::copy_n(x.begin() + std::ptrdiff_t(row * width), n, out.begin() + std::ptrdiff_t(row * n));
  return out;
}

// On the dense LU the rows go destination-major, row (d, m) zero before column d S, so that
// Leontief::left_solve_trailing solves those of destination d on U's trailing block only.
std::vector<double> dense_by_destination(const Model& model, const std::vector<Measure>& ms, const Leontief& lt) {
  const std::size_t n = model.num_sectors(), R = model.num_regions(), S = model.num_industries(), M = ms.size();
  Matrix x(M * R, n, 0.0);
  std::vector<std::size_t> lead(M * R);
  for (std::size_t d = 0; d < R; ++d)
    for (std::size_t m = 0; m < M; ++m) {
      lead[d * M + m] = d * S;
      for (std::size_t j = d * S; j < (d + 1) * S; ++j) x(d * M + m, j) = ms[m].coefficient[j];
    }
  lt.left_solve_trailing(x, lead);
  std::vector<double> out(M * R * n);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t d = 0; d < R; ++d)
      for (std::size_t m = 0; m < M; ++m) out[(m * R + d) * n + j] = x(d * M + m, j);
  return out;
}

std::size_t income_measure(const std::vector<Measure>& ms) {
  std::size_t income = 0;
  while (income < ms.size() && ms[income].code != "income") ++income;
  return income;
}

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// f(first row, rows) for the two halves of k rows, on two threads where OpenMP has them: for
// products that compute each row's coefficients alone, so the numbers do not depend on the split.
template <class F>
void by_row_halves(std::size_t k, const F& f) {
  const std::size_t half = (k + 1) / 2;
#pragma omp parallel for schedule(static)
  for (int part = 0; part < 2; ++part) {
    const std::size_t r0 = part ? half : 0, r1 = part ? k : half;
    if (r0 < r1) f(Eigen::Index(r0), Eigen::Index(r1 - r0));
  }
}

// Type II by destination from the Type I answer X_I = C (I - A)^-1 and G = H_r (I - A)^-1, the
// R household rows: the bordered system [[I - A, -H_c], [-H_r, I]] solved on the left gives
// X_II = X_I + X_h G with X_h = X_I H_c S^-1, S = I - G H_c (= I - H_r W of Leontief::with_households,
// whose checks the Type II system has passed). H_r = M E, E's row w the income coefficients on
// region w's sectors and M the residence shares, so G = M (E (I - A)^-1), the residence shares
// times the income rows of X_I: no solve beyond Type I's (and not the n x R solve W). The same
// numbers up to rounding (tests/unit/test_type_ii.cpp).
// With `check`, there is no Type II system: Leontief::check_households does its checks from G.
std::vector<double> type_ii_by_destination(const Model& model, const std::vector<Measure>& ms, const Leontief& type_i,
                                           const std::vector<double>& x_i, bool check) {
  const std::size_t n = model.num_sectors(), R = model.num_regions(), k = x_i.size() / n;
  const HouseholdClosure hc = household_closure(model);
  const Eigen::Map<const RowMajor> xi(x_i.data(), Eigen::Index(k), Eigen::Index(n));
  // Small products (R columns or rows), coefficient by coefficient: Eigen's threaded product
  // would spin-wait for threads that a loaded machine has descheduled. The two with k rows run
  // in halves on two threads (by_row_halves): each coefficient is computed as on one.
  const std::size_t income = income_measure(ms);
  RowMajor g;
  if (income < ms.size()) g = linalg::view(residence_shares(model)).lazyProduct(xi.middleRows(Eigen::Index(income * R), Eigen::Index(R)));
  else g = linalg::view(type_i.left_solve(hc.row));
  if (check) {
    Matrix gm(R, n);
    linalg::view(gm) = g;
    type_i.check_households(model, gm);
  }
  const Eigen::MatrixXd s = Eigen::MatrixXd::Identity(Eigen::Index(R), Eigen::Index(R)) - g.lazyProduct(linalg::view(hc.col));
  Eigen::MatrixXd b(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(R));  // X_I H_c (k x R)
  by_row_halves(k, [&](Eigen::Index r, Eigen::Index rows) {
    b.middleRows(r, rows) = xi.middleRows(r, rows).lazyProduct(linalg::view(hc.col));
  });
  const RowMajor xh = s.transpose().partialPivLu().solve(b.transpose()).transpose();
  RowMajor x_ii(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(n));
  by_row_halves(k, [&](Eigen::Index r, Eigen::Index rows) {
    x_ii.middleRows(r, rows) = xi.middleRows(r, rows) + xh.middleRows(r, rows).lazyProduct(g);
  });
  return std::vector<double>(x_ii.data(), x_ii.data() + k * n);
}

// On the structured solver, Type II rows come from the Type I rows and the income rows among them
// (Leontief::left_solve_from_type_i), so multipliers cost M R transposed Type I solves in all.
std::vector<double> from_type_i(const Model& model, const Multipliers& mu, const Leontief& type_ii) {
  const std::size_t n = mu.sectors, R = mu.regions;
  const std::size_t income = income_measure(mu.measures);
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
  out.type_i_by_destination = type_i.solver() == Solver::dense ? dense_by_destination(model, out.measures, type_i)
                                                                : by_destination(model, out.measures, type_i);
  if (type_ii) {
    if (type_ii->closure() != Closure::type_ii) throw Error("compute_multipliers: the second system must be Type II");
    out.type_ii_by_destination = type_ii->bordered() ? from_type_i(model, out, *type_ii)
                                 : type_ii->solver() == Solver::dense && type_i.solver() == Solver::dense
                                     ? type_ii_by_destination(model, out.measures, type_i, out.type_i_by_destination, false)
                                     : by_destination(model, out.measures, *type_ii);
    out.has_type_ii = true;
    if (type_ii->bordered()) out.solver += "; Type II from the Type I rows with " + type_ii->solver_description();
  }
  out.sum_destinations();
  return out;
}

Multipliers compute_multipliers(const Model& model, const Leontief& type_i) {
  if (!supports_type_ii(model)) return compute_multipliers(model, type_i, nullptr);
  if (type_i.solver() == Solver::structured) {
    const Leontief type_ii = type_i.with_households(model);
    return compute_multipliers(model, type_i, &type_ii);
  }
  Multipliers out = compute_multipliers(model, type_i, nullptr);
  out.type_ii_by_destination = type_ii_by_destination(model, out.measures, type_i, out.type_i_by_destination, true);
  out.has_type_ii = true;
  out.sum_destinations();
  return out;
}

}  // namespace devolve
