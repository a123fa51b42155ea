#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "output/html_pages.hpp"
#include "output/svg_chart.hpp"
#include "output/svg_plot.hpp"

namespace devolve::html {

namespace {

struct Results : Labels {
  std::vector<std::string> shock_types;
  std::vector<double> by_region;  // (M, Y, R)
  std::size_t M = 0, Y = 0, R = 0;
  double at(std::size_t m, std::size_t y, std::size_t r) const { return by_region[(m * Y + y) * R + r]; }
  double national(std::size_t m, std::size_t y) const {
    double s = 0;
    for (std::size_t r = 0; r < R; ++r) s += at(m, y, r);
    return s;
  }
};

Results read_results(const H5File& f) {
  Results d;
  const std::string g = "/results/";
  static_cast<Labels&>(d) = read_labels(f, g);
  d.shock_types = f.read_strings(g + "shock_type");
  std::vector<std::size_t> shape;
  d.by_region = f.read_doubles(g + "by_region", shape);
  d.M = d.measures.size(), d.Y = d.years.size(), d.R = d.regions.size();
  return d;
}

std::size_t peak_year(const Results& d, std::size_t m) {
  std::size_t best = 0;
  for (std::size_t y = 1; y < d.Y; ++y)
    if (std::fabs(d.national(m, y)) > std::fabs(d.national(m, best))) best = y;
  return best;
}

std::string headline(const H5File& f, const Results& d, std::size_t head, std::size_t py) {
  std::ostringstream o;
  const std::string closure = attr(f, "closure");
  o << "<h2 id=\"headline\">Headline</h2><p>Closure (file attribute <code>closure</code>): <b>" << svg::esc(closure)
    << "</b>, i.e. "
    << (closure == "II" ? "Type II: households endogenous, induced effects of their spending included"
                        : "Type I: households exogenous, no induced effects")
    << ". Additionality (file attribute <code>additionality</code>): " << svg::esc(attr(f, "additionality"))
    << ". Every value is a <b>net</b> change caused by the scenario, after each shock's additionality factor, in "
    << svg::esc(attr(f, "prices")) << ".</p><p>Year shown: <b>" << d.years[py] << "</b>, the peak year of the UK "
    << svg::esc(d.measures[head]) << " change (the year of its largest absolute value), of " << d.years.front()
    << "&ndash;" << d.years.back() << ".</p><div class=\"headline\">";
  for (const char* m : {"jobs", "gva", "output"}) {
    const std::size_t k = index_of(d.measures, m);
    if (k == d.M) continue;
    double cum = 0;
    for (std::size_t y = 0; y < d.Y; ++y) cum += d.national(k, y);
    const double v = d.national(k, py);
    o << "<div id=\"headline-" << m << "\"><span>UK " << m << ", " << d.years[py] << "</span><b>"
      << svg::num(v, svg::decimals_for(v)) << "</b><span>" << svg::esc(d.units[k]) << " (net, "
      << (closure == "II" ? "Type II" : "Type I") << "); summed over " << d.years.front() << "&ndash;"
      << d.years.back() << ": " << svg::num(cum, svg::decimals_for(cum)) << "</span></div>";
  }
  return o.str() + "</div>\n";
}

std::string waterfall(const H5File& f, const Results& d, std::size_t py) {
  const std::size_t m = index_of(d.measures, "gva") < d.M ? index_of(d.measures, "gva") : 0;
  std::vector<std::size_t> shape;
  const auto impact = f.read_doubles("/results/impact", shape);  // (C, M, Y, R, S)
  const auto comps = f.read_strings("/results/component");
  const std::size_t C = shape[0], M = shape[1], Y = shape[2], RS = shape[3] * shape[4];
  std::vector<double> v(C, 0.0);
  for (std::size_t c = 0; c < C; ++c)
    for (std::size_t i = 0; i < RS; ++i) v[c] += impact[((c * M + m) * Y + py) * RS + i];
  std::ostringstream o;
  o << svg::waterfall({"chart-waterfall", "UK " + d.measures[m] + " change by component, " + std::to_string(d.years[py]),
                       d.units[m], "direct, indirect (supply chains), induced (household spending), productivity, "
                                   "supply-side (R&D knowledge stock); they add up to the total."},
                      comps, v);
  return o.str();
}

std::string paths(const H5File& f, const Results& d, std::size_t m, const std::string& suffix) {
  std::ostringstream o;
  std::vector<double> change(d.Y);
  for (std::size_t y = 0; y < d.Y; ++y) change[y] = d.national(m, y);
  if (f.exists("/results/baseline_by_region")) {
    std::vector<std::size_t> shape;
    const auto base = f.read_doubles("/results/baseline_by_region", shape);
    std::vector<double> b(d.Y, 0.0), s(d.Y, 0.0);
    for (std::size_t y = 0; y < d.Y; ++y) {
      for (std::size_t r = 0; r < d.R; ++r) b[y] += base[(m * d.Y + y) * d.R + r];
      s[y] = b[y] + change[y];
    }
    o << svg::lines({"chart-paths" + suffix, "UK " + d.measures[m] + ": baseline and scenario paths", d.units[m],
                     "The scenario path is the baseline plus the net change."},
                    d.years, {{"baseline", b, true}, {"scenario", s, false}});
  }
  o << svg::lines({"chart-change" + suffix, "UK " + d.measures[m] + ": change against the baseline by year", d.units[m], ""},
                  d.years, {{"net change", change, false}});
  return o.str();
}

std::string winners(const Results& d, std::size_t m, std::size_t py) {
  std::vector<std::size_t> idx(d.R);
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return d.at(m, py, a) > d.at(m, py, b); });
  std::vector<std::string> labels;
  std::vector<double> vals;
  std::size_t gain = 0, lose = 0;
  for (const auto r : idx) {
    labels.push_back(d.region_names[r] + " (" + d.regions[r] + ")");
    vals.push_back(d.at(m, py, r));
    gain += vals.back() > 0, lose += vals.back() < 0;
  }
  const bool redirect = std::count(d.shock_types.begin(), d.shock_types.end(), "redirect") > 0;
  const std::string title = std::string(redirect ? "Winners and losers of the redirect" : "Regions gaining and losing") +
                            ": " + d.measures[m] + ", " + std::to_string(d.years[py]);
  return svg::bars({"chart-winners", title, d.units[m],
                    std::to_string(gain) + " regions gain, " + std::to_string(lose) + " lose (hatched bars)."},
                   labels, vals);
}

}  // namespace

