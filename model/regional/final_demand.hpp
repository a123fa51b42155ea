#pragma once
// Regional final demand (docs/methodology.md, "Regionalisation", step 4): each region's share of a
// national final-demand category, by population, output or income.
#include <vector>

#include "devolve/build_config.hpp"
#include "devolve/matrix.hpp"

namespace devolve::regional {

//! Each region's share of national totals [1]; every vector sums to 1.
struct RegionalShares {
  std::vector<double> population;  //!< population_r / sum (NPISH, government)
  std::vector<double> output;      //!< x_r / x_n (GFCF)
  std::vector<double> income;      //!< compensation earned in r / UK compensation
  //! Households' share: population or income, as the parameters say
  const std::vector<double>& households(HouseholdShare h) const { return h == HouseholdShare::population ? population : income; }
};

//! Shares from population by region, output by region (x_region, summing to x_nation) and
//! compensation by region and industry (R x S)
RegionalShares regional_shares(const std::vector<double>& population, const std::vector<double>& x_region,
                               double x_nation, const Matrix& coe);

}  // namespace devolve::regional
