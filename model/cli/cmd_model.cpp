#include <filesystem>
#include <iostream>

#include "cli/options.hpp"
#include "devolve/atomic_output.hpp"
#include "devolve/error.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model_check.hpp"
#include "devolve/model_io.hpp"
#include "devolve/multipliers.hpp"
#include "devolve/regionalise.hpp"
#include "devolve/summary.hpp"

namespace devolve::cli {

namespace {

const char* const model_help =
    "Usage: devolve model SUBCOMMAND ...\n\n"
    "  devolve model info MODEL [--json]          summary: regions, industries, totals by region\n"
    "  devolve model check MODEL                  check identities and that the model is productive\n"
    "  devolve model convert IN OUT [--overwrite] CSV folder <-> HDF5 file (OUT ending .h5 is HDF5)\n"
    "  devolve model build CONFIG.yaml [-o OUT] [--delta D] [--beta B] [--lq flq|slq|cilq]\n"
    "                                             regionalise the national table (docs/data.md)\n\n"
    "MODEL is a CSV-model folder, an HDF5 model file, or the id of a shipped model.\n";

// Loads a model and proves it productive (both closures where the model supports Type II).
Model load_checked(const std::string& spec) {
  Model m = load_model(spec);
  Leontief type_i(m, Closure::type_i);
  if (supports_type_ii(m)) type_i.with_households(m);
  return m;
}

int info(const Args& args) {
  po::options_description opts("devolve model info options");
  opts.add_options()("help,h", "show this help")("json", "print JSON for scripts")(
      "model", po::value<std::string>()->required(), "model folder, file, or shipped id");
  po::positional_options_description pos;
  pos.add("model", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve model info MODEL [--json]")) return ok;
  const std::string spec = vm["model"].as<std::string>();
  const Model m = load_checked(spec);
  const std::string path = resolve_model(spec);
  std::cout << (vm.count("json") ? model_summary_json(m, path) : model_summary_text(m, path));
  return ok;
}

int check(const Args& args) {
  po::options_description opts("devolve model check options");
  opts.add_options()("help,h", "show this help")("model", po::value<std::string>()->required(), "model");
  po::positional_options_description pos;
  pos.add("model", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve model check MODEL")) return ok;
  const std::string spec = vm["model"].as<std::string>();
  const Model m = load_checked(spec);
  std::cout << resolve_model(spec) << ": ok: " << m.num_regions() << " regions x " << m.num_industries()
            << " industries; every identity holds and the model is productive"
            << (supports_type_ii(m) ? " (Type I and Type II)" : " (Type I; no household closure)") << "\n";
  return ok;
}

int convert(const Args& args) {
  po::options_description opts("devolve model convert options");
  opts.add_options()("help,h", "show this help")("overwrite", "replace OUT if it exists")(
      "in", po::value<std::string>()->required(), "model to read")("out", po::value<std::string>()->required(),
                                                                  "model to write: a .h5 file or a folder");
  po::positional_options_description pos;
  pos.add("in", 1).add("out", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve model convert IN OUT [--overwrite]")) return ok;
  const Model m = load_model(vm["in"].as<std::string>());
  const std::string out = vm["out"].as<std::string>();
  const bool h5 = std::filesystem::path(out).extension() == ".h5";
  if (h5) write_model_h5(m, out, vm.count("overwrite") > 0);
  else write_model_csv(m, out, vm.count("overwrite") > 0);
  std::cout << "wrote " << out << (h5 ? " (HDF5 model)" : " (CSV model folder)") << "\n";
  return ok;
}

int build(const Args& args) {
  po::options_description opts("devolve model build options");
  opts.add_options()("help,h", "show this help")("config", po::value<std::string>()->required(),
                                                 "build configuration (YAML), or a shipped id such as uk-itl1-2022")(
      "output,o", po::value<std::string>(), "write the model here (.h5 file or CSV folder); default: the cache only")(
      "overwrite", "replace OUT if it exists")("lq", po::value<std::string>(), "override: flq, slq or cilq")(
      "delta", po::value<double>(), "override: Flegg's delta, in [0, 1)")(
      "beta", po::value<double>(), "override: gravity distance decay, in [0, 10]")(
      "households", po::value<std::string>(), "override: population or income");
  po::positional_options_description pos;
  pos.add("config", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve model build CONFIG.yaml [-o OUT] [--overwrite] [--delta D] [--beta B]"))
    return ok;
  std::string path = vm["config"].as<std::string>();
  if (!std::filesystem::exists(path)) path = resolve_model(path);
  BuildConfig c = read_build_config(path);
  if (vm.count("lq")) {
    const std::string v = vm["lq"].as<std::string>();
    if (v == "flq") c.params.lq = LocationQuotient::flq;
    else if (v == "slq") c.params.lq = LocationQuotient::slq;
    else if (v == "cilq") c.params.lq = LocationQuotient::cilq;
    else throw UsageError("devolve model build: error: --lq must be flq, slq or cilq");
  }
  if (vm.count("delta")) {
    c.params.delta = vm["delta"].as<double>();
    if (!(c.params.delta >= 0 && c.params.delta < 1)) throw UsageError("devolve model build: error: --delta must be in [0, 1)");
  }
  if (vm.count("beta")) {
    c.params.beta = vm["beta"].as<double>();
    if (!(c.params.beta >= 0 && c.params.beta <= 10)) throw UsageError("devolve model build: error: --beta must be in [0, 10]");
  }
  if (vm.count("households")) {
    const std::string v = vm["households"].as<std::string>();
    if (v == "population") c.params.households = HouseholdShare::population;
    else if (v == "income") c.params.households = HouseholdShare::income;
    else throw UsageError("devolve model build: error: --households must be population or income");
  }
  const bool overridden = vm.count("lq") || vm.count("delta") || vm.count("beta") || vm.count("households");
  if (overridden) c.text += "\n# overridden on the command line\n";  // a distinct cache entry
  std::unique_ptr<AtomicOutput> probe;
  if (vm.count("output")) probe = std::make_unique<AtomicOutput>(vm["output"].as<std::string>(), vm.count("overwrite") > 0);
  probe.reset();
  std::string cached;
  Model m = overridden ? regionalise(c) : build_or_load_cached(c, &cached);
  if (overridden) require_consistent(m, c.path);
  Leontief type_i(m, Closure::type_i);
  Leontief type_ii = type_i.with_households(m);
  if (vm.count("output")) {
    const std::string out = vm["output"].as<std::string>();
    if (std::filesystem::path(out).extension() == ".h5") write_model_h5(m, out, vm.count("overwrite") > 0);
    else write_model_csv(m, out, vm.count("overwrite") > 0);
    std::cout << "wrote " << out << "\n";
  }
  std::cout << "built " << m.id << ": " << m.num_regions() << " regions x " << m.num_industries()
            << " industries; every identity holds and the model is productive (Type I and II); lq "
            << to_string(c.params.lq) << ", delta " << c.params.delta << ", beta " << c.params.beta << "\n";
  if (!cached.empty()) std::cout << "cached as " << cached << "\n";
  return ok;
}

}  // namespace

int cmd_model(const Args& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << model_help << "\n" << exit_codes_help;
    return args.empty() ? usage : ok;
  }
  const Args rest(args.begin() + 1, args.end());
  if (args[0] == "info") return info(rest);
  if (args[0] == "check") return check(rest);
  if (args[0] == "convert") return convert(rest);
  if (args[0] == "build") return build(rest);
  std::cerr << "devolve model: error: unknown subcommand '" << args[0] << "'\n\n" << model_help;
  return usage;
}

}  // namespace devolve::cli
