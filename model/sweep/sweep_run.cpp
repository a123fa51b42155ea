// Running a sweep (docs/sweeps.md): named stages, each testable on its own: sampling, the linear
// path (sweep_linear.cpp) or the coefficients path, the journal (sweep_journal.cpp), statistics
// (sweep_statistics.cpp) and the results file.
#include "devolve/sweep_run.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>

#include "base/hash.hpp"
#include "base/h5file.hpp"
#include "base/text.hpp"
#include "devolve/atomic_output.hpp"
#include "devolve/error.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model_check.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/model_io.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_spec.hpp"
#include "devolve/scenario_run.hpp"
#include "devolve/sweep_statistics.hpp"
#include "devolve/version.hpp"
#include "output/output_common.hpp"
#include "projection/decomposition.hpp"
#include "projection/labour_supply.hpp"
#include "sweep/sweep_internal.hpp"
#include "sweep/sweep_journal.hpp"
#include "sweep/sweep_linear.hpp"

namespace fs = std::filesystem;

namespace devolve {

namespace {

// ---------------------------------------------------------------------------------------------
// Sample values: runs x inputs.
std::vector<double> sample_values(const SweepSpec& s) {
  const std::size_t k = s.inputs.size(), runs = s.runs();
  std::vector<double> v(runs * k);
  if (s.sampler == Sampler::grid) {
    for (std::size_t r = 0; r < runs; ++r) {
      std::size_t rest = r;
      for (std::size_t i = k; i-- > 0;) {
        const auto& in = s.inputs[i];
        const std::size_t level = rest % std::size_t(in.levels);
        rest /= std::size_t(in.levels);
        v[r * k + i] = in.distribution.kind == Distribution::Kind::values
                           ? in.distribution.params[level]
                           : in.distribution.quantile((double(level) + 0.5) / double(in.levels));
      }
    }
    return v;
  }
  if (s.sampler == Sampler::sobol) {
    // Saltelli design: per base sample j, runs A_j, B_j, then AB_j^i (A_j with input i from B_j).
    const auto u = unit_points(Sampler::sobol, s.samples, 2 * k, s.seed);
    for (std::size_t j = 0; j < s.samples; ++j)
      for (std::size_t row = 0; row < k + 2; ++row)
        for (std::size_t i = 0; i < k; ++i) {
          const double a = u[j * 2 * k + i], b = u[j * 2 * k + k + i];
          const double x = row == 0 ? a : row == 1 ? b : (i == row - 2 ? b : a);
          v[(j * (k + 2) + row) * k + i] = s.inputs[i].distribution.quantile(x);
        }
    return v;
  }
  const auto u = unit_points(s.sampler, s.samples, k, s.seed);
  for (std::size_t r = 0; r < runs; ++r)
    for (std::size_t i = 0; i < k; ++i) v[r * k + i] = s.inputs[i].distribution.quantile(u[r * k + i]);
  return v;
}

// ---------------------------------------------------------------------------------------------
// The coefficients path: each run sets its values in the scenario's spec (and, for model.*, the
// regionalisation), resolves it again against a new table if needed, and runs it.
struct CoefficientPath {
  const SweepSpec& spec;
  const Model& model;
  std::optional<BuildConfig> build;
  std::function<Model(const RegionalisationParameters&)> rebuild;  // variants of the table (model_cache.hpp)
  ScenarioData data;
  std::vector<ScenarioSpec> per_thread;  // the spec with its own parsed source for each thread
  // Without model.* inputs every run solves on the one table: its factorisation (and the Type II
  // system bordered on it), made once and shared by the runs, the same bits as a run's own
  // (scenario_run.hpp). Runs with local_procurement shocks still factorise their shocked tables.
  SharedSystems shared;
};

// One copy of the spec per thread: resolving reads the spec's parsed source, which yaml-cpp does
// not let threads share.
std::vector<ScenarioSpec> thread_specs(const SweepSpec& spec, int threads) {
  std::vector<ScenarioSpec> out;
  for (int t = 0; t < threads; ++t) out.push_back(read_scenario_spec_text(spec.scenario_text, spec.scenario_file));
  return out;
}

void coefficient_run(const CoefficientPath& cp, const double* values, double* row) {
  const SweepSpec& spec = cp.spec;
  const std::size_t thread = std::size_t(omp_get_thread_num());
  ScenarioSpec sp = thread < cp.per_thread.size() ? cp.per_thread[thread] : read_scenario_spec_text(spec.scenario_text, spec.scenario_file);
  std::optional<BuildConfig> cfg = cp.build;
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    const SweepInput& in = spec.inputs[i];
    const double v = values[i];
    std::string why;
    if (in.path == "model.delta") cfg->params.delta = v;
    else if (in.path == "model.beta") cfg->params.beta = v;
    else if (!set_scenario_input(sp, *in.input, in.numbers, in.path, v, why))
      throw InputError(spec.file, "input '" + in.path + "': " + why);
  }
  std::optional<Model> rebuilt;  // a new table for this run's model.* values; otherwise the model itself
  if (cfg) rebuilt = cp.rebuild(cfg->params);
  const Model& m = rebuilt ? *rebuilt : cp.model;
  const Scenario sc = resolve_scenario(sp, m, cp.data);
  // A sweep keeps the headline closure's totals by region alone: the run sums the sources before its
  // solves and skips the stages whose results are not kept (run_scenario_totals).
  const RegionTotals res = run_scenario_totals(sc, m, rebuilt ? nullptr : &cp.shared);
  const LabelledArray& br = res.by_region;
  const std::size_t Y = sc.years().size(), R = m.num_regions();
  for (std::size_t o = 0; o < spec.outputs.size(); ++o) {
    const bool labour = projection::is_labour_output(spec.outputs[o]);  // from the run's workplace jobs
    const std::string measure = labour ? "jobs" : spec.outputs[o];
    const std::size_t mi = std::size_t(std::find(res.measures.begin(), res.measures.end(), measure) - res.measures.begin());
    for (std::size_t t = 0; t < Y; ++t)
      for (std::size_t g = 0; g < R; ++g) row[(o * Y + t) * R + g] = br(mi, t, g);
    if (labour) projection::labour_output(residence_shares_row_major(m), sc.labour, spec.outputs[o], Y, R, row + o * Y * R);
  }
  if (rebuilt) reuse_variant(std::move(*rebuilt));  // its Z's storage for this thread's next table
}

// ---------------------------------------------------------------------------------------------
// Every run not yet done, in parallel; finished runs go to `results` and the journal. Returns the
// first failure's message (empty if none).
struct RunState {
  std::vector<double> results;  // runs x width
  std::vector<char> done;
  std::size_t finished = 0;
};

// `chunk`: on a team, the fewest runs handed to a process at once: 1 where a run is long (a
// coefficients run: a new table and its factorisation), more where runs are short. The threads take
// one run at a time (from the team when there is one), so no thread waits at the end for another's
// chunk.
std::string evaluate_runs(const std::function<void(std::size_t, double*)>& run_one, std::size_t width, RunState& st,
                          SweepJournal* journal, const SweepOptions& opt, std::size_t chunk) {
  const std::size_t runs = st.done.size(), start_finished = st.finished;
  const int threads = opt.threads > 0 ? opt.threads : omp_get_num_procs();
  const auto t0 = std::chrono::steady_clock::now();
  std::mutex lock;  // the journal, the results, the next run and the team's messages
  std::string failure;
  bool failed = false, halted = false;
  std::vector<std::size_t> pending;
  for (std::size_t r = 0; r < runs; ++r)
    if (!st.done[r]) pending.push_back(r);
  const bool keep = !opt.team || opt.team->leader();
  // Keeps a finished run, under the lock.
  const SweepTeam::Store store = [&](std::size_t r, const double* row) {
    if (st.done[r]) return;  // a run done twice (no rank is given one twice): the first is kept
    std::copy(row, row + width, st.results.begin() + std::ptrdiff_t(r * width));
    st.done[r] = 1;
    ++st.finished;
    journal->append(r, row);
    if (opt.progress) {
      SweepProgress p{SweepProgress::Stage::run, runs, st.finished, start_finished,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), {}};
      opt.progress(p);
    }
  };
  if (opt.team) opt.team->deal(pending, threads, chunk, lock, store, opt.stop);
  std::size_t cursor = 0;  // alone: the next of `pending`

#pragma omp parallel num_threads(threads)
  {
    // The runs share the threads: a run's own parallel loops (regionalisation's) run on its thread
    // alone. Only this thread's setting changes; with one thread the region is inactive and those
    // loops would otherwise take every core, whatever --threads says.
    omp_set_num_threads(1);
    std::vector<double> row(width, 0.0);
    for (;;) {
      std::optional<std::size_t> r;
      {
        std::lock_guard<std::mutex> guard(lock);
        if ((opt.stop && *opt.stop) || failed || halted) break;
        if (opt.team) r = opt.team->next();
        else if (cursor < pending.size()) r = pending[cursor++];
      }
      if (!r) break;
      std::fill(row.begin(), row.end(), 0.0);
      try {
        if (opt.mark) opt.mark("run " + std::to_string(*r) + " begin");
        run_one(*r, row.data());
        if (opt.mark) opt.mark("run " + std::to_string(*r) + " end");
        std::lock_guard<std::mutex> guard(lock);
        if (keep) store(*r, row.data());
        if (opt.team && !opt.team->finished(*r, row.data())) halted = true;
      } catch (const std::exception& e) {  // nothing may leave the parallel region
        std::lock_guard<std::mutex> guard(lock);
        if (failure.empty()) failure = e.what();
        failed = true;
      }
    }
  }
  if (opt.mark) opt.mark("own runs done");
  if (opt.team) failure = opt.team->finish(failure, opt.stop && *opt.stop);
  if (opt.mark) opt.mark("every run gathered");
  try {
    if (journal) journal->flush();
  } catch (const std::exception& e) {
    if (failure.empty()) failure = e.what();
  }
  return failure;
}

