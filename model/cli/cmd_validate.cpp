// `devolve validate FILE...`: every kind of file devolve reads, recognised by its content
// (docs/scenarios.md, "Checking files"), validated by the reader of that kind.
#include <iostream>
#include <set>
#include <sstream>

#include "base/input_file.hpp"
#include "cli/options.hpp"
#include "devolve/build_config.hpp"
#include "devolve/error.hpp"
#include "devolve/scenario.hpp"
#include "devolve/sweep.hpp"

namespace devolve::cli {

namespace {

enum class FileKind { scenario, sweep, build, profiles };

// Only a regular file is read: a FIFO or a device given as a file is an InputError, never a block.
std::string read_text(const std::string& path) { return read_regular_file(path); }

// The top-level keys of a YAML mapping, from the lines that start at column 1: found even when
// the file has a syntax error further on, so that the error comes from the right reader.
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

// By content: `format: devolve-build` a build configuration; `sampler` or `inputs` a sweep;
// `profiles` with none of a scenario's keys a profiles file; anything else a scenario (whose
// reader then says what is missing).
FileKind file_kind(const std::string& text) {
  std::string format;
  const auto keys = top_level_keys(text, format);
  const auto has = [&](const char* k) { return keys.count(k) > 0; };
  if (format == "devolve-build") return FileKind::build;
  if (has("sampler") || has("inputs")) return FileKind::sweep;
  if (has("profiles") && !has("shocks") && !has("model") && !has("name") && !has("years")) return FileKind::profiles;
  return FileKind::scenario;
}

// A profiles file is checked as the `profiles:` of a one-shock scenario on the shipped ITL1 model,
// appended after its own lines so that every error keeps the file's own line and column.
std::string profiles_check_scenario(const std::string& text) {
  return text + (text.empty() || text.back() == '\n' ? "" : "\n") +
         "name: profiles check\nmodel: uk-itl1-2022\nyears: [2025, 2025]\nshocks:\n"
         "  - {type: spend, label: check, regions: TLC, amount: 1, profile: public_rd}\n";
}

// The "ok" line of one file; throws the first InputError after collecting all in `errors`.
std::string validate_one(const std::string& f, std::vector<std::string>& errors) {
  const std::string text = read_text(f);
  switch (file_kind(text)) {
    case FileKind::build: {
      const BuildConfig c = read_build_config(f);
      return "build configuration of " + c.id + ", level " + c.level + ", inputs " + c.inputs;
    }
    case FileKind::sweep: {
      const SweepSpec s = read_sweep(f, model_settings(), &errors, profiles_dir_from_env());
      return "sweep: " + std::to_string(s.inputs.size()) + " inputs, " + std::to_string(s.runs()) + " runs, " +
             (s.linear() ? "linear path" : "coefficients path");
    }
    case FileKind::profiles: {
      Model model;
      read_scenario_text(profiles_check_scenario(text), f, model_settings(), model, false, profiles_dir_from_env());
      return "profiles, checked against the industries of " + model.id;
    }
    case FileKind::scenario: break;
  }
  Model model;
  const Scenario sc = read_scenario(f, model_settings(), model, &errors, profiles_dir_from_env());
  return std::to_string(sc.shocks.size()) + " shock" + (sc.shocks.size() == 1 ? "" : "s") + ", years " +
         std::to_string(sc.first_year) + "-" + std::to_string(sc.last_year) + ", model " + model.id;
}

}  // namespace

int cmd_validate(const Args& args) {
  const auto o = parse_validate(args);
  if (!o) return ok;
  std::size_t bad = 0;
  for (const auto& f : o->files) {
    std::vector<std::string> errors;
    try {
      const std::string what = validate_one(f, errors);  // before printing: no "ok" for a bad file
      std::cout << f << ": ok: " << what << "\n";
    } catch (const InputError& e) {
      ++bad;
      if (errors.empty()) errors.push_back(e.what());
      for (const auto& msg : errors) std::cerr << msg << "\n";
      std::cerr << f << ": " << errors.size() << " error" << (errors.size() == 1 ? "" : "s") << "\n";
    }
  }
  return bad ? input : ok;
}

}  // namespace devolve::cli