std::string results_body(const H5File& f, const std::string& file, const Boundaries& b) {
  const Results d = read_results(f);
  if (d.Y == 0 || d.M == 0) return "<p>The file holds no years or measures.</p>";
  std::size_t head = index_of(d.measures, "jobs");
  if (head == d.M) head = 0;
  const std::size_t py = peak_year(d, head);
  std::ostringstream o;
  o << "<p>Scenario <b>" << svg::esc(attr(f, "scenario_name")) << "</b> on model " << svg::esc(attr(f, "model_id"))
    << ". " << svg::esc(attr(f, "scenario_description")) << "</p>" << headline(f, d, head, py)
    << "<h2 id=\"maps\">Where the effects land</h2><div class=\"maps\">";
  for (std::size_t m = 0; m < d.M; ++m) {
    if (d.measures[m] == "output" || d.measures[m] == "income" || d.measures[m] == "fte") continue;
    std::vector<double> v(d.R);
    for (std::size_t r = 0; r < d.R; ++r) v[r] = d.at(m, py, r);
    o << region_map(b, "map-" + d.measures[m], "Net change in " + d.measures[m] + " by region, " + std::to_string(d.years[py]),
                    d.units[m], d.regions, d.region_names, v, "");
  }
  o << "</div>" << winners(d, head, py) << "<h2 id=\"components\">Components</h2>" << waterfall(f, d, py)
    << "<h2 id=\"paths\">Paths by year</h2>" << paths(f, d, head, "");
  const std::size_t g = index_of(d.measures, "gva");
  if (g < d.M && g != head) o << paths(f, d, g, "-gva");
  o << labour_section(f, d, b, py) << allocation_section(f, d) << context_section(f);
  o << yaml_block("Scenario file (" + attr(f, "scenario_file") + ")", attr(f, "scenario_yaml"))
    << provenance(f, file, {"closure", "first_year", "last_year", "regionalisation.lq", "regionalisation.delta",
                            "regionalisation.beta", "regionalisation.households"});
  return o.str();
}

}  // namespace devolve::html
