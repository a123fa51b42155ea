#pragma once
// The compact inputs of the regionalisation: the derived files of data/uk (data/uk/README.md).
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "devolve/build_config.hpp"
#include "devolve/model.hpp"
#include "devolve/regionalise.hpp"
#include "regional/household_inputs.hpp"

namespace devolve {

struct RegionalInputs {
  std::vector<Label> industries;          // S
  std::vector<std::string> income_group;  // S: regional compensation group of each industry
  std::vector<std::string> bres_section;  // S: BRES section (empty where BRES has none)
  Matrix z;                               // S x S national domestic intermediate flows
  // national final demand by industry for the model's six categories
  std::vector<double> hh, npish, gov, gfcf, inv, exp;
  std::vector<double> imports, taxes, coe, gos, otp, gva, output;  // S
  std::vector<double> jobs, fte, ghg;                              // S
  std::vector<double> bres_gb;  // S: ONS BRES 2021 GB employment by IOAT industry (national/employment.csv)
  std::vector<Label> regions;                                      // R
  std::vector<double> population, filled_jobs;                     // R
  Matrix region_gva;                                               // R x S (incl. allocated Extra-Regio)
  std::vector<double> extra_regio;                                 // R: Extra-Regio GVA allocated to the region
  Matrix extra_regio_gva;  // R x S: the Extra-Regio part of region_gva (step 6 gives it the UK CoE/GVA)
  Matrix distance;                                                 // R x R [km]
  std::map<std::pair<std::string, std::string>, std::pair<double, double>> comp;  // (region, group) -> (CoE, GVA)
  std::map<std::pair<std::string, std::string>, double> bres;                     // (region, section) -> FT employees
  std::vector<std::pair<std::string, std::string>> assumptions;
  HouseholdInputs households;  // residents' income and commuting, if the inputs have them
  std::vector<std::pair<std::string, std::string>> area_metadata;  // level lad: the areas' real GVA trends
  // Level lad: the same inputs for each LAD (regions: the LADs; population, filled jobs, GVA,
  // Extra-Regio, compensation and BRES; no distances, households or trends) and the area of each
  // LAD. Compensation, jobs and FTE are computed for the LADs and summed to their areas, so an
  // area's values do not depend on how the other LADs are grouped (docs/data.md).
  std::shared_ptr<const RegionalInputs> lads;
  std::vector<std::size_t> area_of_lad;  // [LAD]: its area (index into regions)
};

namespace regional {

//! Reads national/, <level>/ and assumptions.csv under config.inputs (level lad: the LADs summed to
//! config.regions); errors name file, line and column.
RegionalInputs read_inputs(const BuildConfig& config);

}  // namespace regional
}  // namespace devolve
