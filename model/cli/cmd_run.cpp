#include <glob.h>

#include <chrono>
#include <iomanip>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "base/input_file.hpp"
#include "cli/heap.hpp"
#include "cli/options.hpp"
#include "cli/output_files.hpp"
#include "devolve/atomic_output.hpp"
#include "devolve/batch_run.hpp"
#include "devolve/error.hpp"
#include "devolve/file_kind.hpp"
#include "devolve/report.hpp"
#include "devolve/scenario.hpp"
#include "devolve/results_h5.hpp"
#include "devolve/scenario_run.hpp"
#include "devolve/timeline.hpp"

namespace devolve::cli {

namespace {

bool has_glob(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

// The scenario files to run: a quoted glob is expanded here (sorted), as the shell would; a file
// named like it wins. Of the files a glob matched, another kind of file devolve reads (a sweep, a
// profiles file, a geography's build configuration: file_kind) is skipped with a note on standard
// error and counted in `skipped`; a file named on its own is run, and the scenario reader says what it is.
std::vector<std::string> expand(const std::vector<std::string>& args, std::size_t& skipped) {
  std::vector<std::string> files;
  for (const auto& a : args) {
    std::error_code ec;
    if (!has_glob(a) || std::filesystem::exists(a, ec)) {
      files.push_back(a);
      continue;
    }
    glob_t g{};
    if (::glob(a.c_str(), 0, nullptr, &g) != 0) {
      ::globfree(&g);
      throw UsageError("devolve run: error: no scenario file matches '" + a + "'");
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < g.gl_pathc; ++i) {
      const std::string f = g.gl_pathv[i];
      FileKind kind = FileKind::scenario;
      try {
        kind = file_kind(read_regular_file(f));
      } catch (const Error&) {  // unreadable: run, so that the reader reports it
      }
      if (kind == FileKind::scenario) {
        files.push_back(f);
        ++kept;
        continue;
      }
      std::cerr << f << ": " << describe(kind) << ", not a scenario: skipped; " << use_instead(kind, f) << "\n";
      ++skipped;
    }
    const std::size_t matched = g.gl_pathc;
    ::globfree(&g);
    if (kept == 0)
      throw UsageError("devolve run: error: no scenario file matches '" + a + "' (the " + std::to_string(matched) +
                       " file" + (matched == 1 ? " it matches is" : "s it matches are") + " not scenarios)");
  }
  return files;
}

// devolve run only solves: a cached model may come with the LU factors of I - A instead of z.
ModelSettings run_settings() {
  ModelSettings s = model_settings();
  s.need_flows = false;
  return s;
}


// devolve run A.yaml B.yaml ... --output-dir DIR: one line a scenario, then a summary.
int run_batch_command(const std::vector<std::string>& files, const RunOptions& ro, std::size_t skipped) {
  std::error_code ec;
  std::filesystem::create_directories(ro.output_dir, ec);
  std::error_code se;
  if (!std::filesystem::is_directory(ro.output_dir, se)) {  // say why: a file of that name, or the system's reason
    const auto st = std::filesystem::status(ro.output_dir, se);
    const std::string why = std::filesystem::is_regular_file(st) ? "a file of that name exists (--output-dir names a folder)"
                            : std::filesystem::exists(st)       ? "something that is not a folder has that name"
                            : ec                                ? ec.message()
                                                                : "it is not a folder";
    throw UsageError(ro.output_dir + ": error: cannot create the output folder: " + why);
  }
  BatchOptions o;
  o.threads = ro.threads;
  o.overwrite = ro.overwrite;
  o.validate_first = ro.validate;
  o.settings = run_settings();
  o.profiles_dir = profiles_dir_from_env();
  const bool quiet = ro.quiet;
  o.finished = [quiet](const BatchItem& it) {
    if (it.ok) {
      std::cout << "ok     " << it.scenario << " -> " << it.output << " (" << std::fixed << std::setprecision(2)
                << it.seconds << " s)\n";
      // the local area of each procurement shock of several regions, as devolve run prints it, indented
      std::istringstream notes(quiet ? std::string() : it.local_area_notes);
      for (std::string line; std::getline(notes, line);) std::cout << "       " << line << "\n";
      std::cout << std::flush;
    } else {
      std::cerr << it.error << "\nfailed " << it.scenario << std::endl;
    }
  };
  const auto items = run_batch(files, ro.output_dir, o);
  std::size_t good = 0;
  for (const auto& it : items) good += it.ok ? 1 : 0;
  std::cout << good << " succeeded, " << items.size() - good << " failed";
  if (skipped) std::cout << ", " << skipped << " skipped (not scenarios)";
  std::cout << "\n";
  return good == items.size() ? ok : input;
}

}  // namespace

int cmd_run(const Args& args) {
  const auto o = parse_run(args);
  if (!o) return ok;
  std::size_t skipped = 0;
  const auto files = expand(o->scenarios, skipped);
  if (!o->output_dir.empty()) {
    if (!o->output.empty()) throw UsageError("devolve run: error: -o names one output; a batch writes to --output-dir");
    return run_batch_command(files, *o, skipped);
  }
  if (files.size() != 1) throw UsageError("devolve run: error: several scenarios need --output-dir DIR");
  const std::string& path = files[0];
  const std::string out = !o->output.empty() ? o->output : std::filesystem::path(path).stem().string() + ".h5";
  const bool overwrite = o->overwrite;
  require_h5_extension(out, "run");
  { AtomicOutput probe(out, overwrite); }  // refuse an existing output before any work
  timeline::mark("cmd_run: options read");
  Model model;
  ModelSettings settings = run_settings();
  // The structured solver needs z; shocked tables (local procurement) only the columns they
  // change, which a model from the cache's solver file reads when asked (Model::z_columns).
  settings.need_flows = o->solver == Solver::structured;
  const Scenario sc = read_scenario(path, settings, model, nullptr, profiles_dir_from_env());
  timeline::mark("cmd_run: scenario and model read");
  if (!o->quiet) std::cout << local_area_notes(sc) << std::flush;
  const bool whole = (!model.factored() && model.z.empty() && o->solver == Solver::structured) ||
                     needs_whole_model(model, sc);
  if (whole) model = load_model(sc.model_path, model_settings());
  if (o->summary.year && (*o->summary.year < sc.first_year || *o->summary.year > sc.last_year))
    throw UsageError("devolve: error: --year " + std::to_string(*o->summary.year) + " is outside the scenario's years " +
                     std::to_string(sc.first_year) + "-" + std::to_string(sc.last_year));
  if (model.factored()) keep_freed_memory();  // GMRES's work arrays reused, not faulted in at every step
  // impact and total compressed for the results file as soon as each is final, beside the rest of the run
  const ScenarioResults res = run_scenario(sc, model, o->solver, prepare_results_array);
  if (model.factored()) release_freed_memory();
  timeline::mark("cmd_run: scenario run");
  write_results_h5(sc, model, res, out, overwrite);
  timeline::mark("cmd_run: results written");
  if (!o->quiet) std::cout << report(out, false, o->summary);
  std::cout << "wrote " << out << "\n";
  return ok;
}

}  // namespace devolve::cli
