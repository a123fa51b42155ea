#include "projection/gaps.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace devolve::projection {

namespace {

// The regions lying wholly inside a built-in group's ITL1 regions (Model::regions_inside_itl1: an
// ITL area by its code, an area of local authorities by the ITL1 regions of its LADs, `of` the
// model's itl1s_of_regions read once for both groups); an area crossing the group's boundary is in
// neither group.
std::vector<std::size_t> group_regions(const std::vector<std::vector<std::string>>& of, const std::string& group) {
  return Model::regions_inside_itl1(of, builtin_region_group(group));
}

// Population-weighted coefficient of variation of GVA per head across regions, and the ratio of
// the highest to the lowest, from GVA g and population p by region.
std::pair<double, double> dispersion(const std::vector<double>& g, const std::vector<double>& p) {
  double pop = 0, mean = 0, var = 0, hi = -1e300, lo = 1e300;
  for (std::size_t r = 0; r < g.size(); ++r) pop += p[r], mean += g[r];
  mean /= pop;
  for (std::size_t r = 0; r < g.size(); ++r) {
    const double x = g[r] / p[r];
    var += p[r] * (x - mean) * (x - mean);
    hi = std::max(hi, x), lo = std::min(lo, x);
  }
  return {std::sqrt(var / pop) / mean, hi / lo};
}

}  // namespace

void gva_per_head_and_gaps(const Scenario& sc, const Model& m, ScenarioResults& res) {
  const auto gva_it = std::find(res.measures.begin(), res.measures.end(), "gva");
  if (m.population.empty() || gva_it == res.measures.end()) return;
  const std::size_t gva = std::size_t(gva_it - res.measures.begin()), R = m.num_regions();
  const std::vector<int> years = sc.years();
  const std::vector<double> extra = m.extra_regio_gva();
  const auto of = m.itl1s_of_regions();
  const auto north = group_regions(of, "north"), gse = group_regions(of, "greater_south_east");
  for (std::size_t c = 0; c < 2; ++c)
    for (std::size_t t = 0; t < years.size(); ++t) {
      std::vector<double> g(R);
      for (std::size_t r = 0; r < R; ++r) {
        const double growth = sc.baseline.factor("gva", false, r, t, years[t] - m.base_year);
        g[r] = res.baseline(gva, t, r) - extra[r] * growth + (c ? res.by_region(gva, t, r) : 0.0);
        res.gva_per_head(c, t, r) = g[r] * 1e6 / m.population[r];
      }
      auto per_head = [&](const std::vector<std::size_t>& rs) {
        double gs = 0, ps = 0;
        for (auto r : rs) gs += g[r], ps += m.population[r];
        return ps > 0 ? gs / ps : std::numeric_limits<double>::quiet_NaN();
      };
      if (!north.empty() && !gse.empty()) res.gaps(c, t, 0) = per_head(north) / per_head(gse);
      std::tie(res.gaps(c, t, 1), res.gaps(c, t, 2)) = dispersion(g, m.population);
    }
}

}  // namespace devolve::projection