// ---------------------------------------------------------------------------------------------
// Statistics: national totals, quantiles over the runs (Sobol: over the A and B runs), Sobol indices.
struct SweepStatistics {
  std::size_t runs = 0;
  std::vector<int> years;
  std::string path_text, solver_text;
  std::vector<double> values, results, national, quantiles, national_quantiles;
  SobolIndices sobol_national, sobol_region;
};

const std::vector<double> quantile_levels = {0.05, 0.25, 0.5, 0.75, 0.95};

void compute_statistics(const SweepSpec& spec, std::size_t width, std::size_t R, SweepStatistics& st) {
  const std::size_t k = spec.inputs.size(), runs = st.runs, OY = width / R;
  std::vector<std::size_t> stat_runs;  // Sobol: the A and B rows (independent samples)
  for (std::size_t r = 0; r < runs; ++r)
    if (spec.sampler != Sampler::sobol || r % (k + 2) < 2) stat_runs.push_back(r);
  st.national.assign(runs * OY, 0.0);
  for (std::size_t r = 0; r < runs; ++r)
    for (std::size_t i = 0; i < OY; ++i)
      for (std::size_t g = 0; g < R; ++g) st.national[r * OY + i] += st.results[r * width + i * R + g];
  st.quantiles = column_quantiles(st.results, width, stat_runs, quantile_levels);
  st.national_quantiles = column_quantiles(st.national, OY, stat_runs, quantile_levels);
  if (spec.sampler == Sampler::sobol) {
    st.sobol_national = sobol_indices(st.national, OY, k, spec.samples);
    st.sobol_region = sobol_indices(st.results, width, k, spec.samples);
  }
}

