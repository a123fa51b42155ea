// The only translation unit that includes Boost.Program_options.
#include "cli/options.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>

#include "devolve/error.hpp"
#include "base/text.hpp"

namespace devolve::cli {

namespace po = boost::program_options;

namespace {

// Parses args against options and positionals; false (after printing help) for --help.
bool parse(const Args& args, const po::options_description& opts, const po::positional_options_description& pos,
           po::variables_map& vm, const std::string& usage_line) {
  try {
    po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
    if (vm.count("help")) {
      auto is = [&](const char* cmd) { return usage_line.rfind(cmd, 0) == 0; };
      // export, report and compare read results files, no model: no exit code 4
      const bool sweep = is("devolve sweep"), no_model = is("devolve export") || is("devolve report") || is("devolve compare");
      std::cout << "Usage: " << usage_line << "\n\n" << opts << "\n"
                << exit_codes_help(sweep ? ExitCodes::sweep : no_model ? ExitCodes::no_model : ExitCodes::model);
      return false;
    }
    po::notify(vm);
  } catch (const po::required_option& e) {
    // A missing argument the user gives by position (the scenario file, ...) is named as what to give,
    // not by the internal option name ('--scenario') no one types; it comes before a missing option.
    for (unsigned i = 0; i < std::min(pos.max_total_count(), 4u); ++i) {
      const std::string& p = pos.name_for_position(i);
      const po::option_description* d = opts.find_nothrow(p, false);
      if (vm.count(p) || !d || !d->semantic()->is_required()) continue;
      const std::string what = p == "scenario" ? "a scenario file (YAML) to run" : "the " + d->description();
      throw UsageError("devolve: error: give " + what + "; usage: " + usage_line.substr(0, usage_line.find('\n')) +
                       " (see --help)");
    }
    throw UsageError(std::string("devolve: error: ") + e.what() + " (see --help)");
  } catch (const po::error& e) {
    throw UsageError(std::string("devolve: error: ") + e.what() + " (see --help)");
  }
  return true;
}

// --year Y, --cumulative, --peak: at most one (docs/reports.md).
void add_summary_options(po::options_description& opts) {
  opts.add_options()("year", po::value<int>(), "summary: the change by region in this year")(
      "cumulative", "summary: the change by region summed over the years")(
      "peak", "summary: each region's largest change over the years (default: the peak year of the jobs change)")(
      "all", "summary: list every region (default above 50 regions: the 15 largest changes and how many more)");
}

SummaryChoice summary_choice(const po::variables_map& vm) {
  const std::size_t n = vm.count("year") + vm.count("cumulative") + vm.count("peak");
  if (n > 1) throw UsageError("devolve: error: choose one of --year, --cumulative and --peak (see --help)");
  SummaryChoice c;
  if (vm.count("year")) c.basis = SummaryChoice::Basis::year, c.year = vm["year"].as<int>();
  if (vm.count("cumulative")) c.basis = SummaryChoice::Basis::cumulative;
  if (vm.count("peak")) c.basis = SummaryChoice::Basis::peak;
  c.all = vm.count("all") > 0;
  return c;
}

const char* const solver_help =
    "how (I - A) is solved: automatic (dense LU up to 5000 sectors, else structured), dense, or structured "
    "(GMRES on the factored coefficients; docs/methodology.md)";

Solver solver_choice(const po::variables_map& vm, const std::string& command) {
  Solver s = Solver::automatic;
  const std::string text = vm["solver"].as<std::string>();
  if (!parse_solver(text, s))
    throw UsageError("devolve " + command + ": error: --solver must be automatic, dense or structured, not '" + text + "'");
  return s;
}

template <class T>
std::optional<T> opt(const po::variables_map& vm, const char* key) {
  return vm.count(key) ? std::optional<T>(vm[key].as<T>()) : std::nullopt;
}

}  // namespace

std::optional<RunOptions> parse_run(const Args& args) {
  po::options_description opts("devolve run options");
  opts.add_options()("help,h", "show this help")("scenario", po::value<std::vector<std::string>>()->required(),
                                                 "scenario files (YAML); several, or a quoted glob, need --output-dir")(
      "output,o", po::value<std::string>(), "HDF5 file to write (default: the scenario file's name with .h5, in the current folder)")(
      "output-dir", po::value<std::string>(), "batch: write DIR/<scenario file stem>.h5 for each scenario")(
      "threads", po::value<int>()->default_value(0),
      "batch: scenarios run at once (0: all cores); devolve run's bits for any count")(
      "validate", "batch: read every scenario first and run none if one has an error")(
      "overwrite", "replace the output file (or a link of that name) if it exists; never a folder")("quiet,q", "print no report")(
      "solver", po::value<std::string>()->default_value("automatic"), solver_help);
  add_summary_options(opts);
  po::positional_options_description pos;
  pos.add("scenario", -1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve run SCENARIO.yaml [-o OUT.h5] [--overwrite] [--year Y | --cumulative | --peak] [--all]\n"
                                  "       devolve run A.yaml B.yaml ... --output-dir DIR [--threads N] [--validate] [--overwrite]"))
    return std::nullopt;
  RunOptions o;
  o.scenarios = vm["scenario"].as<std::vector<std::string>>();
  o.output = vm.count("output") ? vm["output"].as<std::string>() : "";
  o.output_dir = vm.count("output-dir") ? vm["output-dir"].as<std::string>() : "";
  o.threads = vm["threads"].as<int>();
  o.overwrite = vm.count("overwrite") > 0;
  o.quiet = vm.count("quiet") > 0;
  o.validate = vm.count("validate") > 0;
  o.summary = summary_choice(vm);
  o.solver = solver_choice(vm, "run");
  return o;
}

