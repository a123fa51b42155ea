#include <algorithm>
#include <filesystem>
#include <map>
#include <iostream>
#include <optional>

#include "cli/options.hpp"
#include "devolve/atomic_output.hpp"
#include "devolve/error.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model_check.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/model_csv.hpp"
#include "devolve/model_h5.hpp"
#include "devolve/multipliers.hpp"
#include "devolve/summary.hpp"

namespace devolve::cli {

namespace {

const char* const model_help =
    "Usage: devolve model SUBCOMMAND ...\n\n"
    "  devolve model info MODEL [--json] [--aggregate itl1|itl2|itl3] [--all]\n"
    "                                             summary: regions, industries, totals by region\n"
    "  devolve model check MODEL                  check identities and that the model is productive\n"
    "  devolve model convert IN OUT [--overwrite] CSV folder <-> HDF5 file (OUT ending .h5 is HDF5)\n"
    "  devolve model build CONFIG.yaml [-o OUT] [--delta D] [--beta B] [--lq flq|aflq|slq|cilq]\n"
    "                                             regionalise the national table (docs/data.md)\n\n"
    "MODEL is a CSV-model folder, an HDF5 model file, or the id of a shipped model.\n";

// Loads a model and proves it productive (both closures where the model supports Type II);
// `solver` receives how the system is solved.
Model load_checked(const std::string& spec, std::string* solver = nullptr) {
  Model m = load_model(spec, model_settings());
  Leontief type_i(m, Closure::type_i);
  if (supports_type_ii(m)) type_i.with_households(m);
  if (solver) *solver = type_i.solver_description();
  return m;
}

int info(const Args& args) {
  const auto o = parse_model_info(args);
  if (!o) return ok;
  const std::string& spec = o->model;
  std::string solver;
  const Model m = load_checked(spec, &solver);
  const std::string path = resolve_model(spec, model_settings());
  std::vector<std::string> codes;
  for (const auto& r : m.regions) codes.push_back(r.code);
  std::map<std::string, std::vector<std::string>> members;  // user-defined areas' LADs (metadata area.<code>)
  for (const auto& [k, v] : m.metadata)
    if (k.rfind("area.", 0) == 0)
      for (std::size_t a = 0; a <= v.size();) {
        const std::size_t b = std::min(v.find(", ", a), v.size());
        members[k.substr(5)].push_back(v.substr(a, b - a));
        a = b + 2;
      }
  std::optional<RegionGrouping> groups;
  if (!o->aggregate.empty()) groups = region_grouping(codes, o->aggregate, data_dir(model_settings()), path, members);
  const RegionGrouping* g = groups ? &*groups : nullptr;
  std::cout << (o->json ? model_summary_json(m, path, g) : model_summary_text(m, path, g, {o->all, solver}));
  return ok;
}

int check(const Args& args) {
  const auto model = parse_model_check(args);
  if (!model) return ok;
  const std::string& spec = *model;
  const Model m = load_checked(spec);
  std::cout << resolve_model(spec, model_settings()) << ": ok: " << m.num_regions() << " regions x " << m.num_industries()
            << " industries; every identity holds and the model is productive"
            << (supports_type_ii(m) ? " (Type I and Type II)" : " (Type I; no household closure)") << "\n";
  return ok;
}

int convert(const Args& args) {
  const auto o = parse_model_convert(args);
  if (!o) return ok;
  const Model m = load_model(o->in, model_settings());
  const std::string& out = o->out;
  const bool h5 = std::filesystem::path(out).extension() == ".h5";
  if (h5) write_model_h5(m, out, o->overwrite);
  else write_model_csv(m, out, o->overwrite);
  std::cout << "wrote " << out << (h5 ? " (HDF5 model)" : " (CSV model folder)") << "\n";
  return ok;
}

// How many findings of the screening of jobs and pay `model build` prints.
constexpr std::size_t findings_shown = 20;

int build(const Args& args) {
  const auto o = parse_model_build(args);
  if (!o) return ok;
  std::string path = o->config;
  if (!std::filesystem::exists(path)) path = resolve_model(path, model_settings());
  BuildConfig c = read_build_config(path);
  if (o->lq) {
    const std::string& v = *o->lq;
    if (v == "flq") c.params.lq = LocationQuotient::flq;
    else if (v == "slq") c.params.lq = LocationQuotient::slq;
    else if (v == "cilq") c.params.lq = LocationQuotient::cilq;
    else if (v == "aflq") c.params.lq = LocationQuotient::aflq;
    else throw UsageError("devolve model build: error: --lq must be flq, aflq, slq or cilq");
  }
  if (o->delta) {
    c.params.delta = *o->delta;
    if (!(c.params.delta >= 0 && c.params.delta < 1)) throw UsageError("devolve model build: error: --delta must be in [0, 1)");
  }
  if (o->beta) {
    c.params.beta = *o->beta;
    if (!(c.params.beta >= 0 && c.params.beta <= 10)) throw UsageError("devolve model build: error: --beta must be in [0, 10]");
  }
  if (o->households) {
    const std::string& v = *o->households;
    if (v == "population") c.params.households = HouseholdShare::population;
    else if (v == "income") c.params.households = HouseholdShare::income;
    else throw UsageError("devolve model build: error: --households must be population or income");
  }
  const bool overridden = o->lq || o->delta || o->beta || o->households;
  if (overridden) c.text += "\n# overridden on the command line\n";  // a distinct cache entry
  if (o->output) {  // refuse an existing output before any work: an .h5 file, else a CSV model folder
    if (std::filesystem::path(*o->output).extension() == ".h5") AtomicOutput probe(*o->output, o->overwrite);
    else AtomicOutput probe(*o->output, o->overwrite, model_csv_entry, model_csv_marked);
  }
  std::string cached;
  Model m = overridden ? model_builder(c, DenseRas::matrix)(c.params) : build_or_load_cached(c, model_settings(), &cached);
  Leontief type_i(m, Closure::type_i);
  Leontief type_ii = type_i.with_households(m);
  if (o->output) {
    const std::string& out = *o->output;
    if (std::filesystem::path(out).extension() == ".h5") write_model_h5(m, out, o->overwrite);
    else write_model_csv(m, out, o->overwrite);
    std::cout << "wrote " << out << "\n";
  }
  std::cout << "built " << m.id << ": " << m.num_regions() << " regions x " << m.num_industries()
            << " industries; every identity holds and the model is productive (Type I and II); lq "
            << to_string(c.params.lq) << ", delta " << c.params.delta << ", beta " << c.params.beta << "\n";
  if (!cached.empty()) std::cout << "cached as " << cached << "\n";
  // The screening of jobs and pay (docs/methodology.md, "Checks on jobs and pay"): warnings, not errors.
  // The first findings_shown of them, then how many more (a LAD-level model can have hundreds).
  for (const auto& w : jobs_and_pay_warnings(m, findings_shown)) std::cerr << "devolve model build: warning: " << w << "\n";
  return ok;
}

}  // namespace

int cmd_model(const Args& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << model_help << "\n" << exit_codes_help(ExitCodes::model);
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
