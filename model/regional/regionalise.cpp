// Regionalisation of the national input-output table (docs/methodology.md, "Regionalisation"):
// a short pipeline of the stages in this folder, each with its own unit tests.
#include "devolve/regionalise.hpp"

#include <algorithm>
#include <cctype>

#include "base/text.hpp"
#include "devolve/error.hpp"
#include "regional/compensation.hpp"
#include "regional/final_demand.hpp"
#include "regional/gravity.hpp"
#include "regional/indicators.hpp"
#include "regional/interregional.hpp"
#include "regional/location_quotients.hpp"
#include "regional/plausibility.hpp"
#include "regional/ras.hpp"
#include "regional/regional_inputs.hpp"

namespace devolve {

namespace {

using namespace regional;

// Step 1. Regional output: regional GVA scaled by the national output/GVA ratio of the industry, so
// the regions add up to national output and keep the national input structure of each industry.
struct RegionalOutput {
  Matrix x;                       // R x S
  std::vector<double> x_region;   // R
  double x_nation = 0;
};

RegionalOutput regional_output(const RegionalInputs& in) {
  const std::size_t S = in.industries.size(), R = in.regions.size();
  RegionalOutput o{Matrix(R, S), std::vector<double>(R, 0.0), 0.0};
  for (std::size_t i = 0; i < S; ++i) o.x_nation += in.output[i];
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t i = 0; i < S; ++i) {
      o.x(r, i) = in.gva[i] > 0 ? in.region_gva(r, i) * in.output[i] / in.gva[i] : 0.0;
      o.x_region[r] += o.x(r, i);
    }
  return o;
}

// Compensation and the indicators of a build from LADs (level lad) are computed for each LAD and
// summed to its area, so an area gets its LADs' values whatever the grouping of the other LADs
// (docs/data.md, "User-defined geographies"); other builds compute them for their regions.
// The fit's largest remaining relative gap to a (region, group) total held, and the groups released (step 6).
RegionalCompensation compensation(const RegionalInputs& in) {
  if (!in.lads) return regional_compensation(in);
  RegionalCompensation lad = regional_compensation(*in.lads);
  Matrix coe(in.regions.size(), in.industries.size());
  for (std::size_t l = 0; l < lad.coe.rows(); ++l)
    for (std::size_t i = 0; i < lad.coe.cols(); ++i) coe(in.area_of_lad[l], i) += lad.coe(l, i);
  lad.coe = std::move(coe);
  return lad;
}

RegionalIndicators indicators(const RegionalInputs& in, const Matrix& x, const RegionalisationParameters& prm) {
  if (!in.lads) return regional_indicators(in, x, prm);
  RegionalIndicators lad = regional_indicators(*in.lads, regional_output(*in.lads).x, prm);
  const std::size_t S = in.industries.size();
  Matrix totals(lad.totals.rows(), in.regions.size() * S);
  for (std::size_t k = 0; k < totals.rows(); ++k)
    for (std::size_t l = 0; l < in.area_of_lad.size(); ++l)
      for (std::size_t i = 0; i < S; ++i) totals(k, in.area_of_lad[l] * S + i) += lad.totals(k, l * S + i);
  lad.totals = std::move(totals);
  return lad;
}

std::vector<FinalDemandCategory> final_demand_labels() {
  return {{"HH", "Household final consumption", FinalDemandRole::households},
          {"NPISH", "Final consumption of NPISH", FinalDemandRole::npish},
          {"GOV", "General government final consumption", FinalDemandRole::government},
          {"GFCF", "Gross fixed capital formation", FinalDemandRole::gfcf},
          {"INV", "Changes in inventories and valuables", FinalDemandRole::inventories},
          {"EXP", "Exports of goods and services", FinalDemandRole::exports}};
}

// Step 5. Primary inputs: national coefficients per unit of output, compensation as computed,
// gross operating surplus the remainder of GVA.
// input_totals: the column sums of Z by purchasing sector.
void primary_inputs(const RegionalInputs& in, const Matrix& x, const Matrix& coe, const std::vector<double>& input_totals,
                    Model& m) {
  const std::size_t S = in.industries.size(), R = in.regions.size(), n = R * S;
  m.primary_inputs = {{"IMP", "Imports of goods and services (cif)", PrimaryRole::imports},
                      {"TAX", "Taxes less subsidies on products", PrimaryRole::product_taxes},
                      {"COE", "Compensation of employees", PrimaryRole::compensation},
                      {"GOS", "Gross operating surplus and mixed income", PrimaryRole::surplus},
                      {"OTP", "Other taxes less subsidies on production", PrimaryRole::production_taxes}};
  m.primary = Matrix(5, n);
  m.output.assign(n, 0.0);
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t i = 0; i < S; ++i) {
      const std::size_t k = r * S + i;
      const double f = in.output[i] > 0 ? x(r, i) / in.output[i] : 0.0;
      m.output[k] = x(r, i);
      // Output minus domestic intermediate inputs: the column's primary inputs, exactly as nationally.
      m.primary(0, k) = in.imports[i] * f;
      m.primary(1, k) = in.taxes[i] * f;
      m.primary(2, k) = coe(r, i);
      m.primary(4, k) = in.otp[i] * f;
      m.primary(3, k) = x(r, i) - input_totals[k] - m.primary(0, k) - m.primary(1, k) - m.primary(2, k) - m.primary(4, k);
    }

}

