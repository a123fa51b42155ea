#pragma once
// Interregional flows (docs/methodology.md, "Regionalisation", steps 3-5): for each supplying
// industry, the prior split of every purchasing column over supplier regions (location quotient
// inside the buyer's region, gravity shares outside it) balanced by RAS; kept either as dense
// matrices or in the factored form of MrioStructure (docs/methodology.md, "The structured solver").
#include <cstddef>
#include <memory>
#include <vector>

#include "devolve/build_config.hpp"
#include "devolve/matrix.hpp"
#include "devolve/model.hpp"
#include "devolve/factored_model.hpp"
#include "regional/final_demand.hpp"
#include "regional/ras.hpp"
#include "regional/regional_inputs.hpp"

namespace devolve::regional {

//! Domestic final-demand categories sourced across regions (households, NPISH, government, GFCF);
//! inventories and exports are booked to the producing region
inline constexpr std::size_t sourced_categories = 4;

//! What every supplying industry's balancing starts from
struct FlowSetting {
  const RegionalInputs& in;
  const RegionalisationParameters& prm;
  const Matrix& x;                   //!< output, R x S [currency]
  const Matrix& slq;                 //!< simple location quotients, R x S [1]
  const std::vector<double>& lambda;  //!< Flegg's lambda by region [1]
  const RegionalShares& shares;
  Matrix gravity;                    //!< gravity kernel d^-beta, R x R, zero diagonal
  std::size_t columns() const { return in.regions.size() * (in.industries.size() + sourced_categories); }
};

//! The prior of supplying industry i: purchasing columns p (the R S industry columns, then R columns
//! for each sourced category) with their total, the buyer region and the share bought inside it;
//! supplier row targets; gravity shares w[s R + u] of supplier u for buyer s (zero for u = s).
struct IndustryPrior {
  std::vector<double> total, own;
  std::vector<std::size_t> buyer;
  std::vector<double> row_target;
  std::vector<double> w;
};
IndustryPrior industry_prior(const FlowSetting& f, std::size_t i);

//! RAS on the factors of a supplying industry's prior, with Newton steps on the row factors
//! (ras_on_factors: a sweep's variants, dense_flows on_factors and factored_flows newton)
RasFactors balance_on_factors(const FlowSetting& f, const IndustryPrior& p);

//! Dense flows: fills m.z (n x n), m.final_demand (n x R K) and input_totals (n: Z's column sums,
//! each from its first row down, the bits of Matrix::col_sum); returns the largest relative row
//! error RAS left. RAS runs on the dense prior (ras()), or, with on_factors, on its factors
//! (ras_on_factors(): the same table to RAS's tolerance, 1e-8; results differ by up to about 7e-8
//! relative, docs/sweeps.md)
double dense_flows(const FlowSetting& f, Model& m, std::vector<double>& input_totals, bool on_factors = false);

//! Keeps z for this thread's next dense_flows on factors of the same size (reuse_flows)
void keep_z(Matrix&& z);

//! Factored flows: the coefficients, final demand and intermediate-input column sums, never an
//! n x n matrix; RAS runs on the row and column factors of each industry's prior, in plain rounds
//! (the built models), or with newton as ras_on_factors() (a sweep's variants: the same table as
//! dense_flows on_factors, to rounding)
struct FactoredFlows {
  std::shared_ptr<MrioStructure> a;
  std::shared_ptr<FactoredFinalDemand> y;
  std::vector<double> input_totals;  //!< sum of Z's column by purchasing sector, n [currency]
  double ras_error = 0;              //!< largest relative row error RAS left [1]
};
FactoredFlows factored_flows(const FlowSetting& f, std::size_t categories, bool newton = false);

//! Regions up to which a sweep's factored variant balances with Newton steps (ras_on_factors): each
//! step builds an R x R Jacobian with an inner sum over R, O(R^3) per industry, which at ITL3
//! (R = 182) costs more than the plain rounds it saves (docs/performance.md); ITL1 and ITL2 (R <= 46)
//! keep it, so their sweeps agree with the dense path to rounding
inline constexpr std::size_t newton_ras_max_regions = 64;

}  // namespace devolve::regional