// ---------------------------------------------------------------------------------------------
// The results file (docs/output-format.md, "Sweep results file").
void write_sweep_file(const SweepSpec& spec, const Model& model, const Scenario& base, const SweepStatistics& st,
                      AtomicOutput& target) {
  {
    H5File h = H5File::create(target.temp_path());
    write_root_attributes(h, "devolve-sweep-results", sweep_format_major, sweep_format_minor, model, base.model_path);
    h.attr("/", "sweep_yaml", spec.text);
    h.attr("/", "scenario_yaml", spec.scenario_text);
    h.attr("/", "scenario_name", base.name);
    h.attr("/", "sampler", to_string(spec.sampler));
    h.attr("/", "seed", std::int64_t(spec.seed));
    h.attr("/", "samples", std::int64_t(spec.samples));
    h.attr("/", "runs", std::int64_t(st.runs));
    h.attr("/", "path", st.path_text);
    h.attr("/", "solver", st.solver_text);
    if (spec.sampler == Sampler::sobol)
      h.attr("/", "design", "Saltelli: for base sample j, run j*(k+2) is A_j, the next B_j, then AB_j^i for each input i");
    const std::string g = "/sweep";
    std::vector<std::int64_t> run_ids(st.runs), yrs(st.years.begin(), st.years.end());
    for (std::size_t r = 0; r < st.runs; ++r) run_ids[r] = std::int64_t(r);
    h.dimension(g, "run", run_ids, "run number");
    std::vector<std::string> names, dists, paths;
    for (const auto& in : spec.inputs) names.push_back(in.path), dists.push_back(in.distribution.text()),
                                       paths.push_back(in.linear ? "linear" : "coefficients");
    h.dimension(g, "input", names, "key path of the varied input in the scenario (model.* : regionalisation)");
    h.strings(g, "input_distribution", {"input"}, dists, "distribution sampled");
    h.strings(g, "input_path", {"input"}, paths, "linear (scales final demand) or coefficients (a new table per run)");
    h.dimension(g, "measure", spec.outputs, "headline measure");
    std::vector<std::string> units;
    for (const auto& o : spec.outputs) {
      std::string u = model.currency;
      for (const auto& ind : model.indicators)
        if (ind.code == o) u = ind.unit;
      for (std::size_t i = 0; i < projection::labour_outputs.size(); ++i)
        if (projection::labour_outputs[i] == o) u = projection::labour_output_units[i];
      units.push_back(u);
    }
    h.strings(g, "measure_unit", {"measure"}, units, "unit of the measure");
    h.dimension(g, "year", yrs, "calendar year");
    std::vector<std::string> rc, rn;
    for (const auto& rg : model.regions) rc.push_back(rg.code), rn.push_back(rg.name);
    h.dimension(g, "region", rc, "region code");
    h.strings(g, "region_name", {"region"}, rn, "region name");
    h.dimension(g, "quantile", std::vector<std::string>{"0.05", "0.25", "0.5", "0.75", "0.95"}, "quantile");
    h.dataset(g, "inputs", {"run", "input"}, st.values, "see the scenario", "sampled value of each input in each run");
    h.dataset(g, "headline", {"run", "measure", "year", "region"}, st.results, "see measure_unit",
              "net change (all components) by region and year in each run");
    h.dataset(g, "national", {"run", "measure", "year"}, st.national, "see measure_unit", "UK total of headline");
    h.dataset(g, "quantiles", {"quantile", "measure", "year", "region"}, st.quantiles, "see measure_unit",
              "quantiles over the runs (Sobol: over the A and B runs)");
    h.dataset(g, "national_quantiles", {"quantile", "measure", "year"}, st.national_quantiles, "see measure_unit", "quantiles of the UK total");
    if (spec.sampler == Sampler::sobol) {
      h.dataset(g, "sobol_first", {"input", "measure", "year"}, st.sobol_national.first, "1",
                "first-order Sobol index of the UK total (Saltelli et al. 2010 estimator); NaN where the variance is 0");
      h.dataset(g, "sobol_total", {"input", "measure", "year"}, st.sobol_national.total, "1",
                "total Sobol index of the UK total (Jansen 1999 estimator); NaN where the variance is 0");
      h.attr(g + "/sobol_first", "implausible_estimates",
             std::int64_t(std::count(st.sobol_national.implausible.begin(), st.sobol_national.implausible.end(), 1)));
      h.dataset(g, "sobol_first_by_region", {"input", "measure", "year", "region"}, st.sobol_region.first, "1",
                "first-order Sobol index of each region's result (Saltelli et al. 2010); NaN where the variance is 0");
      h.dataset(g, "sobol_total_by_region", {"input", "measure", "year", "region"}, st.sobol_region.total, "1",
                "total Sobol index of each region's result (Jansen 1999); NaN where the variance is 0");
    }
    h.close();  // written to disk here, every write checked
  }
}

