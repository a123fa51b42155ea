#pragma once
#include <string>

#include "devolve/model.hpp"

namespace devolve {

//! Reads an HDF5 model file (docs/model-format.md, form b). Does not check identities. When
//! stored_checksum is given, it receives the file's `checksum` attribute (not verified here).
Model read_model_h5(const std::string& file, std::string* stored_checksum = nullptr);
//! Writes an HDF5 model file, atomically; refuses an existing file unless overwrite.
void write_model_h5(const Model& model, const std::string& file, bool overwrite);

}  // namespace devolve
