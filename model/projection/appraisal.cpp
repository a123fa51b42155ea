#include "projection/appraisal.hpp"

#include <algorithm>

#include "projection/impact.hpp"

namespace devolve::projection {

double green_book_discount_factor(int years_after) {
  double f = 1.0;
  for (int k = 1; k <= years_after; ++k) f /= 1.0 + (k <= 30 ? 0.035 : k <= 75 ? 0.03 : k <= 125 ? 0.025 : 0.02);
  return f;
}

void discount_factors(const Scenario& sc, LabelledArray& df) {
  const std::vector<int> years = sc.years();
  for (std::size_t t = 0; t < years.size(); ++t) df(t) = green_book_discount_factor(years[t] - sc.appraisal_year);
}

void appraise(ScenarioResults& res) {
  res.total = res.impact.sum_over({"component"});
  res.by_region = res.impact.sum_over({"component", "industry"});
  res.cumulative_by_region = res.by_region.sum_over({"year"});
  res.scenario_by_region = res.baseline + res.by_region;
  // PV = sum_t x_t DF_t. present_value fuses each discounted term into the running sum, the
  // supply-side part rounds each term first: both exactly as the results files have always held them.
  const std::vector<double>& df = res.discount_factor.values();
  res.present_value = res.by_region.weighted_sum_over("year", df);
  const auto gva = std::find(res.measures.begin(), res.measures.end(), "gva");
  if (gva == res.measures.end()) {
    res.present_value_supply_side_gva = LabelledArray({res.impact.dim("region")});
    return;
  }
  res.present_value_supply_side_gva = res.impact.select("component", supply_side)
                                          .select("measure", std::size_t(gva - res.measures.begin()))
                                          .scaled_along("year", df)
                                          .sum_over({"year", "industry"});
}

}  // namespace devolve::projection
