#pragma once
#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "devolve/context.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model.hpp"
#include "devolve/model_cache.hpp"

namespace devolve {

//! Additionality (HCA Additionality Guide, 2014, ch. 4): net = gross x (1 - deadweight) x (1 - displacement) x (1 - substitution).
struct Additionality {
  double deadweight = 0;    //!< share that would have happened anyway [1]
  double displacement = 0;  //!< share displaced from other activity in the area [1]
  double substitution = 0;  //!< share where one activity is substituted for another [1]
  //! The spatial level the fractions were assessed at (local, sub_regional, regional, national); empty
  //! when not stated. Leakage and multiplier effects are the model's at every level, never an input.
  std::string level;
  //! The factor applied to gross effects [1]
  double factor() const { return (1 - deadweight) * (1 - displacement) * (1 - substitution); }
};

//! R&D dynamics of an R&D spending shock (docs/methodology.md, "R&D dynamics"): crowding-in of
//! private R&D, a knowledge stock, and a return on it that raises GVA (supply side).
struct RdDynamics {
  bool enabled = false;
  double leverage = 1.13;        //!< private R&D per GBP 1 of public R&D [1]
  int leverage_lag = 1;          //!< years from public to private R&D [years]
  double depreciation = 0.15;    //!< yearly depreciation of the knowledge stock [1]
  double rate_of_return = 0.20;  //!< GVA per year per GBP 1 of knowledge stock [1]
  int return_lag = 0;            //!< years from the stock to the GVA it yields [years]
  double spillover_share = 0.0;  //!< share of that GVA landing in other regions (by their GVA) [1]
};

//! The year index whose public R&D crowds in the private R&D of year index t: leverage_lag years
//! before; -1 in the first leverage_lag years, which have none (docs/methodology.md, "R&D dynamics").
long long leverage_source_year(const RdDynamics& rd, std::size_t t);

//! The baseline path (docs/methodology.md, "Projections"): yearly growth by region.
struct Baseline {
  std::string growth_source = "none";        //!< e.g. "ONS real GVA trend 2012-2019"
  std::vector<double> growth;                //!< R: real GVA (and output) growth per year [1]
  std::string productivity_source = "none";
  std::vector<double> productivity;          //!< R: growth of real GVA per job per year [1]
  //! The national control total ("Projections", "The national control"): what it is, or "none: <why>"
  std::string national_source = "none";
  //! By measure code (output, gva, income, each indicator), the factor s_{k,t} by scenario year that
  //! scales the regions' trend paths so that they add up to the national path; empty without one [1]
  std::map<std::string, std::vector<double>> national_scale;

  //! s_{k,t} of measure `code` in scenario year index t: 1 without a national control [1]
  double scale(const std::string& code, std::size_t t) const;
  //! Region r's baseline level of measure `code` in scenario year index t (n years after the base
  //! year) over its base-year level: s_{k,t} (1 + g_r)^n, and for jobs and FTE over (1 + p_r)^n [1]
  double factor(const std::string& code, bool per_job, std::size_t r, std::size_t t, int n) const;
  //! What jobs and FTE per unit of real output are divided by in that year, for the shocks as in the
  //! baseline: (1 + p_r)^n s_{gva,t} / s_{k,t} (the baseline's GVA per job over the base year's) [1]
  double per_job_divisor(const std::string& code, std::size_t r, std::size_t t, int n) const;
};

//! Who fills a region's new resident jobs (docs/methodology.md, "Labour supply"): a share
//! displaces people already in work; the rest is split over the four sources by the weights,
//! normalised to sum to 1. Base levels are the region's labour market in the model's base year.
struct LabourSupply {
  double displacement = 0.0;  //!< share of new resident jobs taken by people already in work [1]
  double unemployed = 0.0, inactive = 0.25, in_commuting = 0.0, in_migration = 0.75;  //!< weights of the rest [1] (Bartik 1993)
  double inactive_wanting_work = 0.196;  //!< share of the inactive aged 16-64 who want a job [1]
  std::string source;                    //!< the base levels' publisher, table and year, or "none: <why>"
  std::vector<double> employed, unemployed_level, active;  //!< R: aged 16+, base year [persons]; empty without data
  std::vector<double> population_16_64, inactive_16_64;    //!< R: estimated, base year [persons]
  //! The shares of the five sources in the order unemployed, inactive, in_commuting, in_migration,
  //! displacement; they sum to 1 [1]
  std::array<double, 5> shares() const;
};

//! One shock of a scenario, resolved against the model (plain data; docs/scenarios.md).
struct Shock {
  enum class Type { spend, redirect, productivity, local_procurement, employment, labour_income, household_income, custom_spending };
  Type type = Type::spend;
  std::string label;
  std::vector<double> amount;  //!< per scenario year, before phasing and additionality [GBP million]
  std::vector<double> phase;   //!< per scenario year [1]
  Additionality additionality;
  std::array<bool, 3> own_additionality{};  //!< deadweight, displacement, substitution set on the shock itself

