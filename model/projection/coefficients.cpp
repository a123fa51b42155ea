#include "projection/coefficients.hpp"

#include <cmath>

namespace devolve::projection {

YearCoefficients year_coefficients(const Scenario& sc, const Model& m, const std::vector<Measure>& ms,
                                   const MeasureIndex& mi) {
  const std::vector<int> years = sc.years();
  YearCoefficients coef(years.size(), std::vector<Vector>(ms.size()));
  for (std::size_t t = 0; t < years.size(); ++t)
    for (std::size_t k = 0; k < ms.size(); ++k) {
      coef[t][k] = ms[k].coefficient;
      if (k != mi.jobs && k != mi.fte) continue;
      for (std::size_t j = 0; j < m.num_sectors(); ++j)
        coef[t][k][j] /= std::pow(1.0 + sc.baseline.productivity[m.region_of(j)], years[t] - m.base_year);
    }
  return coef;
}

void apply_productivity_shocks(const Scenario& sc, const Model& m, const MeasureIndex& mi, YearCoefficients& coef,
                               ImpactAccumulator& acc) {
  const std::vector<int> years = sc.years();
  for (std::size_t h = 0; h < sc.shocks.size(); ++h) {
    const Shock& sh = sc.shocks[h];
    if (sh.type != Shock::Type::productivity) continue;
    const double f = sh.additionality.factor();
    for (std::size_t t = 0; t < years.size(); ++t) {
      for (std::size_t j = 0; j < m.num_sectors(); ++j) {
        if (!sh.region_mask[m.region_of(j)] || !sh.industry_mask[m.industry_of(j)]) continue;
        const double rate = sh.region_change.empty() ? sh.change : sh.region_change[m.region_of(j)];
        const double g = rate * sh.coverage * sh.phase[t] * f;
        const double output_t = m.output[j] * std::pow(1.0 + sc.baseline.growth[m.region_of(j)], years[t] - m.base_year);
        auto change = [&](std::size_t k, double factor) {
          if (k >= mi.count) return;
          const double before = coef[t][k][j];
          coef[t][k][j] = before * factor;
          acc.add(productivity, k, t, j, (coef[t][k][j] - before) * output_t, h);
        };
        if (sh.measure == "jobs") {
          change(mi.jobs, 1.0 / (1.0 + g));
          change(mi.fte, 1.0 / (1.0 + g));
        } else {
          change(mi.gva, 1.0 + g);
          change(mi.income, 1.0 + g);
        }
      }
    }
  }
}

}  // namespace devolve::projection
