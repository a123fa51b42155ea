#include "projection/coefficients.hpp"

#include <cmath>
#include <vector>

namespace devolve::projection {

YearCoefficients year_coefficients(const Scenario& sc, const Model& m, const std::vector<Measure>& ms,
                                   const MeasureIndex& mi) {
  const std::vector<int> years = sc.years();
  YearCoefficients coef(years.size(), std::vector<Vector>(ms.size()));
  for (std::size_t t = 0; t < years.size(); ++t)
    for (std::size_t k = 0; k < ms.size(); ++k) {
      coef[t][k] = ms[k].coefficient;
      if (k != mi.jobs && k != mi.fte) continue;
      // One divisor a region (a power and two lookups), not one a sector: the same values.
      std::vector<double> divisor(m.num_regions());
      for (std::size_t r = 0; r < divisor.size(); ++r)
        divisor[r] = sc.baseline.per_job_divisor(ms[k].code, r, t, years[t] - m.base_year);
      const std::size_t S = m.num_industries();  // region r's sectors are r S .. r S + S - 1
      for (std::size_t r = 0; r < divisor.size(); ++r)
        for (std::size_t j = r * S; j < (r + 1) * S; ++j) coef[t][k][j] /= divisor[r];
    }
  return coef;
}

double productivity_uplift(const Model& m, const Shock& sh, std::size_t t, std::size_t j) {
  if (!sh.region_mask[m.region_of(j)] || !sh.industry_mask[m.industry_of(j)]) return 0.0;
  const double rate = sh.region_change.empty() ? sh.change : sh.region_change[m.region_of(j)];
  return rate * sh.coverage * sh.phase[t] * sh.additionality.factor();
}

double projected_output(const Scenario& sc, const Model& m, std::size_t t, std::size_t j) {
  return m.output[j] * sc.baseline.factor("output", false, m.region_of(j), t, sc.first_year + int(t) - m.base_year);
}

void apply_productivity_shocks(const Scenario& sc, const Model& m, const MeasureIndex& mi, YearCoefficients& coef,
                               ImpactAccumulator& acc) {
  const std::size_t Y = sc.years().size();
  for (std::size_t h = 0; h < sc.shocks.size(); ++h) {
    const Shock& sh = sc.shocks[h];
    if (sh.type != Shock::Type::productivity) continue;
    for (std::size_t t = 0; t < Y; ++t) {
      for (std::size_t j = 0; j < m.num_sectors(); ++j) {
        const double g = productivity_uplift(m, sh, t, j);
        if (g == 0) continue;
        const double output_t = projected_output(sc, m, t, j);
        // Both forms raise output per job by 1 + g: jobs and FTE per unit of output fall. With
        // measure jobs output is held, so this releases jobs; with measure gva the jobs are held
        // and the extra output g x is a demand source (final_demand.cpp), whose direct jobs at the
        // new coefficient cancel these exactly.
        for (std::size_t k : {mi.jobs, mi.fte}) {
          if (k >= mi.count) continue;
          const double before = coef[t][k][j];
          coef[t][k][j] = before * (1.0 / (1.0 + g));
          acc.add(productivity, k, t, j, (coef[t][k][j] - before) * output_t, h);
        }
      }
    }
  }
}

}  // namespace devolve::projection
