// Running a scenario (docs/methodology.md, "Scenarios over time"): the stages of model/projection
// in order, each filling arrays of the results.
#include "devolve/scenario_run.hpp"

#include <chrono>

#include "devolve/multipliers.hpp"
#include "projection/appraisal.hpp"
#include "projection/baseline.hpp"
#include "projection/coefficients.hpp"
#include "projection/decomposition.hpp"
#include "projection/final_demand.hpp"
#include "projection/gaps.hpp"
#include "projection/impact.hpp"
#include "projection/procurement.hpp"
#include "projection/rd_dynamics.hpp"
#include "projection/redirects.hpp"

namespace devolve {

ScenarioResults run_scenario(const Scenario& sc, const Model& m, Solver solver) {
  using namespace projection;
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<Measure> ms = measures(m);
  const MeasureIndex mi(ms);
  const std::vector<EffectSource> sources = effect_sources(sc);
  ScenarioResults res = empty_results(sc, m, ms, sources);
  ImpactAccumulator acc(res, m, sources);

  YearCoefficients coef = year_coefficients(sc, m, ms, mi);
  apply_productivity_shocks(sc, m, mi, coef, acc);
  std::vector<ProcurementYear> procurement;
  for (std::size_t t = 0; t < sc.years().size(); ++t) procurement.push_back(procurement_year(sc, m, t));
  const DemandColumns cols = final_demand_columns(sc, m, sources, procurement, res.demand);
  Systems systems;  // the base ones, built by decompose_years when a year without procurement needs them
  book_demand_effects(m, cols, decompose_years(m, sc.closure, systems, cols, procurement, solver), coef, acc);
  for (const auto& s : sources)
    if (s.type == "redirect" && !systems.type_i) systems = leontief_systems(m, sc.closure, solver);
  res.type_ii = systems.type_ii_note;
  res.solver = systems.solver;
  book_rd_dynamics(sc, m, cols.public_rd, cols.private_rd, mi, acc, res.knowledge_stock);
  baseline_path(sc, m, ms, mi, res.baseline);
  discount_factors(sc, res.discount_factor);
  appraise(res);
  both_closures(res);
  decompose_redirects(m, sources, systems, coef, res);
  gva_per_head_and_gaps(sc, m, res);

  res.solve_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace devolve
