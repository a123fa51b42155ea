#include "devolve/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <sstream>

#include "devolve/error.hpp"
#include "devolve/multipliers.hpp"
#include "devolve/labelled_array.hpp"
#include "devolve/multipliers_h5.hpp"
#include "devolve/results_h5.hpp"
#include "devolve/scenario.hpp"
#include "devolve/summary.hpp"
#include "devolve/sweep.hpp"
#include "devolve/sweep_statistics.hpp"
#include "base/h5file.hpp"
#include "base/text.hpp"
#include "output/html_pages.hpp"
#include "output/labour_report.hpp"
#include "output/redirect_report.hpp"
#include "scenario/price_basis.hpp"

namespace devolve {

namespace {

std::string fmt(double v, int decimals = 1) { return text::thousands(v, decimals); }

std::size_t index_of(const std::vector<std::string>& v, const std::string& x) {
  return std::size_t(std::find(v.begin(), v.end(), x) - v.begin());
}

// A dataset of a devolve output file with the coordinates of its documented dimensions
// (docs/output-format.md); "year" has integer coordinates, the others string labels.
LabelledArray read_array(const H5File& h, const std::string& g, const std::string& name,
                         const std::vector<std::string>& dim_names) {
  std::vector<Dimension> dims;
  for (const auto& d : dim_names) {
    if (d != "year") {
      dims.push_back(label_dimension(d, h.read_strings(g + "/" + d)));
      continue;
    }
    std::vector<int> years;
    for (auto y : h.read_ints(g + "/" + d)) years.push_back(int(y));
    dims.push_back(integer_dimension(d, years));
  }
  std::vector<std::size_t> shape;
  std::vector<double> values = h.read_doubles(g + "/" + name, shape);
  std::vector<std::size_t> expected;
  for (const auto& d : dims) expected.push_back(d.size());
  if (shape != expected) throw InputError(h.path(), g + "/" + name + ": shape does not match its dimensions");
  return LabelledArray(std::move(dims), std::move(values));
}

// What a scenario report shows, read from /results.
struct ScenarioFile {
  std::string name;
  std::vector<std::string> regions, region_names, industries, industry_names, measures, units, shocks;
  std::vector<std::int64_t> years;
  LabelledArray by_region, cumulative, total, landing;  // see docs/output-format.md
  bool v11 = false;  // format 1.1 adds baseline, present values, gaps
  LabelledArray baseline, present_value, gaps, supply_pv;
  std::vector<std::size_t> head;  // headline measures, in the order jobs, gva, income, output, ghg where present
  std::optional<LabourGrouping> grouping;  // --aggregate: the file's regions summed into their parents
  std::string gaps_between;  // --aggregate: which regions `gaps` is between (the parents, or the file's own)
  bool gaps_recomputed = false;  // --aggregate: between the parents (aggregate_gaps)
  struct Cash {  // --cash-year: the money measures shown in cash of `year`, times to / from
    int year = 0, base = 0, last_published = 0;
    double from = 1, to = 1;
    std::optional<double> growth;  // --deflator-growth, after last_published
  };
  std::optional<Cash> cash;
};

ScenarioFile read_scenario_file(const H5File& h) {
  const std::string g = "/results";
  ScenarioFile f;
  f.name = h.read_attr_string("/", "scenario_name");
  f.regions = h.read_strings(g + "/region"), f.region_names = h.read_strings(g + "/region_name");
  f.industries = h.read_strings(g + "/industry"), f.industry_names = h.read_strings(g + "/industry_name");
  f.measures = h.read_strings(g + "/measure"), f.units = h.read_strings(g + "/measure_unit");
  f.shocks = h.read_strings(g + "/shock");
  f.years = h.read_ints(g + "/year");
  f.by_region = read_array(h, g, "by_region", {"measure", "year", "region"});
  f.cumulative = read_array(h, g, "cumulative_by_region", {"measure", "region"});
  f.total = read_array(h, g, "total", {"measure", "year", "region", "industry"});
  f.landing = read_array(h, g, "landing", {"shock", "place", "measure", "year"});
  f.v11 = h.exists(g + "/baseline_by_region");
  if (f.v11) {
    f.baseline = read_array(h, g, "baseline_by_region", {"measure", "year", "region"});
    f.present_value = read_array(h, g, "present_value", {"measure", "region"});
    f.gaps = read_array(h, g, "gaps", {"case", "year", "gap"});
    f.supply_pv = read_array(h, g, "present_value_supply_side_gva", {"region"});
  }
  for (const char* k : {"jobs", "gva", "income", "output", "ghg"})
    if (index_of(f.measures, k) < f.measures.size()) f.head.push_back(index_of(f.measures, k));
  return f;
}

// --cash-year: money measures times D(year) / D(base year) (docs/reports.md, "Cash of a chosen year").
std::string to_cash(const H5File& h, ScenarioFile& f, const SummaryChoice& c) {
  if (!c.cash_year) return "";
  const DeflatorSeries d = read_gdp_deflator(c.data_dir);
  const int base = int(h.read_attr_ints("/", "base_year").at(0));
  std::string why;
  const bool g = c.deflator_growth.has_value();
  const double growth = g ? *c.deflator_growth : 0.0;
  const double from = deflator_of(d, base, g, growth, why);
  const double to = why.empty() ? deflator_of(d, *c.cash_year, g, growth, why) : 0;
  const int last = d.index.rbegin()->first;
  if (g && *c.cash_year <= last)
    throw UsageError(h.path() + ": error: --deflator-growth " + text::num(growth) + " is unused: the GDP deflator (ONS YBGB) is "
                     "published for " + std::to_string(*c.cash_year) + " (up to " + std::to_string(last) +
                     "); give it only with a later --cash-year (see --help)");
  if (!why.empty())
    throw InputError(h.path(), "--cash-year " + std::to_string(*c.cash_year) + ": the GDP deflator (ONS YBGB) is published for " +
                                   std::to_string(d.index.begin()->first) + "-" + std::to_string(last) +
                                   (*c.cash_year > last ? "; a later year needs --deflator-growth G, its assumed yearly growth after " +
                                                              std::to_string(last)
                                                        : std::string()));
  const std::string assumed = g && *c.cash_year > last ? ", grown at " + text::num(growth) + " a year after " +
                                                             std::to_string(last) + " (assumed: --deflator-growth)"
                                                       : std::string();
  f.cash = ScenarioFile::Cash{*c.cash_year, base, last, from, to, g ? std::optional<double>(growth) : std::nullopt};
  const std::string currency = h.read_attr_string("/", "currency");
  std::vector<double> w(f.measures.size(), 1.0);
  for (std::size_t m = 0; m < w.size(); ++m)
    if (f.units[m] == currency) w[m] = to / from;
  f.by_region = f.by_region.scaled_along("measure", w), f.cumulative = f.cumulative.scaled_along("measure", w);
  f.total = f.total.scaled_along("measure", w), f.landing = f.landing.scaled_along("measure", w);
  if (f.v11) {
    f.baseline = f.baseline.scaled_along("measure", w), f.present_value = f.present_value.scaled_along("measure", w);
    for (double& v : f.supply_pv.values()) v *= to / from;
  }
  return "money      in cash of " + std::to_string(*c.cash_year) + ": base-year values x " + text::num(to) + " (" +
         std::to_string(*c.cash_year) + ") / " + text::num(from) + " (" + std::to_string(base) +
         "), ONS GDP implied deflator YBGB" + assumed + "\n";
}

// The year index of the largest absolute change of uk(m, year) (the first such year).
std::size_t peak_year_index(const LabelledArray& uk, std::size_t m, std::size_t Y) {
  std::size_t best = 0;
  for (std::size_t y = 1; y < Y; ++y)
    if (std::abs(uk(m, y)) > std::abs(uk(m, best))) best = y;
  return best;
}

std::size_t chosen_year_index(const std::vector<std::int64_t>& years, int year, const std::string& file) {
  for (std::size_t y = 0; y < years.size(); ++y)
    if (years[y] == year) return y;
  throw InputError(file, "--year " + std::to_string(year) + " is not one of the file's years (" + std::to_string(years.front()) +
                             "-" + std::to_string(years.back()) + ")");
}

// What the region table of a scenario summary shows (SummaryChoice, docs/reports.md).
struct RegionView {
  SummaryChoice::Basis basis = SummaryChoice::Basis::peak_year;
  std::string heading, json_basis;
  std::size_t year = 0;  // the year of the table, and of the appraisal block (peak year for cumulative and peak)
  bool all = false;      // --all: every region, however many
  std::function<double(std::size_t, std::size_t)> value;  // (measure, region)
  std::function<double(std::size_t)> total;               // (measure): the UK row
};

RegionView region_view(const ScenarioFile& f, const SummaryChoice& c, const std::string& file) {
  using B = SummaryChoice::Basis;
  const std::size_t Y = f.years.size(), m0 = f.head.empty() ? 0 : f.head[0];
  const auto uk = std::make_shared<LabelledArray>(f.by_region.sum_over({"region"}));
  const auto uk_cum = std::make_shared<LabelledArray>(f.cumulative.sum_over({"region"}));
  const std::size_t py = peak_year_index(*uk, m0, Y);
  const std::string span = std::to_string(f.years.front()) + "-" + std::to_string(f.years.back());
  RegionView v;
  v.basis = c.basis, v.year = py, v.all = c.all;
  if (c.basis == B::year) v.year = chosen_year_index(f.years, *c.year, file);
  const std::size_t yi = v.year;
  const ScenarioFile* fp = &f;
  v.value = [fp, yi](std::size_t m, std::size_t r) { return fp->by_region(m, yi, r); };
  v.total = [uk, yi](std::size_t m) { return (*uk)(m, yi); };
  if (c.basis == B::year) {
    v.heading = "Net change by region in " + std::to_string(f.years[yi]), v.json_basis = "year";
  } else if (c.basis == B::peak_year) {
    v.heading = "Net change by region in " + std::to_string(f.years[py]) + " (peak year of the " + f.measures[m0] +
                " change: " + std::to_string(f.years[py]) + ")";
    v.json_basis = "peak_year";
  } else if (c.basis == B::cumulative) {
    v.heading = "Net change by region summed over " + span + " (jobs: job-years)", v.json_basis = "cumulative";
    v.value = [fp](std::size_t m, std::size_t r) { return fp->cumulative(m, r); };
    v.total = [uk_cum](std::size_t m) { return (*uk_cum)(m); };
  } else {
    v.heading = "Peak net change by region: each region's and measure's largest absolute change over " + span;
    v.json_basis = "peak";
    v.value = [fp, Y](std::size_t m, std::size_t r) {
      double best = 0;
      for (std::size_t y = 0; y < Y; ++y) best = std::abs(fp->by_region(m, y, r)) > std::abs(best) ? fp->by_region(m, y, r) : best;
      return best;
    };
    v.total = [uk, Y](std::size_t m) { return (*uk)(m, peak_year_index(*uk, m, Y)); };
  }
  return v;
}

// Why a region table would be all zeros, or "" when some value is not zero.
std::string all_zero_reason(const ScenarioFile& f, const RegionView& v) {
  for (auto m : f.head)
    for (std::size_t r = 0; r < f.regions.size(); ++r)
      if (v.value(m, r) != 0) return "";
  std::size_t first = f.years.size(), last = 0;
  for (std::size_t y = 0; y < f.years.size(); ++y)
    for (auto m : f.head)
      for (std::size_t r = 0; r < f.regions.size(); ++r)
        if (f.by_region(m, y, r) != 0) first = std::min(first, y), last = std::max(last, y);
  if (first == f.years.size())
    return "Every change is zero, in every region and every year: the scenario has no effect on these measures.";
  return "Every region's change is zero in " + std::to_string(f.years[v.year]) + ": the scenario's effects fall in " +
         std::to_string(f.years[first]) + "-" + std::to_string(f.years[last]) +
         ". Choose a year with --year, or --cumulative, or --peak.";
}

// "key": value pairs over the measures, for JSON.
std::string json_measures(const ScenarioFile& f, const std::function<double(std::size_t)>& value) {
  std::string o;
  for (std::size_t m = 0; m < f.measures.size(); ++m) o += (m ? ", " : "") + json_quote(f.measures[m]) + ": " + text::num(value(m));
  return o;
}

void scenario_json_appraisal(std::ostringstream& o, const ScenarioFile& f) {
  const LabelledArray pv = f.present_value.sum_over({"region"});
  o << ",\n  \"present_value\": {" << json_measures(f, [&](std::size_t m) { return pv(m); });
  o << "},\n  \"present_value_supply_side_gva\": " << text::num(f.supply_pv.sum_over({"region"})()) << ",\n  \"gaps_final_year\": {";
  const auto& gap_names = f.gaps.dim("gap").labels;
  const std::size_t last = f.years.size() - 1;
  for (std::size_t k = 0; k < gap_names.size(); ++k)
    o << (k ? ", " : "") << json_quote(gap_names[k]) << ": {\"baseline\": " << text::num_or_null(f.gaps(0, last, k))
      << ", \"scenario\": " << text::num_or_null(f.gaps(1, last, k)) << "}";
  o << "}";
  if (!f.gaps_between.empty())
    o << ",\n  \"gaps_between\": " << json_quote(f.gaps_between) << ",\n  \"gaps_recomputed\": " << (f.gaps_recomputed ? "true" : "false");
}

std::string need_split_json(const H5File& h, const ScenarioFile& f);

std::string scenario_json(const H5File& h, const ScenarioFile& f, const RegionView& v) {
  const std::size_t Y = f.years.size(), R = f.regions.size(), H = f.shocks.size();
  std::ostringstream o;
  o << "{\n  \"file_type\": \"devolve-scenario-results\",\n  \"scenario\": " << json_quote(f.name)
    << ",\n  \"model_id\": " << json_quote(h.read_attr_string("/", "model_id")) << ",\n  \"prices\": "
    << json_quote(h.read_attr_string("/", "prices") +
                  (f.cash ? "; money measures shown in cash of " + std::to_string(f.cash->year) + " (see \"cash\")" : ""))
    << ",\n  \"cash\": ";
  if (!f.cash) o << "null";
  else
    o << "{\"year\": " << f.cash->year << ", \"factor\": " << text::num(f.cash->to / f.cash->from)
      << ", \"deflator\": \"ONS GDP implied deflator YBGB\", \"deflator_base_year\": " << text::num(f.cash->from)
      << ", \"deflator_cash_year\": " << text::num(f.cash->to) << ", \"base_year\": " << f.cash->base
      << ", \"published_to\": " << f.cash->last_published << ", \"deflator_growth\": "
      << (f.cash->growth ? text::num(*f.cash->growth) : std::string("null")) << "}";
  o << ",\n  \"closure\": " << json_quote(h.read_attr_string("/", "closure"))
    << ",\n  \"summary\": {\"basis\": " << json_quote(v.json_basis) << ", \"year\": "
    << (v.basis == SummaryChoice::Basis::cumulative || v.basis == SummaryChoice::Basis::peak ? "null" : std::to_string(f.years[v.year]))
    << ", \"heading\": " << json_quote(v.heading) << ", \"note\": " << json_quote(all_zero_reason(f, v)) << "}"
    << ",\n  \"years\": [";
  for (std::size_t y = 0; y < Y; ++y) o << (y ? ", " : "") << f.years[y];
  o << "],\n  \"units\": {";
  for (std::size_t m = 0; m < f.measures.size(); ++m) o << (m ? ", " : "") << json_quote(f.measures[m]) << ": " << json_quote(f.units[m]);
  o << "},\n  \"regions\": [\n";
  for (std::size_t r = 0; r < R; ++r)
    o << "    {\"code\": " << json_quote(f.regions[r]) << ", \"name\": " << json_quote(f.region_names[r]) << ", \"final_year\": {"
      << json_measures(f, [&](std::size_t m) { return f.by_region(m, Y - 1, r); }) << "}, \"cumulative\": {"
      << json_measures(f, [&](std::size_t m) { return f.cumulative(m, r); }) << "}, \"shown\": {"
      << json_measures(f, [&](std::size_t m) { return v.value(m, r); }) << "}}" << (r + 1 < R ? "," : "") << "\n";
  o << "  ],\n  \"by_year\": [\n";
  const LabelledArray uk = f.by_region.sum_over({"region"});  // (measure, year)
  for (std::size_t y = 0; y < Y; ++y)
    o << "    {\"year\": " << f.years[y] << ", " << json_measures(f, [&](std::size_t m) { return uk(m, y); }) << "}"
      << (y + 1 < Y ? "," : "") << "\n";
  o << "  ],\n  \"shocks\": [\n";
  const LabelledArray landed = f.landing.sum_over({"year"});  // (shock, place, measure)
  const auto areas = h.exists("/results/shock_local_area") ? h.read_strings("/results/shock_local_area")
                                                            : std::vector<std::string>();  // format 1.6
  for (std::size_t k = 0; k < H; ++k) {
    o << "    {\"label\": " << json_quote(f.shocks[k]);
    if (k < areas.size() && !areas[k].empty()) o << ", \"local_area\": " << json_quote(areas[k]);
    for (std::size_t p = 0; p < 2; ++p)
      o << ", \"" << (p == 0 ? "in_shock_regions" : "elsewhere") << "\": {"
        << json_measures(f, [&](std::size_t m) { return landed(k, p, m); }) << "}";
    o << "}" << (k + 1 < H ? "," : "") << "\n";
  }
  o << "  ]";
  if (f.v11) scenario_json_appraisal(o, f);
  o << closures_json(h);
  o << labour_json(h, v.year, f.grouping ? &*f.grouping : nullptr);
  o << need_split_json(h, f);
  o << "\n}\n";
  return o.str();
}

// Fixed-width tables of the headline measures.
class Table {
 public:
  //! `label_width`: the first column's width (34, wider for longer region labels up to 64)
  Table(std::ostringstream& o, const ScenarioFile& f, std::size_t label_width = 34)
      : o_(o), f_(f), label_format_("%-" + std::to_string(label_width) + "s") {}
  void header(const std::string& first) {
    std::string line = cell(label_format_.c_str(), first);
    for (auto m : f_.head) line += cell(" %16s", f_.measures[m]);
    end(line);
  }
  //! A row: its label, then value(m) for each headline measure (blank where value returns "").
  void row(const std::string& label, const std::function<std::string(std::size_t)>& value) {
    std::string line = cell(label_format_.c_str(), label);
    for (auto m : f_.head) line += cell(" %16s", value(m));
    end(line);
  }

