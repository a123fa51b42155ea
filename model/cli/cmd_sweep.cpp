#include <iostream>

#include "cli/options.hpp"
#include "cli/output_files.hpp"
#include "devolve/error.hpp"
#include "devolve/report.hpp"
#include "devolve/sweep.hpp"

namespace devolve::cli {

int cmd_sweep(const Args& args) {
  po::options_description opts("devolve sweep options");
  opts.add_options()("help,h", "show this help")("sweep", po::value<std::string>()->required(), "sweep file (YAML)")(
      "output,o", po::value<std::string>()->required(), "HDF5 file to write")(
      "threads", po::value<int>()->default_value(0), "threads (0: all cores); results are identical whatever the count")(
      "resume", "finish an interrupted sweep from OUT.h5.partial")("overwrite", "replace OUT.h5 (and any journal)")(
      "validate", "check the sweep file and its inputs against the scenario, then stop")("quiet,q", "no progress or report");
  po::positional_options_description pos;
  pos.add("sweep", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve sweep SWEEP.yaml -o OUT.h5 [--threads N] [--resume] [--overwrite]")) return ok;
  std::vector<std::string> errors;
  SweepSpec spec;
  try {
    spec = read_sweep(vm["sweep"].as<std::string>(), &errors);
  } catch (const InputError& e) {
    if (errors.empty()) throw;
    for (const auto& msg : errors) std::cerr << msg << "\n";  // every error found, in one pass
    return input;
  }
  if (vm.count("validate")) {
    std::cout << spec.file << ": ok: " << spec.inputs.size() << " inputs, " << spec.runs() << " runs, "
              << (spec.linear() ? "linear path" : "coefficients path") << "\n";
    return ok;
  }
  SweepOptions o;
  o.threads = vm["threads"].as<int>();
  o.resume = vm.count("resume") > 0;
  o.overwrite = vm.count("overwrite") > 0;
  o.progress = !vm.count("quiet");
  const std::string out = vm["output"].as<std::string>();
  require_h5_extension(out, "sweep");
  run_sweep(spec, out, o);
  if (!vm.count("quiet")) std::cout << report(out, false);
  std::cout << "wrote " << out << "\n";
  return ok;
}

}  // namespace devolve::cli
