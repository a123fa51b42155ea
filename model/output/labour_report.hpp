#pragma once
// The part of a scenario report about who gets the jobs (docs/reports.md): jobs by residence
// against workplace, residents' employment and unemployment rates, the labour-reserve flag, and the
// gaps between regions in the measures beyond GVA (docs/methodology.md, section 12).
#include <string>

#include "base/h5file.hpp"

namespace devolve {

//! Text lines for year index t of a results file of format 1.4 or later (the gaps from 1.5); empty
//! for older files and for files without a labour account.
std::string labour_text(const H5File& results, std::size_t t);

//! The same as a JSON member (`,\n  "labour": {...}`); empty where labour_text is.
std::string labour_json(const H5File& results, std::size_t t);

}  // namespace devolve