// A LAD-level build: which LADs make each area, and which inputs are derived rather than published.
void describe_areas(const BuildConfig& cfg, Model& m) {
  m.description = "UK multi-region input-output table, " + std::to_string(cfg.regions.size()) +
                  " areas made of local authorities x " + std::to_string(m.industries.size()) +
                  " industries, 2022, built by devolve's regionalisation of the ONS input-output analytical table "
                  "from ONS local-authority and regional data (docs/data.md)";
  m.population_source = "derived: LAD population 2022 = ONS GDHI / GDHI per head by LAD (September 2024 release), "
                        "calibrated to ITL2 mid-year population 2022 (docs/data.md)";
  // No areas listed: the regions are the LADs themselves, or their ITL areas (the shipped uk-lad and
  // uk-itl3 models); areas listed in the configuration are user-defined.
  const std::string count = std::to_string(cfg.regions.size());
  std::string itl = cfg.rest;
  for (auto& ch : itl) ch = char(std::toupper(static_cast<unsigned char>(ch)));
  m.metadata.emplace_back("geography",
                          !cfg.areas.empty() ? "user-defined areas of LAD25 local authorities; LADs in no listed area grouped by " + cfg.rest
                          : cfg.rest == "lad" ? "local authority districts (" + count + ", LAD25)"
                                              : itl + " areas (" + count + "), built from LAD25 local authorities");
  // What scenarios name areas by (docs/scenarios.md, "Regions"): the ITL1, ITL2 and ITL3 areas
  // holding all of an area's LADs, the ITL3 areas of one that straddles ITL3 boundaries (to say
  // which ITL code covers only part of it), its LADs' names when they are not the area's own, and
  // the names of the ITL areas.
  for (const auto& a : cfg.regions) {
    m.metadata.emplace_back("area." + a.code, text::join(a.lads, a.lads.size()));
    if (!a.itl1.empty()) m.metadata.emplace_back("area_itl1." + a.code, a.itl1);  // scenarios' ITL1 codes and groups
    if (!a.itl2.empty()) m.metadata.emplace_back("area_itl2." + a.code, a.itl2);
    if (!a.itl3.empty()) m.metadata.emplace_back("area_itl3." + a.code, a.itl3);
    else m.metadata.emplace_back("area_itl3_list." + a.code, text::join(a.itl3s, a.itl3s.size()));
    if (a.lad_names.size() > 1 || (a.lad_names.size() == 1 && a.lad_names[0] != a.name)) {
      std::string names;
      for (const auto& n : a.lad_names) names += (names.empty() ? "" : "; ") + n;
      m.metadata.emplace_back("area_lad_names." + a.code, names);
    }
  }
  for (const auto& [code, name] : cfg.itl_names) m.metadata.emplace_back("itl_name." + code, name);
  m.metadata.emplace_back("derived.population", m.population_source);
  m.metadata.emplace_back("derived.filled_jobs",
                          "derived: LAD filled jobs 2021 = ONS LAD GVA 2021 (April 2025) / GVA per filled job 2021 "
                          "(subregional productivity, June 2024), calibrated to ITL2 filled jobs 2021 (docs/data.md)");
  m.metadata.emplace_back("derived.gva", "LAD GVA 2022 by IOAT industry: ITL2 inputs split by the LAD's share of its "
                                         "ITL2 area's published GVA in 35 LAD industry groups (docs/data.md)");
  m.metadata.emplace_back("derived.compensation_and_bres",
                          "derived: ITL2 compensation and BRES full-time employees apportioned to LADs by GVA; compensation, "
                          "jobs and FTE computed for each LAD and summed to its area (docs/data.md)");
}