// The journal's key: a journal is resumed only by the same sweep on the same model, solved the same way.
std::uint64_t sweep_key(const SweepSpec& spec, const Model& model, const std::string& solver) {
  const std::string sum = model_checksum(model);
  return hash::fnv1a(solver.data(), solver.size(),
                     hash::fnv1a(spec.text.data(), spec.text.size(),
                                 hash::fnv1a(spec.scenario_text.data(), spec.scenario_text.size(),
                                             hash::fnv1a(version, std::strlen(version), hash::fnv1a(sum.data(), sum.size())))));
}

void report(const SweepOptions& opt, SweepProgress::Stage stage, std::size_t runs, std::size_t finished, double seconds,
            std::string path = {}) {
  if (opt.progress) opt.progress(SweepProgress{stage, runs, finished, finished, seconds, std::move(path)});
}

}  // namespace

namespace sweep_detail {

// How the runs solve (I - A) (docs/methodology.md, "Which solver"): a model.* sample's table is
// built in factored form and solved by the structured solver from structured_samples_from sectors
// (every UK model); otherwise the base model's own choice, as `base` (Leontief::solver_description
// of the system the setup factorised; empty where it made none) says: Leontief, automatic, takes
// the structured solver above structured_threshold sectors where the model is factored or its Z has
// the factored form, else the dense LU. Read from that system, so no factorisation is made for it.
std::string sweep_solver(const Model& model, bool samples_factored, const std::string& base) {
  const std::string n = "n = " + std::to_string(model.num_sectors());
  if (samples_factored)
    return "structured (GMRES on each run's factored coefficients, block-Jacobi preconditioned, " + n +
           "): each sample's table is built in factored form";
  if (model.factored() || base.rfind("structured", 0) == 0)
    return "structured (GMRES on the factored coefficients, block-Jacobi preconditioned, " + n + ")";
  return "dense LU (" + n + ")";
}

}  // namespace sweep_detail

