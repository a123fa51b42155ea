#pragma once
#include <string>

#include "devolve/model.hpp"

namespace devolve {

//! Reads a CSV-folder model (docs/model-format.md, form a). Does not check identities.
Model read_model_csv(const std::string& folder);
//! Writes a CSV-folder model, atomically; refuses an existing folder unless overwrite, and even
//! then one holding anything but the files of a model's CSV form (model_csv_entry).
void write_model_csv(const Model& model, const std::string& folder, bool overwrite);
//! Whether `name` is a file of a model's CSV form (model.yaml, regions.csv, z.csv, ...).
bool model_csv_entry(const std::string& name);

}  // namespace devolve
