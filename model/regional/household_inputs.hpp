#pragma once
// Private to model/regional: the household account of a regionalised model (docs/data.md,
// "Households"): residents' GDHI and gross income by region, and the Census 2021 residence shares.
#include <string>
#include <vector>

#include "devolve/model.hpp"

namespace devolve {

struct HouseholdInputs {
  Matrix residence_share;      // R x R: residents of r (row) per unit of compensation earned in w (column)
  std::vector<double> gdhi;    // R [GBP million]
  std::vector<double> gross;   // R: primary plus secondary resources [GBP million]
  bool present() const { return !gdhi.empty(); }
};

//! Reads <dir>/households.csv and <dir>/commuting.csv if both exist (else returns an empty
//! account); errors name the file, row and column.
HouseholdInputs read_household_inputs(const std::string& dir, const std::vector<Label>& regions);

//! Puts the account into the model (the Type II closure reads it there).
void attach_household_account(Model& m, const HouseholdInputs& h);

}  // namespace devolve
