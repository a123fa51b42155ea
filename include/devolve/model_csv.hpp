#pragma once
#include <string>

#include "devolve/model.hpp"

namespace devolve {

//! Reads a CSV-folder model (docs/model-format.md, form a). Does not check identities.
Model read_model_csv(const std::string& folder);
//! Writes a CSV-folder model, atomically; refuses an existing folder unless overwrite, and even
//! then one holding anything but the files of a model's CSV form (model_csv_entry) or lacking
//! devolve's model.yaml (model_csv_marked).
void write_model_csv(const Model& model, const std::string& folder, bool overwrite);
//! Whether `name` is a file of a model's CSV form (model.yaml, regions.csv, z.csv, ...).
bool model_csv_entry(const std::string& name);
//! Empty if `folder` holds a model.yaml as devolve writes it (its header line, then the format);
//! else what it lacks: a folder --overwrite may replace must have it (AtomicOutput::Marked).
std::string model_csv_marked(const std::string& folder);

}  // namespace devolve
