#include "devolve/build_config.hpp"

#include <filesystem>

#include "devolve/error.hpp"
#include "base/text.hpp"
#include "base/yaml_support.hpp"

namespace fs = std::filesystem;

namespace devolve {

BuildConfig read_build_config(const std::string& path) {
  const yaml::Source src = yaml::load(path);
  const YAML::Node& root = src.root;
  if (!root.IsMap()) throw yaml::error_at(src, root, "", "expected a map of keys");
  yaml::Diagnostics diag;
  yaml::check_keys(src, root, "", {"format", "format_version", "id", "name", "inputs", "level", "regionalisation"}, diag);
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
  if (c.level != "itl1" && c.level != "itl2")
    throw yaml::error_at(src, root["level"], "level", "expected 'itl1' or 'itl2', found '" + c.level + "'" +
                                                          text::did_you_mean(c.level, {"itl1", "itl2"}));
  const fs::path base = fs::path(path).parent_path();
  c.inputs = (base / required("inputs")).lexically_normal().string();
  if (!fs::is_directory(fs::path(c.inputs) / "national"))
    throw yaml::error_at(src, root["inputs"], "inputs", "no folder '" + c.inputs + "/national'");
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
  return c;
}

std::string to_string(LocationQuotient lq) {
  return lq == LocationQuotient::flq ? "flq" : lq == LocationQuotient::aflq ? "aflq" : lq == LocationQuotient::slq ? "slq" : "cilq";
}

std::string to_string(HouseholdShare h) { return h == HouseholdShare::population ? "population" : "income"; }

}  // namespace devolve
