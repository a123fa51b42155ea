#include "devolve/summary.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "devolve/error.hpp"
#include "devolve/model_io.hpp"
#include "base/csv.hpp"
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
  std::vector<std::string> codes, names;  // the rows: the model's regions, or their parents
  std::vector<double> output, gva, comp;
  std::vector<std::vector<double>> ind;  // [indicator][row]
};

Totals totals(const Model& m, const RegionGrouping* groups) {
  const std::size_t R = groups ? groups->codes.size() : m.num_regions();
  Totals t{{}, {}, std::vector<double>(R), std::vector<double>(R), std::vector<double>(R),
           std::vector<std::vector<double>>(m.indicators.size(), std::vector<double>(R))};
  if (groups) t.codes = groups->codes, t.names = groups->names;
  for (std::size_t r = 0; r < m.num_regions() && !groups; ++r) t.codes.push_back(m.regions[r].code), t.names.push_back(m.regions[r].name);
  const Vector g = m.gva(), c = m.compensation();
  for (std::size_t j = 0; j < m.num_sectors(); ++j) {
    const std::size_t r = groups ? groups->of.at(m.region_of(j)) : m.region_of(j);
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

// `head` then `value` wrapped at spaces to 100 columns, later lines indented by `indent` spaces;
// with max_lines, cut after that many lines, saying so. Each line ends in a newline.
std::string wrapped(const std::string& head, const std::string& value, std::size_t indent, std::size_t max_lines = 0) {
  constexpr std::size_t width = 100;
  std::vector<std::string> lines;
  std::string line = head;
  std::size_t start = head.size();  // where the current line's text begins
  for (std::size_t a = 0; a <= value.size();) {
    const std::size_t b = std::min(value.find(' ', a), value.size());
    const std::string word = value.substr(a, b - a);
    if (line.size() > start && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line = std::string(indent, ' '), start = indent;
    } else if (line.size() > start) {
      line += ' ';
    }
    line += word;
    a = b + 1;
  }
  lines.push_back(line);
  std::string out;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (max_lines && k == max_lines) {  // the last line kept, words dropped until the note fits
      const std::string note = " [cut; --all prints it whole]";
      std::string last = lines[k - 1];
      for (std::size_t sp; last.size() + note.size() > width && (sp = last.rfind(' ')) != std::string::npos && sp > indent;)
        last.resize(sp);
      out.resize(out.size() - lines[k - 1].size() - 1);
      out += last + note + "\n";
      break;
    }
    out += lines[k] + "\n";
  }
  return out;
}

// The value of metadata `key`, or "".
std::string metadata_value(const Model& m, const std::string& key) {
  for (const auto& [k, v] : m.metadata)
    if (k == key) return v;
  return "";
}

// The provenance block: every entry; unless `all`, each family of more than
// summary_all_regions_up_to entries (key.<code>: one per region, or per ITL area) as one line, and
// long values wrapped and cut.
std::string provenance_text(const Model& m, bool all) {
  std::ostringstream o;
  o << "\nprovenance\n";
  std::map<std::string, std::size_t> is_region;
  for (std::size_t r = 0; r < m.num_regions(); ++r) is_region[m.regions[r].code] = r;
  const auto family_of = [&](const std::string& k) {
    const std::size_t dot = k.rfind('.');
    return dot == std::string::npos ? std::string() : k.substr(0, dot);
  };
  std::map<std::string, std::vector<std::size_t>> families;  // family (the key without its last part) -> entries
  for (std::size_t i = 0; i < m.metadata.size() && !all; ++i)
    if (const std::string f = family_of(m.metadata[i].first); !f.empty()) families[f].push_back(i);
  for (std::size_t i = 0; i < m.metadata.size(); ++i) {
    const auto& [k, v] = m.metadata[i];
    if (all) {
      o << "  " << k << ": " << v << "\n";
      continue;
    }
    const std::string f = family_of(k);
    if (f.empty() || families.at(f).size() <= summary_all_regions_up_to) {
      o << wrapped("  " + k + ": ", v, 4, 10);
      continue;
    }
    const auto& entries = families.at(f);
    if (entries.front() != i) continue;  // the family's line is at its first entry
    std::size_t regions = 0;
    for (auto e : entries) regions += is_region.count(m.metadata[e].first.substr(f.size() + 1));
    const std::size_t n = entries.size();
    const std::string example = v.size() > 40 ? v.substr(0, 37) + "..." : v;
    o << "  " << f << (regions == n ? ".<region>: " : ".<code>: ") << n << " entries"
      << (regions == n && n == m.num_regions() ? ", one per region" : "") << " (first " << k.substr(f.size() + 1) << ": "
      << example << "; --all lists them)\n";
  }
  return o.str();
}

}  // namespace

