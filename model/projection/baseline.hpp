#pragma once
// The baseline path (docs/methodology.md, "Projections").
#include <vector>

#include "devolve/labelled_array.hpp"
#include "devolve/model.hpp"
#include "devolve/multipliers.hpp"
#include "devolve/scenario.hpp"
#include "projection/impact.hpp"

namespace devolve::projection {

//! Fills baseline (measure, year, region) [measure unit]: base-year totals grown with the region's
//! real GVA trend, (1 + g_r)^(t - base year); jobs and FTE also divided by (1 + p_r)^(t - base year).
void baseline_path(const Scenario& scenario, const Model& model, const std::vector<Measure>& measures,
                   const MeasureIndex& index, LabelledArray& baseline);

}  // namespace devolve::projection
