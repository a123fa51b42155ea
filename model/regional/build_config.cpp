#include "devolve/build_config.hpp"

#include <algorithm>
#include <filesystem>

#include "devolve/error.hpp"
#include "base/text.hpp"
#include "base/yaml_support.hpp"
#include "regional/areas.hpp"

namespace fs = std::filesystem;

namespace devolve {

namespace {

SourcePlace place(const yaml::Source& src, const YAML::Node& node, const std::string& key) {
  SourcePlace p;
  p.key = key;
  if (!node.IsDefined() || node.Mark().is_null()) return p;
  p.line = node.Mark().line + 1;
  p.column = node.Mark().column + 1;
  if (std::size_t(node.Mark().line) < src.lines.size()) p.source_line = src.lines[std::size_t(node.Mark().line)];
  return p;
}

// areas: a list of {code, name, members: [codes or names]}; rest: how LADs in no area are grouped.
void read_areas(const yaml::Source& src, const YAML::Node& root, BuildConfig& c) {
  const YAML::Node areas = root["areas"], rest = root["rest"];
  if (c.level != "lad") {
    if (areas || rest)
      throw yaml::error_at(src, areas ? yaml::key_node(root, "areas") : yaml::key_node(root, "rest"), areas ? "areas" : "rest",
                           "areas are made of local authorities: they need 'level: lad'");
    return;
  }
  if (areas) {
    if (!areas.IsSequence()) throw yaml::error_at(src, areas, "areas", "expected a list of areas");
    for (std::size_t a = 0; a < areas.size(); ++a) {
      const YAML::Node n = areas[a];
      const std::string key = yaml::item("areas", a);
      if (!n.IsMap()) throw yaml::error_at(src, n, key, "expected a map with code, name and members");
      yaml::Diagnostics diag;
      yaml::check_keys(src, n, key, {"code", "name", "members"}, diag);
      diag.throw_if_any();
      for (const char* k : {"code", "members"})
        if (!n[k]) throw yaml::error_at(src, n, key, std::string("missing required key '") + k + "'");
      AreaSpec spec;
      spec.code = yaml::as_string(src, n["code"], key + ".code");
      spec.name = n["name"] ? yaml::as_string(src, n["name"], key + ".name") : spec.code;
      spec.at = place(src, n["code"], key + ".code");
      spec.name_at = n["name"] ? place(src, n["name"], key + ".name") : spec.at;
      if (spec.code.find_first_not_of(" \t") == std::string::npos)
        throw yaml::error_at(src, n["code"], key + ".code", "an area code may not be empty");
      const YAML::Node m = n["members"];
      if (!m.IsSequence() || m.size() == 0)
        throw yaml::error_at(src, m, key + ".members", "expected a non-empty list of LAD, ITL3, ITL2 or ITL1 codes");
      for (std::size_t i = 0; i < m.size(); ++i) {
        const std::string mk = yaml::item(key + ".members", i);
        spec.members.push_back({yaml::as_string(src, m[i], mk), place(src, m[i], mk)});
      }
      c.areas.push_back(std::move(spec));
    }
  }
  c.rest = c.areas.empty() ? "lad" : "none";
  if (rest) {
    c.rest = yaml::as_string(src, rest, "rest");
    const std::vector<std::string> kinds = {"itl1", "itl2", "itl3", "lad", "none"};
    if (std::find(kinds.begin(), kinds.end(), c.rest) == kinds.end())
      throw yaml::error_at(src, rest, "rest", "expected itl1, itl2, itl3, lad or none, found '" + c.rest + "'" +
                                                  text::did_you_mean(c.rest, kinds));
    c.rest_at = place(src, rest, "rest");
  } else {
    c.rest_at = place(src, areas ? yaml::key_node(root, "areas") : yaml::key_node(root, "level"), areas ? "areas" : "level");
  }
  regional::resolve_areas(c);
}

}  // namespace

BuildConfig read_build_config(const std::string& path) {
  const yaml::Source src = yaml::load(path);
  const YAML::Node& root = src.root;
  if (!root.IsMap()) throw yaml::error_at(src, root, "", "expected a map of keys");
  yaml::Diagnostics diag;
  yaml::check_keys(src, root, "", {"format", "format_version", "id", "name", "inputs", "level", "regionalisation", "areas", "rest"}, diag);
  if (const YAML::Node r = root["regionalisation"]; r && r.IsMap())
    yaml::check_keys(src, r, "regionalisation", {"lq", "delta", "beta", "households"}, diag);
  diag.throw_if_any();
  auto required = [&](const char* key) {
    if (!root[key]) throw yaml::error_at(src, root, key, std::string("missing required key '") + key + "'");
    return yaml::as_string(src, root[key], key);
  };
  if (required("format") != "devolve-build")
    throw yaml::error_at(src, root["format"], "format", "expected 'devolve-build'");
  BuildConfig c;
  c.path = path;
  c.text = src.text;
  c.id = required("id");
  c.name = root["name"] ? yaml::as_string(src, root["name"], "name") : c.id;
  c.level = required("level");
  if (c.level != "itl1" && c.level != "itl2" && c.level != "lad")
    throw yaml::error_at(src, root["level"], "level", "expected 'itl1', 'itl2' or 'lad', found '" + c.level + "'" +
                                                          text::did_you_mean(c.level, {"itl1", "itl2", "lad"}));
  const fs::path base = fs::path(path).parent_path();
  c.inputs = (base / required("inputs")).lexically_normal().string();
  if (!fs::is_directory(fs::path(c.inputs) / "national"))
    throw yaml::error_at(src, root["inputs"], "inputs",
                         "no folder '" + c.inputs + "/national': 'inputs' is the folder holding national/ and lad/ (or "
                         "itl1/, itl2/), relative to this file's folder; the shipped one is data/uk of devolve's source tree");
  if (const YAML::Node r = root["regionalisation"]) {
    if (!r.IsMap()) throw yaml::error_at(src, r, "regionalisation", "expected a map");
    if (r["lq"]) {
      const std::string v = yaml::as_string(src, r["lq"], "regionalisation.lq");
      if (v == "flq") c.params.lq = LocationQuotient::flq;
      else if (v == "slq") c.params.lq = LocationQuotient::slq;
      else if (v == "cilq") c.params.lq = LocationQuotient::cilq;
      else if (v == "aflq") c.params.lq = LocationQuotient::aflq;
      else
        throw yaml::error_at(src, r["lq"], "regionalisation.lq",
                             "expected flq, aflq, slq or cilq, found '" + v + "'" + text::did_you_mean(v, {"flq", "aflq", "slq", "cilq"}));
    }
    if (r["delta"]) {
      c.params.delta = yaml::as_number(src, r["delta"], "regionalisation.delta");
      if (c.params.delta < 0 || c.params.delta >= 1)
        throw yaml::error_at(src, r["delta"], "regionalisation.delta", "must be at least 0 and below 1");
    }
    if (r["beta"]) {
      c.params.beta = yaml::as_number(src, r["beta"], "regionalisation.beta");
      if (c.params.beta < 0 || c.params.beta > 10)
        throw yaml::error_at(src, r["beta"], "regionalisation.beta", "must be between 0 and 10");
    }
    if (r["households"]) {
      const std::string v = yaml::as_string(src, r["households"], "regionalisation.households");
      if (v == "population") c.params.households = HouseholdShare::population;
      else if (v == "income") c.params.households = HouseholdShare::income;
      else throw yaml::error_at(src, r["households"], "regionalisation.households", "expected population or income");
    }
  }
  read_areas(src, root, c);
  return c;
}

std::string to_string(LocationQuotient lq) {
  return lq == LocationQuotient::flq ? "flq" : lq == LocationQuotient::aflq ? "aflq" : lq == LocationQuotient::slq ? "slq" : "cilq";
}

std::string to_string(HouseholdShare h) { return h == HouseholdShare::population ? "population" : "income"; }

}  // namespace devolve
