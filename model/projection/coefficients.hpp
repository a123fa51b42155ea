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

//! Applies each productivity shock to the coefficients of its regions and industries (jobs and FTE
//! per output fall by 1/(1 + g), or GVA and income per output rise by 1 + g, with g the change x
//! coverage x phase x additionality), booking the change on baseline output as the productivity
//! component.
void apply_productivity_shocks(const Scenario& scenario, const Model& model, const MeasureIndex& index,
                               YearCoefficients& coef, ImpactAccumulator& acc);

}  // namespace devolve::projection
