#pragma once
// The part of a scenario report about the two closures (docs/reports.md): the UK totals under
// Type I and Type II, and each redirect's UK total term by term (docs/methodology.md, section 5).
#include <string>

#include "base/h5file.hpp"

namespace devolve {

//! Text lines for a scenario results file of format 1.2 or later; empty for older files.
std::string closures_text(const H5File& results);
//! The same as a JSON member (",\n  \"closures\": {...}", docs/reports.md); empty for older files.
std::string closures_json(const H5File& results);

}  // namespace devolve
