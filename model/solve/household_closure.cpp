#include "devolve/household_closure.hpp"

#include <cmath>
#include <string>
#include <utility>

#include "devolve/error.hpp"

namespace devolve {

namespace {

bool has_account(const Model& m) { return !m.household_gross_income.empty(); }

void check_account(const Model& m) {
  const std::size_t R = m.num_regions();
  if (m.residence_share.rows() != R || m.residence_share.cols() != R || m.household_gross_income.size() != R ||
      m.household_gdhi.size() != R)
    throw ModelError("model '" + m.id + "': the household account needs an R x R residence share and R values of "
                     "GDHI and gross income (R = " + std::to_string(R) + ")");
  for (std::size_t w = 0; w < R; ++w) {
    double s = 0;
    for (std::size_t r = 0; r < R; ++r) s += m.residence_share(r, w);
    if (std::abs(s - 1.0) > 1e-6)
      throw ModelError("model '" + m.id + "': the residence shares of workplace region " + m.regions[w].code +
                       " add up to " + std::to_string(s) + ", not 1");
    if (!(m.household_gross_income[w] > 0))
      throw ModelError("model '" + m.id + "': residents' gross income of " + m.regions[w].code + " is not positive");
  }
}

// The compensation row and households category of the closure; throws if either is missing.
std::pair<std::size_t, std::size_t> closure_roles(const Model& m) {
  const std::size_t pc = m.primary_with_role(PrimaryRole::compensation);
  const std::size_t hh = m.category_with_role(FinalDemandRole::households);
  if (pc == Model::npos || hh == Model::npos)
    throw ModelError("model '" + m.id + "': Type II needs a primary input with role 'compensation' and a "
                     "final-demand category with role 'households'; this model has " +
                     std::string(pc == Model::npos ? "no compensation row" : "no households category"));
  return {pc, hh};
}

}  // namespace

Vector residents_compensation(const Model& m, const Vector& workplace) {
  const std::size_t R = m.num_regions();
  if (!has_account(m)) return workplace;
  check_account(m);
  Vector out(R, 0.0);
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t w = 0; w < R; ++w) out[r] += m.residence_share(r, w) * workplace[w];
  return out;
}

HouseholdClosure household_closure(const Model& m) {
  const auto [pc, hh] = closure_roles(m);
  const std::size_t n = m.num_sectors(), R = m.num_regions(), K = m.num_categories();
  const bool account = has_account(m);
  if (account) check_account(m);
  HouseholdClosure h{Matrix(R, n), Matrix(n, R)};
  Vector earned(R, 0.0);  // compensation earned in each workplace region
  const std::size_t S = m.num_industries();  // region w's sectors are w S .. w S + S - 1
  for (std::size_t w = 0; w < R; ++w)
    for (std::size_t j = w * S; j < (w + 1) * S; ++j) {
      const double comp = m.primary(pc, j);
      earned[w] += comp;
      if (!(m.output[j] > 0)) continue;
      if (!account) {
        h.row(w, j) = comp / m.output[j];
        continue;
      }
      const double* share = m.residence_share.data() + w * R;  // column w
      double* row = h.row.data() + j * R;                      // column j
      const double x = m.output[j];
      for (std::size_t r = 0; r < R; ++r) row[r] = share[r] * comp / x;
    }
  // Income base of each residence region's consumption: residents' gross income with an account,
  // else the compensation earned in the region.
  const Vector& base = account ? m.household_gross_income : earned;
  for (std::size_t r = 0; r < R; ++r) {
    if (base[r] <= 0) continue;
    double* col = h.col.data() + r * n;
    if (m.factored_final_demand) {
      for (std::size_t i = 0; i < n; ++i) col[i] = m.final_use(i, r * K + hh) / base[r];
      continue;
    }
    const double* spent = m.final_demand.data() + (r * K + hh) * n;  // final_use's column, unfactored
    const double b = base[r];
    for (std::size_t i = 0; i < n; ++i) col[i] = spent[i] / b;
  }
  return h;
}

Matrix residence_shares(const Model& m) {
  const std::size_t R = m.num_regions();
  if (has_account(m)) {
    check_account(m);
    return m.residence_share;
  }
  Matrix out(R, R, 0.0);
  for (std::size_t r = 0; r < R; ++r) out(r, r) = 1.0;
  return out;
}

Vector household_income_base(const Model& m) {
  if (has_account(m)) {
    check_account(m);
    return m.household_gross_income;
  }
  const std::size_t pc = m.primary_with_role(PrimaryRole::compensation);
  Vector earned(m.num_regions(), 0.0);
  if (pc != Model::npos)
    for (std::size_t j = 0; j < m.num_sectors(); ++j) earned[m.region_of(j)] += m.primary(pc, j);
  return earned;
}

Vector household_consumption(const Model& m, std::size_t r) {
  const std::size_t hh = closure_roles(m).second, n = m.num_sectors(), K = m.num_categories();
  const double base = household_income_base(m)[r];
  Vector out(n, 0.0);
  if (base > 0)
    for (std::size_t i = 0; i < n; ++i) out[i] = m.final_use(i, r * K + hh) / base;
  return out;
}

Vector consumption_propensity(const Model& m) {
  const HouseholdClosure h = household_closure(m);
  Vector out(m.num_regions(), 0.0);
  for (std::size_t r = 0; r < m.num_regions(); ++r)
    for (std::size_t i = 0; i < m.num_sectors(); ++i) out[r] += h.col(i, r);
  return out;
}

}  // namespace devolve