void describe(const BuildConfig& cfg, const RegionalInputs& in, double ras_error, double jobs_scale, Model& m) {
  const auto& prm = cfg.params;
  const std::size_t S = in.industries.size(), R = in.regions.size();
  m.description = "UK multi-region input-output table, " + std::to_string(R) + " " + cfg.level +
                  " regions x " + std::to_string(S) +
                  " industries, 2022, built by devolve's regionalisation of the ONS input-output analytical "
                  "table from ONS regional data (docs/data.md)";
  m.metadata = {{"source", "ONS UK input-output analytical tables 2022 (industry by industry) regionalised with "
                           "ONS regional GVA, income components, BRES, filled jobs, population; see docs/data.md"},
                {"build_config", cfg.path},
                {"level", cfg.level},
                {"regionalisation.lq", to_string(prm.lq)},
                {"regionalisation.delta", text::num(prm.delta)},
                {"regionalisation.beta", text::num(prm.beta)},
                {"regionalisation.households", to_string(prm.households)},
                {"regionalisation.lq_size_measure", "gross output"},
                {"regionalisation.ras_max_relative_row_error", text::sig(ras_error, 3)},
                {"jobs.scale_lfs_to_filled_jobs", text::sig(jobs_scale, 6)}};
  if (cfg.level == "lad") describe_areas(cfg, m);
  attach_household_account(m, in.households);
  if (in.households.present())
    m.metadata.emplace_back("assumption.engine_household_closure",
                            "Type II: compensation earned in each workplace region goes to residents by the Census 2021 "
                            "commuting shares (commuters only; Scottish and NI workplaces to their own residents) and is "
                            "spent at household consumption / residents' gross income (ONS GDHI 2022); docs/methodology.md.");
  for (const auto& [k, v] : in.assumptions) m.metadata.emplace_back("assumption." + k, v);
  m.metadata.insert(m.metadata.end(), in.area_metadata.begin(), in.area_metadata.end());
  // Extra-Regio GVA allocated to each region (docs/data.md): GVA per head uses GVA without it.
  for (std::size_t r = 0; r < R; ++r)
    if (in.extra_regio[r] != 0) m.metadata.emplace_back("extra_regio_gva." + in.regions[r].code, text::num(in.extra_regio[r]));
  m.metadata.emplace_back("assumption.engine_final_demand",
                          "Households by " +
                              (prm.households == HouseholdShare::population ? std::string("population")
                               : in.households.present() ? std::string("residents' GDHI (ONS regional GDHI by LAD, 2022)")
                                                         : std::string("compensation of employees")) +
                              " share, NPISH and government by population share, GFCF by output share; each "
                              "sourced inside the region up to min(0.99, SLQ) and from other regions by gravity. "
                              "Inventories, valuables and exports are booked to the producing region in proportion "
                              "to its output of the industry.");
  m.metadata.emplace_back("assumption.engine_technology",
                          "Every region uses the national input structure of each industry (national domestic "
                          "coefficients, imports, product taxes and other production taxes per unit of output).");
  m.metadata.emplace_back("assumption.engine_compensation",
                          "Compensation of employees: national CoE/GVA of the industry x the region's CoE/GVA "
                          "of the industry's income group relative to the UK's, fitted (RAS with bounds) to the "
                          "region's group compensation at its published CoE/GVA and to the national CoE of each "
                          "industry (the control total), never above the cell's GVA where the industry's national "
                          "CoE is not; GOS and mixed income is the remainder of GVA.");
  m.metadata.emplace_back("assumption.engine_ghg",
                          "No regional emissions by industry are published with the inputs: each region has the "
                          "national emissions per unit of output of each industry.");
}

}  // namespace

std::shared_ptr<const RegionalInputs> read_regional_inputs(const BuildConfig& cfg) {
  return std::make_shared<const RegionalInputs>(read_inputs(cfg));
}

void reuse_flows(Model&& variant) {
  regional::keep_z(std::move(variant.z));
  variant.z = Matrix();  // a moved-from Matrix keeps its shape: leave the variant consistently empty
}

Model regionalise(const BuildConfig& cfg, FlowForm form) { return regionalise(cfg, *read_regional_inputs(cfg), form); }