RegionGrouping region_grouping(const std::vector<std::string>& regions, const std::string& level,
                               const std::string& data_dir, const std::string& file,
                               const std::map<std::string, std::vector<std::string>>& members) {
  const std::vector<std::string> levels = {"itl3", "itl2", "itl1"};
  const auto at = std::find(levels.begin(), levels.end(), level);
  if (at == levels.end()) throw InputError(file, "--aggregate " + level + ": the levels are itl1, itl2 and itl3");
  const std::size_t want = std::size_t(at - levels.begin());
  const csv::Table t = csv::read(data_dir + "/uk/lad/regions.csv");
  const std::size_t lad = csv::column(t, "code");
  std::size_t code[3], name[3];
  for (std::size_t k = 0; k < 3; ++k)
    code[k] = csv::column(t, levels[k] + "_code"), name[k] = csv::column(t, levels[k] + "_name");
  std::map<std::string, std::pair<std::string, std::string>> parent;  // any code at or below the level -> parent
  for (const auto& row : t.rows) {
    const auto& f = row.fields;
    const std::pair<std::string, std::string> p{f[code[want]].text, f[name[want]].text};
    parent[f[lad].text] = p;
    for (std::size_t k = 0; k <= want; ++k) parent[f[code[k]].text] = p;
  }
  // A user-defined area: the parent its LADs share.
  for (const auto& [area, lads] : members) {
    if (parent.count(area) || lads.empty()) continue;
    std::string seen;
    for (const auto& l : lads) {
      const auto it = parent.find(l);
      if (it == parent.end())
        throw InputError(file, "--aggregate " + level + ": area '" + area + "' holds local authority '" + l +
                                   "', which is not in " + data_dir + "/uk/lad/regions.csv (the ONS LAD to ITL lookup the "
                                   "models are built from), so its " + level + " area is unknown; the file may come from "
                                   "other data (DEVOLVE_DATA_DIR)");
      if (!seen.empty() && it->second.first != seen)
        throw InputError(file, "--aggregate " + level + ": area '" + area + "' spans more than one " + level + " area (" +
                                   seen + ", " + it->second.first + ")");
      seen = it->second.first;
    }
    parent[area] = parent.at(lads.front());
  }
  RegionGrouping g;
  g.level = level;
  std::map<std::string, std::string> names;
  for (const auto& r : regions) {
    const auto it = parent.find(r);
    if (it == parent.end())
      throw InputError(file, "--aggregate " + level + ": region '" + r + "' is not a local authority or ITL area at or below " +
                                 level + ", nor an area of local authorities inside one");
    names[it->second.first] = it->second.second;
  }
  for (const auto& [c, n] : names) g.codes.push_back(c), g.names.push_back(n);
  for (const auto& r : regions)
    g.of.push_back(std::size_t(std::lower_bound(g.codes.begin(), g.codes.end(), parent.at(r).first) - g.codes.begin()));
  return g;
}

LabelledArray group_regions(const LabelledArray& a, const std::string& dim, const RegionGrouping& g) {
  const std::size_t ax = a.axis(dim);
  if (a.dims()[ax].size() != g.of.size()) throw Error("group_regions: " + dim + " has the wrong number of regions");
  std::vector<Dimension> dims = a.dims();
  dims[ax] = label_dimension(dim, g.codes);
  LabelledArray out(dims);
  const std::vector<std::size_t> shape = a.shape();
  std::size_t inner = 1;
  for (std::size_t k = ax + 1; k < shape.size(); ++k) inner *= shape[k];
  const std::size_t n = shape[ax], outer = n ? a.size() / (n * inner) : 0, m = g.codes.size();
  for (std::size_t o = 0; o < outer; ++o)
    for (std::size_t r = 0; r < n; ++r)
      for (std::size_t i = 0; i < inner; ++i) out.values()[(o * m + g.of[r]) * inner + i] += a.values()[(o * n + r) * inner + i];
  return out;
}

std::vector<std::string> jobs_and_pay_warnings(const Model& m, std::size_t shown) {
  std::vector<std::string> out;
  const std::string header = metadata_value(m, "check.jobs_and_pay");
  std::size_t n = 0;
  for (const auto& [k, v] : m.metadata) n += k.rfind("check.jobs_and_pay.", 0) == 0 ? 1 : 0;
  if (header.empty() || n == 0) return out;
  out.push_back(header);
  for (std::size_t k = 1; k <= std::min(n, shown); ++k) out.push_back(metadata_value(m, "check.jobs_and_pay." + std::to_string(k)));
  if (n > shown) out.push_back("... " + std::to_string(n - shown) + " more (devolve model info " + m.id + " --all lists them)");
  return out;
}

