#include "output/redirect_report.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

#include "base/text.hpp"

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

}  // namespace

std::string closures_text(const H5File& h) {
  const std::string g = "/results";
  if (!h.exists(g + "/redirect_decomposition")) return "";
  const auto measures = h.read_strings(g + "/measure"), shocks = h.read_strings(g + "/shock"),
             types = h.read_strings(g + "/shock_type"), terms = h.read_strings(g + "/term");
  const std::size_t Y = h.read_ints(g + "/year").size(), M = measures.size(), H = shocks.size(), T = terms.size();
  std::vector<std::size_t> shape;
  // (closure, measure, year, region) -> (closure, measure) summed over years and regions
  const auto by_region = h.read_doubles(g + "/by_region_by_closure", shape);
  const auto uk = sum_trailing(by_region, shape[2] * shape[3]);
  const std::string headline = h.read_attr_string("/", "headline_closure");
  std::vector<std::size_t> show;
  for (const char* k : {"output", "gva", "jobs"})
    if (index_of(measures, k) < M) show.push_back(index_of(measures, k));
  std::ostringstream o;
  char line[512];
  o << "\nBoth closures, UK total summed over the years (headline: " << (headline == "type_i" ? "Type I" : "Type II")
    << "; Type II: " << h.read_attr_string("/", "type_ii") << ")\n";
  std::snprintf(line, sizeof line, "  %-34s", "");
  o << line;
  for (auto k : show) std::snprintf(line, sizeof line, " %16s", measures[k].c_str()), o << line;
  o << "\n";
  for (std::size_t c = 0; c < 2; ++c) {
    std::snprintf(line, sizeof line, "  %-34s", c == 0 ? "Type I (no induced round)" : "Type II (with the induced round)");
    o << line;
    for (auto k : show) std::snprintf(line, sizeof line, " %16s", text::thousands(uk[c * M + k], 1).c_str()), o << line;
    o << "\n";
  }
  // (closure, shock, term, measure, year) -> summed over years
  const auto dec = sum_trailing(h.read_doubles(g + "/redirect_decomposition", shape), Y);  // Y known already
  for (std::size_t s = 0; s < H; ++s) {
    if (types[s] != "redirect") continue;
    o << "\nRedirect \"" << shocks[s] << "\": UK total summed over the years, recipients less donors, by term\n";
    std::snprintf(line, sizeof line, "  %-34s", "");
    o << line;
    for (std::size_t c = 0; c < 2; ++c)
      for (auto k : show)
        std::snprintf(line, sizeof line, " %13s", (measures[k] + (c == 0 ? " I" : " II")).c_str()), o << line;
    o << "\n";
    auto row = [&](const std::string& name, auto value) {
      std::snprintf(line, sizeof line, "  %-34s", name.c_str());
      o << line;
      for (std::size_t c = 0; c < 2; ++c)
        for (auto k : show) std::snprintf(line, sizeof line, " %13s", text::thousands(value(c, k), 1).c_str()), o << line;
      o << "\n";
    };
    auto at = [&](std::size_t c, std::size_t t, std::size_t k) { return dec[((c * H + s) * T + t) * M + k]; };
    for (std::size_t t = 0; t < T; ++t) row(terms[t], [&](std::size_t c, std::size_t k) { return at(c, t, k); });
    row("total", [&](std::size_t c, std::size_t k) {
      double v = 0;
      for (std::size_t t = 0; t < T; ++t) v += at(c, t, k);
      return v;
    });
  }
  return o.str();
}

}  // namespace devolve