Model regionalise(const BuildConfig& cfg, const RegionalInputs& in, FlowForm form, DenseRas dense_ras) {
  const auto& prm = cfg.params;
  const std::size_t R = in.regions.size();
  const RegionalOutput out = regional_output(in);
  // Step 2. Location quotients (size measured by gross output) and Flegg's lambda per region.
  const Matrix slq = simple_lq(out.x, out.x_region, in.output, out.x_nation);
  std::vector<double> lambda(R, 1.0);
  for (std::size_t r = 0; r < R; ++r) lambda[r] = flegg_lambda(out.x_region[r], out.x_nation, prm.delta);
  // Step 3. Compensation by region and industry, and regional shares of national final demand.
  const RegionalCompensation fitted = compensation(in);
  const Matrix& coe = fitted.coe;
  RegionalShares shares = regional_shares(in.population, out.x_region, out.x_nation, coe);
  if (in.households.present()) {  // households by income: residents' GDHI where the inputs have it
    double inc = 0;
    for (std::size_t r = 0; r < in.regions.size(); ++r) inc += shares.income[r] = in.households.gdhi[r];
    for (auto& s : shares.income) s /= inc;
  }

  Model m;
  m.id = cfg.id;
  m.name = cfg.name;
  m.base_year = 2022;
  m.currency = "GBP million";
  m.prices = "basic prices";
  m.regions = in.regions;
  m.population = in.population;
  m.population_source = "ONS mid-year population estimates 2022 (Regional GDP release, April 2024, Table 6)";
  m.industries = in.industries;
  m.final_demand_categories = final_demand_labels();
  const FlowSetting setting{in, prm, out.x, slq, lambda, shares, gravity_kernel(in.distance, prm.beta)};
  std::vector<double> input_totals;
  double ras_error = 0;
  if (form == FlowForm::factored || (form == FlowForm::automatic && R * in.industries.size() > factored_above)) {
    // A sweep's variant takes Newton RAS (the same table as the dense path's, to rounding) only up to
    // newton_ras_max_regions regions: its step is O(R^3) per industry (docs/sweeps.md, "The
    // coefficients path"); larger geographies take the plain factored rounds of the built models.
    const bool newton = dense_ras == DenseRas::factors && R <= regional::newton_ras_max_regions;
    FactoredFlows f = factored_flows(setting, m.final_demand_categories.size(), newton);
    m.coefficients = std::move(f.a);
    m.factored_final_demand = std::move(f.y);
    input_totals = std::move(f.input_totals);
    ras_error = f.ras_error;
  } else {
    ras_error = dense_flows(setting, m, input_totals, dense_ras == DenseRas::factors);
  }
  if (ras_error > 1e-6)
    throw ModelError("regionalisation of '" + cfg.id + "': RAS did not converge (largest relative row error " +
                     text::sig(ras_error, 3) + ")");
  primary_inputs(in, out.x, coe, input_totals, m);
  // Step 6. Indicators.
  m.indicators = indicator_labels();
  const RegionalIndicators ind = indicators(in, out.x, prm);
  if (ind.ras_error > 1e-6)
    throw ModelError("regionalisation of '" + cfg.id + "': jobs could not be balanced to ONS filled jobs by region (error " +
                     text::sig(ind.ras_error, 3) + ", largest in " + ind.worst_row + ")");
  m.indicator_totals = ind.totals;
  describe(cfg, in, ras_error, ind.jobs_scale, m);
  m.metadata.emplace_back("regionalisation.coe_max_relative_group_error", text::sig(fitted.group_error, 3));
  m.metadata.emplace_back("regionalisation.coe_groups_released",
                          std::to_string(fitted.released.size()) +
                              (fitted.released.empty() ? std::string() : ": " + text::join(fitted.released, 40)));
  {  // Jobs and pay screened against each industry's UK rates: findings in the metadata, not errors.
    const std::size_t S = in.industries.size();
    Matrix jobs(R, S);
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t i = 0; i < S; ++i) jobs(r, i) = ind.totals(0, r * S + i);
    const auto found = regional::jobs_and_pay_findings(in, out.x, coe, jobs);
    m.metadata.emplace_back("check.jobs_and_pay",
                            std::to_string(found.size()) + " findings: jobs per GBP m of output or compensation per job "
                            "outside 1/3 to 3 times the industry's UK rate, compensation above GVA, or LFS jobs and "
                            "BRES GB employment of an industry apart by more than 3 (docs/methodology.md, \"Checks on "
                            "jobs and pay\")");
    for (std::size_t k = 0; k < found.size(); ++k)
      m.metadata.emplace_back("check.jobs_and_pay." + std::to_string(k + 1), found[k]);
  }
  return m;
}

}  // namespace devolve
