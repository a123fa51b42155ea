#include "cli/commands.hpp"

#include <cstdlib>
#include <boost/program_options/errors.hpp>
#include <filesystem>
#include <iostream>

#include "devolve/error.hpp"
#include "devolve/leontief.hpp"
#include "devolve/version.hpp"

namespace devolve::cli {

std::string exit_codes_help(ExitCodes codes) {
  std::string text =
      "Exit codes:\n"
      "  0  success\n"
      "  1  internal error (a bug: please report it)\n"
      "  2  usage error: bad option, or the output exists and --overwrite was not given (or would replace a folder, a file\n"
      "     or folder contents devolve did not write: never replaced)\n"
      "  3  input error: a file is missing, malformed or cannot be written (file:line:column and key named)\n";
  if (codes != ExitCodes::no_model)
    text += "  4  model error: an accounting identity fails or the model is not productive\n";
  if (codes == ExitCodes::all)
    text += "  5  interrupted (Ctrl-C or SIGTERM; devolve sweep only): finished sweep runs are kept; run again with --resume\n"
            "Ctrl-C or SIGTERM ends any other command by the signal (shell status 130 or 143), leaving no partial output.\n";
  else if (codes == ExitCodes::sweep)
    text += "  5  interrupted (Ctrl-C or SIGTERM): finished runs are kept in OUT.h5.partial; run again with --resume\n";
  else
    text += "Ctrl-C or SIGTERM ends it by the signal (shell status 130 or 143), leaving no partial output.\n";
  return text;
}

ModelSettings model_settings() {
  namespace fs = std::filesystem;
  auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v ? v : "";
  };
  ModelSettings s;
  s.data_dir = env("DEVOLVE_DATA_DIR");
  if (const auto d = env("DEVOLVE_CACHE_DIR"); !d.empty()) s.cache_dir = d;
  else if (const auto x = env("XDG_CACHE_HOME"); !x.empty()) s.cache_dir = (fs::path(x) / "devolve").string();
  else if (const auto h = env("HOME"); !h.empty()) s.cache_dir = (fs::path(h) / ".cache" / "devolve").string();
  else s.cache_dir = (fs::temp_directory_path() / "devolve-cache").string();
  s.notice = [](const std::string& message) { std::cerr << "devolve: note: " << message << "\n"; };
  // The cache keeps the LU factors of each model it builds (docs/model-format.md, "The model cache"),
  // unless the model is solved by the structured solver (no dense LU; none is formed for it).
  s.factorise = [](const Model& m) {
    if (m.num_sectors() > Leontief::structured_threshold) return ModelCacheFacts{};
    const Leontief type_i(m, Closure::type_i, Solver::dense);
    try {  // with the Type II border, which a run then does not solve again
      return type_i.with_households(m).factors();
    } catch (const ModelError&) {
      return type_i.factors();
    }
  };
  s.blas_configuration = blas_configuration;
  return s;
}

namespace {

const char* const top_help =
    "devolve: a scenario engine for UK regional input-output economics\n\n"
    "Usage: devolve COMMAND [OPTIONS]\n\n"
    "Commands:\n"
    "  run           run a scenario file (YAML) and write its results to HDF5\n"
    "  validate      check scenario files without solving, reporting every error found\n"
    "  sweep         run thousands of variants of a scenario: quantiles and sensitivity indices\n"
    "  report        a readable summary of a results, sweep or multipliers file (--json, --html)\n"
    "  compare       two results files side by side, with the differences (--json, --html)\n"
    "  export        a results, sweep or multipliers file as tidy CSV files (--csv DIR)\n"
    "  multipliers   Type I and Type II multipliers of a model, by region and industry, to HDF5\n"
    "  model info    summary of a model (regions, industries, totals), as text or --json\n"
    "  model convert convert a model between its CSV-folder and HDF5 forms\n"
    "  model check   check a model's accounting identities and productiveness\n"
    "  model build   build a UK multi-region model from the national table (regionalisation)\n\n"
    "Shipped models (x 105 industries): uk-itl1-2022 (12 ITL1 regions), uk-itl2-2022 (46 ITL2 areas),\n"
    "  uk-itl3-2022 (182 ITL3 areas), uk-lad-2022 (361 local authorities), uk-ca-2022 (11 mayoral combined\n"
    "  authorities and the rest of each ITL1 region, 22 areas), uk-keycities-2022 (26 Key Cities and the rest,\n"
    "  38 areas).\n"
    "Run 'devolve COMMAND --help' for a command's options.\n";

}  // namespace

int run(int argc, char** argv) {
  Args args(argv + (argc > 0 ? 1 : 0), argv + argc);
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      std::cout << top_help << "\n" << exit_codes_help(ExitCodes::all);
      return args.empty() ? usage : ok;
    }
    if (args[0] == "--version") {
      std::cout << "devolve " << version << "\n";
      return ok;
    }
    const std::string cmd = args[0];
    const Args rest(args.begin() + 1, args.end());
    if (cmd == "model") return cmd_model(rest);
    if (cmd == "multipliers") return cmd_multipliers(rest);
    if (cmd == "run") return cmd_run(rest);
    if (cmd == "validate") return cmd_validate(rest);
    if (cmd == "report") return cmd_report(rest);
    if (cmd == "sweep") return cmd_sweep(rest);
    if (cmd == "compare") return cmd_compare(rest);
    if (cmd == "export") return cmd_export(rest);
    std::cerr << "devolve: error: unknown command '" << cmd << "'\n\n" << top_help;
    return usage;
  } catch (...) {
    std::string message;
    const int code = exit_code_of(std::current_exception(), message);
    std::cerr << message << "\n";
    return code;
  }
}

int exit_code_of(std::exception_ptr failure, std::string& message) {
  try {
    std::rethrow_exception(failure);
  } catch (const InputError& e) {
    message = e.what();
    return input;
  } catch (const Interrupted& e) {
    message = e.what();
    return interrupted;
  } catch (const ModelError& e) {
    message = e.what();
    return model;
  } catch (const UsageError& e) {
    message = e.what();
    return usage;
  } catch (const Error& e) {
    message = e.what();
    return input;
  } catch (const std::filesystem::filesystem_error& e) {  // a symlink loop, a name too long: the input's fault
    std::cerr << (e.path1().empty() ? std::string("devolve") : e.path1().string()) << ": error: " << e.code().message() << "\n";
    return input;
  } catch (const std::exception& e) {
    message = std::string("devolve: internal error: ") + e.what();
    return internal;
  } catch (...) {
    message = "devolve: internal error: an exception of unknown type";
    return internal;
  }
}

}  // namespace devolve::cli