std::optional<ValidateOptions> parse_validate(const Args& args) {
  po::options_description opts("devolve validate options");
  opts.add_options()("help,h", "show this help")("files", po::value<std::vector<std::string>>()->required(),
                                                 "files to check (scenarios, sweeps, build configurations, profiles)");
  po::positional_options_description pos;
  pos.add("files", -1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve validate FILE...")) return std::nullopt;
  return ValidateOptions{vm["files"].as<std::vector<std::string>>()};
}

std::optional<ReportOptions> parse_report(const Args& args) {
  po::options_description opts("devolve report options");
  opts.add_options()("help,h", "show this help")("file", po::value<std::string>()->required(), "devolve output file")(
      "json", "print JSON for scripts")("html", po::value<std::string>(),
                                        "write a self-contained HTML report (maps, charts) to this file")(
      "overwrite", "replace the HTML file if it exists; never a folder")(
      "cash-year", po::value<int>(), "show money in cash of this year (ONS GDP deflator; default: the model's base-year prices)")(
      "deflator-growth", po::value<double>(),
      "with --cash-year after the deflator's last published year (2025): its assumed yearly growth after it, e.g. 0.02")(
      "aggregate", po::value<std::string>(), "sum the regions into their itl1, itl2 or itl3 parents (scenario results)");
  add_summary_options(opts);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve report OUT.h5 [--json] [--year Y | --cumulative | --peak] [--all] [--cash-year Y [--deflator-growth G]] [--aggregate itl1|itl2|itl3] [--html REPORT.html [--overwrite]]"))
    return std::nullopt;
  ReportOptions o{vm["file"].as<std::string>(), vm.count("json") > 0, std::nullopt, vm.count("overwrite") > 0, summary_choice(vm)};
  if (vm.count("html")) o.html = vm["html"].as<std::string>();
  if (vm.count("cash-year")) o.summary.cash_year = vm["cash-year"].as<int>();
  if (vm.count("deflator-growth")) {
    if (!o.summary.cash_year) throw UsageError("devolve report: error: --deflator-growth goes with --cash-year (see --help)");
    const double g = vm["deflator-growth"].as<double>();
    if (!(g >= -0.2 && g <= 0.2))  // the scenario key's range (scenario_inputs.cpp)
      throw UsageError("devolve report: error: --deflator-growth " + text::num(g) + ": a yearly growth rate from -0.2 to 0.2 (see --help)");
    o.summary.deflator_growth = g;
  }
  if (vm.count("aggregate")) o.summary.aggregate = vm["aggregate"].as<std::string>();
  return o;
}

std::optional<CompareOptionsCli> parse_compare(const Args& args) {
  po::options_description opts("devolve compare options");
  opts.add_options()("help,h", "show this help")("files", po::value<std::vector<std::string>>()->required(),
                                                 "two results files, A and B")(
      "json", "print JSON for scripts")("html", po::value<std::string>(), "write an HTML page with charts to this file")(
      "overwrite", "replace the HTML file if it exists; never a folder")(
      "align", po::value<std::string>(),
      "compare files of different models: 'regions' (by region code) or 'itl1' (both added up to ITL1)");
  po::positional_options_description pos;
  pos.add("files", 2);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve compare A.h5 B.h5 [--json] [--html OUT.html] [--align itl1|regions]"))
    return std::nullopt;
  CompareOptionsCli o;
  o.files = vm["files"].as<std::vector<std::string>>();
  o.json = vm.count("json") > 0;
  o.overwrite = vm.count("overwrite") > 0;
  if (vm.count("html")) o.html = vm["html"].as<std::string>();
  if (vm.count("align")) o.align = vm["align"].as<std::string>();
  return o;
}

std::optional<ExportOptions> parse_export(const Args& args) {
  po::options_description opts("devolve export options");
  opts.add_options()("help,h", "show this help")("file", po::value<std::string>()->required(), "devolve output file")(
      "csv", po::value<std::string>(), "new folder for the CSV files (one tidy long file per dataset)")(
      "overwrite", "replace the folder if it holds only files devolve writes there (an earlier export); never a file");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve export OUT.h5 --csv DIR [--overwrite]")) return std::nullopt;
  ExportOptions o{vm["file"].as<std::string>(), std::nullopt, vm.count("overwrite") > 0};
  if (vm.count("csv")) o.csv = vm["csv"].as<std::string>();
  return o;
}

std::optional<SweepCommandOptions> parse_sweep(const Args& args) {
  po::options_description opts("devolve sweep options");
  opts.add_options()("help,h", "show this help")("sweep", po::value<std::string>()->required(), "sweep file (YAML)")(
      "output,o", po::value<std::string>()->required(), "HDF5 file to write")(
      "threads", po::value<int>()->default_value(0), "threads (0: all cores); results are identical whatever the count")(
      "resume", "finish an interrupted sweep from OUT.h5.partial")("overwrite", "replace OUT.h5 (and any journal); never a folder")(
      "validate", "check the sweep file and its inputs against the scenario, then stop")("quiet,q", "no progress or report");
  po::positional_options_description pos;
  pos.add("sweep", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve sweep SWEEP.yaml -o OUT.h5 [--threads N] [--resume] [--overwrite]"))
    return std::nullopt;
  SweepCommandOptions o;
  o.sweep = vm["sweep"].as<std::string>();
  o.output = vm["output"].as<std::string>();
  o.threads = vm["threads"].as<int>();
  o.resume = vm.count("resume") > 0;
  o.overwrite = vm.count("overwrite") > 0;
  o.validate = vm.count("validate") > 0;
  o.quiet = vm.count("quiet") > 0;
  return o;
}

std::optional<MultipliersOptions> parse_multipliers(const Args& args) {
  po::options_description opts("devolve multipliers options");
  opts.add_options()("help,h", "show this help")("model,m", po::value<std::string>()->required(),
                                                 "model: CSV folder, HDF5 file, or shipped id")(
      "output,o", po::value<std::string>()->required(), "HDF5 file to write")(
      "overwrite", "replace the output file if it exists; never a folder")(
      "top", po::value<std::size_t>()->default_value(15), "rows in the printed table of the largest multipliers")(
      "solver", po::value<std::string>()->default_value("automatic"), solver_help);
  po::positional_options_description pos;
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve multipliers --model MODEL -o OUT.h5 [--overwrite] [--top N]"))
    return std::nullopt;
  return MultipliersOptions{vm["model"].as<std::string>(), vm["output"].as<std::string>(), vm.count("overwrite") > 0,
                            vm["top"].as<std::size_t>(), solver_choice(vm, "multipliers")};
}

std::optional<ModelInfoOptions> parse_model_info(const Args& args) {
  po::options_description opts("devolve model info options");
  opts.add_options()("help,h", "show this help")("json", "print JSON for scripts")(
      "model", po::value<std::string>()->required(), "model folder, file, or shipped id")(
      "aggregate", po::value<std::string>(), "sum the regions into their itl1, itl2 or itl3 parents")(
      "all", "list every region and every metadata entry, values whole (default above 50 regions: the 15 largest, "
             "and each metadata family of over 50 entries as one line)");
  po::positional_options_description pos;
  pos.add("model", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve model info MODEL [--json] [--aggregate itl1|itl2|itl3] [--all]")) return std::nullopt;
  return ModelInfoOptions{vm["model"].as<std::string>(), vm.count("json") > 0,
                          vm.count("aggregate") ? vm["aggregate"].as<std::string>() : std::string(), vm.count("all") > 0};
}

std::optional<std::string> parse_model_check(const Args& args) {
  po::options_description opts("devolve model check options");
  opts.add_options()("help,h", "show this help")("model", po::value<std::string>()->required(), "model");
  po::positional_options_description pos;
  pos.add("model", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve model check MODEL")) return std::nullopt;
  return vm["model"].as<std::string>();
}

std::optional<ModelConvertOptions> parse_model_convert(const Args& args) {
  po::options_description opts("devolve model convert options");
  opts.add_options()("help,h", "show this help")("overwrite", "replace OUT if it exists: a file, or a folder of only a CSV model's files")(
      "in", po::value<std::string>()->required(), "model to read")("out", po::value<std::string>()->required(),
                                                                  "model to write: a .h5 file or a folder");
  po::positional_options_description pos;
  pos.add("in", 1).add("out", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve model convert IN OUT [--overwrite]")) return std::nullopt;
  return ModelConvertOptions{vm["in"].as<std::string>(), vm["out"].as<std::string>(), vm.count("overwrite") > 0};
}

std::optional<ModelBuildOptions> parse_model_build(const Args& args) {
  po::options_description opts("devolve model build options");
  opts.add_options()("help,h", "show this help")("config", po::value<std::string>()->required(),
                                                 "build configuration (YAML), or a shipped id such as uk-itl1-2022")(
      "output,o", po::value<std::string>(), "write the model here (.h5 file or CSV folder); default: the cache only")(
      "overwrite", "replace OUT if it exists: a file, or a folder of only a CSV model's files")("lq", po::value<std::string>(), "override: flq, aflq, slq or cilq")(
      "delta", po::value<double>(), "override: Flegg's delta, in [0, 1)")(
      "beta", po::value<double>(), "override: gravity distance decay, in [0, 10]")(
      "households", po::value<std::string>(), "override: population or income");
  po::positional_options_description pos;
  pos.add("config", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve model build CONFIG.yaml [-o OUT] [--overwrite] [--delta D] [--beta B]"))
    return std::nullopt;
  ModelBuildOptions o;
  o.config = vm["config"].as<std::string>();
  o.output = opt<std::string>(vm, "output");
  o.lq = opt<std::string>(vm, "lq");
  o.households = opt<std::string>(vm, "households");
  o.delta = opt<double>(vm, "delta");
  o.beta = opt<double>(vm, "beta");
  o.overwrite = vm.count("overwrite") > 0;
  return o;
}

}  // namespace devolve::cli
