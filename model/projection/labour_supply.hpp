#pragma once
// The labour-supply account (docs/methodology.md, "Labour supply"): who fills each region's new
// resident jobs, the change in its residents' employment and unemployment rates, and whether the
// jobs exceed the region's labour reserve.
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"

namespace devolve::projection {

//! From by_place (residence jobs) and the scenario's labour supply, fills labour_supply
//! (labour_source, year, region) [persons], labour_rates (labour_rate, case, year, region) [%],
//! labour_reserve (region) [persons] and labour_reserve_exceeded (year, region) [1]. With ΔE the
//! change in residence jobs (one job, one person) and s the shares of LabourSupply::shares():
//!   flow_x = s_x ΔE;  employment rate = 100 (E + flow_u + flow_i + flow_m) / (P + flow_m);
//!   unemployment rate = 100 (U - flow_u) / (A + flow_i + flow_m);  reserve = U + w I;
//!   exceeded = ΔE > reserve,
//! E, U, A the base-year employed, unemployed and active aged 16+, P and I the estimated
//! population and inactive aged 16-64, w the share of the inactive who want a job. Rates, reserve
//! and the flag are NaN without base levels; a model without jobs gets no account.
void labour_supply_account(const Scenario& scenario, ScenarioResults& results);

}  // namespace devolve::projection
