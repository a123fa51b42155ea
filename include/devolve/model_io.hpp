#pragma once
#include <string>

#include "devolve/model.hpp"

namespace devolve {

//! Current version of both on-disk model forms (docs/model-format.md)
inline constexpr int model_format_major = 1;
inline constexpr int model_format_minor = 0;

//! Reads a model file: a CSV folder (holding model.yaml) or an HDF5 model file (.h5), and checks
//! every accounting identity (throws ModelError). Ids and build configurations: model_cache.hpp.
Model read_model_file(const std::string& path);

//! 64-bit FNV-1a checksum of the model's labels and numbers, as 16 hex digits; -0.0 counts as
//! +0.0 (docs/model-format.md, "Model checksum")
std::string model_checksum(const Model& model);

}  // namespace devolve
