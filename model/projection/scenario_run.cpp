// Running a scenario (docs/methodology.md, "Scenarios over time"): the stages of model/projection
// in order, each filling arrays of the results.
#include "devolve/scenario_run.hpp"

#include <chrono>
#include <exception>

#include "devolve/error.hpp"
#include "devolve/multipliers.hpp"
#include "devolve/timeline.hpp"
#include "projection/appraisal.hpp"
#include "projection/baseline.hpp"
#include "projection/beyond_gva.hpp"
#include "projection/coefficients.hpp"
#include "projection/decomposition.hpp"
#include "projection/final_demand.hpp"
#include "projection/gaps.hpp"
#include "projection/impact.hpp"
#include "projection/labour_supply.hpp"
#include "projection/procurement.hpp"
#include "projection/rd_dynamics.hpp"
#include "projection/redirects.hpp"
#include "projection/residence.hpp"

namespace devolve {

namespace {

// The shared systems for a run that solves on the base table alone, failing as
// leontief_systems would for this scenario.
const projection::Systems* shared_for(const Scenario& sc, const SharedSystems& shared) {
  if (shared.error) std::rethrow_exception(shared.error);
  if (sc.closure == Closure::type_ii && !shared.systems->type_ii) throw ModelError(shared.systems->type_ii_error);
  return shared.systems.get();
}

// With `totals` (run_scenario_totals), the sources summed before the solve, the headline closure
// alone, and by_region (and total) the last results filled.
ScenarioResults run(const Scenario& sc, const Model& m, const SharedSystems* shared, Solver solver, bool totals = false,
                    const FinalArray& final = {}) {
  using namespace projection;
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<Measure> ms = measures(m);
  const MeasureIndex mi(ms);
  const std::vector<EffectSource> sources = effect_sources(sc);
  ScenarioResults res = empty_results(sc, m, ms, sources);
  ImpactAccumulator acc(res, m, sources);

  // On a factored model, local procurement's moves are made beside the year coefficients (each the
  // same steps as one after the other; the coefficients' error first where both fail).
  YearCoefficients coef;
  std::vector<ProcurementYear> procurement;
  std::exception_ptr coef_error, procurement_error;
  const auto coefficients = [&] {
    try {
      coef = year_coefficients(sc, m, ms, mi);
      apply_productivity_shocks(sc, m, mi, coef, acc);
      timeline::mark("run: coefficients");
    } catch (...) {
      coef_error = std::current_exception();
    }
  };
  const auto moves = [&] {
    try {
      procurement = procurement_years(sc, m);
      timeline::mark("run: procurement_years");
    } catch (...) {
      procurement_error = std::current_exception();
    }
  };
  if (!m.factored() || !changes_coefficients(sc) || !run_beside(coefficients, moves, true)) {
    coefficients();
    if (!coef_error) moves();
  }
  for (const std::exception_ptr& e : {coef_error, procurement_error})
    if (e) std::rethrow_exception(e);
  bool shocked_tables = false;
  for (const ProcurementYear& py : procurement) shocked_tables = shocked_tables || py.any();
  const auto demand = [&] {
    DemandColumns cols = final_demand_columns(sc, m, sources, procurement, res.demand);
    if (totals) return summed_over_sources(std::move(cols));
    return cols;
  };
  DemandColumns cols;
  bool redirects = false;
  for (const auto& s : sources) redirects = redirects || s.type == "redirect";
  Systems own;  // the base ones, built by decompose_years when a year without procurement needs them
  const Systems* systems = &own;
  if (shared && !shocked_tables) {  // every year on the base table: the shared factorisation
    cols = demand();
    if (cols.y.cols() > 0 || redirects) systems = shared_for(sc, *shared);
    book_demand_effects(m, cols, decompose(*systems, cols.y), coef, acc);
  } else {  // the demand columns made while the base systems are built, where there is procurement
    const Decomposition dec = decompose_years(m, sc.closure, own, cols, demand, procurement, solver, totals);
    timeline::mark("run: decompose_years");
    book_demand_effects(m, cols, dec, coef, acc);
    timeline::mark("run: booked");
    if (redirects && !own.type_i && !totals) own = leontief_systems(m, sc.closure, solver);
  }
  res.type_ii = systems->type_ii_note;
  res.solver = systems->solver;
  book_rd_dynamics(sc, m, cols.public_rd, cols.private_rd, mi, acc, res.knowledge_stock);
  if (final && !totals) final(res, res.impact);  // no stage after this one changes impact
  if (totals) {
    sum_components(res);
    return res;
  }
  baseline_path(sc, m, ms, mi, res.baseline);
  discount_factors(sc, res.discount_factor);
  appraise(res);
  if (final) final(res, res.total);  // summed by appraise, not changed after
  timeline::mark("run: appraise");
  both_closures(res);
  decompose_redirects(m, sources, *systems, coef, res);
  gva_per_head_and_gaps(sc, m, res);
  by_place_of_residence(m, res);
  labour_supply_account(sc, res);
  beyond_gva_measures(sc, m, res);
  timeline::mark("run: the rest of the appraisal");

  res.solve_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace

ScenarioResults run_scenario(const Scenario& sc, const Model& m, Solver solver) { return run(sc, m, nullptr, solver); }

ScenarioResults run_scenario(const Scenario& sc, const Model& m, Solver solver, const FinalArray& final) {
  return run(sc, m, nullptr, solver, false, final);
}

ScenarioResults run_scenario(const Scenario& sc, const Model& m, const SharedSystems& shared) {
  return run(sc, m, &shared, Solver::automatic);
}

RegionTotals run_scenario_totals(const Scenario& sc, const Model& m, const SharedSystems* shared) {
  ScenarioResults res = run(sc, m, shared, Solver::automatic, true);
  return {std::move(res.measures), std::move(res.by_region)};
}

SharedSystems share_systems(const Model& m) {
  SharedSystems s;
  try {
    s.systems = std::make_shared<const projection::Systems>(projection::leontief_systems(m, Closure::type_i));
  } catch (...) {
    s.error = std::current_exception();
  }
  s.threaded = m.factored() || (s.systems && s.systems->type_i && s.systems->type_i->solver() != Solver::dense);
  return s;
}

bool changes_coefficients(const Scenario& sc) {
  for (const auto& s : sc.shocks)
    if (s.type == Shock::Type::local_procurement) return true;
  return false;
}

bool needs_whole_model(const Model& m, const Scenario& sc) {
  if (!changes_coefficients(sc) || m.factored() || m.z.rows() == m.num_sectors()) return false;
  if (!m.has_z_columns()) return true;
  try {
    m.z_columns({});
  } catch (const InputError&) {  // unreadable, or not the solver file's model (rebuilt when read whole)
    return true;
  }
  return false;
}

}  // namespace devolve
