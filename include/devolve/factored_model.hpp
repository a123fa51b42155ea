#pragma once
// The factored form of a regionalised MRIO (docs/model-format.md, "Factored models"): data only, so
// that models can hold it; the products and solves on it are in devolve/mrio_structure.hpp.
#include <cstddef>
#include <vector>

#include "devolve/model.hpp"

namespace devolve {

//! The technical coefficients A = Z diag(x)^-1 of a regionalised MRIO in factored form
//! (docs/methodology.md, "The structured solver"). With sector (r, i) at r * S + i,
//!   A(u i, s j) = D_s(i, j)               if u = s  (purchases inside region s),
//!   A(u i, s j) = T_i(u, s) * M_s(i, j)   if u != s (purchases from other UK regions).
//! Regionalisation gives this form exactly: RAS scales each supplier industry's (supplier region x
//! purchasing column) matrix by row and column factors, and the prior of a purchase from another
//! region is the column total times a gravity share of the supplier region, so every slice
//! (industry i, buyer region s) of purchases from other regions has rank one. Storage is
//! 2 R S^2 + S R^2 values against (R S)^2 for the dense matrix.
struct MrioStructure {
  std::size_t regions = 0;     //!< R
  std::size_t industries = 0;  //!< S
  //! D_s: R blocks of S x S, column-major: region s's purchases of i from itself per unit of output of j [currency per currency]
  std::vector<double> own;
  //! M_s: R blocks of S x S, column-major: region s's purchases of i from all other UK regions per unit of output of j [currency per currency]
  std::vector<double> bought;
  //! T_i: S blocks of R x R, column-major: share of supplier region u (row) in buyer region s's (column)
  //! purchases of i from other regions; zero diagonal, columns sum to 1 or 0 [1]
  std::vector<double> trade;

  std::size_t sectors() const { return regions * industries; }
};

//! Final demand of a regionalised MRIO in the same factored form (docs/model-format.md, "Factored
//! models"): category k of buyer region s buys own[(s K + k) S + i] of industry i inside s and
//! bought[(s K + k) S + i] from other UK regions, split over supplier regions u by the trade shares
//! T_i(u, s) of the coefficients. So Y(u i, s k) = own if u = s, else T_i(u, s) * bought.
struct FactoredFinalDemand {
  std::size_t categories = 0;  //!< K
  std::vector<double> own;     //!< R x K blocks of S [currency]
  std::vector<double> bought;  //!< R x K blocks of S [currency]
};

//! Row sums of Z and of final demand, and column sums of Z, by sector [currency]
struct FlowTotals {
  std::vector<double> z_rows, final_demand_rows, z_columns;
};

//! The totals of a factored model (Model::factored()) from its factored form, in O(R S^2 + R^2 S)
FlowTotals factored_totals(const Model& model);

}  // namespace devolve
