#include <algorithm>
#include <cmath>
#include <sstream>

#include "output/html_pages.hpp"
#include "output/svg_chart.hpp"
#include "output/svg_plot.hpp"

namespace devolve::html {

namespace {

struct Sweep : Labels {
  std::vector<std::string> quantiles, inputs;
  std::vector<double> nq;  // national_quantiles (5, O, Y)
  std::size_t O = 0, Y = 0, R = 0;
  double nat(std::size_t q, std::size_t m, std::size_t y) const { return nq[(q * O + m) * Y + y]; }
};

Sweep read_sweep(const H5File& f) {
  Sweep d;
  const std::string g = "/sweep/";
  static_cast<Labels&>(d) = read_labels(f, g);
  d.quantiles = f.read_strings(g + "quantile");
  d.inputs = f.read_strings(g + "input");
  std::vector<std::size_t> shape;
  d.nq = f.read_doubles(g + "national_quantiles", shape);
  d.O = d.measures.size(), d.Y = d.years.size(), d.R = d.regions.size();
  return d;
}

std::string headline(const H5File& f, const Sweep& d, std::size_t py) {
  std::ostringstream o;
  o << "<h2 id=\"headline\">Headline</h2><p>" << svg::esc(attr(f, "runs")) << " runs of the scenario <b>"
    << svg::esc(attr(f, "scenario_name")) << "</b>, sampler " << svg::esc(attr(f, "sampler")) << ", seed "
    << svg::esc(attr(f, "seed")) << ". Closure and additionality are those of the scenario text below; every value "
    << "is a net change caused by the scenario. Year shown: <b>" << d.years[py]
    << "</b>, the peak year of the median UK " << svg::esc(d.measures[0]) << " change.</p><div class=\"headline\">";
  for (std::size_t m = 0; m < d.O; ++m) {
    const double med = d.nat(2, m, py);
    const int dec = svg::decimals_for(med);
    o << "<div id=\"headline-" << svg::esc(d.measures[m]) << "\"><span>UK " << svg::esc(d.measures[m]) << ", "
      << d.years[py] << ", median</span><b>" << svg::num(med, dec) << "</b><span>" << svg::esc(d.units[m])
      << "; 90% of runs between " << svg::num(d.nat(0, m, py), dec) << " and " << svg::num(d.nat(4, m, py), dec)
      << "</span></div>";
  }
  return o.str() + "</div>\n";
}

std::string sensitivity(const H5File& f, const Sweep& d, std::size_t py) {
  if (!f.exists("/sweep/sobol_total")) return "<p>No sensitivity indices: the sampler is not sobol.</p>";
  std::vector<std::size_t> shape;
  const auto first = f.read_doubles("/sweep/sobol_first", shape);
  const auto total = f.read_doubles("/sweep/sobol_total", shape);  // (K, O, Y)
  const std::size_t K = d.inputs.size();
  std::ostringstream o;
  for (std::size_t m = 0; m < d.O; ++m) {
    std::vector<std::string> labels;
    std::vector<double> v;
    for (std::size_t k = 0; k < K; ++k) {
      labels.push_back(d.inputs[k] + " (total)");
      v.push_back(total[(k * d.O + m) * d.Y + py]);
      labels.push_back(d.inputs[k] + " (first order)");
      v.push_back(first[(k * d.O + m) * d.Y + py]);
    }
    o << svg::bars({"chart-sobol-" + d.measures[m], "Sobol sensitivity of the UK " + d.measures[m] + " change, " +
                                                        std::to_string(d.years[py]),
                    "share of variance", "Total index: the share of the variance due to the input with all its "
                                         "interactions; first order: due to the input alone."},
                   labels, v);
  }
  return o.str();
}

std::string inputs_table(const H5File& f, const Sweep& d) {
  const auto dist = f.read_strings("/sweep/input_distribution");
  std::vector<std::vector<std::string>> rows;
  for (std::size_t k = 0; k < d.inputs.size(); ++k) rows.push_back({d.inputs[k], dist[k]});
  return "<h2 id=\"inputs\">Inputs varied</h2>" + svg::table("Inputs and their distributions", {"input", "distribution"}, rows);
}

}  // namespace

std::string sweep_body(const H5File& f, const std::string& file, const Boundaries& b) {
  const Sweep d = read_sweep(f);
  if (d.Y == 0 || d.O == 0) return "<p>The file holds no years or measures.</p>";
  std::size_t py = 0;
  for (std::size_t y = 1; y < d.Y; ++y)
    if (std::fabs(d.nat(2, 0, y)) > std::fabs(d.nat(2, 0, py))) py = y;
  std::ostringstream o;
  o << headline(f, d, py) << "<h2 id=\"fans\">Uncertainty by year</h2>";
  for (std::size_t m = 0; m < d.O; ++m) {
    std::vector<std::vector<double>> q(5, std::vector<double>(d.Y));
    for (std::size_t k = 0; k < 5; ++k)
      for (std::size_t y = 0; y < d.Y; ++y) q[k][y] = d.nat(k, m, y);
    o << svg::fan({"chart-fan-" + d.measures[m], "UK " + d.measures[m] + " change: quantiles over the runs", d.units[m], ""},
                  d.years, q);
  }
  std::vector<std::size_t> shape;
  const auto rq = f.read_doubles("/sweep/quantiles", shape);  // (5, O, Y, R)
  o << "<h2 id=\"maps\">Where the effects land (median of the runs)</h2><div class=\"maps\">";
  for (std::size_t m = 0; m < d.O; ++m) {
    std::vector<double> v(d.R);
    for (std::size_t r = 0; r < d.R; ++r) v[r] = rq[((2 * d.O + m) * d.Y + py) * d.R + r];
    o << region_map(b, "map-" + d.measures[m], "Median net change in " + d.measures[m] + " by region, " +
                                                std::to_string(d.years[py]),
                    d.units[m], d.regions, d.region_names, v, "");
  }
  o << "</div><h2 id=\"sensitivity\">Sensitivity</h2>" << sensitivity(f, d, py) << inputs_table(f, d)
    << yaml_block("Sweep file", attr(f, "sweep_yaml")) << yaml_block("Base scenario", attr(f, "scenario_yaml"))
    << provenance(f, file, {"sampler", "seed", "samples", "runs", "path", "design"});
  return o.str();
}

}  // namespace devolve::html
