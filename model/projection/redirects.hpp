#pragma once
// A redirect's national effect term by term (docs/methodology.md, "A redirect's national effect"):
// its UK total split into differences between recipients and donors in import leakage, household
// spending and the measure per unit of output.
#include <array>

#include "devolve/model.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"
#include "projection/coefficients.hpp"
#include "projection/decomposition.hpp"
#include "projection/impact.hpp"

namespace devolve::projection {

//! Totals of one side of a redirect in one year, for one measure [measure unit, GBP million]
struct RedirectSide {
  double output_i = 0;  //!< UK output under Type I
  double output = 0;    //!< UK output under the closure
  double measure = 0;   //!< UK total of the measure under the closure
};

//! The terms of K_P - K_N, recipients P and donors N (midpoint split, exact):
//! {import_leakage, household_spending, productivity}, with rho = measure / output of a side
//! (the other side's rho where a side has no output, 0 where neither has):
//!   import_leakage     = (O1_P - O1_N) (rho_P + rho_N) / 2
//!   household_spending = ((O_P - O1_P) - (O_N - O1_N)) (rho_P + rho_N) / 2
//!   productivity       = (O_P + O_N) / 2 (rho_P - rho_N)
std::array<double, 3> redirect_terms(const RedirectSide& recipients, const RedirectSide& donors);

//! Fills results.redirect_decomposition for every redirect source and year under both closures
//! (Type II NaN without a Type II system), solving the recipients' and the donors' final demand
//! apart on the run's factorisations; the supply_side term is the source's supply-side GVA.
void decompose_redirects(const Model& model, const std::vector<EffectSource>& sources,
                         const Systems& systems, const YearCoefficients& coef, ScenarioResults& results);

}  // namespace devolve::projection
