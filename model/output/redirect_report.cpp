#include "output/redirect_report.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

#include "base/text.hpp"
#include "devolve/summary.hpp"

namespace devolve {

namespace {

std::size_t index_of(const std::vector<std::string>& v, const std::string& x) {
  return std::size_t(std::find(v.begin(), v.end(), x) - v.begin());
}

// Values of a row-major dataset summed over its trailing `inner` elements, for each leading index.
std::vector<double> sum_trailing(const std::vector<double>& v, std::size_t inner) {
  std::vector<double> out(v.size() / inner, 0.0);
  for (std::size_t i = 0; i < v.size(); ++i) out[i / inner] += v[i];
  return out;
}

// Both closures of a results file of format 1.2 or later, summed over the years (and regions).
struct Closures {
  std::string headline, type_ii;
  std::vector<std::string> measures, shocks, types, terms;
  std::vector<std::size_t> show;  // output, gva, jobs where present
  std::vector<double> uk;         // (closure, measure)
  std::vector<double> dec;        // (closure, shock, term, measure)
  double uk_at(std::size_t c, std::size_t k) const { return uk[c * measures.size() + k]; }
  double term(std::size_t c, std::size_t s, std::size_t t, std::size_t k) const {
    return dec[((c * shocks.size() + s) * terms.size() + t) * measures.size() + k];
  }
  double total(std::size_t c, std::size_t s, std::size_t k) const {
    double v = 0;
    for (std::size_t t = 0; t < terms.size(); ++t) v += term(c, s, t, k);
    return v;
  }
};

bool has_closures(const H5File& h) { return h.exists("/results/redirect_decomposition"); }

Closures read_closures(const H5File& h) {
  const std::string g = "/results";
  Closures c;
  c.measures = h.read_strings(g + "/measure"), c.shocks = h.read_strings(g + "/shock");
  c.types = h.read_strings(g + "/shock_type"), c.terms = h.read_strings(g + "/term");
  c.headline = h.read_attr_string("/", "headline_closure"), c.type_ii = h.read_attr_string("/", "type_ii");
  for (const char* k : {"output", "gva", "jobs"})
    if (index_of(c.measures, k) < c.measures.size()) c.show.push_back(index_of(c.measures, k));
  std::vector<std::size_t> shape;
  const auto by_region = h.read_doubles(g + "/by_region_by_closure", shape);  // (closure, measure, year, region)
  c.uk = sum_trailing(by_region, shape[2] * shape[3]);
  const std::size_t Y = shape[2];
  c.dec = sum_trailing(h.read_doubles(g + "/redirect_decomposition", shape), Y);  // (closure, shock, term, measure, year)
  return c;
}

}  // namespace

std::string closures_text(const H5File& h) {
  if (!has_closures(h)) return "";
  const Closures c = read_closures(h);
  std::ostringstream o;
  char line[512];
  o << "\nBoth closures, UK total summed over the years (headline: " << (c.headline == "type_i" ? "Type I" : "Type II")
    << "; Type II: " << c.type_ii << ")\n";
  std::snprintf(line, sizeof line, "  %-34s", "");
  o << line;
  for (auto k : c.show) std::snprintf(line, sizeof line, " %16s", c.measures[k].c_str()), o << line;
  o << "\n";
  for (std::size_t k2 = 0; k2 < 2; ++k2) {
    std::snprintf(line, sizeof line, "  %-34s", k2 == 0 ? "Type I (no induced round)" : "Type II (with the induced round)");
    o << line;
    for (auto k : c.show) std::snprintf(line, sizeof line, " %16s", text::thousands(c.uk_at(k2, k), 1).c_str()), o << line;
    o << "\n";
  }
  for (std::size_t s = 0; s < c.shocks.size(); ++s) {
    if (c.types[s] != "redirect") continue;
    o << "\nRedirect \"" << c.shocks[s] << "\": UK total summed over the years, recipients less donors, by term\n";
    std::snprintf(line, sizeof line, "  %-34s", "");
    o << line;
    for (std::size_t k2 = 0; k2 < 2; ++k2)
      for (auto k : c.show)
        std::snprintf(line, sizeof line, " %13s", (c.measures[k] + (k2 == 0 ? " I" : " II")).c_str()), o << line;
    o << "\n";
    auto row = [&](const std::string& name, auto value) {
      std::snprintf(line, sizeof line, "  %-34s", name.c_str());
      o << line;
      for (std::size_t k2 = 0; k2 < 2; ++k2)
        for (auto k : c.show) std::snprintf(line, sizeof line, " %13s", text::thousands(value(k2, k), 1).c_str()), o << line;
      o << "\n";
    };
    for (std::size_t t = 0; t < c.terms.size(); ++t) row(c.terms[t], [&](std::size_t k2, std::size_t k) { return c.term(k2, s, t, k); });
    row("total", [&](std::size_t k2, std::size_t k) { return c.total(k2, s, k); });
  }
  return o.str();
}

std::string closures_json(const H5File& h) {
  if (!has_closures(h)) return "";
  const Closures c = read_closures(h);
  const char* names[] = {"type_i", "type_ii"};
  auto measures = [&](auto value) {
    std::string o;
    for (auto k : c.show) o += (o.empty() ? "" : ", ") + json_quote(c.measures[k]) + ": " + text::num(value(k));
    return "{" + o + "}";
  };
  std::ostringstream o;
  o << ",\n  \"closures\": {\"headline\": " << json_quote(c.headline) << ", \"type_ii\": " << json_quote(c.type_ii);
  if (h.has_attr("/", "regionalisation.households"))
    o << ", \"households\": " << json_quote(h.read_attr_string("/", "regionalisation.households"));
  o << ",\n    \"uk_summed_over_years\": {";
  for (std::size_t k2 = 0; k2 < 2; ++k2)
    o << (k2 ? ", " : "") << "\"" << names[k2] << "\": " << measures([&](std::size_t k) { return c.uk_at(k2, k); });
  o << "},\n    \"redirects\": [";
  bool first = true;
  for (std::size_t s = 0; s < c.shocks.size(); ++s) {
    if (c.types[s] != "redirect") continue;
    o << (first ? "" : ",") << "\n      {\"label\": " << json_quote(c.shocks[s]) << ", \"terms\": {";
    first = false;
    for (std::size_t t = 0; t <= c.terms.size(); ++t) {
      o << (t ? ", " : "") << json_quote(t < c.terms.size() ? c.terms[t] : "total") << ": {";
      for (std::size_t k2 = 0; k2 < 2; ++k2)
        o << (k2 ? ", " : "") << "\"" << names[k2] << "\": " << measures([&](std::size_t k) {
          return t < c.terms.size() ? c.term(k2, s, t, k) : c.total(k2, s, k);
        });
      o << "}";
    }
    o << "}}";
  }
  o << (first ? "" : "\n    ") << "]}";
  return o.str();
}

}  // namespace devolve
