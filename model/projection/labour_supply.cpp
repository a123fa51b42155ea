#include "projection/labour_supply.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace devolve::projection {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// One region's rates without and with the residence jobs change dE, and its reserve (the formulas
// of labour_supply_account); NaN without base levels.
struct RegionLabour {
  double emp_base = nan, emp = nan, unemp_base = nan, unemp = nan, reserve = nan;
};

RegionLabour region_labour(const LabourSupply& l, const std::array<double, 5>& s, std::size_t r, double dE) {
  RegionLabour out;
  if (l.employed.size() <= r) return out;
  const double fu = s[0] * dE, fi = s[1] * dE, fm = s[3] * dE;
  const double E = l.employed[r], P = l.population_16_64[r], U = l.unemployed_level[r], A = l.active[r];
  out.emp_base = 100.0 * E / P;
  out.emp = 100.0 * (E + fu + fi + fm) / (P + fm);
  out.unemp_base = 100.0 * U / A;
  out.unemp = 100.0 * (U - fu) / (A + fi + fm);
  out.reserve = U + l.inactive_wanting_work * l.inactive_16_64[r];
  return out;
}

}  // namespace

void labour_supply_account(const Scenario& sc, ScenarioResults& res) {
  res.labour_sources = {"unemployed", "inactive", "in_commuting", "in_migration", "displacement"};
  const auto jobs = std::find(res.place_measures.begin(), res.place_measures.end(), "jobs");
  if (jobs == res.place_measures.end()) return;
  const std::size_t q = std::size_t(jobs - res.place_measures.begin());
  const Dimension &year = res.by_place.dim("year"), &region = res.by_place.dim("region");
  const std::size_t Y = year.size(), R = region.size();
  const LabourSupply& l = sc.labour;
  const bool base = l.employed.size() == R;
  res.labour_supply = LabelledArray({label_dimension("labour_source", res.labour_sources), year, region});
  res.labour_rates = LabelledArray({label_dimension("labour_rate", {"employment_rate_16_64", "ilo_unemployment_rate"}),
                                    label_dimension("case", {"baseline", "scenario"}), year, region}, nan);
  res.labour_reserve = LabelledArray({region}, nan);
  res.labour_reserve_exceeded = LabelledArray({year, region}, nan);
  const std::array<double, 5> s = l.shares();
  for (std::size_t r = 0; r < R; ++r) {
    res.labour_reserve(r) = region_labour(l, s, r, 0.0).reserve;
    for (std::size_t t = 0; t < Y; ++t) {
      const double dE = res.by_place(1u, q, t, r);
      for (std::size_t x = 0; x < s.size(); ++x) res.labour_supply(x, t, r) = s[x] * dE;
      if (!base) continue;
      const RegionLabour g = region_labour(l, s, r, dE);
      res.labour_rates(0u, 0u, t, r) = g.emp_base;
      res.labour_rates(0u, 1u, t, r) = g.emp;
      res.labour_rates(1u, 0u, t, r) = g.unemp_base;
      res.labour_rates(1u, 1u, t, r) = g.unemp;
      res.labour_reserve_exceeded(t, r) = dE > g.reserve ? 1.0 : 0.0;
    }
  }
}

bool is_labour_output(const std::string& name) {
  return std::find(labour_outputs.begin(), labour_outputs.end(), name) != labour_outputs.end();
}

void labour_output(const std::vector<double>& residence, const LabourSupply& l, const std::string& name, std::size_t Y,
                   std::size_t R, double* values) {
  const std::array<double, 5> s = l.shares();
  std::vector<double> home(R);
  for (std::size_t t = 0; t < Y; ++t) {
    double* v = values + t * R;
    for (std::size_t r = 0; r < R; ++r) {
      home[r] = residence.empty() ? v[r] : 0.0;
      for (std::size_t w = 0; !residence.empty() && w < R; ++w) home[r] += residence[r * R + w] * v[w];
    }
    for (std::size_t r = 0; r < R; ++r) {
      const RegionLabour g = region_labour(l, s, r, home[r]);
      v[r] = name == "employment_rate_change"     ? g.emp - g.emp_base
             : name == "unemployment_rate_change" ? g.unemp - g.unemp_base
             : l.employed.size() > r              ? (home[r] > g.reserve ? 1.0 : 0.0)
                                                  : nan;
    }
  }
}

}  // namespace devolve::projection
