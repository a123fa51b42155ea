#pragma once
#include <string>

#include "devolve/model.hpp"

namespace devolve {

//! A readable summary of a model: identity, dimensions, and totals of output, GVA, compensation
//! and each indicator by region (what `devolve model info` prints).
std::string model_summary_text(const Model& model, const std::string& path);
//! The same as JSON: {"id", "name", "regions": [{code, name, output, gva, compensation,
//! indicators: {code: total}}], "industries": [{code, name}], "totals": {...}, ...}
std::string model_summary_json(const Model& model, const std::string& path);

//! JSON string literal with escapes
std::string json_quote(const std::string& s);

}  // namespace devolve
