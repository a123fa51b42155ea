#pragma once
// Shared between reading and running sweeps: setting a value at a key path in a scenario's YAML.
#include <yaml-cpp/yaml.h>

#include <string>

namespace devolve::sweep_detail {

//! Sets the scalar at `path` (e.g. "shocks[0].rd.leverage") in a copy-free YAML tree, creating
//! missing map keys; returns false with `why` if an index does not exist or a node is not a map.
bool set_path(YAML::Node root, const std::string& path, const std::string& value, std::string& why);

//! True for the regionalisation paths model.delta, model.beta.
bool is_model_path(const std::string& path);

}  // namespace devolve::sweep_detail