 private:
  static std::string cell(const char* format, const std::string& s) {
    char text[512];
    std::snprintf(text, sizeof text, format, s.c_str());
    return text;
  }
  void end(std::string& line) {  // without the blank cells' trailing spaces
    line.erase(line.find_last_not_of(' ') + 1);
    o_ << line << "\n";
  }
  std::ostringstream& o_;
  const ScenarioFile& f_;
  std::string label_format_;
};

// The width of a table's first column: 34, or the longest "code name" of a region up to 64, so
// names such as "E06000022 Bath and North East Somerset" are not cut.
std::size_t region_label_width(const ScenarioFile& f) {
  std::size_t w = 34;
  for (std::size_t r = 0; r < f.regions.size(); ++r) w = std::max(w, f.regions[r].size() + 1 + f.region_names[r].size());
  return std::min<std::size_t>(w, 64);
}

void text_regions_and_years(std::ostringstream& o, const ScenarioFile& f, const RegionView& v) {
  const std::size_t Y = f.years.size(), R = f.regions.size();
  const std::size_t width = region_label_width(f);
  Table table(o, f, width);
  o << v.heading << "\n";
  const std::string why = all_zero_reason(f, v);
  if (!why.empty()) {
    o << "  " << why << "\n";
  } else {
    table.header("region");
    // Every region up to summary_all_regions_up_to (or with --all), else the largest changes of the
    // first headline measure and a line saying how many more (docs/reports.md).
    std::vector<std::size_t> rows(R);
    std::iota(rows.begin(), rows.end(), 0);
    const bool top = !v.all && R > summary_all_regions_up_to && !f.head.empty();
    if (top) {
      const std::size_t m0 = f.head[0];
      std::stable_sort(rows.begin(), rows.end(),
                       [&](std::size_t a, std::size_t b) { return std::abs(v.value(m0, a)) > std::abs(v.value(m0, b)); });
      rows.resize(summary_top_regions);
    }
    for (std::size_t r : rows)
      table.row((f.regions[r] + " " + f.region_names[r]).substr(0, width), [&](std::size_t m) { return fmt(v.value(m, r)); });
    if (top)
      o << "... " << R - summary_top_regions << " more (above: the " << summary_top_regions << " largest " << f.measures[f.head[0]]
        << " changes; --all lists all " << R << (f.grouping ? "" : "; --aggregate itl1|itl2|itl3 sums them") << ")\n";
    table.row("total", [&](std::size_t m) { return fmt(v.total(m)); });
  }
  const LabelledArray uk = f.by_region.sum_over({"region"}), uk_cum = f.cumulative.sum_over({"region"});
  table.row("total summed over the years", [&](std::size_t m) { return fmt(uk_cum(m)); });
  o << "\nBy year, UK total\n";
  table.header("year");
  for (std::size_t y = 0; y < Y; ++y) table.row(std::to_string(f.years[y]), [&](std::size_t m) { return fmt(uk(m, y)); });
}

void text_industries_and_landing(std::ostringstream& o, const ScenarioFile& f) {
  // Largest industries by the first headline measure, summed over regions and years.
  if (!f.head.empty()) {
    const std::size_t m0 = f.head[0], S = f.industries.size();
    const LabelledArray by_ind = f.total.select("measure", m0).sum_over({"year", "region"});
    std::vector<std::size_t> order(S);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return std::abs(by_ind(a)) > std::abs(by_ind(b)); });
    o << "\nLargest industries by " << f.measures[m0] << " (" << f.units[m0] << "), summed over regions and years\n";
    for (std::size_t k = 0; k < std::min<std::size_t>(8, S); ++k) {
      char line[512];
      std::snprintf(line, sizeof line, "  %-12s %-48s %16s\n", f.industries[order[k]].c_str(),
                    f.industry_names[order[k]].substr(0, 48).c_str(), fmt(by_ind(order[k])).c_str());
      o << line;
    }
  }
  o << "\nWhere effects land, summed over the years: in the shock's regions / elsewhere\n";
  const LabelledArray landed = f.landing.sum_over({"year"});  // (shock, place, measure)
  for (std::size_t k = 0; k < f.shocks.size(); ++k) {
    o << "  " << f.shocks[k] << ":";
    for (auto m : f.head) o << "  " << f.measures[m] << " " << fmt(landed(k, 0, m)) << " / " << fmt(landed(k, 1, m));
    o << "\n";
  }
}

