#include "devolve/multipliers.hpp"

#include "devolve/error.hpp"

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
std::vector<double> by_destination(const Model& model, const std::vector<Measure>& ms, const Leontief& lt) {
  const std::size_t n = model.num_sectors(), R = model.num_regions(), S = model.num_industries();
  Matrix c(ms.size() * R, lt.size(), 0.0);
  for (std::size_t m = 0; m < ms.size(); ++m)
    for (std::size_t j = 0; j < n; ++j) c(m * R + j / S, j) = ms[m].coefficient[j];
  const Matrix x = lt.left_solve(c);
  std::vector<double> out(ms.size() * R * n);
  for (std::size_t row = 0; row < c.rows(); ++row)
    for (std::size_t j = 0; j < n; ++j) out[row * n + j] = x(row, j);
  return out;
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
    out.type_ii_by_destination = by_destination(model, out.measures, *type_ii);
    out.has_type_ii = true;
  }
  return out;
}

}  // namespace devolve
