#include "projection/baseline.hpp"

#include <cmath>

namespace devolve::projection {

void baseline_path(const Scenario& sc, const Model& m, const std::vector<Measure>& ms, const MeasureIndex& mi,
                   LabelledArray& baseline) {
  const std::vector<int> years = sc.years();
  for (std::size_t k = 0; k < ms.size(); ++k)
    for (std::size_t j = 0; j < m.num_sectors(); ++j) {
      const std::size_t r = m.region_of(j);
      const double base = ms[k].coefficient[j] * m.output[j];
      for (std::size_t t = 0; t < years.size(); ++t) {
        double g = std::pow(1.0 + sc.baseline.growth[r], years[t] - m.base_year);
        if (k == mi.jobs || k == mi.fte) g /= std::pow(1.0 + sc.baseline.productivity[r], years[t] - m.base_year);
        baseline(k, t, r) += base * g;
      }
    }
}

}  // namespace devolve::projection
