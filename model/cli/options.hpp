#pragma once
// The command line of every subcommand, parsed into plain structs. Boost.Program_options is
// included by options.cpp only; a parse error is a UsageError (exit code 2).
#include <cstddef>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "devolve/leontief.hpp"
#include "devolve/report.hpp"

namespace devolve::cli {

struct RunOptions {
  std::vector<std::string> scenarios;  //!< one, or a batch (with output_dir); quoted globs not yet expanded
  std::string output;  //!< default: the scenario file's name with .h5, in the current folder
  std::string output_dir;  //!< batch: DIR/<stem>.h5 for each scenario
  int threads = 1;         //!< batch: scenarios at once (0: all cores)
  bool overwrite = false, quiet = false, validate = false;
  SummaryChoice summary;    //!< --year, --cumulative, --peak
  Solver solver = Solver::automatic;  //!< --solver
};
struct ValidateOptions {
  std::vector<std::string> files;
};
struct ReportOptions {
  std::string file;
  bool json = false;
  std::optional<std::string> html;  //!< write a self-contained HTML report here
  bool overwrite = false;           //!< replace the HTML file
  SummaryChoice summary;            //!< --year, --cumulative, --peak, --aggregate
};
struct CompareOptionsCli {
  std::vector<std::string> files;   //!< A and B
  bool json = false, overwrite = false;
  std::optional<std::string> html, align;
};
struct ExportOptions {
  std::string file;
  std::optional<std::string> csv;
  bool overwrite = false;
};
struct SweepCommandOptions {
  std::string sweep, output;
  int threads = 0;
  bool resume = false, overwrite = false, validate = false, quiet = false;
};
struct MultipliersOptions {
  std::string model, output;
  bool overwrite = false;
  std::size_t top = 15;
  Solver solver = Solver::automatic;  //!< --solver
};
struct ModelInfoOptions {
  std::string model;
  bool json = false;
  std::string aggregate;  //!< --aggregate itl1|itl2|itl3, or empty
  bool all = false;       //!< --all: every region and metadata entry, values whole
};
struct ModelConvertOptions {
  std::string in, out;
  bool overwrite = false;
};
struct ModelBuildOptions {
  std::string config;
  std::optional<std::string> output, lq, households;
  std::optional<double> delta, beta;
  bool overwrite = false;
};

// Each returns nothing after printing the command's help for --help.
std::optional<RunOptions> parse_run(const Args& args);
std::optional<ValidateOptions> parse_validate(const Args& args);
std::optional<ReportOptions> parse_report(const Args& args);
std::optional<CompareOptionsCli> parse_compare(const Args& args);
std::optional<ExportOptions> parse_export(const Args& args);
std::optional<SweepCommandOptions> parse_sweep(const Args& args);
std::optional<MultipliersOptions> parse_multipliers(const Args& args);
std::optional<ModelInfoOptions> parse_model_info(const Args& args);
//! `devolve model check MODEL`: the model
std::optional<std::string> parse_model_check(const Args& args);
std::optional<ModelConvertOptions> parse_model_convert(const Args& args);
std::optional<ModelBuildOptions> parse_model_build(const Args& args);

//! DEVOLVE_SCENARIOS_DIR: the folder of the shipped profiles.yaml (empty: the source tree's scenarios/).
inline std::string profiles_dir_from_env() {
  const char* d = std::getenv("DEVOLVE_SCENARIOS_DIR");
  return d ? d : "";
}

}  // namespace devolve::cli
