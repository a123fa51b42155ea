// A batch of scenarios (docs/scenarios.md, "Batches"): outputs named and checked first, each
// model loaded once (keyed by its resolved path), every scenario read against its model, each
// model's Leontief systems factorised once (threaded, as devolve run factorises), then the
// scenarios run on the shared factorisations, one solving at a time (its linear algebra threaded)
// while another writes its results file (the HDF5 library is not thread-safe: one at a time).
#include "devolve/batch_run.hpp"

#include <omp.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "devolve/atomic_output.hpp"
#include "devolve/error.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/results_h5.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"

namespace fs = std::filesystem;

namespace devolve {

namespace {

struct Job {
  BatchItem item;
  std::string text;
  std::shared_ptr<Model> model;
  std::shared_ptr<const SharedSystems> systems;  // the model's, factorised once
  std::optional<Scenario> scenario;
  std::chrono::steady_clock::time_point t0;
};

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The model a scenario file names, resolved as the scenario reader resolves it (relative to the
// file first); empty if the file or its model key cannot be read (the reader then says why).
std::string model_key(const std::string& file, const std::string& text, const ModelSettings& settings) {
  try {
    const YAML::Node root = YAML::Load(text);
    if (!root.IsMap() || !root["model"] || !root["model"].IsScalar()) return {};
    std::string spec = root["model"].as<std::string>();
    const fs::path rel = fs::path(file).parent_path() / spec;
    std::error_code ec;
    if (fs::path(spec).is_relative() && fs::exists(rel, ec)) spec = rel.string();
    return resolve_model(spec, settings);
  } catch (const std::exception&) {
    return {};
  }
}

// Reads every scenario against its model, loading each model once.
void read_all(std::vector<Job>& jobs, const BatchOptions& opt) {
  std::map<std::string, std::shared_ptr<Model>> models;
  // The shipped data (profiles.yaml, the data/uk tables) read once for every scenario read against
  // a shared model, as read_scenario_text would read it for each; where that fails, each reads it
  // itself (and reports the error, located, as devolve run does).
  std::optional<ScenarioData> data;
  try {
    data = load_scenario_data(opt.settings, opt.profiles_dir);
  } catch (const std::exception&) {
    data.reset();
  }
  for (Job& j : jobs) {
    if (!j.item.error.empty()) continue;
    j.t0 = std::chrono::steady_clock::now();
    try {
      std::ifstream in(j.item.scenario, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      j.text = ss.str();
      const std::string key = in ? model_key(j.item.scenario, j.text, opt.settings) : std::string();
      auto found = key.empty() ? models.end() : models.find(key);
      if (!key.empty() && found == models.end()) {
        try {
          found = models.emplace(key, std::make_shared<Model>(load_model(key, opt.settings))).first;
        } catch (const Error&) {
          found = models.end();  // the reader reports it, located at the model key
        }
      }
      Model own;
      if (found == models.end()) {  // read as devolve run reads it: its own model, its own errors
        j.scenario = read_scenario(j.item.scenario, opt.settings, own, nullptr, opt.profiles_dir);
        if (needs_whole_model(own, *j.scenario)) {
          ModelSettings s = opt.settings;
          s.need_flows = true;
          own = load_model(j.scenario->model_path, s);
        }
        j.model = std::make_shared<Model>(std::move(own));
      } else {
        j.scenario = data ? read_scenario_text(j.text, j.item.scenario, opt.settings, *found->second, true, *data)
                          : read_scenario_text(j.text, j.item.scenario, opt.settings, *found->second, true, opt.profiles_dir);
        j.scenario->model_path = key;
        j.model = found->second;
        if (needs_whole_model(*j.model, *j.scenario)) {
          auto& full = models[key + "\n(with flows)"];
          if (!full) {
            ModelSettings s = opt.settings;
            s.need_flows = true;
            full = std::make_shared<Model>(load_model(key, s));
          }
          j.model = full;
        }
      }
    } catch (const std::exception& e) {
      j.item.error = e.what();
    }
    j.item.seconds = since(j.t0);
  }
}

// Factorises each model of the runnable jobs once, before any scenario runs, so that the
// factorisation is threaded as in devolve run whatever the batch's thread count.
void share_factorisations(const std::vector<Job*>& runnable) {
  std::map<const Model*, std::shared_ptr<const SharedSystems>> shared;
  for (Job* j : runnable) {
    auto& s = shared[j->model.get()];
    if (!s) {
      const auto t0 = std::chrono::steady_clock::now();
      s = std::make_shared<const SharedSystems>(share_systems(*j->model));
      j->item.seconds += since(t0);
    }
    j->systems = s;
  }
}

}  // namespace

std::vector<BatchItem> run_batch(const std::vector<std::string>& scenarios, const std::string& output_dir,
                                 const BatchOptions& opt) {
  std::vector<Job> jobs(scenarios.size());
  std::map<std::string, std::string> taken;  // output -> scenario
  std::map<std::string, std::string> given;  // the scenario file, as found on disk -> as given
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    BatchItem& it = jobs[i].item;
    it.scenario = scenarios[i];
    it.output = (fs::path(output_dir) / (fs::path(scenarios[i]).stem().string() + ".h5")).string();
    const auto [at, fresh] = taken.emplace(it.output, it.scenario);
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(scenarios[i], ec);
    const auto [first, once] = given.emplace(ec ? scenarios[i] : real.string(), scenarios[i]);
    try {
      if (!once)
        throw UsageError(it.scenario + ": error: this scenario file is given twice (also as " + first->second +
                         "); it is run once");
      if (!fresh) throw UsageError(it.output + ": error: also the output of " + at->second + " (rename one scenario file)");
      AtomicOutput probe(it.output, opt.overwrite);
    } catch (const Error& e) {
      it.error = e.what();
    }
  }
  read_all(jobs, opt);
  bool all_read = true;
  for (const Job& j : jobs) all_read = all_read && j.item.error.empty();
  std::mutex lock;
  auto done = [&](Job& j) {
    j.item.ok = j.item.error.empty();
    std::lock_guard<std::mutex> g(lock);
    if (opt.finished) opt.finished(j.item);
  };
  std::vector<Job*> runnable;
  for (Job& j : jobs) {
    if (j.item.error.empty() && (all_read || !opt.validate_first)) runnable.push_back(&j);
    else {
      if (j.item.error.empty()) j.item.error = j.item.scenario + ": not run: another scenario of the batch failed to read (--validate)";
      done(j);
    }
  }
  share_factorisations(runnable);
  const int threads = std::max(1, std::min<int>(opt.threads > 0 ? opt.threads : omp_get_num_procs(), int(runnable.size())));
  // One scenario solves at a time: its linear algebra is threaded over every core already (OpenMP
  // and OpenBLAS teams, as in devolve run), and two workers' teams on the same cores wait on each
  // other (spinning). Workers overlap only outside the solve, one writing its results file while
  // the next solves (2026-11-30: --threads 2 was slower than 1 without this; docs/performance.md).
  std::mutex solving;
  auto run_one = [&](Job& j) {
    const auto t0 = std::chrono::steady_clock::now();
    try {
      j.item.ran = true;
      std::unique_lock<std::mutex> solo(solving);
      const ScenarioResults res = run_scenario(*j.scenario, *j.model, *j.systems);
      solo.unlock();
      std::lock_guard<std::mutex> g(lock);  // HDF5 is not thread-safe
      // Compressed on one thread: an OpenMP team started from the writer's compressing thread (a new
      // thread for each file, so a new team each time) spins against the other worker's solve.
      write_results_h5(*j.scenario, *j.model, res, j.item.output, opt.overwrite, false);
    } catch (const std::exception& e) {  // nothing may leave a worker
      j.item.error = e.what();
    }
    j.item.seconds += since(t0);
    done(j);
  };
  // The scenarios then only solve with the shared factors. Workers are plain threads, not an
  // OpenMP region: inside one, Eigen would not thread its products and so would block them
  // differently (other last bits); from a plain thread each run's linear algebra is threaded as in
  // devolve run, so every number equals devolve run's for any count (tests/cli/batch_cli.py).
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t q = next++; q < runnable.size(); q = next++) run_one(*runnable[q]);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  std::vector<BatchItem> out;
  for (Job& j : jobs) out.push_back(std::move(j.item));
  return out;
}

}  // namespace devolve
