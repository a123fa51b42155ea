#include "devolve/summary.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "devolve/model_io.hpp"
#include "base/text.hpp"

namespace devolve {

std::string json_quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

namespace {

struct Totals {
  std::vector<double> output, gva, comp;
  std::vector<std::vector<double>> ind;  // [indicator][region]
};

Totals totals(const Model& m) {
  const std::size_t R = m.num_regions();
  Totals t{std::vector<double>(R), std::vector<double>(R), std::vector<double>(R),
           std::vector<std::vector<double>>(m.indicators.size(), std::vector<double>(R))};
  const Vector g = m.gva(), c = m.compensation();
  for (std::size_t j = 0; j < m.num_sectors(); ++j) {
    const std::size_t r = m.region_of(j);
    t.output[r] += m.output[j];
    t.gva[r] += g[j];
    t.comp[r] += c[j];
    for (std::size_t i = 0; i < m.indicators.size(); ++i) t.ind[i][r] += m.indicator_totals(i, j);
  }
  return t;
}

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

std::string fmt(double v) { return text::thousands(v, 1); }

}  // namespace

std::string model_summary_text(const Model& m, const std::string& path) {
  const Totals t = totals(m);
  std::ostringstream o;
  o << "model      " << m.id << (m.name.empty() ? "" : "  (" + m.name + ")") << "\n";
  o << "path       " << path << "\n";
  o << "size       " << m.num_regions() << " regions x " << m.num_industries() << " industries = " << m.num_sectors()
    << " sectors; " << m.num_categories() << " final-demand categories per region; " << m.primary_inputs.size()
    << " primary inputs; " << m.indicators.size() << (m.indicators.size() == 1 ? " indicator\n" : " indicators\n");
  o << "units      " << m.currency << ", " << m.prices << ", base year " << m.base_year << "\n";
  o << "checksum   " << model_checksum(m) << "\n";
  o << "checks     every accounting identity holds (relative tolerance " << text::sig(m.tolerance, 3) << ")\n\n";
  // Columns as wide as the longest code and name (a name cut at 60 bytes, on a UTF-8 character
  // boundary): "Rest of Yorkshire and The Humber" and LAD codes of 9 characters stay whole and aligned.
  int cw = 8, nw = 28;
  for (const auto& r : m.regions) cw = std::max(cw, int(r.code.size())), nw = std::max(nw, int(std::min<std::size_t>(r.name.size(), 60)));
  const auto cut = [&](const std::string& s) {
    std::size_t n = std::min<std::size_t>(s.size(), std::size_t(nw));
    while (n < s.size() && n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
  };
  char line[512];
  std::snprintf(line, sizeof line, "%-*s %-*s %16s %16s %16s", cw, "region", nw, "name", "output", "GVA", "compensation");
  o << line;
  for (const auto& ind : m.indicators) {
    std::snprintf(line, sizeof line, " %16s", ind.code.c_str());
    o << line;
  }
  o << "\n";
  for (std::size_t r = 0; r <= m.num_regions(); ++r) {
    const bool all = r == m.num_regions();
    const std::string code = all ? "total" : m.regions[r].code;
    const std::string name = all ? "" : cut(m.regions[r].name);
    std::snprintf(line, sizeof line, "%-*s %-*s %16s %16s %16s", cw, code.c_str(), nw, name.c_str(),
                  fmt(all ? sum(t.output) : t.output[r]).c_str(), fmt(all ? sum(t.gva) : t.gva[r]).c_str(),
                  fmt(all ? sum(t.comp) : t.comp[r]).c_str());
    o << line;
    for (std::size_t i = 0; i < m.indicators.size(); ++i) {
      std::snprintf(line, sizeof line, " %16s", fmt(all ? sum(t.ind[i]) : t.ind[i][r]).c_str());
      o << line;
    }
    o << "\n";
  }
  o << "\nunits: output, GVA and compensation in " << m.currency;
  for (const auto& ind : m.indicators) o << "; " << ind.code << " in " << ind.unit;
  o << "\n\nindustries (" << m.num_industries() << "; a scenario names them by code, by name, or by group: docs/scenarios.md)\n";
  for (const auto& ind : m.industries) {
    std::snprintf(line, sizeof line, "  %-16s %s\n", ind.code.c_str(), ind.name.c_str());
    o << line;
  }
  if (!m.metadata.empty()) {
    o << "\nprovenance\n";
    for (const auto& [k, v] : m.metadata) o << "  " << k << ": " << v << "\n";
  }
  return o.str();
}

std::string model_summary_json(const Model& m, const std::string& path) {
  const Totals t = totals(m);
  std::ostringstream o;
  o << "{\n  \"id\": " << json_quote(m.id) << ",\n  \"name\": " << json_quote(m.name) << ",\n  \"path\": "
    << json_quote(path) << ",\n  \"checksum\": " << json_quote(model_checksum(m)) << ",\n  \"base_year\": " << m.base_year
    << ",\n  \"currency\": " << json_quote(m.currency) << ",\n  \"prices\": " << json_quote(m.prices)
    << ",\n  \"identities_hold\": true,\n  \"tolerance\": " << text::num(m.tolerance) << ",\n";
  o << "  \"industries\": [";
  for (std::size_t s = 0; s < m.num_industries(); ++s)
    o << (s ? ", " : "") << "{\"code\": " << json_quote(m.industries[s].code) << ", \"name\": " << json_quote(m.industries[s].name) << "}";
  o << "],\n  \"indicators\": [";
  for (std::size_t i = 0; i < m.indicators.size(); ++i)
    o << (i ? ", " : "") << "{\"code\": " << json_quote(m.indicators[i].code) << ", \"name\": " << json_quote(m.indicators[i].name)
      << ", \"unit\": " << json_quote(m.indicators[i].unit) << "}";
  o << "],\n  \"regions\": [\n";
  for (std::size_t r = 0; r < m.num_regions(); ++r) {
    o << "    {\"code\": " << json_quote(m.regions[r].code) << ", \"name\": " << json_quote(m.regions[r].name)
      << ", \"output\": " << text::num(t.output[r]) << ", \"gva\": " << text::num(t.gva[r])
      << ", \"compensation\": " << text::num(t.comp[r]) << ", \"indicators\": {";
    for (std::size_t i = 0; i < m.indicators.size(); ++i)
      o << (i ? ", " : "") << json_quote(m.indicators[i].code) << ": " << text::num(t.ind[i][r]);
    o << "}}" << (r + 1 < m.num_regions() ? "," : "") << "\n";
  }
  o << "  ],\n  \"totals\": {\"output\": " << text::num(sum(t.output)) << ", \"gva\": " << text::num(sum(t.gva))
    << ", \"compensation\": " << text::num(sum(t.comp)) << ", \"indicators\": {";
  for (std::size_t i = 0; i < m.indicators.size(); ++i)
    o << (i ? ", " : "") << json_quote(m.indicators[i].code) << ": " << text::num(sum(t.ind[i]));
  o << "}},\n  \"metadata\": {";
  for (std::size_t i = 0; i < m.metadata.size(); ++i)
    o << (i ? ", " : "") << json_quote(m.metadata[i].first) << ": " << json_quote(m.metadata[i].second);
  o << "}\n}\n";
  return o.str();
}

}  // namespace devolve
