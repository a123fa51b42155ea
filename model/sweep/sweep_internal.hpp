#pragma once
// Shared between reading and running sweeps.
#include <string>

namespace devolve::sweep_detail {

//! True for the regionalisation paths model.delta, model.beta.
bool is_model_path(const std::string& path);

}  // namespace devolve::sweep_detail
