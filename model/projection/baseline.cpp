#include "projection/baseline.hpp"

#include <vector>

namespace devolve::projection {

void baseline_path(const Scenario& sc, const Model& m, const std::vector<Measure>& ms, const MeasureIndex& mi,
                   LabelledArray& baseline) {
  const std::vector<int> years = sc.years();
  const std::size_t R = m.num_regions(), T = years.size();
  for (std::size_t k = 0; k < ms.size(); ++k) {
    // The factors by (region, year): the trend growth, over productivity's for jobs and FTE, times
    // the year's national control s_{k,t}.
    std::vector<double> g(R * T);
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t t = 0; t < T; ++t)
        g[r * T + t] = sc.baseline.factor(ms[k].code, k == mi.jobs || k == mi.fte, r, t, years[t] - m.base_year);
    for (std::size_t j = 0; j < m.num_sectors(); ++j) {
      const std::size_t r = m.region_of(j);
      const double base = ms[k].coefficient[j] * m.output[j];
      for (std::size_t t = 0; t < T; ++t) baseline(k, t, r) += base * g[r * T + t];
    }
  }
}

}  // namespace devolve::projection
