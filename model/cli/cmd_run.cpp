#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/options.hpp"
#include "cli/output_files.hpp"
#include "devolve/atomic_output.hpp"
#include "devolve/error.hpp"
#include "devolve/report.hpp"
#include "devolve/scenario.hpp"
#include "devolve/results_h5.hpp"
#include "devolve/scenario_run.hpp"

namespace devolve::cli {

int cmd_run(const Args& args) {
  const auto o = parse_run(args);
  if (!o) return ok;
  const std::string& path = o->scenario;
  const std::string out = !o->output.empty() ? o->output : std::filesystem::path(path).stem().string() + ".h5";
  const bool overwrite = o->overwrite;
  require_h5_extension(out, "run");
  { AtomicOutput probe(out, overwrite); }  // refuse an existing output before any work
  Model model;
  const Scenario sc = read_scenario(path, model_settings(), model, nullptr, profiles_dir_from_env());
  const ScenarioResults res = run_scenario(sc, model);
  write_results_h5(sc, model, res, out, overwrite);
  if (!o->quiet) std::cout << report(out, false);
  std::cout << "wrote " << out << "\n";
  return ok;
}

int cmd_validate(const Args& args) {
  const auto o = parse_validate(args);
  if (!o) return ok;
  std::size_t bad = 0;
  for (const auto& f : o->files) {
    std::vector<std::string> errors;
    Model model;
    try {
      const Scenario sc = read_scenario(f, model_settings(), model, &errors, profiles_dir_from_env());
      std::cout << f << ": ok: " << sc.shocks.size() << " shock" << (sc.shocks.size() == 1 ? "" : "s") << ", years "
                << sc.first_year << "-" << sc.last_year << ", model " << model.id << "\n";
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
