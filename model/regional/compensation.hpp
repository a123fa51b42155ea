#pragma once
// Compensation of employees by region and industry (docs/methodology.md, "Regionalisation", step 6).
#include "devolve/matrix.hpp"
#include "regional/regional_inputs.hpp"

namespace devolve::regional {

//! The fit's tolerance and sweep limit: the group totals are met to coe_group_tolerance (relative)
//! where they can be; the national totals and the caps hold after every sweep.
inline constexpr double coe_group_tolerance = 1e-9;
inline constexpr int coe_max_sweeps = 1000;

struct RegionalCompensation {
  Matrix coe;                  //!< R x S [GBP million]
  double group_error = 0;      //!< largest relative gap of a (region, group) total to its target at the end
  std::string worst_group;     //!< "REGION GROUP" of that gap
  int sweeps = 0;               //!< of the last round
  std::vector<std::string> released;  //!< "REGION GROUP" of the group totals the fit could not meet
};

//! Step 6. Seed: CoE_ri = national CoE_i / GVA_i x regional GVA_ri x (CoE/GVA of the region's income
//! group g of i relative to the UK's). Fitted, alternately, to
//!  - each region's group total, the seed's: T_rg = k_g x sum over the group's industries i of
//!    CoE_i / GVA_i x GVA_ri x the published relative ratio, k_g making the regions add up to the
//!    national CoE of the group's industries (relative ratio 1 where the region's is not published);
//!  - each industry's national CoE_i (the control total: the last step of every sweep),
//! never above the cell's GVA (industries whose national CoE exceeds their GVA, B05, C104 and
//! H491_2 in IOAT 2022, are not capped). Each step scales its cells proportionally, caps those that
//! would pass their GVA and spreads the excess over the others (repeated until none passes). Where
//! a group's total cannot be met with the national totals and the caps, it is released (the
//! national totals win: docs/methodology.md, step 6) and the fit restarts from the seed.
RegionalCompensation regional_compensation(const RegionalInputs& in);

//! One step of the fit: scales v (non-negative) to add up to target, no element above its cap u;
//! cells at 0 stay 0. Where the caps cannot hold the target, every cell with v > 0 ends at its cap.
void scale_capped(std::vector<double*>& v, const std::vector<double>& u, double target);

}  // namespace devolve::regional
