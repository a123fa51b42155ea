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
  po::options_description opts("devolve run options");
  opts.add_options()("help,h", "show this help")("scenario", po::value<std::string>()->required(), "scenario file (YAML)")(
      "output,o", po::value<std::string>(), "HDF5 file to write (default: the scenario file's name with .h5, in the current folder)")(
      "overwrite", "replace the output file if it exists")("quiet,q", "print no report");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve run SCENARIO.yaml [-o OUT.h5] [--overwrite]")) return ok;
  const std::string path = vm["scenario"].as<std::string>();
  const std::string out = vm.count("output") ? vm["output"].as<std::string>()
                                             : std::filesystem::path(path).stem().string() + ".h5";
  const bool overwrite = vm.count("overwrite") > 0;
  require_h5_extension(out, "run");
  { AtomicOutput probe(out, overwrite); }  // refuse an existing output before any work
  Model model;
  const Scenario sc = read_scenario(path, model, nullptr, profiles_dir_from_env());
  const ScenarioResults res = run_scenario(sc, model);
  write_results_h5(sc, model, res, out, overwrite);
  if (!vm.count("quiet")) std::cout << report(out, false);
  std::cout << "wrote " << out << "\n";
  return ok;
}

int cmd_validate(const Args& args) {
  po::options_description opts("devolve validate options");
  opts.add_options()("help,h", "show this help")("files", po::value<std::vector<std::string>>()->required(),
                                                 "scenario files");
  po::positional_options_description pos;
  pos.add("files", -1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve validate FILE...")) return ok;
  std::size_t bad = 0;
  for (const auto& f : vm["files"].as<std::vector<std::string>>()) {
    std::vector<std::string> errors;
    Model model;
    try {
      const Scenario sc = read_scenario(f, model, &errors, profiles_dir_from_env());
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
