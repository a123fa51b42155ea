#include "devolve/file_kind.hpp"

#include <set>
#include <sstream>

namespace devolve {

namespace {

// The top-level keys of a YAML mapping, from the lines that start at column 1, and the value of `format`.
std::set<std::string> top_level_keys(const std::string& text, std::string& format) {
  std::set<std::string> keys;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '-') continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon);
    if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'')) key = key.substr(1, key.size() - 2);
    keys.insert(key);
    if (key == "format") {
      std::string v = line.substr(colon + 1);
      v = v.substr(0, v.find('#'));
      v.erase(0, v.find_first_not_of(" \t\"'"));
      v.erase(v.find_last_not_of(" \t\r\"'") + 1);
      format = v;
    }
  }
  return keys;
}

}  // namespace

FileKind file_kind(const std::string& text) {
  std::string format;
  const auto keys = top_level_keys(text, format);
  const auto has = [&](const char* k) { return keys.count(k) > 0; };
  if (format == "devolve-build") return FileKind::build;
  // A sweep: its required keys (scenario, and sampler or inputs) and none of a scenario's own keys; a
  // doubtful file (a scenario with a stray `inputs:` note) is read as a scenario, whose reader reports
  // the unknown key, located.
  bool scenario_key = false;
  for (const char* k : {"model", "years", "type", "prices", "groups", "profiles", "additionality", "baseline", "appraisal",
                        "shocks", "price_year", "price_basis", "deflator_growth", "labour_supply"})
    scenario_key = scenario_key || has(k);
  if (has("scenario") && (has("sampler") || has("inputs")) && !scenario_key) return FileKind::sweep;
  if (has("profiles") && !has("shocks") && !has("model") && !has("name") && !has("years")) return FileKind::profiles;
  return FileKind::scenario;
}

const char* describe(FileKind kind) {
  switch (kind) {
    case FileKind::sweep: return "a sweep file";
    case FileKind::profiles: return "a profiles file";
    case FileKind::build: return "a geography build configuration";
    case FileKind::scenario: break;
  }
  return "a scenario";
}

std::string use_instead(FileKind kind, const std::string& file) {
  switch (kind) {
    case FileKind::sweep: return "run it with 'devolve sweep " + file + " -o OUT.h5' (docs/sweeps.md)";
    case FileKind::profiles:
      return "scenarios name its profiles in their shocks (profile: NAME); check it with 'devolve validate " + file +
             "' (docs/scenarios.md, \"Expenditure profiles\")";
    case FileKind::build:
      return "build it with 'devolve model build " + file +
             "' and name its id as a scenario's model (docs/data.md, \"User-defined geographies\")";
    case FileKind::scenario: break;
  }
  return "";
}

}  // namespace devolve
