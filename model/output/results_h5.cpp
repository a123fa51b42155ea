// The scenario results file (docs/output-format.md, "Scenario results file"): every dimension and
// dataset written from the arrays of ScenarioResults, as the projection computed them.
#include "devolve/results_h5.hpp"
#include "devolve/timeline.hpp"

#include <cmath>

#include "devolve/atomic_output.hpp"
#include "base/h5file.hpp"
#include "base/text.hpp"
#include "output/output_common.hpp"

namespace devolve {

namespace {

void write_dimension(H5File& h, const std::string& g, const Dimension& d, const std::string& description) {
  if (!d.integer) return h.dimension(g, d.name, d.labels, description);
  std::vector<std::int64_t> values;
  for (const auto& l : d.labels) values.push_back(std::stoll(l));
  h.dimension(g, d.name, values, description);
}

void write_array(H5File& h, const std::string& g, const std::string& name, const LabelledArray& a,
                 const std::string& units, const std::string& description) {
  h.dataset(g, name, a.dim_names(), a.values(), units, description);
}

// The price conversion of the scenario's money (docs/methodology.md, "Prices"), in words and numbers.
std::string price_conversion_text(const Scenario& sc, const Model& model) {
  const PriceConversion& p = sc.price;
  const std::string base = std::to_string(model.base_year);
  if (!p.stated) return "none: amounts are in the model's base-year (" + base + ") basic prices, as written";
  std::string o = "amounts in " + (p.money == "real" ? "real " + std::to_string(p.price_year) + " prices" : std::string("cash")) +
                  " at " + p.valuation + " prices, converted to " + base + " basic prices: GDP deflator " +
                  text::num(p.base_deflator) + " (" + base + ") / ";
  if (p.money == "real") {
    o += text::num(p.deflator.front()) + " (" + std::to_string(p.price_year) + ") = factor " + text::sig(p.factor.front(), 6);
  } else {
    const std::vector<int> years = sc.years();
    for (std::size_t t = 0; t < years.size(); ++t)
      o += (t ? ", " : "") + text::sig(p.deflator[t], 5) + " (" + std::to_string(years[t]) + ") = " + text::sig(p.factor[t], 6);
  }
  std::string ratios;
  for (const auto& s : sc.shocks)
    if (s.valuation_ratio != 1)
      ratios += (ratios.empty() ? "" : "; ") + s.label + " x " + text::sig(s.valuation_ratio, 6) + " (" +
                to_string(model.final_demand_categories[s.sourcing_category].role) + ")";
  if (!ratios.empty())
    o += "; purchasers' to basic prices (UK IOAT 2022: basic over basic plus product taxes less subsidies of the "
         "final-demand column): " + ratios;
  return o + "; source: " + p.source;
}

// The spatial level additionality was assessed at, when stated (leakage and multipliers are the model's).
std::string level_note(const Additionality& a) {
  return a.level.empty() ? "" : ", assessed at the " + a.level + " level (leakage and multiplier effects: the model's)";
}

void write_root(H5File& h, const Scenario& sc, const Model& model) {
  write_root_attributes(h, "devolve-scenario-results", results_format_major, results_format_minor, model, sc.model_path);
  h.attr("/", "scenario_yaml", sc.text);
  h.attr("/", "scenario_file", sc.file);
  h.attr("/", "scenario_name", sc.name);
  h.attr("/", "scenario_description", sc.description);
  h.attr("/", "closure", std::string(to_string(sc.closure)));
  h.attr("/", "first_year", std::int64_t(sc.first_year));
  h.attr("/", "last_year", std::int64_t(sc.last_year));
  h.attr("/", "additionality",
         "deadweight " + text::num(sc.additionality.deadweight) + ", displacement " +
             text::num(sc.additionality.displacement) + ", substitution " + text::num(sc.additionality.substitution) +
             level_note(sc.additionality) + " (scenario default; shocks may override, see /results/shock_additionality)");
  std::string applied;
  for (const auto& s : sc.shocks)
    if (s.additionality.factor() != 1)
      applied += std::string(applied.empty() ? "yes: " : "; ") + s.label + ": deadweight " + text::num(s.additionality.deadweight) +
                 ", displacement " + text::num(s.additionality.displacement) + ", substitution " +
                 text::num(s.additionality.substitution) + level_note(s.additionality) + " (net/gross factor " +
                 text::num(s.additionality.factor()) + ")";
  h.attr("/", "additionality_applied", applied.empty() ? std::string("no: gross, every shock's net/gross factor is 1") : applied);
  for (const char* k : {"regionalisation.lq", "regionalisation.delta", "regionalisation.beta", "regionalisation.households"})
    if (!model.meta(k).empty()) h.attr("/", k, model.meta(k));
  h.attr("/", "price_year", std::int64_t(sc.price.money == "real" ? (sc.price.stated ? sc.price.price_year : model.base_year) : 0));
  h.attr("/", "price_basis", sc.price.money + ", " + sc.price.valuation);
  h.attr("/", "price_conversion", price_conversion_text(sc, model));
}

// Region, industry, year, measure, component and their labels, from the impact array.
void write_impact_dims(H5File& h, const std::string& g, const Model& model, const ScenarioResults& res) {
  std::vector<std::string> region_names, industry_names;
  for (const auto& r : model.regions) region_names.push_back(r.name);
  for (const auto& i : model.industries) industry_names.push_back(i.name);
  write_dimension(h, g, res.impact.dim("region"), "region code");
  h.strings(g, "region_name", {"region"}, region_names, "region name");
  write_dimension(h, g, res.impact.dim("industry"), "industry code");
  h.strings(g, "industry_name", {"industry"}, industry_names, "industry name");
  write_dimension(h, g, res.impact.dim("year"), "calendar year of the effect");
  write_dimension(h, g, res.impact.dim("measure"), "what is measured: output, gva, income, or an indicator of the model");
  h.strings(g, "measure_unit", {"measure"}, res.measure_units, "unit of every value of this measure");
  write_dimension(h, g, res.impact.dim("component"),
                  "direct (the final-demand change itself), indirect (supply chains, Type I less direct), induced "
                  "(household spending, Type II less Type I), productivity (change of coefficients on baseline "
                  "output), supply_side (GVA from the return on the R&D knowledge stock; no jobs)");
}

// The shock dimension and what describes each shock: type, profile, additionality factor, local area.
void write_shock_dims(H5File& h, const std::string& g, const Scenario& sc, const ScenarioResults& res) {
  write_dimension(h, g, res.by_shock.dim("shock"), "shock label");
  std::vector<std::string> profiles, add, local_area;
  for (const auto& s : sc.shocks) {
    profiles.push_back(s.profile);
    add.push_back(text::num(s.additionality.factor()));
    local_area.push_back(local_area_value(s));
  }
  for (const auto& s : sc.shocks)  // leveraged private R&D of an R&D shock, in the order of the shocks
    if (s.rd.enabled) {
      profiles.push_back("business_rd");
      add.push_back(text::num(s.additionality.factor()));
      local_area.emplace_back();
    }
  h.strings(g, "shock_type", {"shock"}, res.shock_types,
            "shock type (private_rd: private R&D crowded in by an R&D shock, a source of its own)");
  h.strings(g, "shock_profile", {"shock"}, profiles, "expenditure profile (spend and redirect shocks)");
  h.strings(g, "shock_additionality", {"shock"}, add,
            "net/gross factor applied: (1 - deadweight)(1 - displacement)(1 - substitution)");
  h.strings(g, "shock_local_area", {"shock"}, local_area,
            "local procurement: the local area its buyers bought more in, together (the shock's regions as one "
            "area) or each (every region its own; a shock of one region); empty for other shocks");
  write_dimension(h, g, res.landing.dim("place"),
                  "where effects land: in the regions the shock names (recipients for a redirect), or elsewhere");
}

// How each source's amount is shared between regions (format 1.3): recipients' shares less donors'.
void write_allocation(H5File& h, const std::string& g, const Scenario& sc, const ScenarioResults& res) {
  const std::size_t R = res.by_region.dim("region").labels.size();
  std::vector<double> alloc;
  std::vector<std::string> split;
  auto add = [&](const Shock& s) {
    const bool demand = s.type == Shock::Type::spend || s.type == Shock::Type::redirect;
    for (std::size_t r = 0; r < R; ++r)
      alloc.push_back(!demand ? std::nan("") : s.to_weights[r] - (s.from_weights.empty() ? 0.0 : s.from_weights[r]));
    split.push_back(demand ? s.split : "");
  };
  for (const auto& s : sc.shocks) add(s);
  for (const auto& s : sc.shocks)
    if (s.rd.enabled) add(s);
  h.strings(g, "shock_split", {"shock"}, split,
            "how the amount is shared between regions: the split as written (need: the measure, benchmark and share)");
  h.dataset(g, "allocation", {"shock", "region"}, alloc, "1",
            "share of the amount by region: recipients' shares (sum 1) less redirect donors' (sum 1); NaN for "
            "productivity and local procurement");
}

// Context indicators (format 1.3): measures of need and wellbeing, as published; not model output.
void write_context(H5File& h, const Scenario& sc, const Model& model) {
  const ContextData& c = sc.context;
  if (c.indicators.empty()) return;
  const std::string g = "/context";
  h.group(g);
  h.attr(g, "modelled", std::string("no"));
  h.attr(g, "description",
         std::string("context, not model output: measures of need and wellbeing by region as published (or aggregated "
                     "from local authorities), the same whatever the scenario (docs/data.md, \"Context indicators\")"));
  h.attr(g, "source_file", c.file);
  std::vector<std::string> regions, names, codes;
  for (const auto& r : model.regions) regions.push_back(r.code), names.push_back(r.name);
  h.dimension(g, "region", regions, "region code");
  h.strings(g, "region_name", {"region"}, names, "region name");
  std::vector<double> coverage;
  for (const auto& i : c.indicators) {
    h.dataset(g, i.code, {"region"}, i.value, i.unit, i.description + " (" + i.period + "; not modelled)");
    h.attr(g + "/" + i.code, "period", i.period);
    h.attr(g + "/" + i.code, "source", i.source);
    h.attr(g + "/" + i.code, "modelled", std::string("no"));
    coverage.insert(coverage.end(), i.coverage.begin(), i.coverage.end());
  }
  for (const auto& i : c.indicators) codes.push_back(i.code);
  h.dimension(g, "indicator", codes, "context indicator code");
  h.dataset(g, "coverage", {"indicator", "region"}, coverage, "1",
            "share of the region's population whose local authorities have a value (1: published for the region)");
}

void write_effects(H5File& h, const std::string& g, const ScenarioResults& res) {
  const std::string units = "see measure_unit";
  write_array(h, g, "impact", res.impact, units,
              "net change by component, year, and the region and industry where it lands (after additionality)");
  write_array(h, g, "total", res.total, units, "net change, all components");
  write_array(h, g, "by_region", res.by_region, units, "net change by region, all industries and components");
  write_array(h, g, "cumulative_by_region", res.cumulative_by_region, units,
              "sum over the scenario's years (for jobs: job-years), by region");
  write_array(h, g, "by_shock", res.by_shock, units, "net change by shock");
  write_array(h, g, "landing", res.landing, units, "net change landing in the shock's regions versus elsewhere");
  write_array(h, g, "baseline_by_region", res.baseline, units,
              "baseline path: base-year totals grown with the region's real GVA trend (jobs and FTE: less the "
              "productivity trend); see /baseline attributes");
  write_array(h, g, "scenario_by_region", res.scenario_by_region, units, "baseline plus the net change");
}

// Both closures and the redirect decomposition (format 1.2).
void write_closures(H5File& h, const std::string& g, const ScenarioResults& res) {
  write_dimension(h, g, res.by_region_by_closure.dim("closure"),
                  "type_i (households exogenous: direct + indirect) or type_ii (households endogenous: plus induced)");
  const std::string units = "see measure_unit";
  write_array(h, g, "by_region_by_closure", res.by_region_by_closure, units,
              "net change by region under each closure (the headline closure's slice is by_region)");
  write_array(h, g, "by_shock_by_closure", res.by_shock_by_closure, units,
              "net change by shock under each closure (the headline closure's slice is by_shock)");
  write_array(h, g, "landing_by_closure", res.landing_by_closure, units,
              "net change landing in the shock's regions or elsewhere under each closure (headline slice: landing)");
  write_dimension(h, g, res.redirect_decomposition.dim("term"),
                  "import_leakage (Type I output per GBP of demand), household_spending (induced output per GBP), "
                  "productivity (the measure per GBP of output), supply_side (R&D supply-side GVA)");
  write_array(h, g, "redirect_decomposition", res.redirect_decomposition, units,
              "a redirect's UK total by term: recipients less donors (docs/methodology.md); NaN for other sources");
}

void write_appraisal(H5File& h, const std::string& g, const Model& model, const ScenarioResults& res) {
  write_array(h, g, "discount_factor", res.discount_factor, "1",
              "HM Treasury Green Book discount factor to the appraisal year (3.5% a year for years 1-30, 3.0% for 31-75, "
              "2.5% for 76-125, 2.0% after)");
  write_array(h, g, "present_value", res.present_value, "see measure_unit",
              "present value in the appraisal year of the net change over the scenario's years (for jobs: "
              "discounted job-years, for information only)");
  write_array(h, g, "present_value_supply_side_gva", res.present_value_supply_side_gva, model.currency,
              "present value of the supply-side GVA from R&D (part of present_value for gva)");
  write_array(h, g, "knowledge_stock", res.knowledge_stock, model.currency,
              "knowledge stock added by the scenario's R&D (public and leveraged private, net of depreciation)");
  write_dimension(h, g, res.gva_per_head.dim("case"), "baseline path, or with the scenario");
  write_array(h, g, "gva_per_head", res.gva_per_head, "GBP per person",
              "GVA (without Extra-Regio) per resident, population held at the base year; NaN without population");
  write_dimension(h, g, res.gaps.dim("gap"),
                  "levelling-up measures of GVA per head: north / greater South East; population-weighted "
                  "coefficient of variation across regions; highest / lowest region");
  write_array(h, g, "gaps", res.gaps, "1", "gaps in GVA per head between regions");
}

// Who gets the jobs (format 1.4): jobs, FTE and income by place of work and of residence.
void write_by_place(H5File& h, const std::string& g, const Model& model, const ScenarioResults& res) {
  if (res.place_measures.empty()) return;  // a model without jobs, FTE or income
  write_dimension(h, g, res.by_place.dim("basis"),
                  "workplace: where the jobs are; residence: where the people who fill them live (Census 2021 "
                  "commuting shares)");
  write_dimension(h, g, res.by_place.dim("place_measure"), "jobs, fte and income (those the model has)");
  std::vector<std::string> units;
  for (const auto& p : res.place_measures)
    for (std::size_t k = 0; k < res.measures.size(); ++k)
      if (res.measures[k] == p) units.push_back(res.measure_units[k]);
  h.strings(g, "place_measure_unit", {"place_measure"}, units, "unit of every value of this measure");
  write_array(h, g, "by_place", res.by_place, "see place_measure_unit",
              "net change by workplace and by residence region, all components and industries (residence: "
              "the workplace change times the Census 2021 commuting shares; identity without them)");
  h.attr(g + "/by_place", "commuting",
         model.residence_share.rows() > 0
             ? "Census 2021 ODWP01EW commuters to a workplace only (home workers left out: lockdown, 21 March 2021); "
               "Scottish and Northern Irish workplaces to their own residents; docs/methodology.md"
             : "none: the model has no household account, so residence = workplace");
}

// The labour-supply account (format 1.4).
void write_labour(H5File& h, const std::string& g, const Scenario& sc, const ScenarioResults& res) {
  if (res.labour_supply.rank() == 0) return;  // a model without jobs
  write_dimension(h, g, res.labour_supply.dim("labour_source"),
                  "who fills new resident jobs: residents who were unemployed or inactive, extra in-commuters, "
                  "in-migrants, or people already in work (displacement)");
  write_dimension(h, g, res.labour_rates.dim("labour_rate"),
                  "residents' employment rate aged 16-64 and ILO unemployment rate aged 16+");
  write_array(h, g, "labour_supply", res.labour_supply, "persons",
              "new resident jobs (by_place, residence) filled from each source: share x jobs, one job one person");
  write_array(h, g, "labour_rates", res.labour_rates, "percent",
              "residents' rates, base year held (baseline) and with the scenario's labour supply");
  write_array(h, g, "labour_reserve", res.labour_reserve, "persons",
              "ILO unemployed plus the inactive aged 16-64 who want a job, base year");
  write_array(h, g, "labour_reserve_exceeded", res.labour_reserve_exceeded, "1",
              "1 where new resident jobs exceed the region's labour reserve, else 0");
  const LabourSupply& l = sc.labour;
  const std::string a = g + "/labour_supply";
  const auto sh = l.shares();
  h.attr(a, "shares", "unemployed " + text::num(sh[0]) + ", inactive " + text::num(sh[1]) + ", in_commuting " +
                          text::num(sh[2]) + ", in_migration " + text::num(sh[3]) + ", displacement " + text::num(sh[4]));
  h.attr(a, "base_levels", l.source);
  h.attr(a, "evidence",
         "defaults: in_migration 0.75 and inactive 0.25 of new jobs (Bartik 1993, Regional Studies 27(4) 297-311, "
         "abstract: around one-quarter of the new jobs from local growth raises local residents' labour force "
         "participation in the long run; US metropolitan areas; the book's tables were not read); unemployed 0 "
         "(that quarter is participation, not unemployment, in the long run; shorter-run and UK evidence gives more "
         "to the local unemployed); in_commuting and displacement 0 (commuting is the Census 2021 pattern; "
         "displacement is the shocks' additionality); inactive_wanting_work " + text::num(l.inactive_wanting_work) +
             " (default 0.196 = 1,795 / 9,158 thousand, UK, Oct-Dec 2022, ONS LFS INAC01 after the 2024 reweighting "
             "as reproduced in a press release; not checked against the ONS table). docs/methodology.md, \"Labour "
             "supply\"");
  std::string exceeded;
  const auto& v = res.labour_reserve_exceeded;
  for (std::size_t t = 0; t < v.dim("year").size(); ++t)
    for (std::size_t r = 0; r < v.dim("region").size(); ++r)
      if (v(t, r) == 1.0) exceeded += (exceeded.empty() ? "" : ", ") + v.dim("region").labels[r] + " " + v.dim("year").labels[t];
  const bool assessed = l.employed.size() == v.dim("region").size();
  h.attr(g + "/labour_reserve_exceeded", "exceeded_in",
         !assessed ? "not assessed: no base labour market data for this model" : exceeded.empty() ? "none" : exceeded);
}

// Measures beyond GVA (format 1.4).
void write_beyond_gva(H5File& h, const std::string& g, const ScenarioResults& res) {
  if (res.beyond_gva.rank() == 0) return;
  write_dimension(h, g, res.beyond_gva.dim("indicator"), "measures beyond GVA (docs/methodology.md, section 12)");
  h.strings(g, "indicator_unit", {"indicator"}, res.indicator_units, "unit of every value of this indicator");
  write_array(h, g, "beyond_gva", res.beyond_gva, "see indicator_unit",
              "residents' GDHI per head (with income through commuting), residents' employment rate, jobs per 1,000 "
              "residents, GHG per head and per GBP million GVA; baseline and scenario, population held at the base "
              "year; NaN where the model lacks the data");
  write_array(h, g, "compensation_per_fte", res.compensation_per_fte, "GBP per FTE a year",
              "compensation of employees per full-time equivalent, base year");
  write_array(h, g, "low_pay_industry", res.low_pay_industry, "1",
              "1 where compensation per FTE is below the Real Living Wage for a full-time year, else 0");
  h.attr(g + "/low_pay_industry", "threshold",
         "Real Living Wage in force in 2022 (Living Wage Foundation, rates announced 15 November 2021): GBP 9.90 an "
         "hour, GBP 11.05 in London (TLI), x 1,950 hours (37.5 x 52): GBP 19,305 and GBP 21,547.50 a year; "
         "compensation includes employers' social contributions, so fewer industries count as low-paid than by pay");
  write_array(h, g, "new_jobs_low_pay_share", res.new_jobs_low_pay_share, "1",
              "share of the region's gross new jobs (the jobs change, all components, summed over its industries "
              "that gain jobs) in its low-paid industries, in [0, 1]; NaN where no industry of the region gains "
              "jobs or the model has no FTE");
  h.attr(g + "/new_jobs_low_pay_share", "definition",
         "gross: low-paid industries' gains over all industries' gains (jobs lost in other industries are not "
         "netted off; docs/methodology.md, \"Measures beyond GVA\")");
  if (res.beyond_gva_gap.rank() == 0) return;  // format 1.5: gaps between regions
  write_dimension(h, g, res.beyond_gva_spread.dim("spread"),
                  "reference: the value of all regions together (weighted by each measure's denominator); "
                  "max_minus_min; coefficient_of_variation (weighted, around the reference)");
  write_array(h, g, "beyond_gva_gap", res.beyond_gva_gap, "see indicator_unit",
              "each region's measure beyond GVA minus the value of all the model's regions together (the UK on the UK "
              "models); baseline and scenario; docs/methodology.md, \"Gaps in the measures beyond GVA\"");
  write_array(h, g, "beyond_gva_spread", res.beyond_gva_spread, "see indicator_unit; 1 for coefficient_of_variation",
              "across regions: reference and max_minus_min in the indicator's unit, coefficient_of_variation in 1 "
              "(sqrt of the weighted mean squared gap / reference)");
}

// Datasets of more values than this (32 KiB) are stored chunked and compressed (docs/results.md,
// "File size and compression"): at LAD the region x sector ones; the scalars, labels and the
// per-region summaries of small models stay contiguous.
constexpr std::size_t compress_above_values = 4096;

}  // namespace

void prepare_results_array(ScenarioResults& results, const LabelledArray& array) {
  if (!results.prepared.jobs) results.prepared.jobs = std::make_shared<PreparedChunks>();
  results.prepared.jobs->prepare(array.values(), array.shape(), compress_above_values);
}

void compress_results_arrays(ScenarioResults& res) {
  if (!res.prepared.jobs) res.prepared.jobs = std::make_shared<PreparedChunks>();
  PreparedChunks& jobs = *res.prepared.jobs;
  // Every array the writers above store with h.dataset (write_array): a dataset of more than
  // compress_above_values values is compressed (the others, and arrays not written, are left).
  const LabelledArray* arrays[] = {&res.impact, &res.total, &res.by_region, &res.cumulative_by_region, &res.by_shock,
                                   &res.landing, &res.baseline, &res.scenario_by_region, &res.by_region_by_closure,
                                   &res.by_shock_by_closure, &res.landing_by_closure, &res.redirect_decomposition,
                                   &res.discount_factor, &res.present_value, &res.present_value_supply_side_gva,
                                   &res.knowledge_stock, &res.gva_per_head, &res.gaps, &res.demand};
  for (const LabelledArray* a : arrays) jobs.compress(a->values(), a->shape(), compress_above_values);
  if (!res.place_measures.empty()) jobs.compress(res.by_place.values(), res.by_place.shape(), compress_above_values);
  if (res.labour_supply.rank() != 0)
    for (const LabelledArray* a : {&res.labour_supply, &res.labour_rates, &res.labour_reserve, &res.labour_reserve_exceeded})
      jobs.compress(a->values(), a->shape(), compress_above_values);
  if (res.beyond_gva.rank() != 0)
    for (const LabelledArray* a : {&res.beyond_gva, &res.compensation_per_fte, &res.low_pay_industry, &res.new_jobs_low_pay_share})
      jobs.compress(a->values(), a->shape(), compress_above_values);
  if (res.beyond_gva.rank() != 0 && res.beyond_gva_gap.rank() != 0)
    for (const LabelledArray* a : {&res.beyond_gva_gap, &res.beyond_gva_spread})
      jobs.compress(a->values(), a->shape(), compress_above_values);
}

void write_results_h5(const Scenario& sc, const Model& model, const ScenarioResults& res, const std::string& file,
                      bool overwrite, bool threads, std::mutex* hdf5) {
  AtomicOutput out(file, overwrite);
  {
    // Held from the file's first HDF5 call to its last; on an error, until the H5File is destroyed.
    std::unique_lock<std::mutex> hold = hdf5 ? std::unique_lock<std::mutex>(*hdf5) : std::unique_lock<std::mutex>();
    H5File h = H5File::create(out.temp_path());
    h.compress_above(compress_above_values);
    h.compress_on_threads(threads);
    if (res.prepared.jobs) h.adopt(*res.prepared.jobs);
    // The two largest arrays are compressed on other threads while the rest is written; written last.
    h.prepare(res.impact.values(), res.impact.shape());
    h.prepare(res.total.values(), res.total.shape());
    write_root(h, sc, model);
    const std::string g = "/results";
    write_impact_dims(h, g, model, res);
    write_shock_dims(h, g, sc, res);
    write_appraisal(h, g, model, res);
    write_closures(h, g, res);
    write_by_place(h, g, model, res);
    write_labour(h, g, sc, res);
    write_beyond_gva(h, g, res);
    write_allocation(h, g, sc, res);
    write_context(h, sc, model);
    h.attr("/", "headline_closure", res.closures[res.headline]);
    h.attr("/", "type_ii", res.type_ii);
    h.attr("/", "solver", res.solver);
    h.group("/baseline");
    h.attr("/baseline", "growth", sc.baseline.growth_source);
    h.attr("/baseline", "productivity", sc.baseline.productivity_source);
    h.attr("/baseline", "national_control", sc.baseline.national_source);
    h.attr("/baseline", "appraisal_year", std::int64_t(sc.appraisal_year));
    h.attr("/baseline", "population", "held at the base year: " + model.population_source);
    write_array(h, g, "demand", res.demand, model.currency,
                "change in final demand spent in the region (after phasing and additionality; a redirect's donors "
                "negative; local procurement: purchases moved into the region)");
    timeline::mark("writer: all but the effects");
    write_effects(h, g, res);
    timeline::mark("writer: effects");
    h.close_unsealed();  // written to disk here, every write checked
    if (hold) hold.unlock();
    h.seal();  // hashed, sealed and synced: no HDF5 call
    timeline::mark("writer: closed");
  }
  out.commit();
  timeline::mark("writer: committed");
}

}  // namespace devolve
