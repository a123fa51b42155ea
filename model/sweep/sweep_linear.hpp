#pragma once
// The sweep's linear path (docs/sweeps.md, "The linear path"): every input only scales final demand
// or the R&D dynamics, so each run is a weighted sum of unit responses (one per demand shock and
// year), computed once with one factorisation.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "devolve/model.hpp"
#include "devolve/scenario.hpp"
#include "devolve/sweep.hpp"

namespace devolve {

//! Unit responses of a scenario's spend and redirect shocks, and the constant part of the others.
struct LinearModel {
  Scenario base;
  std::vector<std::size_t> out_measures;  //!< indices into the scenario's measures
  std::size_t Y = 0, R = 0, M = 0, gva = 0;
  bool has_gva = false;
  std::vector<double> constant;  //!< (out measure, year, region)
  //! (shock, year) -> (out measure, region): the response to GBP 1 million of the shock's public
  //! spending, and of its crowded-in private R&D
  std::map<std::pair<std::size_t, std::size_t>, std::vector<double>> unit_public, unit_private;
  std::vector<double> region_gva;  //!< R [GBP million]
  std::vector<std::string> outputs;  //!< the sweep's outputs; a labour output is solved as jobs, then turned
  std::vector<double> residence;     //!< R x R, row-major: the model's residence shares M(r, w); empty for identity
  std::string solver;  //!< how the unit responses solved (I - A) (Leontief::solver_description)
};

//! Solves the unit responses of `sc` on `m` for the measures in `outputs`.
LinearModel linear_model(const Scenario& sc, const Model& m, const std::vector<std::string>& outputs);

//! One run: the inputs' `values` set on the base scenario (checked against the scenario's limits),
//! the result (out measure, year, region) written to `out`.
void linear_run(const LinearModel& lm, const SweepSpec& spec, const double* values, std::size_t run, double* out);

//! The model's residence shares M(r, w) (R x R, row-major), empty without a household account.
std::vector<double> residence_shares_row_major(const Model& m);

}  // namespace devolve
