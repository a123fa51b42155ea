#include "projection/beyond_gva.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace devolve::projection {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::size_t position(const std::vector<std::string>& v, const std::string& x) {
  return std::size_t(std::find(v.begin(), v.end(), x) - v.begin());
}

// Compensation per FTE by sector and whether it is below the Real Living Wage for a full-time year
// (London's rate in London regions, TLI...): NaN and 0 without FTE, compensation or a GBP million table.
void low_pay(const Model& m, ScenarioResults& res) {
  const Dimension region = res.by_region.dim("region"), industry = res.total.dim("industry");
  res.compensation_per_fte = LabelledArray({region, industry}, nan);
  res.low_pay_industry = LabelledArray({region, industry});
  const auto fte = std::find_if(m.indicators.begin(), m.indicators.end(), [](const Indicator& i) { return i.code == "fte"; });
  if (fte == m.indicators.end() || m.currency != "GBP million" ||
      m.primary_with_role(PrimaryRole::compensation) == Model::npos)
    return;
  const std::size_t f = std::size_t(fte - m.indicators.begin());
  const Vector comp = m.compensation();
  // London's Living Wage for the regions wholly inside London (TLI: an ITL area by its code, a
  // borough or a group of boroughs by its LADs, Model::regions_inside_itl1)
  std::vector<char> in_london(m.num_regions(), 0);
  for (std::size_t r : m.regions_inside_itl1({"TLI"})) in_london[r] = 1;
  for (std::size_t j = 0; j < m.num_sectors(); ++j) {
    const std::size_t r = m.region_of(j), s = m.industry_of(j);
    const double ftes = m.indicator_totals(f, j);
    if (!(ftes > 0)) continue;
    const double per = comp[j] * 1e6 / ftes;
    const bool london = in_london[r];
    res.compensation_per_fte(r, s) = per;
    res.low_pay_industry(r, s) =
        per < (london ? real_living_wage_london_2022 : real_living_wage_uk_2022) * full_time_hours_a_year ? 1.0 : 0.0;
  }
}

void low_pay_share(ScenarioResults& res) {
  const std::size_t jobs = position(res.measures, "jobs"), Y = res.years.size(), R = res.low_pay_industry.dim("region").size(),
                    S = res.low_pay_industry.dim("industry").size();
  res.new_jobs_low_pay_share = LabelledArray({res.by_region.dim("year"), res.by_region.dim("region")}, nan);
  if (jobs == res.measures.size()) return;
  bool any = false;
  for (double v : res.compensation_per_fte.values()) any = any || !std::isnan(v);
  if (!any) return;
  for (std::size_t t = 0; t < Y; ++t)
    for (std::size_t r = 0; r < R; ++r) {
      // Of the gross new jobs (the gains of the industries that gain; Davis, Haltiwanger and Schuh
      // 1996, "gross job creation"), so that losses elsewhere cannot make it negative or above 1.
      double low = 0, all = 0;
      for (std::size_t s = 0; s < S; ++s) {
        const double d = res.total(jobs, t, r, s);
        if (!(d > 0)) continue;
        all += d;
        low += res.low_pay_industry(r, s) * d;
      }
      if (all > 0) res.new_jobs_low_pay_share(t, r) = low / all;
    }
}

// The weight of region r in indicator k's value for all regions together (the denominator of the
// measure, so that the weighted mean is the ratio of the totals): population for the per-head
// measures, population aged 16-64 (with in-migrants in the scenario) for the employment rate, GVA
// of the case for GHG per GVA. NaN where the measure has no such weight.
double gap_weight(const LabourSupply& l, const Model& m, const ScenarioResults& res, std::size_t k, std::size_t c,
                  std::size_t t, std::size_t r) {
  const std::size_t R = m.num_regions(), gva = position(res.measures, "gva");
  switch (k) {
    case 1:
      if (l.population_16_64.size() != R) return nan;
      return l.population_16_64[r] + (c == 1 ? res.labour_supply(3u, t, r) : 0.0);  // in-migrants
    case 4:
      if (gva == res.measures.size()) return nan;
      return c == 0 ? res.baseline(gva, t, r) : res.scenario_by_region(gva, t, r);
    default:
      return m.population.size() == R ? m.population[r] : nan;
  }
}