std::string model_summary_text(const Model& m, const std::string& path, const RegionGrouping* groups,
                               const ModelSummaryOptions& opt) {
  const Totals t = totals(m, groups);
  std::ostringstream o;
  o << "model      " << m.id << (m.name.empty() ? "" : "  (" + m.name + ")") << "\n";
  o << "path       " << path << "\n";
  if (const std::string g = metadata_value(m, "geography"); !g.empty()) o << wrapped("geography  ", g, 11);
  o << "size       " << m.num_regions() << " regions x " << m.num_industries() << " industries = " << m.num_sectors()
    << " sectors; " << m.num_categories() << " final-demand categories per region; " << m.primary_inputs.size()
    << " primary inputs; " << m.indicators.size() << (m.indicators.size() == 1 ? " indicator\n" : " indicators\n");
  o << "units      " << m.currency << ", " << m.prices << ", base year " << m.base_year << "\n";
  if (const std::string s = metadata_value(m, "source"); !s.empty()) o << wrapped("source     ", s, 11);
  if (!opt.solver.empty()) o << wrapped("solver     ", opt.solver, 11);
  o << "checksum   " << model_checksum(m) << "\n";
  o << "checks     every accounting identity holds (relative tolerance " << text::sig(m.tolerance, 3) << ")\n";
  if (const std::string w = metadata_value(m, "check.jobs_and_pay"); !w.empty() && w.rfind("0 findings", 0) != 0) {
    o << wrapped("warnings   ", w, 11);
    for (std::size_t k = 1; opt.all; ++k) {
      const std::string f = metadata_value(m, "check.jobs_and_pay." + std::to_string(k));
      if (f.empty()) break;
      o << "           " << f << "\n";
    }
  }
  if (groups) o << "regions    summed into their " << t.codes.size() << " " << groups->level << " parents (--aggregate)\n";
  o << "\n";
  // Every row up to summary_all_regions_up_to regions (or with --all), else the largest by GVA.
  std::vector<std::size_t> rows(t.codes.size());
  for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
  const bool top = !opt.all && rows.size() > summary_all_regions_up_to;
  if (top) {
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return t.gva[a] > t.gva[b]; });
    rows.resize(summary_top_regions);
  }
  // Columns as wide as the longest code and name shown (a name cut at 60 bytes, on a UTF-8 character
  // boundary): "Rest of Yorkshire and The Humber" and LAD codes of 9 characters stay whole and aligned.
  int cw = 8, nw = 28;
  for (std::size_t r : rows)
    cw = std::max(cw, int(t.codes[r].size())), nw = std::max(nw, int(std::min<std::size_t>(t.names[r].size(), 60)));
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
  rows.push_back(t.codes.size());  // the total
  for (std::size_t r : rows) {
    const bool all = r == t.codes.size();
    if (all && top)
      o << "... " << t.codes.size() - summary_top_regions << " more (above: the " << summary_top_regions
        << " largest by GVA; --all lists all " << t.codes.size() << (groups ? "" : "; --aggregate itl1|itl2|itl3 sums them")
        << ")\n";
    const std::string code = all ? "total" : t.codes[r];
    const std::string name = all ? "" : cut(t.names[r]);
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
  if (!m.metadata.empty()) o << provenance_text(m, opt.all);
  return o.str();
}

std::string model_summary_json(const Model& m, const std::string& path, const RegionGrouping* groups) {
  const Totals t = totals(m, groups);
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
  o << "],\n";
  if (groups) o << "  \"aggregate\": " << json_quote(groups->level) << ",\n";
  o << "  \"regions\": [\n";
  for (std::size_t r = 0; r < t.codes.size(); ++r) {
    o << "    {\"code\": " << json_quote(t.codes[r]) << ", \"name\": " << json_quote(t.names[r])
      << ", \"output\": " << text::num(t.output[r]) << ", \"gva\": " << text::num(t.gva[r])
      << ", \"compensation\": " << text::num(t.comp[r]) << ", \"indicators\": {";
    for (std::size_t i = 0; i < m.indicators.size(); ++i)
      o << (i ? ", " : "") << json_quote(m.indicators[i].code) << ": " << text::num(t.ind[i][r]);
    o << "}}" << (r + 1 < t.codes.size() ? "," : "") << "\n";
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
