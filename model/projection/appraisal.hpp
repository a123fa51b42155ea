#pragma once
// Appraisal (docs/methodology.md, "Appraisal"): HM Treasury Green Book discounting, and the values
// derived from a run's effects, computed once here and written to the results file as they are.
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"

namespace devolve::projection {

//! Green Book discount factor for a value `years_after` the appraisal year [1]: the product of
//! 1/(1 + r_k) for k = 1..years_after, r_k = 3.5% for k <= 30, 3.0% for 31-75, 2.5% for 76-125,
//! 2.0% after (HM Treasury, The Green Book 2022, Annex A6, Table 8). 1 for years_after <= 0.
double green_book_discount_factor(int years_after);

//! Fills discount_factor (year) for the scenario's years to its appraisal year.
void discount_factors(const Scenario& scenario, LabelledArray& discount_factor);

//! From impact, baseline, discount_factor and the measures, fills total, by_region,
//! cumulative_by_region, scenario_by_region, present_value and present_value_supply_side_gva.
void appraise(ScenarioResults& results);

//! Of appraise, total and by_region alone (the same bits): what a sweep's run keeps.
void sum_components(ScenarioResults& results);

//! Fills by_region_by_closure, by_shock_by_closure and landing_by_closure: the headline closure's
//! slice is by_region, by_shock and landing as they are; the other's is from other_by_shock (NaN
//! for Type II when the model has no Type II system).
void both_closures(ScenarioResults& results);

}  // namespace devolve::projection
