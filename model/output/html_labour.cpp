// The results page's section on who gets the jobs (docs/reports.md): residents' employment rate
// change on a map, the gaps between regions in the measures beyond GVA (beyond_gva_gap and
// beyond_gva_spread, format 1.5) and in the share of new jobs in low-paid industries, and a table
// by region (docs/methodology.md, section 12).
#include <cmath>
#include <sstream>

#include "output/html_pages.hpp"
#include "output/labour_report.hpp"
#include "output/svg_chart.hpp"

namespace devolve::html {

namespace {

std::string cell(double v, int decimals, bool sign = false) {
  if (!std::isfinite(v)) return "n/a";
  return (sign && v > 0 ? "+" : "") + svg::num(v, decimals);
}

// The regions furthest below and above the reference (NaN gaps skipped): "code gap".
std::pair<std::string, std::string> extremes(const std::vector<std::string>& regions, const std::vector<double>& gap, int dec) {
  std::size_t lo = gap.size(), hi = gap.size();
  for (std::size_t r = 0; r < gap.size(); ++r) {
    if (!std::isfinite(gap[r])) continue;
    if (lo == gap.size() || gap[r] < gap[lo]) lo = r;
    if (hi == gap.size() || gap[r] > gap[hi]) hi = r;
  }
  if (lo == gap.size()) return {"n/a", "n/a"};
  return {regions[lo] + " " + cell(gap[lo], dec, true), regions[hi] + " " + cell(gap[hi], dec, true)};
}

std::string gaps_table(const GapsYear& gy, const LowPayGap& lp, int year) {
  std::vector<std::vector<std::string>> rows;
  for (std::size_t k = 0; k < gy.indicators.size(); ++k) {
    const auto& s = gy.spread[k];
    const auto& b = gy.base[k];
    const int dec = svg::decimals_for(std::fabs(s[0]) / 10);
    const auto [lo, hi] = extremes(gy.regions, gy.gap[k], dec);
    rows.push_back({gy.indicators[k], gy.units[k], cell(b[0], dec) + " → " + cell(s[0], dec), lo, hi, cell(s[1], dec),
                    cell(b[2], 4) + " → " + cell(s[2], 4)});
  }
  if (!lp.gap.empty()) {
    const auto [lo, hi] = extremes(gy.regions, lp.gap, 3);
    rows.push_back({"new_jobs_low_pay_share", "1 (share of gross new jobs)", cell(lp.reference, 4), lo, hi, "", ""});
  }
  // shown open: the gaps are the section's summary (svg::table folds its tables)
  return "<div id=\"gaps-table\"><details open" +
         svg::table("Gaps between regions, " + std::to_string(year) + ": value of all regions together and each region's gap",
                    {"measure", "unit", "all regions (baseline → scenario)", "furthest below (gap)", "furthest above (gap)",
                     "max − min (scenario)", "coefficient of variation (baseline → scenario)"},
                    rows).substr(8) +
         "</div>";
}

std::string region_table(const Labels& l, const LabourYear& ly, const GapsYear& gy, const LowPayGap& lp, bool gaps) {
  std::vector<std::string> header = {"code", "region", "jobs, workplace", "jobs, residence", "employment rate change (points)",
                                     "unemployment rate change (points)", "low-pay share of new jobs", "its gap"};
  for (std::size_t k = 0; gaps && k < gy.indicators.size(); ++k) header.push_back(gy.indicators[k] + " gap (" + gy.units[k] + ")");
  std::vector<std::vector<std::string>> rows;
  for (std::size_t r = 0; r < ly.regions.size(); ++r) {
    const double share = r < lp.gap.size() ? lp.gap[r] + lp.reference : NAN;
    rows.push_back({ly.regions[r], r < l.region_names.size() ? l.region_names[r] : "", cell(ly.work[r], 0),
                    cell(ly.home[r], 0), cell(ly.emp_change[r], 3, true), cell(ly.unemp_change[r], 3, true),
                    cell(share, 3), r < lp.gap.size() ? cell(lp.gap[r], 3, true) : "n/a"});
    for (std::size_t k = 0; gaps && k < gy.indicators.size(); ++k)
      rows.back().push_back(cell(gy.gap[k][r], svg::decimals_for(std::fabs(gy.spread[k][0]) / 10), true));
  }
  return "<div id=\"labour-table\">" + svg::table("Who gets the jobs and the gaps by region (scenario)", header, rows) +
         "</div>";
}

}  // namespace

std::string labour_section(const H5File& f, const Labels& l, const Boundaries& b, std::size_t t) {
  LabourYear ly;
  if (!read_labour(f, t, ly) || ly.regions.empty()) return "";
  GapsYear gy;
  const bool gaps = read_gaps(f, t, gy);
  const LowPayGap lp = low_pay_gap(f, t);
  const std::string base = f.read_attr_string("/results/labour_supply", "base_levels");
  std::ostringstream o;
  o << "<h2 id=\"labour\">Who gets the jobs, and the gaps between regions</h2><p>" << ly.year
    << ": jobs by the region where their holders live (Census 2021 commuting) and the labour supply that fills them "
       "(docs/methodology.md, section 12). Base labour market: "
    << svg::esc(base) << ". Labour reserve (unemployed plus the inactive who want a job) exceeded: <b>"
    << svg::esc(ly.exceeded_in) << "</b>.</p>";
  if (ly.rates)
    o << region_map(b, "map-employment-rate", "Residents' employment rate (16-64), change by region, " + std::to_string(ly.year),
                    "percentage points", ly.regions, l.region_names, ly.emp_change, "");
  else
    o << "<p>Residents' employment and unemployment rates: no base labour market data for this model.</p>";
  if (gaps) {
    o << "<p>Gaps: each region's value minus the value of all the model's regions together (the UK on a UK model: the "
         "ratio of the totals), baseline and with the scenario; the coefficient of variation is weighted "
         "(docs/methodology.md, \"Gaps in the measures beyond GVA\"; results datasets <code>beyond_gva_gap</code>, "
         "<code>beyond_gva_spread</code>). The low-pay share is the share of the gross new jobs (the gains of the "
         "region-industries that gain jobs; losses elsewhere are not netted off) in region-industries paid below the "
         "Real Living Wage (<code>new_jobs_low_pay_share</code>); all regions together: the low-paid gains over all "
         "gains, "
      << svg::num(lp.gross_new, 0) << " jobs gained where jobs grow and " << svg::num(lp.gross_lost, 0)
      << " lost where they fall.</p>"
      << gaps_table(gy, lp, ly.year);
  }
  return o.str() + region_table(l, ly, gy, lp, gaps) + "\n";
}

}  // namespace devolve::html
