#pragma once
// Compensation of employees by region and industry (docs/methodology.md, "Regionalisation").
#include "devolve/matrix.hpp"
#include "regional/regional_inputs.hpp"

namespace devolve::regional {

//! CoE_ri = national CoE_i / GVA_i x regional GVA_ri x (CoE/GVA of the region's income group of i
//! relative to the UK's), scaled so regions add up to national CoE_i (R x S) [GBP million]
Matrix regional_compensation(const RegionalInputs& in);

}  // namespace devolve::regional
