#include "devolve/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "output/compare_data.hpp"
#include "output/geo_areas.hpp"
#include "output/html_pages.hpp"
#include "output/svg_chart.hpp"
#include "output/svg_plot.hpp"

namespace devolve {

namespace {

double national(const CompareData& d, const CompareSide& s, std::size_t m, std::size_t y) {
  double t = 0;
  for (std::size_t r = 0; r < d.regions.size(); ++r) t += d.at(s, m, y, r);
  return t;
}

double summed(const CompareData& d, const CompareSide& s, std::size_t m, std::size_t r) {
  double t = 0;
  for (std::size_t y = 0; y < d.years.size(); ++y) t += d.at(s, m, y, r);
  return t;
}

// A table row: the label in a first column `width` wide (label_width: names are not cut).
std::string row(const std::string& label, double a, double b, int width) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "%-*.*s %16.1f %16.1f %16.1f\n", width, width, label.c_str(), a, b, b - a);
  return buf;
}

std::string head(const std::string& label, int width) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "%-*.*s %16s %16s %16s\n", width, width, label.c_str(), "A", "B", "B - A");
  return buf;
}

// The first column's width: 44, or the longest "code name" of a region up to 64, as devolve report's
// region table (docs/reports.md), so that names such as "TLE1 East Yorkshire and Northern
// Lincolnshire" are not cut.
int label_width(const CompareData& d) {
  std::size_t w = 44;
  for (std::size_t r = 0; r < d.regions.size(); ++r) w = std::max(w, d.regions[r].size() + 1 + d.region_names[r].size());
  return int(std::min<std::size_t>(w, 64));
}

std::string json_str(const std::string& s) {
  std::string o = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      o += buf;
      continue;
    }
    o += c;
  }
  return o + "\"";
}

std::string json_num(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string to_json(const CompareData& d) {
  std::ostringstream o;
  const auto side = [&](const CompareSide& s) {
    return "{\"file\":" + json_str(s.file) + ",\"model_id\":" + json_str(s.model_id) + ",\"model_checksum\":" +
           json_str(s.checksum) + ",\"scenario_name\":" + json_str(s.scenario) + ",\"closure\":" + json_str(s.closure) + "}";
  };
  const auto list = [&](const std::vector<std::string>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + json_str(v[i]);
    return s + "]";
  };
  o << "{\"a\":" << side(d.a) << ",\"b\":" << side(d.b) << ",\"note\":" << json_str(d.note)
    << ",\"measures\":" << list(d.measures) << ",\"units\":" << list(d.units) << ",\"regions\":" << list(d.regions)
    << ",\"region_names\":" << list(d.region_names) << ",\"years\":[";
  for (std::size_t y = 0; y < d.years.size(); ++y) o << (y ? "," : "") << d.years[y];
  o << "],\"dims\":[\"measure\",\"year\",\"region\"]";
  for (const char* k : {"a_values", "b_values", "difference"}) {
    o << ",\"" << k << "\":[";
    for (std::size_t i = 0; i < d.a.v.size(); ++i) {
      const double v = k[0] == 'a' ? d.a.v[i] : k[0] == 'b' ? d.b.v[i] : d.b.v[i] - d.a.v[i];
      o << (i ? "," : "") << json_num(v);
    }
    o << "]";
  }
  o << "}\n";
  return o.str();
}

std::string to_text(const CompareData& d) {
  std::ostringstream o;
  o << "A: " << d.a.file << " (" << d.a.scenario << "; " << d.a.model_id << ", checksum " << d.a.checksum
    << ", Type " << d.a.closure << ")\nB: " << d.b.file << " (" << d.b.scenario << "; " << d.b.model_id
    << ", checksum " << d.b.checksum << ", Type " << d.b.closure << ")\n" << d.note
    << "; every value is a net change; difference = B - A\n";
  const int w = label_width(d);
  for (std::size_t m = 0; m < d.measures.size(); ++m) {
    o << "\n" << d.measures[m] << " (" << d.units[m] << "), " << d.total_label << " by year\n"
      << head("year", w);
    for (std::size_t y = 0; y < d.years.size(); ++y)
      o << row(std::to_string(d.years[y]), national(d, d.a, m, y), national(d, d.b, m, y), w);
    o << d.measures[m] << " by region, summed over the common years\n" << head("region", w);
    for (std::size_t r = 0; r < d.regions.size(); ++r)
      o << row(d.regions[r] + " " + d.region_names[r], summed(d, d.a, m, r), summed(d, d.b, m, r), w);
  }
  return o.str();
}

}  // namespace

std::string compare(const std::string& a, const std::string& b, const CompareOptions& opts) {
  const CompareData d = compare_data(a, b, opts);
  return opts.json ? to_json(d) : to_text(d);
}

std::string compare_html(const std::string& a, const std::string& b, const CompareOptions& opts) {
  const CompareData d = compare_data(a, b, opts);
  Boundaries boundaries(opts.data_dir);
  // Areas made of local authorities (user geographies) are drawn from the LAD lists both files carry.
  auto members = html::area_members(H5File::open(a));
  members.merge(html::area_members(H5File::open(b)));
  boundaries.set_members(std::move(members));
  std::ostringstream o;
  o << "<p>A: <b>" << svg::esc(d.a.scenario) << "</b> (" << svg::esc(d.a.file) << "; " << svg::esc(d.a.model_id)
    << ", checksum " << svg::esc(d.a.checksum) << ", Type " << svg::esc(d.a.closure) << ")<br>B: <b>"
    << svg::esc(d.b.scenario) << "</b> (" << svg::esc(d.b.file) << "; " << svg::esc(d.b.model_id) << ", checksum "
    << svg::esc(d.b.checksum) << ", Type " << svg::esc(d.b.closure) << ")</p><p>" << svg::esc(d.note)
    << ". Every value is a net change; the difference is B &minus; A.</p>";
  for (std::size_t m = 0; m < d.measures.size(); ++m) {
    if (d.measures[m] != "jobs" && d.measures[m] != "gva") continue;
    std::vector<double> na, nb, diff;
    for (std::size_t y = 0; y < d.years.size(); ++y) na.push_back(national(d, d.a, m, y)), nb.push_back(national(d, d.b, m, y));
    std::vector<std::string> labels;
    for (std::size_t r = 0; r < d.regions.size(); ++r) {
      labels.push_back(d.region_names[r] + " (" + d.regions[r] + ")");
      diff.push_back(summed(d, d.b, m, r) - summed(d, d.a, m, r));
    }
    o << "<h2>" << svg::esc(d.measures[m]) << "</h2>"
      << svg::lines({"chart-paths-" + d.measures[m], d.total_label + ": " + d.measures[m] + " change by year, A and B", d.units[m], ""},
                    d.years, {{"A", na, true}, {"B", nb, false}})
      << html::region_map(boundaries, "map-diff-" + d.measures[m], "B - A: " + d.measures[m] + " by region, summed over the years",
                          d.units[m], d.regions, d.region_names, diff, "")
      << svg::bars({"chart-diff-" + d.measures[m], "B - A by region: " + d.measures[m] + ", summed over the years",
                    d.units[m], ""},
                   labels, diff);
  }
  return html::page("devolve compare: " + d.a.scenario + " and " + d.b.scenario, o.str());
}

}  // namespace devolve
