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

//! One change of a base-year intermediate flow: Z(row, col) += delta [GBP million] (16 bytes: a LAD
//! table's change holds millions)
struct FlowChange {
  std::uint32_t row = 0, col = 0;
  double delta = 0;
};

//! What the local_procurement shocks of a scenario do to the base-year table in one year, shock by
//! shock in file order, each on the table the previous ones left.
struct ProcurementYear {
  std::vector<double> key;  //!< each procurement shock's share increase x phase (equal keys: equal tables)
  //! [shock index]: its changes (empty for other shocks); shared by the years with the same key
  std::shared_ptr<const std::vector<std::vector<FlowChange>>> shocks;
  //! The changes of every shock, [shock index]
  const std::vector<std::vector<FlowChange>>& changes() const;
  //! True when some shock changes a flow this year
  bool any() const;
};

//! The changes in year t (docs/methodology.md, "Local procurement"): for region r, buying industry
//! j and supplying industry i with T the column's purchases of i from every region and O from r,
//! moved = min(share_increase x phase_t x T, T - O) x additionality, added to r's supplier and taken
//! from the others pro rata to what each supplied.
ProcurementYear procurement_year(const Scenario& scenario, const Model& model, std::size_t t);

//! procurement_year for every year of the scenario, the years with equal keys sharing one list of changes
std::vector<ProcurementYear> procurement_years(const Scenario& scenario, const Model& model);

//! Adds the year's changes to `z` (the base-year flows of the same model) [GBP million]
void apply_procurement(const ProcurementYear& year, Matrix& z);

//! Adds to column col of y the first-round change in sales of shock h in year t, dA x_t (x_t the year's
//! baseline output of each buying column; zero-sum over sectors), and to moved[r] the purchases moved
//! to region r's own suppliers; returns their total [GBP million]
double procurement_direct(const Scenario& scenario, const Model& model, const ProcurementYear& year, std::size_t h,
                          std::size_t t, Matrix& y, std::size_t col, std::vector<double>& moved);

}  // namespace devolve::projection