// Each local_procurement shock's supply-chain result (docs/reports.md): the purchases its buyers
// moved to suppliers in their own regions (the same taken from suppliers in other regions: the
// direct effect is zero-sum in output), then where output and the other measures land once the supply
// chains and, under Type II, household spending have followed.
void text_procurement(std::ostringstream& o, const H5File& h, const ScenarioFile& f) {
  const std::string g = "/results";
  if (!h.exists(g + "/shock_type") || !h.exists(g + "/demand")) return;
  const auto types = h.read_strings(g + "/shock_type");
  const LabelledArray moved = read_array(h, g, "demand", {"shock", "year", "region"}).sum_over({"year", "region"});
  const LabelledArray landed = f.landing.sum_over({"year"});  // (shock, place, measure)
  const std::string currency = h.read_attr_string("/", "currency");
  // the local area each shock used (format 1.6): its regions together, or each its own
  const auto areas = h.exists(g + "/shock_local_area") ? h.read_strings(g + "/shock_local_area") : std::vector<std::string>();
  for (std::size_t k = 0; k < f.shocks.size() && k < types.size(); ++k) {
    if (types[k] != "local_procurement") continue;
    const bool together = k < areas.size() && areas[k] == "together";
    o << "\nLocal procurement \"" << f.shocks[k] << "\", summed over the years\n";
    o << "  purchases moved to suppliers in the buyers' "
      << (together ? "local area, the shock's regions together (local_area: together)"
          : k < areas.size() && areas[k] == "each" ? "own regions (local_area: each)"
                                                   : "own regions")
      << ": " << fmt(moved(k)) << " (" << currency << "), taken from suppliers "
      << (together ? "outside it" : "in other regions") << " (direct output zero-sum over the UK)\n";
    o << "  with supply chains" << (h.read_attr_string("/", "closure") == "II" ? " and household spending" : "")
      << ", in the shock's regions / elsewhere:";
    for (auto m : f.head) o << "  " << f.measures[m] << " " << fmt(landed(k, 0, m)) << " / " << fmt(landed(k, 1, m));
    o << "\n";
  }
}

