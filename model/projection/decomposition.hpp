#pragma once
// Solving the final-demand columns and splitting the effects (docs/methodology.md, "Type I and
// Type II"): direct = the change in final demand, indirect = Type I output less direct, induced =
// Type II output less Type I.
#include <functional>
#include <optional>
#include <string>

#include "devolve/leontief.hpp"
#include "devolve/matrix.hpp"
#include "devolve/model.hpp"
#include "projection/coefficients.hpp"
#include "projection/final_demand.hpp"
#include "projection/impact.hpp"

namespace devolve::projection {

//! Output by sector and column, split by component [GBP million]
struct Decomposition {
  Matrix direct, indirect, induced;  //!< n x columns; induced is zero without a Type II system
};

//! The Leontief systems of a run: one factorisation of (I - A), and the Type II system bordered on
//! it (no second n x n LU).
struct Systems {
  std::optional<Leontief> type_i, type_ii;
  std::string type_ii_note = "yes";  //!< "yes", or "no: <why>" when the model has no Type II system
  std::string type_ii_error;         //!< why, as the ModelError a Type II headline throws
  //! How (I - A) is solved (Leontief::solver_description), or "none ..." when nothing was solved
  std::string solver = "none (no final-demand change to solve)";
};

//! Factorises the model once. Without a Type II system (no households, or households spending all
//! they earn), a Type I headline goes on with Type I alone; a Type II headline throws ModelError.
Systems leontief_systems(const Model& model, Closure headline, Solver solver = Solver::automatic);

//! Solves columns y (n x k) under a system: Type II pads y with zero household rows and returns the
//! n industry rows [GBP million].
Matrix solve_output(const Leontief& system, const Matrix& y);

//! Solves every column of y under both closures and splits the output by component.
Decomposition decompose(const Systems& systems, const Matrix& y);

//! As decompose, each year's columns under that year's coefficients: the base systems where no
//! local_procurement shock changes the table, else the systems of the table the year's shocks leave
//! (one per distinct table; docs/methodology.md, "Local procurement"): on a dense base a rank-k
//! update of the base system on the k changed columns (Sherman-Morrison-Woodbury), with a new
//! factorisation where the update is ill-conditioned; on a structured one (factored models
//! included) the shocked system solved directly by GMRES, the change applied in every step, with
//! a ModelError where it does not converge. Without procurement
//! changes this is decompose(systems, cols.y) itself. `systems` (the base ones) are built here when
//! some year needs them and they are not built yet.
//! With `headline_only` (a sweep's runs, which keep the headline closure's totals alone: docs/sweeps.md,
//! "The coefficients path"), systems built here are the headline closure's only: under Type I no
//! Type II system (induced is zero), and on a dense base every column, the shocked tables' changed
//! columns and Type II's W = (I - A)^-1 Hc are solved with the base factors in one call, the base
//! Type II system bordered after it (its errors then come after the shocked tables').
Decomposition decompose_years(const Model& model, Closure headline, Systems& systems, const DemandColumns& cols,
                              const std::vector<ProcurementYear>& procurement, Solver solver = Solver::automatic,
                              bool headline_only = false);
//! decompose_years on the demand columns that `demand` makes (final_demand_columns), into `cols`: with
//! procurement on a factored model, made on a second thread while the base systems are built (and the
//! shocked tables' changes after them there), the same steps as in turn; else first.
Decomposition decompose_years(const Model& model, Closure headline, Systems& systems, DemandColumns& cols,
                              const std::function<DemandColumns()>& demand,
                              const std::vector<ProcurementYear>& procurement, Solver solver = Solver::automatic,
                              bool headline_only = false);

//! Books the decomposed output of every (source, year) column as each measure's direct, indirect
//! and induced effects: the year's coefficient x output.
void book_demand_effects(const Model& model, const DemandColumns& cols, const Decomposition& dec,
                         const YearCoefficients& coef, ImpactAccumulator& acc);

//! Runs first() on this thread and second() on a thread beside it, where the caller may use more
//! than one thread and is not inside a parallel region: with `split`, second gets half the caller's
//! OpenMP threads and first the rest (at least one each), else each gets all of them. False, with
//! neither run, where the caller may use one thread only or no thread can be started: the caller
//! then runs them in turn. Neither may throw (each keeps its own error).
bool run_beside(const std::function<void()>& first, const std::function<void()>& second, bool split);

}  // namespace devolve::projection
