#pragma once
#include <string>
#include <vector>

#include "devolve/model.hpp"

namespace devolve {

//! Current version of both on-disk model forms (docs/model-format.md)
inline constexpr int model_format_major = 1;
inline constexpr int model_format_minor = 0;

//! Loads a model from a CSV folder (holding model.yaml), an HDF5 model file (.h5), or the id of a
//! shipped model; checks every accounting identity (throws ModelError) before returning it.
Model load_model(const std::string& path_or_id);

//! Reads a CSV-folder model (docs/model-format.md, form a). Does not check identities.
Model read_model_csv(const std::string& folder);
//! Reads an HDF5 model file (docs/model-format.md, form b). Does not check identities.
Model read_model_h5(const std::string& file);

//! Writes a CSV-folder model, atomically; refuses an existing folder unless overwrite.
void write_model_csv(const Model& model, const std::string& folder, bool overwrite);
//! Writes an HDF5 model file, atomically; refuses an existing file unless overwrite.
void write_model_h5(const Model& model, const std::string& file, bool overwrite);

//! Path of a model given a path or a shipped id; throws InputError listing shipped ids if neither.
std::string resolve_model(const std::string& path_or_id);
//! Ids of the models shipped in data/
std::vector<std::string> shipped_models();
//! Folder of shipped data: $DEVOLVE_DATA_DIR if set, else the source tree's data/
std::string data_dir();

//! 64-bit FNV-1a checksum of the model's labels and numbers, as 16 hex digits
std::string model_checksum(const Model& model);

}  // namespace devolve
