#include "projection/labour_supply.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace devolve::projection {

void labour_supply_account(const Scenario& sc, ScenarioResults& res) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
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
    const double reserve = base ? l.unemployed_level[r] + l.inactive_wanting_work * l.inactive_16_64[r] : nan;
    res.labour_reserve(r) = reserve;
    for (std::size_t t = 0; t < Y; ++t) {
      const double dE = res.by_place(1u, q, t, r);
      for (std::size_t x = 0; x < s.size(); ++x) res.labour_supply(x, t, r) = s[x] * dE;
      if (!base) continue;
      const double fu = s[0] * dE, fi = s[1] * dE, fm = s[3] * dE;
      const double E = l.employed[r], P = l.population_16_64[r], U = l.unemployed_level[r], A = l.active[r];
      res.labour_rates(0u, 0u, t, r) = 100.0 * E / P;
      res.labour_rates(0u, 1u, t, r) = 100.0 * (E + fu + fi + fm) / (P + fm);
      res.labour_rates(1u, 0u, t, r) = 100.0 * U / A;
      res.labour_rates(1u, 1u, t, r) = 100.0 * (U - fu) / (A + fi + fm);
      res.labour_reserve_exceeded(t, r) = dE > reserve ? 1.0 : 0.0;
    }
  }
}

}  // namespace devolve::projection