void text_appraisal(std::ostringstream& o, const H5File& h, const ScenarioFile& f, std::size_t last) {
  Table table(o, f);
  o << "\nBaseline and scenario in " << f.years[last] << ", UK total\n";
  table.header("");
  const LabelledArray base = f.baseline.sum_over({"region"}), change = f.by_region.sum_over({"region"});
  table.row("baseline", [&](std::size_t m) { return fmt(base(m, last)); });
  table.row("scenario", [&](std::size_t m) { return fmt(base(m, last) + change(m, last)); });
  table.row("change (%)", [&](std::size_t m) {
    const double b = base(m, last);
    return fmt(b != 0 ? 100.0 * change(m, last) / b : 0.0, 4);
  });
  o << "\n";
  const LabelledArray pv = f.present_value.sum_over({"region"});
  table.row("present value (appraisal year)", [&](std::size_t m) {
    const auto& code = f.measures[m];
    return code == "jobs" || code == "fte" || code == "ghg" ? std::string() : fmt(pv(m));
  });
  o << "  of which supply-side GVA from R&D: " << fmt(f.supply_pv.sum_over({"region"})()) << " ("
    << h.read_attr_string("/", "currency") << ")\n";
  const auto& gap_names = f.gaps.dim("gap").labels;
  o << "\nGVA per head gaps in " << f.years[last] << (f.gaps_between.empty() ? "" : " between " + f.gaps_between)
    << " (baseline -> scenario"
    << (f.gaps_between.empty()   ? ""
        : f.gaps_recomputed      ? "; recomputed from the file's GVA per head and population"
                                 : "; the file lacks the population to recompute them")
    << ")\n";
  for (std::size_t k = 0; k < gap_names.size(); ++k) {
    const double b = f.gaps(0, last, k), s = f.gaps(1, last, k);
    if (!std::isfinite(b)) continue;
    char line[512];
    std::snprintf(line, sizeof line, "  %-30s %10.5f -> %10.5f\n", gap_names[k].c_str(), b, s);
    o << line;
  }
}