// Gaps between regions for each measure, case and year (docs/methodology.md, "Gaps in the measures
// beyond GVA"): v_r - V with V = sum w_r v_r / sum w_r over the regions with a value and a weight,
// max - min, and the weighted coefficient of variation sqrt(sum w_r (v_r - V)^2 / sum w_r) / V.
void gaps(const LabourSupply& l, const Model& m, ScenarioResults& res) {
  const Dimension &indicator = res.beyond_gva.dim("indicator"), &kase = res.beyond_gva.dim("case"),
                  &year = res.beyond_gva.dim("year"), &region = res.beyond_gva.dim("region");
  res.beyond_gva_gap = LabelledArray({indicator, kase, year, region}, nan);
  res.beyond_gva_spread = LabelledArray(
      {indicator, kase, year, label_dimension("spread", {"reference", "max_minus_min", "coefficient_of_variation"})}, nan);
  for (std::size_t k = 0; k < indicator.size(); ++k)
    for (std::size_t c = 0; c < kase.size(); ++c)
      for (std::size_t t = 0; t < year.size(); ++t) {
        double sw = 0, swv = 0, hi = -HUGE_VAL, lo = HUGE_VAL;
        for (std::size_t r = 0; r < region.size(); ++r) {
          const double v = res.beyond_gva(k, c, t, r), w = gap_weight(l, m, res, k, c, t, r);
          if (!std::isfinite(v) || !(w > 0)) continue;
          sw += w, swv += w * v, hi = std::max(hi, v), lo = std::min(lo, v);
        }
        if (!(sw > 0)) continue;
        const double ref = swv / sw;
        double var = 0;
        for (std::size_t r = 0; r < region.size(); ++r) {
          const double v = res.beyond_gva(k, c, t, r), w = gap_weight(l, m, res, k, c, t, r);
          if (!std::isfinite(v) || !(w > 0)) continue;
          res.beyond_gva_gap(k, c, t, r) = v - ref;
          var += w * (v - ref) * (v - ref);
        }
        res.beyond_gva_spread(k, c, t, 0u) = ref;
        res.beyond_gva_spread(k, c, t, 1u) = hi - lo;
        res.beyond_gva_spread(k, c, t, 2u) = ref != 0 ? std::sqrt(var / sw) / ref : nan;
      }
}

}  // namespace

void beyond_gva_measures(const Scenario& sc, const Model& m, ScenarioResults& res) {
  res.indicators = {"gdhi_per_head", "employment_rate_16_64", "jobs_per_1000_residents", "ghg_per_head", "ghg_per_gva"};
  res.indicator_units = {"GBP per person", "percent", "jobs per 1,000 residents", "t CO2e per person",
                         "t CO2e per GBP million GVA"};
  const Dimension year = res.by_region.dim("year"), region = res.by_region.dim("region");
  const std::size_t Y = year.size(), R = region.size();
  res.beyond_gva = LabelledArray({label_dimension("indicator", res.indicators), label_dimension("case", {"baseline", "scenario"}),
                                  year, region}, nan);
  low_pay(m, res);
  low_pay_share(res);
  const bool pop = m.population.size() == R;
  const std::size_t jobs = position(res.measures, "jobs"), gva = position(res.measures, "gva"), M = res.measures.size(),
                    income = position(res.place_measures, "income");
  std::size_t ghg = position(res.measures, "ghg");
  if (ghg < M && res.measure_units[ghg] != "kt CO2e") ghg = M;  // the units below are for kt
  const bool gdhi = pop && m.currency == "GBP million" && m.household_gdhi.size() == R &&
                    m.household_gross_income.size() == R && income < res.place_measures.size();
  const bool rates = res.labour_rates.rank() == 4;
  for (std::size_t c = 0; c < 2; ++c)
    for (std::size_t t = 0; t < Y; ++t)
      for (std::size_t r = 0; r < R; ++r) {
        // case 0 the baseline path, 1 the baseline plus the change (scenario_by_region)
        auto level = [&](std::size_t k) { return c == 0 ? res.baseline(k, t, r) : res.scenario_by_region(k, t, r); };
        if (gdhi) {
          const double change = c == 0 ? 0.0 : res.by_place(1u, income, t, r) * m.household_gdhi[r] / m.household_gross_income[r];
          res.beyond_gva(0u, c, t, r) = (m.household_gdhi[r] + change) * 1e6 / m.population[r];
        }
        if (rates) res.beyond_gva(1u, c, t, r) = res.labour_rates(0u, c, t, r);
        if (pop && jobs < M) res.beyond_gva(2u, c, t, r) = level(jobs) * 1000.0 / m.population[r];
        if (pop && ghg < M) res.beyond_gva(3u, c, t, r) = level(ghg) * 1000.0 / m.population[r];
        if (ghg < M && gva < M && level(gva) != 0) res.beyond_gva(4u, c, t, r) = level(ghg) * 1000.0 / level(gva);
      }
  gaps(sc.labour, m, res);
}

}  // namespace devolve::projection
