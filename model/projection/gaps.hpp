#pragma once
// GVA per head and the gaps between regions (docs/methodology.md, "GVA per head").
#include "devolve/model.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"

namespace devolve::projection {

//! Fills gva_per_head (case, year, region) [GBP per person] and gaps (case, year, gap) [1] from
//! baseline and by_region: GVA without the Extra-Regio GVA allocated to the region (grown with the
//! baseline), population held at the base year; case 0 the baseline, 1 with the scenario. Gaps:
//! north / greater South East GVA per head, the population-weighted coefficient of variation
//! across regions, and highest / lowest. Left NaN when the model has no population or no GVA.
void gva_per_head_and_gaps(const Scenario& scenario, const Model& model, ScenarioResults& results);

}  // namespace devolve::projection
