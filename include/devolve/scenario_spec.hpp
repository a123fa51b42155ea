#pragma once
// What a scenario file says (docs/scenarios.md), read without a model or the shipped data: every
// value the user wrote, each with the place it was written, so that errors found later, when the
// spec is resolved against a model (resolve_scenario in scenario.hpp), still point into the file.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "devolve/error.hpp"

namespace devolve {

//! Where a value was written: file, 1-based line and column, key path, and the text of that line.
struct SourceLocation {
  std::string file;
  int line = 0;    //!< 1-based; 0 unknown
  int column = 0;  //!< 1-based; 0 unknown
  std::string key;  //!< e.g. "shocks[0].amount"
  std::string source_line;
};

//! A value and whether (and where) it was written; a sweep sets `value` and `given`.
template <class T>
struct Given {
  T value{};
  bool given = false;
  SourceLocation at;  //!< where it was written (a value a sweep adds: its parent's place)
};

//! Additionality fractions for one spatial level, as written [1].
struct AdditionalityLevelSpec {
  Given<double> deadweight, displacement, substitution;
  SourceLocation at;
};

//! Additionality fractions as written [1] (the HCA Additionality Guide's product), optionally by
//! spatial level (the Guide's local, sub_regional, regional and national levels).
struct AdditionalitySpec {
  Given<double> deadweight, displacement, substitution;
  Given<std::string> level;                              //!< the level whose values apply
  std::map<std::string, AdditionalityLevelSpec> levels;  //!< level -> its values
  SourceLocation levels_at;                              //!< where `levels` was written
};

//! Labour supply as written (docs/scenarios.md, "labour_supply") [1].
struct LabourSupplySpec {
  Given<double> displacement, unemployed, inactive, in_commuting, in_migration, inactive_wanting_work;
  SourceLocation at;
};

//! Per-year values: one number for every year, or a map year -> value (other years 0).
struct PerYearSpec {
  bool is_map = false;
  Given<double> every;                         //!< one number for every year
  std::map<long long, Given<double>> by_year;  //!< year -> value
  SourceLocation at;
};

//! Phasing: absent (1 every year), a list of factors, a map year -> factor, or a ramp.
struct PhasingSpec {
  enum class Kind { absent, list, by_year, ramp };
  Kind kind = Kind::absent;
  std::vector<Given<double>> factors;          //!< list: one per scenario year [1]
  std::map<long long, Given<double>> by_year;  //!< year -> factor [1]
  Given<long long> ramp_first, ramp_full;      //!< ramp: 0 before first, 1 from full
  SourceLocation at;
};

//! R&D dynamics as written: rd: true/false, or a map of parameters (which turns them on).
struct RdSpec {
  Given<bool> enabled;
  bool is_map = false;
  Given<double> leverage, depreciation, rate_of_return, spillover_share;  //!< [1], [1/year], [1/year], [1]
  Given<long long> leverage_lag, return_lag;                              //!< [years]
  SourceLocation at;
};

//! A need split as written: split: {need: MEASURE, share: S} (docs/scenarios.md, "Splits").
struct NeedSpec {
  Given<std::string> measure;  //!< employment_rate_gap or gdhi_per_head_gap
  Given<double> share;         //!< share of the amount split by need, the rest by population (default 1) [1]
};

//! One purchase of a custom spending pattern (docs/scenarios.md, "custom_spending"), written inline
//! or as a row of a CSV file (its place is then the CSV file's line and column).
struct PurchaseSpec {
  Given<std::string> region, industry;  //!< the supplying region and industry, as written
  Given<double> amount;                 //!< [GBP million a year, in the scenario's stated prices]
};

//! One shock as written. Its regions, split, profile, industries and buyers are resolved against
//! the model from the spec's source (ScenarioSpec::source).
struct ShockSpec {
  SourceLocation at;
  bool readable = true;  //!< false when reading found an error in it (it is not resolved)
  Given<std::string> type, label, measure, target;
  PerYearSpec amount;    //!< [GBP million a year]
  PhasingSpec phasing;
  AdditionalitySpec additionality;
  RdSpec rd;
  Given<double> change, coverage, share_increase;  //!< [1]
  Given<std::string> local_area;      //!< local_procurement: each or together (docs/scenarios.md, "local_procurement")
  // events (docs/scenarios.md, "Event shocks"): employment keeps its jobs in `amount` [jobs a year]
  Given<std::string> industry;        //!< employment: the one industry of the jobs
  Given<double> uplift;               //!< labour_income: pay uplift as a share of base-year compensation [1]
  Given<std::string> category;        //!< custom_spending: the final-demand category whose price basis applies
  Given<std::string> purchases_file;  //!< custom_spending: the CSV file, as written
  std::vector<PurchaseSpec> purchases;  //!< custom_spending: inline or read from the CSV file
  NeedSpec need;         //!< spend and redirect recipients: a need split, if written
};

//! The money a scenario states (docs/scenarios.md, "price_year and price_basis").
struct PriceSpec {
  Given<long long> price_year;    //!< the year whose prices real amounts are in
  Given<std::string> money;       //!< "real" (constant prices of price_year) or "cash" (each year's own)
  Given<std::string> valuation;   //!< "basic" or "purchasers"
  Given<double> deflator_growth;  //!< assumed GDP deflator growth after the last published year [1/year]
};

//! The parsed file behind a spec (defined in model/scenario; no yaml-cpp type in this header).
struct ScenarioSource;

//! A scenario file as written.
struct ScenarioSpec {
  std::string file;  //!< path of the scenario file
  std::string text;  //!< its full text
  Given<std::string> name, description, model, type;
  Given<long long> first_year, last_year;  //!< the years, checked against the horizon (2070)
  bool years_readable = false;             //!< both years read and in order
  Given<long long> prices, appraisal_year;
  AdditionalitySpec additionality;         //!< the scenario's, the default of every shock
  bool additionality_readable = true;
  Given<double> growth, productivity;      //!< baseline rates when one number for every region [1/year]
  PriceSpec price;                         //!< price_year, price_basis, deflator_growth
  std::vector<ShockSpec> shocks;
  LabourSupplySpec labour_supply;
  std::shared_ptr<const ScenarioSource> source;
};

//! Reads a scenario file without a model: syntax, types, unknown keys and the limits of the table
//! of scenario inputs. Every error found is appended to `errors` (when given); throws the first.
ScenarioSpec read_scenario_spec(const std::string& path, std::vector<std::string>* errors = nullptr);
//! As read_scenario_spec, from text read as if it were `file`.
ScenarioSpec read_scenario_spec_text(const std::string& text, const std::string& file);

//! An InputError at a recorded place, with its line and caret.
InputError spec_error(const SourceLocation& at, const std::string& message);

}  // namespace devolve
