#pragma once
// Measures beyond GVA (docs/methodology.md, section 12, "Measures beyond GVA"): residents' GDHI per
// head with income through commuting, residents' employment rate, jobs per 1,000 residents,
// emissions per head and per GBP of GVA, and the share of new jobs in low-paid industries.
#include "devolve/model.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"

namespace devolve::projection {

//! Real Living Wage in force in the model's base year 2022 (Living Wage Foundation, rates announced
//! 15 November 2021): UK outside London and London [GBP per hour]
inline constexpr double real_living_wage_uk_2022 = 9.90, real_living_wage_london_2022 = 11.05;
//! Hours of a full-time year used to turn an hourly rate into a yearly one: 37.5 x 52 [hours]
inline constexpr double full_time_hours_a_year = 1950.0;

//! Fills indicators, indicator_units, beyond_gva (indicator, case, year, region) [indicator unit],
//! compensation_per_fte and low_pay_industry (region, industry), and new_jobs_low_pay_share
//! (year, region) [1] from baseline, scenario_by_region, by_place, labour_rates and total, with the
//! population held at the base year (as gva_per_head). NaN where the model lacks what a measure
//! needs (population, a household account, FTE, compensation or GHG). Then the gaps between regions:
//! beyond_gva_gap (indicator, case, year, region) = value - V [indicator unit] and beyond_gva_spread
//! (indicator, case, year, spread) = V, max - min [indicator unit], weighted coefficient of
//! variation [1], V the value of all regions together (the weighted mean with each measure's
//! denominator as weight: population, population aged 16-64 from the scenario's labour supply, GVA).
void beyond_gva_measures(const Scenario& scenario, const Model& model, ScenarioResults& results);

}  // namespace devolve::projection
