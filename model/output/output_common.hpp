#pragma once
// Root attributes and label dimensions that every devolve output file carries.
#include <string>

#include "devolve/model.hpp"
#include "base/h5file.hpp"

namespace devolve {

//! Writes file_type, format_version, devolve_version, created, and the model's identity
//! (id, path, checksum, currency, prices, base year) as root attributes, and the model's
//! metadata (sources, assumptions, parameters) as /model_metadata.
void write_root_attributes(H5File& h, const std::string& file_type, int major, int minor, const Model& model,
                           const std::string& model_path);

//! Writes region and industry dimensions (codes) with their names into a group.
void write_region_industry_dims(H5File& h, const std::string& group, const Model& model);

//! Current time in ISO 8601 (UTC)
std::string iso_now();

}  // namespace devolve
