#pragma once
#include <string>
#include <vector>

namespace devolve {

//! Writes every data dataset of a devolve output file (results, sweep or multipliers) as a tidy
//! long CSV in a new folder dir: one file per dataset, one row per value, columns the dataset's
//! dimension labels, then `unit` and `value`; plus attributes.csv (the root attributes) and
//! datasets.csv (file, dimensions, units, description). Written in full or not at all; an
//! existing dir is refused (UsageError) unless overwrite. Returns the names of the files written.
std::vector<std::string> export_csv(const std::string& file, const std::string& dir, bool overwrite);

}  // namespace devolve
