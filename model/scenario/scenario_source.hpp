#pragma once
// Parsing a scenario from an already-parsed YAML source (for sweeps, which parse many variants).
#include <string>
#include <vector>

#include "devolve/scenario.hpp"
#include "base/yaml_support.hpp"

namespace devolve {

//! As read_scenario, from a parsed source; with model_given the model passed in is used as is
//! (not loaded from the scenario's `model` key).
Scenario read_scenario_source(const yaml::Source& src, const ModelSettings& settings, Model& model, bool model_given,
                              std::vector<std::string>* errors, const std::string& profiles_dir = {});

}  // namespace devolve
