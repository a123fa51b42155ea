#pragma once
// The labour-supply account (docs/methodology.md, "Labour supply"): who fills each region's new
// resident jobs, the change in its residents' employment and unemployment rates, and whether the
// jobs exceed the region's labour reserve.
#include <string>
#include <vector>

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

//! The labour measures a sweep can keep as outputs (docs/sweeps.md, "outputs"): the change in
//! residents' employment rate and ILO unemployment rate [percentage points], and the reserve flag [1]
inline const std::vector<std::string> labour_outputs = {"employment_rate_change", "unemployment_rate_change",
                                                         "labour_reserve_exceeded"};
//! Units of labour_outputs, in the same order
inline const std::vector<std::string> labour_output_units = {"percentage points", "percentage points", "1"};

//! Whether `name` is one of labour_outputs.
bool is_labour_output(const std::string& name);

//! Turns `values`, the change in workplace jobs (year, region) of one run (Y x R, row-major), into
//! the labour output `name` in place, as labour_supply_account does: residence jobs through
//! `residence` (R x R, row-major, M(r, w); empty for the identity), then the scenario rate minus
//! the baseline rate, or the reserve flag; NaN without base levels.
void labour_output(const std::vector<double>& residence, const LabourSupply& labour, const std::string& name,
                   std::size_t Y, std::size_t R, double* values);

}  // namespace devolve::projection
