#pragma once
// The sources of a scenario's effects, the empty results they fill, and the one place that books
// an effect into impact, by_shock and landing together.
#include <string>
#include <vector>

#include "devolve/model.hpp"
#include "devolve/multipliers.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"

namespace devolve::projection {

//! The components of /results/impact, in their order
enum Component : std::size_t { direct = 0, indirect = 1, induced = 2, productivity = 3, supply_side = 4 };

//! A source of effects: a shock, or the private R&D leveraged by an R&D shock.
struct EffectSource {
  std::string label;
  std::string type;                  //!< the shock type, or "private_rd"
  std::vector<std::size_t> regions;  //!< the shock's regions (own region vs elsewhere)
  const Shock* shock = nullptr;
  std::size_t shock_index = 0;       //!< position of the shock in the scenario
  bool private_rd = false;
};

//! Every shock, then the leveraged private R&D of each R&D shock, in the order of the shocks.
std::vector<EffectSource> effect_sources(const Scenario& scenario);

//! Positions of the measures the projection treats specially (the count where absent).
struct MeasureIndex {
  std::size_t jobs, fte, gva, income, count;
  explicit MeasureIndex(const std::vector<Measure>& measures);
};

//! The results of a scenario before any effect: labels, and every array with its dimensions,
//! zero (gva_per_head and gaps NaN).
ScenarioResults empty_results(const Scenario& scenario, const Model& model, const std::vector<Measure>& measures,
                              const std::vector<EffectSource>& sources);

//! Books effects into impact, by_shock and landing together (the headline closure), and into
//! other_by_shock (the other closure) and supply_side_by_shock. Under a Type I headline the induced
//! component goes to other_by_shock only.
class ImpactAccumulator {
 public:
  ImpactAccumulator(ScenarioResults& results, const Model& model, const std::vector<EffectSource>& sources);
  //! Adds v [measure unit] of measure k in year t at sector j, caused by source h.
  //! (Out of line on purpose: v arrives rounded, never fused with the product that made it, so the
  //! sums are the same whatever the compiler contracts.)
  void add(Component c, std::size_t k, std::size_t t, std::size_t j, double v, std::size_t h);
  //! One column of a (source, year) for one measure: the measure k, the year t and, each n long, the
  //! year's coefficients of the measure c and the output split by component (direct, indirect,
  //! induced) [GBP million].
  struct DemandColumn {
    std::size_t k, t;
    const double *c, *dir, *ind, *hh;
  };
  //! Books source h's columns: for each column in turn, for every sector j, c[j] dir[j], c[j] ind[j]
  //! and c[j] hh[j] as add(direct, ..), add(indirect, ..) and add(induced, ..) would, in that order,
  //! skipping the sectors whose three outputs are 0 or whose coefficient is 0. Every element gets the
  //! same terms in the same order; the columns' (measure, year) pairs must differ (their elements then
  //! do), so up to four are booked side by side, and the running sums of by_shock, other_by_shock
  //! and landing are kept in registers for a region's sectors. (impact.cpp is compiled with
  //! -ffp-contract=off: each product rounded before it is added.)
  void add_demand_columns(std::size_t h, const std::vector<DemandColumn>& columns);

 private:
  ScenarioResults& res_;
  std::vector<std::size_t> region_;  // [sector]: its region
  std::vector<char> own_;            // [source * R + region]: one of the source's regions
  std::size_t n_, R_, S_, K_, Y_;    // sectors, regions, industries, measures, years: the arrays' strides
  template <std::size_t G>
  void add_demand_lanes(std::size_t h, const DemandColumn* columns);
};

}  // namespace devolve::projection
