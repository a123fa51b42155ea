#pragma once
// The parsed file behind a ScenarioSpec, and reading with every error collected.
#include <string>

#include "base/yaml_support.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_spec.hpp"

namespace devolve {

//! The parsed YAML of a scenario file: the parts resolved against a model (regions, groups,
//! splits, profiles, industries, buyers, trends by name or region) are read from it.
struct ScenarioSource {
  yaml::Source src;
};

//! Reads a spec from a parsed source, recording every error in `diag` (it throws none of them).
ScenarioSpec read_scenario_spec_source(yaml::Source src, yaml::Diagnostics& diag);

//! read_scenario_text on text already parsed (yaml::parse(text, file)): a batch parses each file once,
//! for its model key and for its scenario.
Scenario read_scenario_source(yaml::Source source, const ModelSettings& settings, Model& model, bool model_given,
                              const ScenarioData& data);

//! resolve_scenario, recording every error it can in `diag` (it throws only when it cannot go on).
Scenario resolve_scenario(const ScenarioSpec& spec, const Model& model, const ScenarioData& data, yaml::Diagnostics& diag);

//! Runs f, turning an InputError into a recorded diagnostic so reading can go on; false if one was.
template <class F>
bool record_errors(yaml::Diagnostics& diag, F&& f) {
  try {
    f();
    return true;
  } catch (const InputError& e) {
    diag.add(e);
    return false;
  }
}

//! The place of a node, for an error raised later.
SourceLocation location_of(const yaml::Source& src, const YAML::Node& node, const std::string& key);

}  // namespace devolve