// Gross or net, from the net/gross factor each shock applied ("net" never said of a gross run).
std::string additionality_note(const H5File& h) {
  const char* path = "/results/shock_additionality";
  if (!h.exists(path)) return "";
  const auto factors = h.read_strings(path);
  std::string net;
  for (std::size_t k = 0; k < factors.size(); ++k)
    if (factors[k] != "1") net += std::string(net.empty() ? "" : ", ") + "shock " + std::to_string(k + 1) + " x " + factors[k];
  return net.empty() ? "Gross: no additionality applied." : "Net of additionality (net/gross factor: " + net + ").";
}

// The shocks split by need (format 1.3): label, the split as recorded, and each recipient's share.
struct NeedSplit {
  std::string label, split;
  std::vector<std::pair<std::string, double>> shares;
};
std::vector<NeedSplit> need_splits(const H5File& h, const ScenarioFile& f) {
  if (!h.exists("/results/shock_split")) return {};
  const auto split = h.read_strings("/results/shock_split");
  std::vector<std::size_t> shape;
  const std::vector<double> alloc = h.read_doubles("/results/allocation", shape);
  std::vector<NeedSplit> out;
  for (std::size_t k = 0; k < split.size() && k < f.shocks.size(); ++k) {
    if (split[k].rfind("need:", 0) != 0) continue;
    out.push_back({f.shocks[k], split[k], {}});
    const auto regions = h.read_strings("/results/region");  // the file's own; --aggregate sums the shares into parents
    const RegionGrouping* g = f.grouping ? &f.grouping->groups : nullptr;
    std::vector<double> share(g ? g->codes.size() : regions.size(), 0.0);
    for (std::size_t r = 0; r < regions.size(); ++r)
      if (const double w = alloc[k * regions.size() + r]; w > 0) share[g ? g->of[r] : r] += w;
    for (std::size_t r = 0; r < share.size(); ++r)
      if (share[r] > 0) out.back().shares.emplace_back(g ? g->codes[r] : regions[r], share[r]);
  }
  return out;
}

