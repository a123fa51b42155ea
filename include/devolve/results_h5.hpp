#pragma once
#include <string>

#include "devolve/model.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"

namespace devolve {

//! Version of the scenario results file
inline constexpr int results_format_major = 1;
inline constexpr int results_format_minor = 5;

//! Writes the results file (docs/output-format.md) atomically (refuses an existing file unless
//! overwrite). Dimensions, coordinates and shapes come from the arrays of `results`. Without
//! `threads` (a batch's workers) the large datasets are compressed on one thread each; the same file.
void write_results_h5(const Scenario& scenario, const Model& model, const ScenarioResults& results,
                      const std::string& file, bool overwrite, bool threads = true);

}  // namespace devolve
