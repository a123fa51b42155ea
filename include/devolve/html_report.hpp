#pragma once
#include <string>

namespace devolve {

//! A self-contained HTML page (inline SVG and CSS, no scripts, no network) for a devolve output
//! file: results, sweep or multipliers (docs/reports.md). Throws InputError if the file is not a
//! devolve output or its major format version is unknown.
std::string html_report(const std::string& file);

}  // namespace devolve