// Unless `all`, above summary_all_regions_up_to recipients the largest shares and how many more.
std::string need_split_text(const H5File& h, const ScenarioFile& f, bool all) {
  std::ostringstream o;
  for (auto n : need_splits(h, f)) {
    o << "\nsplit by need, " << n.label << ": " << n.split << "\n ";
    const std::size_t more = !all && n.shares.size() > summary_all_regions_up_to ? n.shares.size() - summary_top_regions : 0;
    if (more) {
      std::stable_sort(n.shares.begin(), n.shares.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
      n.shares.resize(summary_top_regions);
    }
    for (const auto& [code, w] : n.shares) o << " " << code << " " << fmt(w, 3);
    if (more) o << " ... " << more << " more (the " << summary_top_regions << " largest shares; --all lists every one)";
    o << "\n";
  }
  return o.str();
}

// The need splits as a JSON member (",\n  \"need_splits\": [...]"); empty when there are none.
std::string need_split_json(const H5File& h, const ScenarioFile& f) {
  const auto splits = need_splits(h, f);
  if (splits.empty()) return "";
  std::ostringstream o;
  o << ",\n  \"need_splits\": [";
  for (std::size_t k = 0; k < splits.size(); ++k) {
    o << (k ? ",\n" : "\n") << "    {\"label\": " << json_quote(splits[k].label) << ", \"split\": " << json_quote(splits[k].split)
      << ", \"shares\": {";
    for (std::size_t i = 0; i < splits[k].shares.size(); ++i)
      o << (i ? ", " : "") << json_quote(splits[k].shares[i].first) << ": " << text::num(splits[k].shares[i].second);
    o << "}}";
  }
  o << "\n  ]";
  return o.str();
}

std::string scenario_text(const H5File& h, const ScenarioFile& f, const RegionView& v, const std::string& cash = "") {
  std::ostringstream o;
  o << "scenario   " << f.name << "\n";
  o << "model      " << h.read_attr_string("/", "model_id") << " (checksum " << h.read_attr_string("/", "model_checksum")
    << "), Type " << h.read_attr_string("/", "closure") << ", " << h.read_attr_string("/", "currency") << " at "
    << h.read_attr_string("/", "prices") << "\n";
  o << "years      " << f.years.front() << "-" << f.years.back() << "\n";
  if (h.has_attr("/", "price_conversion") && h.read_attr_string("/", "price_conversion").rfind("none", 0) != 0)
    o << "prices     " << h.read_attr_string("/", "price_conversion") << "\n";
  o << cash << "\n";
  text_regions_and_years(o, f, v);
  text_industries_and_landing(o, f);
  text_procurement(o, h, f);
  if (f.v11) text_appraisal(o, h, f, v.year);
  o << closures_text(h);
  o << labour_text(h, v.year, f.grouping ? &*f.grouping : nullptr, v.all);
  o << need_split_text(h, f, v.all);
  o << "\nunits:";
  for (auto m : f.head) o << " " << f.measures[m] << " in " << f.units[m] << (m == f.head.back() ? "" : ";");
  o << ". Jobs are jobs in the year (summed over years: job-years). " << additionality_note(h) << "\n";
  return o.str();
}

// --aggregate: the GVA per head gaps recomputed between the parents (docs/reports.md, "Regions
// summed into ITL areas"). GVA per head y_r and the population pop_r behind it come from the file:
// pop_r = 1,000 x baseline jobs / baseline jobs_per_1000_residents (both held at the base year;
// the file stores no population), G_r = y_r x pop_r; a parent's GVA per head is its regions' G
// summed over their pop summed, and the gaps are those of gaps.cpp over the parents. False, the
// gaps left as the file's, where the file lacks any of these.
bool aggregate_gaps(const H5File& h, ScenarioFile& f, const RegionGrouping& g) {
  const std::string d = "/results";
  if (!f.v11 || !h.exists(d + "/gva_per_head") || !h.exists(d + "/beyond_gva")) return false;
  const auto indicators = h.read_strings(d + "/indicator");
  const std::size_t jpk = index_of(indicators, "jobs_per_1000_residents"), jobs = index_of(f.measures, "jobs");
  if (jpk == indicators.size() || jobs == f.measures.size()) return false;
  const LabelledArray y = read_array(h, d, "gva_per_head", {"case", "year", "region"});
  const LabelledArray per_1000 = read_array(h, d, "beyond_gva", {"indicator", "case", "year", "region"});
  const LabelledArray base = read_array(h, d, "baseline_by_region", {"measure", "year", "region"});
  const std::size_t R = g.of.size(), P = g.codes.size();
  std::vector<double> pop(R);
  for (std::size_t r = 0; r < R; ++r) {
    pop[r] = 1000.0 * base(jobs, 0u, r) / per_1000(jpk, 0u, 0u, r);
    if (!(std::isfinite(pop[r]) && pop[r] > 0)) return false;
  }
  std::vector<std::vector<std::size_t>> groups(2);  // the parents in the North, and in the Greater South East
  for (const auto& [name, prefixes] : builtin_region_groups()) {
    const std::size_t k = name == "north" ? 0 : name == "greater_south_east" ? 1 : 2;
    for (std::size_t p = 0; p < P && k < 2; ++p)
      for (const auto& c : prefixes)
        if (g.codes[p].compare(0, c.size(), c) == 0) groups[k].push_back(p);
  }
  const auto& gaps = f.gaps.dim("gap").labels;
  const std::size_t north = index_of(gaps, "north_to_greater_south_east"), cv = index_of(gaps, "coefficient_of_variation"),
                    ratio = index_of(gaps, "max_to_min");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  LabelledArray out = f.gaps;
  for (std::size_t c = 0; c < 2; ++c)
    for (std::size_t t = 0; t < f.years.size(); ++t) {
      std::vector<double> gva(P, 0.0), people(P, 0.0);
      for (std::size_t r = 0; r < R; ++r) gva[g.of[r]] += y(c, t, r) * pop[r], people[g.of[r]] += pop[r];
      double G = 0, N = 0, var = 0, hi = -1e300, lo = 1e300;
      for (std::size_t p = 0; p < P; ++p) G += gva[p], N += people[p];
      const double mean = G / N;
      for (std::size_t p = 0; p < P; ++p) {
        const double x = gva[p] / people[p];
        var += people[p] * (x - mean) * (x - mean), hi = std::max(hi, x), lo = std::min(lo, x);
      }
      if (!std::isfinite(mean)) return false;
      auto per_head = [&](const std::vector<std::size_t>& ps) {
        double a = 0, b = 0;
        for (auto p : ps) a += gva[p], b += people[p];
        return b > 0 ? a / b : nan;
      };
      if (north < gaps.size()) out(c, t, north) = groups[0].empty() || groups[1].empty() ? nan : per_head(groups[0]) / per_head(groups[1]);
      if (cv < gaps.size()) out(c, t, cv) = std::sqrt(var / N) / mean;
      if (ratio < gaps.size()) out(c, t, ratio) = hi / lo;
    }
  f.gaps = std::move(out);
  return true;
}

// --aggregate: the region arrays summed into their parents (docs/results.md, "What is stored at
// which level"), the GVA per head gaps recomputed between them (aggregate_gaps), and the need
// splits and labour account through f.grouping; the shocks' own-region and elsewhere split and the
// closures stay as the file has them.
std::string aggregate(const H5File& h, ScenarioFile& f, const SummaryChoice& c, const std::string& file) {
  if (c.aggregate.empty()) return "";
  const RegionGrouping g = region_grouping(f.regions, c.aggregate, c.data_dir, file, html::area_members(h));
  f.by_region = group_regions(f.by_region, "region", g), f.cumulative = group_regions(f.cumulative, "region", g);
  f.total = group_regions(f.total, "region", g);
  if (f.v11) {
    f.baseline = group_regions(f.baseline, "region", g), f.present_value = group_regions(f.present_value, "region", g);
    f.supply_pv = group_regions(f.supply_pv, "region", g);
  }
  const std::size_t from = f.regions.size();
  if (f.v11) {
    f.gaps_recomputed = aggregate_gaps(h, f, g);
    f.gaps_between = f.gaps_recomputed ? "the " + std::to_string(g.codes.size()) + " " + c.aggregate + " areas"
                                       : "the file's " + std::to_string(from) + " regions, not the " + c.aggregate + " areas";
  }
  f.regions = g.codes, f.region_names = g.names;
  f.grouping = LabourGrouping{g, c.data_dir};
  return "regions    the file's " + std::to_string(from) + " regions summed into their " + std::to_string(g.codes.size()) +
         " " + c.aggregate + " parents\n";
}

std::string scenario_report(const H5File& h, bool json, const SummaryChoice& choice) {
  ScenarioFile f = read_scenario_file(h);
  const std::string regions = aggregate(h, f, choice, h.path());
  const std::string cash = to_cash(h, f, choice) + regions;
  const RegionView v = region_view(f, choice, h.path());
  return json ? scenario_json(h, f, v) : scenario_text(h, f, v, cash);
}

std::string multipliers_report(const H5File& h, bool json) {
  const std::string g = "/multipliers";
  const auto regions = h.read_strings(g + "/region"), industries = h.read_strings(g + "/industry");
  const auto measures = h.read_strings(g + "/measure");
  const bool ii = h.exists(g + "/type_ii");
  const LabelledArray v = read_array(h, g, ii ? "type_ii" : "type_i", {"measure", "region", "industry"});
  const std::size_t R = regions.size(), S = industries.size(), M = measures.size();
  std::ostringstream o;
  if (json) {
    o << "{\n  \"file_type\": \"devolve-multipliers\",\n  \"model_id\": " << json_quote(h.read_attr_string("/", "model_id"))
      << ",\n  \"type\": \"" << (ii ? "II" : "I") << "\",\n  \"mean_by_region\": [\n";
  } else {
    o << "multipliers of " << h.read_attr_string("/", "model_id") << ": mean Type " << (ii ? "II" : "I")
      << " multiplier over the industries of each region (sectors with no output left out)\n";
    char line[256];
    std::snprintf(line, sizeof line, "%-8s", "region");
    o << line;
    for (std::size_t m = 0; m < M; ++m) {
      std::snprintf(line, sizeof line, " %12s", measures[m].c_str());
      o << line;
    }
    o << "\n";
  }
  for (std::size_t r = 0; r < R; ++r) {
    std::vector<double> mean(M, 0.0);
    for (std::size_t m = 0; m < M; ++m) {
      std::size_t c = 0;
      for (std::size_t s = 0; s < S; ++s) {
        const double x = v(m, r, s);
        if (std::isfinite(x)) mean[m] += x, ++c;
      }
      mean[m] = c ? mean[m] / double(c) : 0;
    }
    if (json) {
      o << "    {\"region\": " << json_quote(regions[r]);
      for (std::size_t m = 0; m < M; ++m) o << ", " << json_quote(measures[m]) << ": " << text::num(mean[m]);
      o << "}" << (r + 1 < R ? "," : "") << "\n";
    } else {
      char line[256];
      std::snprintf(line, sizeof line, "%-8s", regions[r].c_str());
      o << line;
      for (std::size_t m = 0; m < M; ++m) {
        std::snprintf(line, sizeof line, " %12.4g", mean[m]);
        o << line;
      }
      o << "\n";
    }
  }
  if (json) o << "  ]\n}\n";
  return o.str();
}

// The year a sweep summary shows: --year, or the peak year of the median UK change of the first
// output measure (--peak and the default); the heading says which.
std::size_t sweep_year(const H5File& h, const LabelledArray& nq, const std::vector<std::int64_t>& years,
                       const std::string& measure, const SummaryChoice& c, std::string& why) {
  if (c.basis == SummaryChoice::Basis::cumulative)
    throw InputError(h.path(), "--cumulative is not available for a sweep file: quantiles over runs do not add up over the "
                               "years; use --year or --peak");
  if (c.basis == SummaryChoice::Basis::year) return chosen_year_index(years, *c.year, h.path());
  const LabelledArray median = nq.select("quantile", 2);  // (measure, year)
  const std::size_t py = peak_year_index(median, 0, years.size());
  why = " (peak year of the median " + measure + " change: " + std::to_string(years[py]) + ")";
  return py;
}

std::string sweep_report(const H5File& h, bool json, const SummaryChoice& choice) {
  const std::string g = "/sweep";
  const auto measures = h.read_strings(g + "/measure"), units = h.read_strings(g + "/measure_unit");
  const auto inputs = h.read_strings(g + "/input");
  const auto years = h.read_ints(g + "/year");
  // A sweep writes at least one measure and year, each measure with its unit: a file without is
  // damaged (or forged under a recomputed seal), and every table below would index past its ends.
  if (measures.empty()) throw InputError(h.path(), g + "/measure: no measures (the file is damaged)");
  if (years.empty()) throw InputError(h.path(), g + "/year: no years (the file is damaged)");
  if (units.size() != measures.size())
    throw InputError(h.path(), g + "/measure_unit: " + std::to_string(units.size()) + " units for " +
                                   std::to_string(measures.size()) + " measures (the file is damaged)");
  const LabelledArray nq = read_array(h, g, "national_quantiles", {"quantile", "measure", "year"});
  const std::size_t M = measures.size(), K = inputs.size();
  const bool sobol = h.exists(g + "/sobol_first");
  LabelledArray s1, st;  // (input, measure, year)
  if (sobol)
    s1 = read_array(h, g, "sobol_first", {"input", "measure", "year"}), st = read_array(h, g, "sobol_total", {"input", "measure", "year"});
  const char* qn[] = {"p05", "p25", "p50", "p75", "p95"};
  std::string why;
  const std::size_t yi = sweep_year(h, nq, years, measures.at(0), choice, why);
  std::ostringstream o;
  if (json) {
    o << "{\n  \"file_type\": \"devolve-sweep-results\",\n  \"scenario\": " << json_quote(h.read_attr_string("/", "scenario_name"))
      << ",\n  \"sampler\": " << json_quote(h.read_attr_string("/", "sampler")) << ",\n  \"runs\": "
      << h.read_attr_ints("/", "runs").at(0) << ",\n  \"final_year\": " << years.back() << ",\n  \"year\": " << years[yi] << ",\n  \"national_quantiles\": {";
    for (std::size_t m = 0; m < M; ++m) {
      o << (m ? ", " : "") << json_quote(measures[m]) << ": {";
      for (std::size_t q = 0; q < 5; ++q) o << (q ? ", " : "") << "\"" << qn[q] << "\": " << text::num(nq(q, m, yi));
      o << "}";
    }
    o << "}";
    if (sobol) {
      o << ",\n  \"sobol\": {";
      for (std::size_t m = 0; m < M; ++m) {
        o << (m ? ", " : "") << json_quote(measures[m]) << ": {";
        for (std::size_t i = 0; i < K; ++i) {
          const double a = s1(i, m, yi), b = st(i, m, yi);
          o << (i ? ", " : "") << json_quote(inputs[i]) << ": {\"first\": " << text::num_or_null(a)
            << ", \"total\": " << text::num_or_null(b) << "}";
        }
        o << "}";
      }
      o << "}";
    }
    o << "\n}\n";
    return o.str();
  }
  o << "sweep      " << h.read_attr_string("/", "scenario_name") << ": " << h.read_attr_ints("/", "runs").at(0) << " runs ("
    << h.read_attr_string("/", "sampler") << ", seed " << h.read_attr_ints("/", "seed").at(0) << ")\n";
  o << "path       " << h.read_attr_string("/", "path") << "\n";
  o << "inputs     " << text::join(inputs, 20) << "\n\nUK total in " << years[yi] << ": quantiles over the runs" << why << "\n";
  char line[256];
  bool all_zero = true;
  for (std::size_t m = 0; m < M; ++m)
    for (std::size_t q = 0; q < 5; ++q) all_zero = all_zero && nq(q, m, yi) == 0;
  if (all_zero)
    o << "  Every quantile is zero in " << years[yi] << ": no run changes the UK total of these measures in that year.\n";
  std::snprintf(line, sizeof line, "%-10s %14s %14s %14s %14s %14s  %s\n", "measure", "5%", "25%", "50%", "75%", "95%", "unit");
  o << line;
  for (std::size_t m = 0; m < M; ++m) {
    std::snprintf(line, sizeof line, "%-10s", measures[m].c_str());
    o << line;
    for (std::size_t q = 0; q < 5; ++q) {
      std::snprintf(line, sizeof line, " %14s", fmt(nq(q, m, yi)).c_str());
      o << line;
    }
    o << "  " << units[m] << "\n";
  }
  if (sobol) {
    o << "\nSobol indices of the UK total in " << years[yi] << " (first order / total)\n";
    for (std::size_t i = 0; i < K; ++i) {
      std::snprintf(line, sizeof line, "  %-36s", inputs[i].substr(0, 36).c_str());
      o << line;
      for (std::size_t m = 0; m < M; ++m) {
        std::snprintf(line, sizeof line, "  %s %6.3f / %6.3f", measures[m].c_str(), s1(i, m, yi), st(i, m, yi));
        o << line;
      }
      o << "\n";
    }
    // A first-order index above its total index (or 1) by more than its noise: recomputed from the
    // file's runs, so older files get the warning too (docs/sweeps.md, "Statistics").
    std::vector<std::size_t> shape;  // (run, measure, year)
    const std::vector<double> nat = h.read_doubles(g + "/national", shape);
    const std::size_t Y = years.size(), N = M * Y != 0 ? nat.size() / (M * Y) / (K + 2) : 0;  // M, Y > 0 (checked above)
    const SobolIndices est = sobol_indices(nat, M * Y, K, N);
    std::vector<std::string> flagged;
    for (std::size_t i = 0; i < K; ++i)
      for (std::size_t m = 0; m < M; ++m)
        if (est.implausible[i * M * Y + m * Y + yi]) {
          std::snprintf(line, sizeof line, "%s %s %.3f (standard error %.3f) / %.3f", inputs[i].c_str(), measures[m].c_str(),
                        s1(i, m, yi), est.first_se[i * M * Y + m * Y + yi], st(i, m, yi));
          flagged.push_back(line);
        }
    if (!flagged.empty()) {
      o << "  warning: a first-order index above its total index (or above 1), beyond its noise or with a standard error\n"
        << "  above 0.05: " << N << " base samples are too few for these estimates; raise samples\n";
      for (const auto& f : flagged) o << "    " << f << "\n";
    }
  }
  return o.str();
}

}  // namespace

