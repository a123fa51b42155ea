#pragma once
// Converting a scenario's money to the model's base-year basic prices (docs/methodology.md,
// "Prices"): the ONS GDP deflator and the purchasers'-to-basic ratio of a final-demand column,
// both from the shipped data (data/uk/national; docs/data.md).
#include <map>
#include <string>

#include "devolve/model.hpp"

namespace devolve {

//! The GDP implied deflator shipped in data/uk/national/gdp_deflator.csv (ONS YBGB, 2023 = 100).
struct DeflatorSeries {
  std::string file;
  std::map<int, double> index;  //!< year -> index [2023 = 100]
};

//! Reads the series from `data_dir`/uk/national/gdp_deflator.csv (CSV errors are InputErrors).
DeflatorSeries read_gdp_deflator(const std::string& data_dir);

//! The deflator of `year`: published, or extended past the last published year at `growth` a year
//! when `has_growth`; empty `why` when found, else why not (in the scenario reader's words).
double deflator_of(const DeflatorSeries& d, int year, bool has_growth, double growth, std::string& why);

//! Basic prices per unit of purchasers' prices of final-demand role `role` in the UK table
//! (data/uk/national/final_demand_categories.csv): (domestic_bp + imports_cif) /
//! (domestic_bp + imports_cif + product_taxes_less_subsidies) [1]. `why` non-empty when the table
//! has no column of that role.
double purchasers_to_basic(const std::string& data_dir, FinalDemandRole role, std::string& why);

}  // namespace devolve
