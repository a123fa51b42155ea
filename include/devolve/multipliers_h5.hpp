#pragma once
#include <string>

#include "devolve/model.hpp"
#include "devolve/multipliers.hpp"

namespace devolve {

//! Version of the multipliers file (docs/output-format.md)
inline constexpr int multipliers_format_major = 1;
inline constexpr int multipliers_format_minor = 0;

//! Writes the multipliers file (docs/output-format.md, "multipliers"), atomically.
void write_multipliers_h5(const Model& model, const std::string& model_path, const Multipliers& mult,
                          const std::string& file, bool overwrite);

}  // namespace devolve
