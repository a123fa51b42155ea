#pragma once
// Local procurement on intermediate purchases (docs/methodology.md, "Local procurement"): buying
// industries of a region move their purchases of chosen supplying industries from other regions'
// suppliers to the region's own. Each buying column keeps its total, so the coefficients change
// (a new factorisation) and what the region gains the other regions lose before multiplier effects.
#include <cstdint>
#include <memory>
#include <vector>

#include "devolve/matrix.hpp"
#include "devolve/model.hpp"
#include "devolve/scenario.hpp"

namespace devolve::projection {

//! One shock's move of one buying column's purchases of one supplying industry to suppliers in the
//! column's local area (docs/methodology.md, "Local procurement"): with r the column's region, L its
//! local area (r alone, or the shock's regions together) and z the column of Z as the shock found it,
//! Z(u i, col) -= moved z(u i) / others for every region u outside L with z(u i) != 0, and
//! Z(r i, col) += moved where L is r alone, else Z(v i, col) += moved z(v i) / inside for every v in L
//! with z(v i) != 0 (all to r where inside = 0). A move stands for its R flow changes
//! (for_each_change), so a year's changes take a few numbers per buying column and industry, not one
//! per flow (a LAD table's 117 buying columns change 4.4 million flows).
struct ProcurementMove {
  std::uint32_t col = 0, industry = 0;
  double moved = 0;   //!< moved to suppliers in the local area [GBP million]
  double others = 0;  //!< the column's purchases of the industry from outside the local area before the move [GBP million]
  double inside = 0;  //!< from inside it (the local area of several regions only) [GBP million]
  const double* z = nullptr;  //!< the column of Z before the move, n values (held by its ProcurementYear)
  const unsigned char* area = nullptr;  //!< R flags: the local area where it is several regions, else null (held likewise)
};

//! What the local_procurement shocks of a scenario do to the base-year table in one year, shock by
//! shock in file order, each on the table the previous ones left.
struct ProcurementYear {
  std::vector<double> key;  //!< each procurement shock's share increase x phase (equal keys: equal tables)
  struct Moves {
    std::vector<std::vector<ProcurementMove>> shocks;  //!< [shock index]: its moves (empty for other shocks)
    std::vector<std::shared_ptr<const std::vector<double>>> columns;  //!< the columns of Z the moves read
    std::vector<std::vector<unsigned char>> areas;  //!< [shock index]: its local area (local_area: together), else empty
  };
  //! Shared by the years with the same key
  std::shared_ptr<const Moves> data;
  //! The moves of every shock, [shock index], each buying column's in industry order, the columns in order
  const std::vector<std::vector<ProcurementMove>>& moves() const;
  //! True when some shock changes a flow this year
  bool any() const;
};

//! Calls f(row, delta) for each flow change Z(row, move.col) += delta of a move, in order: the rows
//! outside the local area in region order, then those inside it (the column's own region's alone
//! where the area is that region) [GBP million]
template <class F>
void for_each_change(const Model& m, const ProcurementMove& mv, F&& f) {
  const std::size_t R = m.num_regions(), r = m.region_of(mv.col);
  if (!mv.area) {
    for (std::size_t u = 0; u < R; ++u) {
      const std::size_t row = m.sector(u, mv.industry);
      if (u != r && mv.z[row] != 0) f(row, -mv.moved * mv.z[row] / mv.others);
    }
    f(m.sector(r, mv.industry), mv.moved);
    return;
  }
  for (std::size_t u = 0; u < R; ++u) {
    const std::size_t row = m.sector(u, mv.industry);
    if (!mv.area[u] && mv.z[row] != 0) f(row, -mv.moved * mv.z[row] / mv.others);
  }
  if (!(mv.inside > 0)) {  // the area sells none yet: to r's suppliers
    f(m.sector(r, mv.industry), mv.moved);
    return;
  }
  for (std::size_t u = 0; u < R; ++u) {
    const std::size_t row = m.sector(u, mv.industry);
    if (mv.area[u] && mv.z[row] != 0) f(row, mv.moved * mv.z[row] / mv.inside);
  }
}

//! The changes in year t (docs/methodology.md, "Local procurement"): for region r, buying industry
//! j and supplying industry i with T the column's purchases of i from every region and O from r's
//! local area, moved = min(share_increase x phase_t x T, T - O) x additionality, added to r's supplier
//! (to the area's pro rata to what each supplied) and taken from the others pro rata likewise.
ProcurementYear procurement_year(const Scenario& scenario, const Model& model, std::size_t t);

//! procurement_year for every year of the scenario, the years with equal keys sharing one set of moves
std::vector<ProcurementYear> procurement_years(const Scenario& scenario, const Model& model);

//! Adds the year's changes to `z` (the base-year flows of the same model) [GBP million]
void apply_procurement(const Model& model, const ProcurementYear& year, Matrix& z);

//! Adds to column cols[k] of y the first-round change in sales of shock h in year years[k], dA x_t (x_t
//! the year's baseline output of each buying column; zero-sum over sectors), for years that share
//! the table `year` (their changes of A computed once), and to moved[k][r] the purchases moved to
//! suppliers in region r by buyers whose local area holds r [GBP million]
void procurement_direct(const Scenario& scenario, const Model& model, const ProcurementYear& year, std::size_t h,
                        const std::vector<std::size_t>& years, Matrix& y, const std::vector<std::size_t>& cols,
                        std::vector<std::vector<double>>& moved);

}  // namespace devolve::projection
