#pragma once
// Jobs, FTE and income by place of work and by place of residence (docs/methodology.md, "Who gets
// the jobs: place of residence").
#include "devolve/model.hpp"
#include "devolve/scenario_run.hpp"

namespace devolve::projection {

//! Fills place_measures and by_place (basis, place_measure, year, region) from by_region: basis 0
//! "workplace" is by_region of jobs, fte and income (those the model has); basis 1 "residence" is
//! sum_w M(r, w) x value(w), M the model's Census 2021 residence shares (identity without a
//! household account). Each column of M sums to 1, so the residence total over regions equals
//! the workplace total in every year.
void by_place_of_residence(const Model& model, ScenarioResults& results);

}  // namespace devolve::projection
