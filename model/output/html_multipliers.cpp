#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "output/html_pages.hpp"
#include "output/svg_chart.hpp"

namespace devolve::html {

namespace {

// Unweighted mean over industries of a (measure, region, industry) dataset, NaN skipped.
std::vector<double> mean_by_region(const std::vector<double>& v, std::size_t m, std::size_t R, std::size_t S) {
  std::vector<double> out(R, NAN);
  for (std::size_t r = 0; r < R; ++r) {
    double s = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < S; ++i)
      if (const double x = v[(m * R + r) * S + i]; std::isfinite(x)) s += x, ++n;
    if (n) out[r] = s / static_cast<double>(n);
  }
  return out;
}

}  // namespace

std::string multipliers_body(const H5File& f, const std::string& file, const Boundaries& b) {
  const std::string g = "/multipliers/";
  const auto measures = f.read_strings(g + "measure"), units = f.read_strings(g + "measure_unit");
  const auto regions = f.read_strings(g + "region"), names = f.read_strings(g + "region_name");
  const auto industries = f.read_strings(g + "industry"), ind_names = f.read_strings(g + "industry_name");
  const bool t2 = attr(f, "type_ii") == "yes";
  const std::string kind = t2 ? "type_ii" : "type_i";
  std::vector<std::size_t> shape;
  const auto total = f.read_doubles(g + kind, shape), direct = f.read_doubles(g + "direct", shape),
             indirect = f.read_doubles(g + "indirect", shape);
  const std::size_t R = regions.size(), S = industries.size(), m = 0;  // measure 0: output
  std::ostringstream o;
  o << "<h2 id=\"headline\">Headline</h2><p>Model " << svg::esc(attr(f, "model_id")) << ". Type II available (file "
    << "attribute <code>type_ii</code>): <b>" << svg::esc(attr(f, "type_ii")) << "</b>. Charts show "
    << (t2 ? "Type II (households endogenous)" : "Type I (households exogenous)")
    << " multipliers: gross effects per unit of final demand, before any additionality.</p>";
  o << "<div class=\"maps\">" << region_map(b, "map-output", "Mean " + measures[m] + " multiplier by region (" + kind + ")", units[m], regions, names,
                  mean_by_region(total, m, R, S), "Unweighted mean over the region's industries.");
  const std::size_t jobs = index_of(measures, "jobs");
  if (jobs < measures.size())
    o << region_map(b, "map-jobs", "Mean jobs multiplier by region (" + kind + ")", units[jobs], regions, names,
                    mean_by_region(total, jobs, R, S), "Unweighted mean over the region's industries.");
  o << "</div>";
  std::vector<std::size_t> idx(R * S);
  std::iota(idx.begin(), idx.end(), 0);
  const auto val = [&](std::size_t i) { return std::isfinite(total[m * R * S + i]) ? total[m * R * S + i] : -INFINITY; };
  std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return val(a) > val(b); });
  std::vector<std::string> labels;
  std::vector<double> vals;
  for (std::size_t k = 0; k < std::min<std::size_t>(15, idx.size()); ++k) {
    labels.push_back(regions[idx[k] / S] + " " + ind_names[idx[k] % S]);
    vals.push_back(total[m * R * S + idx[k]]);
  }
  o << svg::bars({"chart-top", "Largest " + measures[m] + " multipliers (" + kind + ")", units[m], ""}, labels, vals);
  const std::size_t top = idx.empty() ? 0 : idx[0];
  std::vector<std::string> comps = {"direct", "indirect"};
  std::vector<double> cv = {direct[m * R * S + top], indirect[m * R * S + top]};
  if (t2) comps.push_back("induced"), cv.push_back(f.read_doubles(g + "induced", shape)[m * R * S + top]);
  o << svg::waterfall({"chart-waterfall", "Components of the largest multiplier: " + regions[top / S] + " " +
                                              ind_names[top % S],
                       units[m], ""},
                      comps, cv)
    << provenance(f, file, {"type_ii"});
  return o.str();
}

}  // namespace devolve::html
