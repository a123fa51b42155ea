#pragma once
#include <string>

namespace devolve {

//! A self-contained HTML page (inline SVG and CSS, no scripts, no network) for a devolve output
//! file: results, sweep or multipliers (docs/reports.md). Throws InputError if the file is not a
//! devolve output or its major format version is unknown. Maps are drawn from data_dir/geo (the
//! CLI's data folder, $DEVOLVE_DATA_DIR); "" for the source tree's data/.
std::string html_report(const std::string& file, const std::string& data_dir = "");

}  // namespace devolve
