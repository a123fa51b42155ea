// The results page's sections on need (docs/reports.md): the shares of each shock split by need
// (/results/allocation, format 1.3) and the context indicators of the model's regions (/context,
// not model output).
#include <sstream>

#include "output/html_pages.hpp"
#include "output/svg_chart.hpp"

namespace devolve::html {

std::string allocation_section(const H5File& f, const Labels& l) {
  const std::string g = "/results/";
  if (!f.exists(g + "shock_split") || !f.exists(g + "allocation")) return "";
  const auto split = f.read_strings(g + "shock_split"), shocks = f.read_strings(g + "shock");
  std::vector<std::size_t> shape;
  const auto alloc = f.read_doubles(g + "allocation", shape);  // (shock, region)
  const std::size_t R = l.regions.size();
  std::ostringstream o;
  for (std::size_t k = 0; k < split.size() && k < shocks.size(); ++k) {
    if (split[k].rfind("need:", 0) != 0) continue;
    std::vector<std::string> labels;
    std::vector<double> shares;
    std::vector<std::vector<std::string>> rows;
    for (std::size_t r = 0; r < R; ++r) {
      if (alloc[k * R + r] == 0) continue;
      labels.push_back(l.region_names[r] + " (" + l.regions[r] + ")"), shares.push_back(alloc[k * R + r]);
      rows.push_back({l.regions[r], l.region_names[r], svg::num(alloc[k * R + r], 6)});
    }
    const std::string title = "Share of \"" + shocks[k] + "\" by region";
    o << "<p>" << svg::esc(shocks[k]) << ": " << svg::esc(split[k]) << "</p>"
      << svg::bars({"chart-allocation-" + std::to_string(k + 1), title, "share of the amount",
                    "From /results/allocation; a redirect's donors give (negative shares)."},
                   labels, shares)
      << svg::table(title, {"code", "region", "share of the amount"}, rows);
  }
  const std::string body = o.str();
  if (body.empty()) return "";
  return "<h2 id=\"allocation\">Split by need</h2><p>Shocks whose money is shared by a measure of need "
         "(docs/scenarios.md, \"Splits\"): each region's share of the amount.</p>" + body;
}

std::string context_section(const H5File& f) {
  const std::string g = "/context/";
  if (!f.exists(g + "indicator")) return "";
  const auto regions = f.read_strings(g + "region"), names = f.read_strings(g + "region_name");
  const auto indicators = f.read_strings(g + "indicator");
  std::vector<std::string> header = {"code", "region"};
  std::vector<std::vector<std::string>> rows(regions.size());
  for (std::size_t r = 0; r < regions.size(); ++r) rows[r] = {regions[r], names[r]};
  std::ostringstream periods;
  for (const auto& ind : indicators) {
    std::vector<std::size_t> shape;
    const auto v = f.read_doubles(g + ind, shape);
    const std::string unit = f.has_attr(g + ind, "units") ? f.read_attr_string(g + ind, "units") : "";
    const std::string period = f.has_attr(g + ind, "period") ? f.read_attr_string(g + ind, "period") : "";
    header.push_back(ind + " (" + unit + ")");
    periods << (periods.tellp() > 0 ? "; " : "") << ind << ": " << period;
    const int dec = svg::decimals_for(svg::max_abs_of(v));
    for (std::size_t r = 0; r < regions.size() && r < v.size(); ++r) rows[r].push_back(v[r] == v[r] ? svg::num(v[r], dec) : "n/a");
  }
  const std::string source = f.has_attr("/context", "source_file") ? f.read_attr_string("/context", "source_file") : "";
  return "<h2 id=\"context\">Context: need and wellbeing by region</h2><p class=\"note\"><b>Not model output</b>: "
         "indicators as published or aggregated from local authorities (docs/data.md, \"Context indicators\"), the same "
         "for every scenario on this model, to set the effects beside where need is greatest. Periods: " +
         svg::esc(periods.str()) + ". Source file: " + svg::esc(source) + "; n/a where there is no value.</p>" +
         "<div id=\"context-table\">" + svg::table("Context indicators by region (not model output)", header, rows) + "</div>\n";
}

}  // namespace devolve::html
