#pragma once
// Coefficients of every measure by year (docs/methodology.md, "Projections"), and the changes that
// productivity shocks make to them.
#include <vector>

#include "devolve/model.hpp"
#include "devolve/multipliers.hpp"
#include "devolve/scenario.hpp"
#include "projection/impact.hpp"

namespace devolve::projection {

//! [year][measure] -> coefficient by sector [measure unit per GBP million of output]
using YearCoefficients = std::vector<std::vector<Vector>>;

//! The measures' coefficients in each scenario year: jobs and FTE per unit of real output fall
//! with the baseline productivity trend, (1 + p_r)^-(t - base year); the others stay as they are.
YearCoefficients year_coefficients(const Scenario& scenario, const Model& model, const std::vector<Measure>& measures,
                                   const MeasureIndex& index);

//! The uplift g in output per job that productivity shock `shock` gives sector j in year t
//! (change x coverage x phase x additionality; 0 outside its regions and industries) [fraction]
double productivity_uplift(const Model& model, const Shock& shock, std::size_t t, std::size_t j);

//! Sector j's baseline output in year t: base-year output grown with its region's rate [GBP million]
double projected_output(const Scenario& scenario, const Model& model, std::size_t t, std::size_t j);

//! Applies each productivity shock to the coefficients of its regions and industries: jobs and FTE
//! per unit of output fall by 1/(1 + g), booking the change on baseline output as the productivity
//! component (jobs released). For measure gva the extra output g x is added as final demand
//! (final_demand_columns), so the jobs are held and output, GVA and income rise through the table.
void apply_productivity_shocks(const Scenario& scenario, const Model& model, const MeasureIndex& index,
                               YearCoefficients& coef, ImpactAccumulator& acc);

}  // namespace devolve::projection
