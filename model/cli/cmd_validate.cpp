// `devolve validate FILE...`: every kind of file devolve reads, recognised by its content
// (docs/scenarios.md, "Checking files"), validated by the reader of that kind.
#include <iostream>

#include "base/input_file.hpp"
#include "cli/options.hpp"
#include "devolve/build_config.hpp"
#include "devolve/error.hpp"
#include "devolve/file_kind.hpp"
#include "devolve/scenario.hpp"
#include "devolve/sweep.hpp"

namespace devolve::cli {

namespace {

// Only a regular file is read: a FIFO or a device given as a file is an InputError, never a block.
std::string read_text(const std::string& path) { return read_regular_file(path); }

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
