#pragma once
#include <string>

#include "devolve/model.hpp"

namespace devolve {

//! Reads a CSV-folder model (docs/model-format.md, form a). Does not check identities.
Model read_model_csv(const std::string& folder);
//! Writes a CSV-folder model, atomically; refuses an existing folder unless overwrite.
void write_model_csv(const Model& model, const std::string& folder, bool overwrite);

}  // namespace devolve