  // spend and redirect: where the money goes (weights over regions, summing to 1) and what it buys
  std::vector<double> to_weights;    //!< R
  std::vector<double> from_weights;  //!< R (redirect: the donors)
  bool per_head_split = false;       //!< the recipients' split levels up spending per head (depends on the amount)
  std::string split;                 //!< how the shares were set, for the results file: e.g. "population", "need: ..."
  std::string profile;               //!< profile name
  std::vector<double> profile_shares;  //!< S: shares of the domestic part over industries
  double import_share = 0;           //!< share of the amount spent directly on imports [1]
  bool local_sourcing = true;        //!< bought from the region's own industries, else its pattern
  std::size_t sourcing_category = 0;  //!< final-demand category whose sourcing pattern is used

  // productivity: change of jobs (and FTE) per GBP m, or GVA per GBP m, by region and industry
  std::string measure;               //!< "jobs" or "gva"
  double change = 0;                 //!< at full phase: +0.05 is 5% more output per job, or GVA per output
  std::vector<double> region_change; //!< R: per-region change (target: england_average), else empty
  double coverage = 1;               //!< share of each region's activity the change applies to [1]
  std::vector<bool> region_mask;     //!< R
  std::vector<bool> industry_mask;   //!< S (local_procurement: the supplying industries)

  // local_procurement: buying industries of the region raise the share of their intermediate
  // purchases of the supplying industries (industry_mask) bought inside the region
  std::vector<bool> buyer_mask;      //!< S: the buying industries
  double share_increase = 0;         //!< percentage points (as a fraction) at full phase [1]
  //! The local area of each buying region: false, the region itself (local_area: each); true, all the
  //! shock's regions together (local_area: together; the same as each for a shock of one region)
  bool local_together = false;
  bool local_area_written = false;   //!< local_area was written, else the default (one named area: together)

