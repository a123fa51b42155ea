#pragma once
// Final-demand columns (docs/methodology.md, "Shocks"): one column of changes in final demand per
// (demand source, year), solved together.
#include <vector>

#include "devolve/labelled_array.hpp"
#include "devolve/matrix.hpp"
#include "devolve/model.hpp"
#include "devolve/scenario.hpp"
#include "projection/impact.hpp"
#include "projection/procurement.hpp"

namespace devolve::projection {

struct DemandColumns {
  std::vector<std::size_t> sources;  //!< D: the effect sources that change final demand (all but productivity with measure jobs)
  std::size_t years = 0;             //!< Y
  Matrix y;                          //!< n x (D x Y): the change in final demand by sector [GBP million]
  std::vector<LabelledArray> public_rd;   //!< per shock: (year, region) public R&D spent [GBP million]
  std::vector<LabelledArray> private_rd;  //!< per shock: (year, region) private R&D crowded in [GBP million]
  //! The column of source d (a position in `sources`) in year t
  std::size_t column(std::size_t d, std::size_t t) const { return d * years + t; }
};

//! Adds `amount` [GBP million] of final demand spent in region r, in category `category`, to column
//! col of y: the domestic part (1 - import_share) over industries by `shares`, bought from the
//! region's own industries (local) or across regions by the region's pattern for the category.
void spend_in_region(const Model& model, const std::vector<double>& shares, double import_share, bool local,
                     std::size_t category, std::size_t r, double amount, Matrix& y, std::size_t col);

//! Builds every column, after phasing and additionality: spend and redirect shocks (a redirect's
//! donors negative), local procurement (its first-round change in sales, from `procurement`, one
//! entry per year; procurement.hpp), the extra output of
//! productivity shocks with measure gva (jobs held), and the private R&D an
//! R&D shock crowds in (leverage x its public R&D leverage_lag years before). Books the final
//! demand spent in each region into `demand` (shock, year, region).
DemandColumns final_demand_columns(const Scenario& scenario, const Model& model,
                                   const std::vector<EffectSource>& sources,
                                   const std::vector<ProcurementYear>& procurement, LabelledArray& demand);

//! The columns with every source's column of a year summed (sources in order, each entry's sum from
//! the first source on) into one column a year, booked as the first source's: for results that keep
//! no source's share (a sweep's totals by region, docs/sweeps.md, "The coefficients path"), the same
//! to rounding, since the solves are linear. R&D spending by shock is kept.
DemandColumns summed_over_sources(DemandColumns cols);

}  // namespace devolve::projection
