#pragma once
// Solving the final-demand columns and splitting the effects (docs/methodology.md, "Type I and
// Type II"): direct = the change in final demand, indirect = Type I output less direct, induced =
// Type II output less Type I.
#include "devolve/leontief.hpp"
#include "devolve/matrix.hpp"
#include "devolve/model.hpp"
#include "projection/coefficients.hpp"
#include "projection/final_demand.hpp"
#include "projection/impact.hpp"

namespace devolve::projection {

//! Output by sector and column, split by component [GBP million]
struct Decomposition {
  Matrix direct, indirect, induced;  //!< n x columns; induced is zero under a Type I closure
};

//! Solves every column of y against one Type I factorisation (and one Type II, with households
//! endogenous, when closure is type_ii) and splits the output by component.
Decomposition decompose(const Model& model, const Matrix& y, Closure closure);

//! Books the decomposed output of every (source, year) column as each measure's direct, indirect
//! and induced effects: the year's coefficient x output.
void book_demand_effects(const Model& model, const DemandColumns& cols, const Decomposition& dec,
                         const YearCoefficients& coef, ImpactAccumulator& acc);

}  // namespace devolve::projection