  RdDynamics rd;                     //!< spend and redirect shocks of R&D
  std::vector<double> private_rd_shares;  //!< S: the business_rd profile, when rd is enabled
  double private_import_share = 0;        //!< its share spent directly on imports [1]
  bool private_local_sourcing = true;     //!< its sourcing: local, or the category's pattern
  std::size_t private_category = 0;       //!< the category whose pattern it follows
  // events (docs/methodology.md, "Event shocks"): amount is jobs (employment) or GBP million
  std::vector<double> sector_weights;  //!< n: share of the amount in each sector (employment: jobs;
                                       //!< labour_income: workplace pay; custom_spending: purchases)
  double valuation_ratio = 1;          //!< purchasers' to basic prices applied to the amounts [1]
  std::vector<double> price_factor;    //!< per year: amount as written -> base-year basic prices (empty: 1) [1]
  std::string regions_text;          //!< the regions as written, for reports
  std::vector<std::size_t> shock_regions;  //!< where the money lands (for own-region vs elsewhere)
};

//! How a scenario's money was converted to the model's base-year basic prices (docs/methodology.md,
//! "Prices"): amount in base-year basic prices = amount as written x deflator factor x valuation ratio.
struct PriceConversion {
  bool stated = false;           //!< price_year or price_basis was given
  int price_year = 0;            //!< real: the year of the prices; cash: 0
  std::string money = "real";    //!< real or cash
  std::string valuation = "basic";  //!< basic or purchasers
  std::vector<double> deflator;  //!< per scenario year: the price year's GDP deflator (cash: the year's) [index]
  double base_deflator = 0;      //!< GDP deflator of the model's base year [index]
  std::vector<double> factor;    //!< per scenario year: base_deflator / deflator [1]
  std::string source;            //!< the deflator series and release, and any growth assumed after it
};

//! A scenario resolved against its model.
struct Scenario {
  std::string file;         //!< path of the scenario file
  std::string text;         //!< its full text
  std::string name;
  std::string description;
  std::string model_spec;   //!< as written
  std::string model_path;   //!< resolved
  int first_year = 0;
  int last_year = 0;
  Closure closure = Closure::type_ii;
  int prices_year = 0;
  PriceConversion price;    //!< price_year and price_basis (default: base-year basic prices, factor 1)
  Additionality additionality;
  Baseline baseline;
  int appraisal_year = 0;   //!< year 0 of the present values
  std::vector<Shock> shocks;
  LabourSupply labour;
  ContextData context;      //!< context indicators of the model's regions (not modelled); empty without shipped data
  std::vector<int> years() const;
};

struct ScenarioSpec;
struct ShippedData;

//! The shipped data scenarios are resolved with, read once: the profiles (profiles.yaml) and the
//! data/uk tables (per-head R&D baselines, GVA and productivity trends).
struct ScenarioData {
  std::shared_ptr<const ShippedData> shipped;
};

//! Reads the shipped data from settings.data_dir; profiles from `profiles_dir`/profiles.yaml (empty:
//! the source tree's scenarios/).
ScenarioData load_scenario_data(const ModelSettings& settings, const std::string& profiles_dir = {});

//! Resolves a spec (scenario_spec.hpp) against a loaded model and the shipped data: regions and
//! groups, profiles, the per-head split's level, the England-average target, and every check that
//! needs the model. Errors are InputErrors at the places the spec recorded; throws the first.
Scenario resolve_scenario(const ScenarioSpec& spec, const Model& model, const ScenarioData& data);

//! Reads a scenario file (read_scenario_spec), loads its model and resolves it, collecting every
//! error it can find; throws the first InputError after recording all of them in `errors`.
//! The model is returned through `model`. Shipped profiles come from `profiles_dir`/profiles.yaml
//! (empty: the source tree's scenarios/ folder); models and shipped data as `settings` says.
Scenario read_scenario(const std::string& path, const ModelSettings& settings, Model& model,
                       std::vector<std::string>* errors = nullptr, const std::string& profiles_dir = {});
//! Parses scenario text as if it were `file`; with model_given, `model` is used instead of loading
//! the scenario's model (sweeps run many variants against one model).
Scenario read_scenario_text(const std::string& text, const std::string& file, const ModelSettings& settings, Model& model,
                            bool model_given, const std::string& profiles_dir = {});
//! As above, with the shipped data read already (load_scenario_data; a batch reads it once).
Scenario read_scenario_text(const std::string& text, const std::string& file, const ModelSettings& settings, Model& model,
                            bool model_given, const ScenarioData& data);

//! The local area a local_procurement shock used (docs/scenarios.md, "local_procurement"), as the
//! results file records it (/results/shock_local_area): "together" (the shock's regions as one area)
//! or "each" (every region its own, and a shock of one region); "" for every other type of shock.
std::string local_area_value(const Shock& sh);
//! One line for each local_procurement shock of several regions: the local area its buyers buy more
//! in, and whether `local_area` was written or the default (devolve run, batches and sweeps print it).
std::string local_area_notes(const Scenario& sc);

//! The built-in region groups (docs/scenarios.md): name -> ITL1 codes.
const std::vector<std::pair<std::string, std::vector<std::string>>>& builtin_region_groups();
//! The ITL1 codes of one built-in group, e.g. "north" -> TLC, TLD, TLE (throws std::logic_error if unknown).
const std::vector<std::string>& builtin_region_group(const std::string& name);

}  // namespace devolve