void run_sweep(const SweepSpec& spec, const std::string& out, const SweepOptions& opt) {
  const std::string partial = out + ".partial";
  const bool leader = !opt.team || opt.team->leader();  // keeps the journal and writes the file
  std::error_code ec;
  if (leader && !opt.resume && fs::exists(partial, ec) && !opt.overwrite)
    throw UsageError(partial + ": error: an interrupted sweep is here; pass --resume to finish it, or --overwrite to start again");
  if (leader) {
    AtomicOutput probe(out, opt.overwrite);
  }

  auto mark = [&](const char* what) {
    if (opt.mark) opt.mark(what);
  };
  mark("sweep begins");
  Model model;
  const Scenario base = read_scenario_text(spec.scenario_text, spec.scenario_file, spec.model_settings, model, false, spec.profiles_dir);
  SweepStatistics st;
  st.years = base.years();
  st.runs = spec.runs();
  const std::size_t k = spec.inputs.size(), runs = st.runs, R = model.num_regions();
  const std::size_t width = spec.outputs.size() * st.years.size() * R;
  const bool linear = spec.linear() && !opt.force_coefficients;
  st.values = sample_values(spec);
  bool rebuilt = false;
  for (const auto& in : spec.inputs) rebuilt = rebuilt || (!linear && sweep_detail::is_model_path(in.path));
  const bool samples_factored = rebuilt && model.num_sectors() >= structured_samples_from;
  mark("model read, samples drawn");

  single_threaded_linear_algebra();  // deterministic whatever the thread count: runs are independent
  st.path_text = linear ? "linear: every input scales final demand or the R&D dynamics; one factorisation, "
                          "unit responses combined per run"
                        : "coefficients: a new scenario (and, for model.*, a new regionalised table) and "
                          "factorisation per run";
  const auto t0 = std::chrono::steady_clock::now();
  LinearModel lm;
  if (linear) lm = linear_model(base, model, spec.outputs);
  CoefficientPath cp{spec, model, std::nullopt, {}, {}, {}, {}};
  if (!linear) {
    if (rebuilt) cp.build = read_build_config(base.model_path);
    if (cp.build)
      cp.rebuild = model_builder(*cp.build, DenseRas::factors, samples_factored ? FlowForm::factored : FlowForm::automatic);
    else cp.shared = share_systems(model);
    mark(cp.build ? "regionalisation inputs read" : "systems factorised");
    cp.data = load_scenario_data(spec.model_settings, spec.profiles_dir);
    cp.per_thread = thread_specs(spec, opt.threads > 0 ? opt.threads : omp_get_num_procs());
  }
  // The solver, named in the journal's key and the file, as the setup's system says.
  st.solver_text = sweep_detail::sweep_solver(model, samples_factored,
                                              linear ? lm.solver : cp.shared.systems ? cp.shared.systems->solver : std::string());
  RunState rs;
  if (leader) rs.results.assign(runs * width, 0.0);
  rs.done.assign(runs, 0);
  std::optional<SweepJournal> journal;
  if (leader) journal.emplace(partial, sweep_key(spec, model, st.solver_text), runs, width, opt.resume, rs.results, rs.done);
  rs.finished = leader ? journal->finished_on_open() : 0;
  if (leader) mark("journal opened");
  report(opt, SweepProgress::Stage::start, runs, rs.finished, 0, st.path_text);
  const double* values = st.values.data();
  auto run_one = [&](std::size_t r, double* row) {
    if (linear) linear_run(lm, spec, values + r * k, r, row);
    else coefficient_run(cp, values + r * k, row);
  };
  mark("setup done");
  // The leader decides the chunk, and every process must take the leader's path (DEVOLVE_SWEEP_PATH
  // is read by each process: a launcher may not pass it to other nodes).
  std::size_t chunk = linear ? 16 : 1;
  if (opt.team) chunk = opt.team->start(rs.done, width, chunk, hash::fnv1a(st.path_text.data(), st.path_text.size()));
  if (opt.team) mark("team started");
  const std::string failure = evaluate_runs(run_one, width, rs, journal ? &*journal : nullptr, opt, chunk);
  if (!leader) return;  // the leader reports this process's failure with its own
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  report(opt, SweepProgress::Stage::evaluated, runs, rs.finished, seconds());
  if (!failure.empty()) throw Error(spec.file + ": error: " + failure + " (finished runs are kept in " + partial + ")");
  // Complete when every run's flag is set (a count could include a run stored twice).
  const std::size_t saved = std::size_t(std::count(rs.done.begin(), rs.done.end(), char(1)));
  if (saved < runs)
    throw Interrupted(spec.file + ": interrupted: " + std::to_string(saved) + " of " + std::to_string(runs) +
                      " runs are saved in " + partial + "; run the same command with --resume to finish");

  st.results = std::move(rs.results);
  compute_statistics(spec, width, R, st);
  mark("statistics computed");
  AtomicOutput target(out, opt.overwrite);
  write_sweep_file(spec, model, base, st, target);
  target.commit();
  fs::remove(partial, ec);
  mark("file written");
  report(opt, SweepProgress::Stage::done, runs, runs, seconds());
}

}  // namespace devolve
