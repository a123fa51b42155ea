#pragma once
// Screening of jobs and pay by region and industry against the industry's national rates
// (docs/methodology.md, "Regionalisation", "Checks on jobs and pay").
#include <string>
#include <vector>

#include "devolve/matrix.hpp"
#include "regional/regional_inputs.hpp"

namespace devolve::regional {

//! Factor beyond which a cell's jobs per output or compensation per job, relative to its
//! industry's national rate, is reported (a screening threshold, not a model coefficient).
inline constexpr double plausibility_factor = 3.0;

//! Cells (R x S: output x, compensation coe, jobs) whose jobs per GBP m of output or compensation
//! per job lie outside [1/f, f] times the industry's UK rate, or whose compensation exceeds GVA
//! by more than 1% where the industry's UK compensation does not; and industries whose LFS jobs and BRES GB
//! employment differ by more than f. One text per finding, e.g.
//! "TLD B09: jobs per GBP m of output 46.0 (UK 17.6)".
std::vector<std::string> jobs_and_pay_findings(const RegionalInputs& in, const Matrix& x, const Matrix& coe,
                                               const Matrix& jobs);

}  // namespace devolve::regional
