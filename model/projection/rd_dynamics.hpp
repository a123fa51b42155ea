#pragma once
// R&D dynamics (docs/methodology.md, "R&D dynamics"): private R&D crowded in by public R&D, the
// knowledge stock both build, and the supply-side GVA the stock yields.
#include <functional>
#include <vector>

#include "devolve/labelled_array.hpp"
#include "devolve/model.hpp"
#include "devolve/scenario.hpp"
#include "projection/impact.hpp"

namespace devolve::projection {

//! Private R&D crowded in in year t, region r: leverage x public R&D of leverage_lag years before,
//! 0 in the first leverage_lag years. public_rd is (year, region) [GBP million].
double leveraged_private_rd(const RdDynamics& rd, const LabelledArray& public_rd, std::size_t t, std::size_t r);

}  // namespace devolve::projection

namespace devolve {

//! Supply-side GVA of one R&D shock: from public and private R&D by year and region (Y x R,
//! row-major) [GBP million] fills the knowledge stock K_t = (1 - depreciation) K_{t-1} + public_t +
//! private_t (Y x R) and calls emit(year, region, gva) for the GVA_t = rate_of_return x
//! K_{t - return_lag} yields there: (1 - spillover) in the region, the spillover share in the other
//! regions by their share of GVA.
void rd_supply_side(const RdDynamics& rd, std::size_t years, const std::vector<double>& region_gva,
                    const std::vector<double>& public_rd, const std::vector<double>& private_rd,
                    std::vector<double>& stock, const std::function<void(std::size_t, std::size_t, double)>& emit);

}  // namespace devolve

namespace devolve::projection {

//! The R&D stage: from each shock's public and private R&D (year, region) [GBP million] (the
//! final-demand stage's DemandColumns), books every R&D shock's supply-side GVA (spread over a
//! region's industries by their GVA; no jobs, the demand side counts those) and adds its stock to
//! knowledge_stock (year, region).
void book_rd_dynamics(const Scenario& scenario, const Model& model, const std::vector<LabelledArray>& public_rd,
                      const std::vector<LabelledArray>& private_rd, const MeasureIndex& index, ImpactAccumulator& acc,
                      LabelledArray& knowledge_stock);

}  // namespace devolve::projection