std::string report(const std::string& file, bool json, const SummaryChoice& choice) {
  const H5File h = H5File::open(file);
  if (!h.has_attr("/", "file_type")) throw InputError(file, "not a devolve output file (no file_type attribute)");
  const std::string type = h.read_attr_string("/", "file_type");
  const auto v = h.read_attr_ints("/", "format_version");
  if (type == "devolve-scenario-results") {
    if (v.empty() || v[0] != results_format_major)
      throw InputError(file, "results format version " + (v.empty() ? std::string("?") : std::to_string(v[0])) +
                                 " is not readable by this devolve (reads " + std::to_string(results_format_major) + ")");
    return scenario_report(h, json, choice);
  }
  if (!choice.aggregate.empty() && type != "devolve-scenario-results")
    throw InputError(file, "--aggregate applies to scenario results files, not to " + type);
  if (type == "devolve-multipliers") {
    if (v.empty() || v[0] != multipliers_format_major)
      throw InputError(file, "multipliers format version is not readable by this devolve");
    return multipliers_report(h, json);
  }
  if (type == "devolve-sweep-results") {
    if (v.empty() || v[0] != sweep_format_major) throw InputError(file, "sweep format version is not readable by this devolve");
    return sweep_report(h, json, choice);
  }
  throw InputError(file, "file_type '" + type + "' is not one devolve report reads (scenario results, sweep results, multipliers)");
}

}  // namespace devolve
