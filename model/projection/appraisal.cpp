#include "projection/appraisal.hpp"

#include <algorithm>
#include <limits>

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

namespace {

// total = impact summed over component, by_region = impact summed over component and industry, in
// one pass over impact (component, measure, year, region, industry): each sum adds its terms in
// the order LabelledArray::sum_over does (row-major), so the same numbers as two sum_over calls.
void sum_components(const LabelledArray& impact, LabelledArray& total, LabelledArray& by_region) {
  total = LabelledArray({impact.dims()[1], impact.dims()[2], impact.dims()[3], impact.dims()[4]});
  by_region = LabelledArray({impact.dims()[1], impact.dims()[2], impact.dims()[3]});
  const std::size_t cells = by_region.size(), S = impact.dims()[4].size(), C = impact.dims()[0].size();
  const double* v = impact.values().data();
  double* tot = total.values().data();
  double* reg = by_region.values().data();
  for (std::size_t c = 0; c < C; ++c)
    for (std::size_t q = 0; q < cells; ++q, v += S) {
      double r = reg[q];
      for (std::size_t i = 0; i < S; ++i) {
        tot[q * S + i] += v[i];
        r += v[i];
      }
      reg[q] = r;
    }
}

}  // namespace

void sum_components(ScenarioResults& res) { sum_components(res.impact, res.total, res.by_region); }

void appraise(ScenarioResults& res) {
  sum_components(res.impact, res.total, res.by_region);
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

namespace devolve::projection {

void both_closures(ScenarioResults& res) {
  const Dimension closure = label_dimension("closure", res.closures);
  const std::size_t H = res.shocks.size(), M = res.measures.size(), Y = res.years.size(),
                    R = res.by_region.dim("region").size(), head = res.headline, other = 1 - head;
  auto stack = [&](const LabelledArray& headline, const LabelledArray& rest) {
    std::vector<Dimension> dims{closure};
    for (const auto& d : headline.dims()) dims.push_back(d);
    LabelledArray out(dims);
    const std::size_t size = headline.size();
    std::copy(headline.values().begin(), headline.values().end(), out.values().begin() + std::ptrdiff_t(head * size));
    std::copy(rest.values().begin(), rest.values().end(), out.values().begin() + std::ptrdiff_t(other * size));
    return out;
  };
  LabelledArray other_landing(res.landing.dims());
  for (std::size_t h = 0; h < H; ++h) {
    std::vector<bool> own(R, false);
    for (std::size_t r : res.shock_regions[h]) own[r] = true;
    for (std::size_t k = 0; k < M; ++k)
      for (std::size_t t = 0; t < Y; ++t)
        for (std::size_t r = 0; r < R; ++r) other_landing(h, own[r] ? 0u : 1u, k, t) += res.other_by_shock(h, k, t, r);
  }
  res.by_shock_by_closure = stack(res.by_shock, res.other_by_shock);
  res.by_region_by_closure = stack(res.by_region, res.other_by_shock.sum_over({"shock"}));
  res.landing_by_closure = stack(res.landing, other_landing);
  if (res.type_ii == "yes") return;
  for (auto* a : {&res.by_shock_by_closure, &res.by_region_by_closure, &res.landing_by_closure}) {
    const std::size_t size = a->size() / 2;
    std::fill(a->values().begin() + std::ptrdiff_t(size), a->values().end(), std::numeric_limits<double>::quiet_NaN());
  }
}

}  // namespace devolve::projection
