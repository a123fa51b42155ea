#include "projection/baseline.hpp"

#include <cmath>
#include <vector>

namespace devolve::projection {

void baseline_path(const Scenario& sc, const Model& m, const std::vector<Measure>& ms, const MeasureIndex& mi,
                   LabelledArray& baseline) {
  const std::vector<int> years = sc.years();
  const std::size_t R = m.num_regions(), T = years.size();
  // The growth factors by (region, year): output's, and per job (output's over productivity's).
  std::vector<double> growth(R * T), per_job(R * T);
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t t = 0; t < T; ++t) {
      growth[r * T + t] = std::pow(1.0 + sc.baseline.growth[r], years[t] - m.base_year);
      per_job[r * T + t] = growth[r * T + t] / std::pow(1.0 + sc.baseline.productivity[r], years[t] - m.base_year);
    }
  for (std::size_t k = 0; k < ms.size(); ++k) {
    const std::vector<double>& g = k == mi.jobs || k == mi.fte ? per_job : growth;
    for (std::size_t j = 0; j < m.num_sectors(); ++j) {
      const std::size_t r = m.region_of(j);
      const double base = ms[k].coefficient[j] * m.output[j];
      for (std::size_t t = 0; t < T; ++t) baseline(k, t, r) += base * g[r * T + t];
    }
  }
}

}  // namespace devolve::projection
