// A batch of scenarios (docs/scenarios.md, "Batches"): outputs named and checked first, each
// model loaded once (keyed by its resolved path), every scenario read against its model, each
// model's Leontief systems factorised once (threaded, as devolve run factorises) before its first
// scenario runs, and the scenarios run on the shared factorisations as they are read (with
// --validate: once all are read). Scenarios of dense models run at once, each on its worker's one
// thread (a dense run's bits do not depend on its thread count, docs/methodology.md "Results and
// the thread count"); those of structured (factored) models one at a time, their linear algebra
// threaded, as in devolve run. Results files are written one at a time (the HDF5 library is not
// thread-safe).
#include "devolve/batch_run.hpp"

#include <omp.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <sstream>
#include <thread>

#include "devolve/atomic_output.hpp"
#include "devolve/error.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/results_h5.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"
#include "scenario/scenario_source.hpp"

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
std::string model_key(const std::string& file, const YAML::Node& root, const ModelSettings& settings) {
  try {
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

std::string model_key(const std::string& file, const std::string& text, const ModelSettings& settings) {
  try {
    return model_key(file, YAML::Load(text), settings);
  } catch (const std::exception&) {
    return {};
  }
}

// Reads scenarios against their models, loading each model once.
class Reader {
 public:
  explicit Reader(const BatchOptions& opt) : opt_(opt) {
    // The shipped data (profiles.yaml, the data/uk tables) read once for every scenario read against
    // a shared model, as read_scenario_text would read it for each; where that fails, each reads it
    // itself (and reports the error, located, as devolve run does).
    try {
      data_ = load_scenario_data(opt.settings, opt.profiles_dir);
    } catch (const std::exception&) {
      data_.reset();
    }
  }

  void read(Job& j) {
    if (!j.item.error.empty()) return;
    j.t0 = std::chrono::steady_clock::now();
    try {
      std::ifstream in(j.item.scenario, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      j.text = ss.str();
      // Parsed once, for the model key and the scenario; text that yaml::parse refuses is read as before.
      std::optional<yaml::Source> src;
      try {
        if (in) src = yaml::parse(j.text, j.item.scenario);
      } catch (const std::exception&) {
      }
      const std::string key = !in ? std::string()
                              : src ? model_key(j.item.scenario, src->root, opt_.settings)
                                    : model_key(j.item.scenario, j.text, opt_.settings);
      auto found = key.empty() ? models_.end() : models_.find(key);
      if (!key.empty() && found == models_.end()) {
        try {
          found = models_.emplace(key, std::make_shared<Model>(load_model(key, opt_.settings))).first;
        } catch (const Error&) {
          found = models_.end();  // the reader reports it, located at the model key
        }
      }
      Model own;
      if (found == models_.end()) {  // read as devolve run reads it: its own model, its own errors
        j.scenario = read_scenario(j.item.scenario, opt_.settings, own, nullptr, opt_.profiles_dir);
        if (needs_whole_model(own, *j.scenario)) {
          ModelSettings s = opt_.settings;
          s.need_flows = true;
          own = load_model(j.scenario->model_path, s);
        }
        j.model = std::make_shared<Model>(std::move(own));
      } else {
        j.scenario = data_ && src ? read_scenario_source(std::move(*src), opt_.settings, *found->second, true, *data_)
                     : data_      ? read_scenario_text(j.text, j.item.scenario, opt_.settings, *found->second, true, *data_)
                                  : read_scenario_text(j.text, j.item.scenario, opt_.settings, *found->second, true, opt_.profiles_dir);
        j.scenario->model_path = key;
        j.model = found->second;
        if (needs_whole_model(*j.model, *j.scenario)) {
          auto& full = models_[key + "\n(with flows)"];
          if (!full) {
            ModelSettings s = opt_.settings;
            s.need_flows = true;
            full = std::make_shared<Model>(load_model(key, s));
          }
          j.model = full;
        }
      }
      j.item.local_area_notes = local_area_notes(*j.scenario);
    } catch (const std::exception& e) {
      j.item.error = e.what();
    }
    j.item.seconds = since(j.t0);
  }

  // True if the job's model is factorised already (factorise then only shares it).
  bool factorised(const Job& j) const { return shared_.count(j.model.get()) > 0; }

  // Factorises the job's model once, before any scenario of it runs, threaded as in devolve run.
  void factorise(Job& j) {
    auto& s = shared_[j.model.get()];
    if (!s) {
      const auto t0 = std::chrono::steady_clock::now();
      s = std::make_shared<const SharedSystems>(share_systems(*j.model));
      j.item.seconds += since(t0);
    }
    j.systems = s;
  }

 private:
  const BatchOptions& opt_;
  std::optional<ScenarioData> data_;
  std::map<std::string, std::shared_ptr<Model>> models_;
  std::map<const Model*, std::shared_ptr<const SharedSystems>> shared_;
};

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
  Reader reader(opt);
  std::mutex lock;  // HDF5 is not thread-safe; and the caller's `finished`
  auto done = [&](Job& j) {
    j.item.ok = j.item.error.empty();
    std::lock_guard<std::mutex> g(lock);
    if (opt.finished) opt.finished(j.item);
  };
  // A scenario of a dense model runs on its worker's thread alone (OpenMP's thread count is the
  // thread's own setting; OpenBLAS runs on one thread outside factorisations, leontief.cpp), beside
  // the other workers' scenarios: its numbers are those of any thread count, so devolve run's. One of
  // a structured model (GMRES, threaded reductions) runs alone with every thread, as in devolve run:
  // two workers' OpenMP teams on the same cores wait on each other (spinning). So do the
  // factorisations (solving held alone by the reader).
  std::shared_mutex solving;
  auto run_one = [&](Job& j) {
    const auto t0 = std::chrono::steady_clock::now();
    try {
      j.item.ran = true;
      std::optional<ScenarioResults> res;
      if (j.systems->threaded) {
        std::unique_lock<std::shared_mutex> solo(solving);
        res.emplace(run_scenario(*j.scenario, *j.model, *j.systems));
      } else {
        std::shared_lock<std::shared_mutex> beside(solving);
        const int threads = omp_get_max_threads();
        omp_set_num_threads(1);
        try {
          res.emplace(run_scenario(*j.scenario, *j.model, *j.systems));
        } catch (...) {
          omp_set_num_threads(threads);
          throw;
        }
        omp_set_num_threads(threads);
      }
      std::lock_guard<std::mutex> g(lock);  // HDF5 is not thread-safe
      // Compressed on one thread: an OpenMP team started from the writer's compressing thread (a new
      // thread for each file, so a new team each time) spins against the other worker's solve.
      write_results_h5(*j.scenario, *j.model, *res, j.item.output, opt.overwrite, false);
    } catch (const std::exception& e) {  // nothing may leave a worker
      j.item.error = e.what();
    }
    j.item.seconds += since(t0);
    done(j);
  };
  // The runnable scenarios, queued in the order given, each once its model is factorised.
  std::vector<Job*> ready;
  std::size_t next = 0;
  bool all_queued = false, stop = false;
  std::exception_ptr failed;  // the first exception that left a worker (its `finished` callback)
  std::mutex queue;
  std::condition_variable more;
  auto enqueue = [&](Job* j) {  // nullptr: no more
    {
      std::lock_guard<std::mutex> q(queue);
      if (j) ready.push_back(j);
      else all_queued = true;
    }
    more.notify_all();
  };
  // Workers are plain threads, not an OpenMP region: a structured model's run threads its linear
  // algebra as in devolve run. Every number equals devolve run's for any count (tests/cli/batch_cli.py).
  auto halt = [&](std::exception_ptr e) {  // no more jobs start; the first exception is kept
    {
      std::lock_guard<std::mutex> q(queue);
      stop = true;
      if (e && !failed) failed = e;
    }
    more.notify_all();
  };
  auto worker = [&] {
    for (;;) {
      Job* j = nullptr;
      {
        std::unique_lock<std::mutex> q(queue);
        more.wait(q, [&] { return next < ready.size() || all_queued || stop; });
        if (stop || next == ready.size()) return;
        j = ready[next++];
      }
      try {
        run_one(*j);
      } catch (...) {  // nothing may leave a thread: kept, rethrown once every worker is joined
        halt(std::current_exception());
        return;
      }
    }
  };
  std::size_t candidates = 0;  // scenarios whose output was accepted
  for (const Job& j : jobs) candidates += j.item.error.empty() ? 1 : 0;
  const int threads = std::max(1, std::min<int>(opt.threads > 0 ? opt.threads : omp_get_num_procs(), int(candidates)));
  std::vector<std::thread> pool;
  // An exception on the reading thread (bad_alloc, no thread to be had) or in a worker (its
  // `finished` callback) stops the queue and joins the workers before it leaves (a joinable
  // std::thread destroyed is std::terminate); a job already running finishes.
  try {
    if (opt.validate_first) {  // every scenario read before any runs, none run if one fails to read
      for (Job& j : jobs) reader.read(j);
      bool all_read = true;
      for (const Job& j : jobs) all_read = all_read && j.item.error.empty();
      for (Job& j : jobs) {
        if (!j.item.error.empty() || !all_read) {
          if (j.item.error.empty()) j.item.error = j.item.scenario + ": not run: another scenario of the batch failed to read (--validate)";
          done(j);
          continue;
        }
        reader.factorise(j);
        enqueue(&j);
      }
      enqueue(nullptr);
      for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    } else {
      // The first scenarios run while the next are read (2026-12-01: reading and loading the models
      // were a tenth of a batch's CPU time, on one core before any ran; docs/performance.md), on N
      // workers beside this reading thread. The reading takes the HDF5 lock (the model and solver
      // files), a model's factorisation the solving one too (alone: no scenario runs meanwhile);
      // a scenario on a model factorised already waits for neither.
      for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
      for (Job& j : jobs) {
        {
          std::lock_guard<std::mutex> g(lock);
          reader.read(j);
        }
        if (!j.item.error.empty()) {
          done(j);
          continue;
        }
        if (!reader.factorised(j)) {
          std::unique_lock<std::shared_mutex> solo(solving);
          std::lock_guard<std::mutex> g(lock);
          reader.factorise(j);
        } else {
          reader.factorise(j);
        }
        enqueue(&j);
      }
      enqueue(nullptr);
    }
  } catch (...) {  // no queued job starts after it; the running ones finish
    halt(nullptr);
    for (auto& t : pool)
      if (t.joinable()) t.join();
    throw;
  }
  if (opt.validate_first) worker();  // otherwise the pool holds the N workers
  for (auto& t : pool) t.join();
  if (failed) std::rethrow_exception(failed);
  std::vector<BatchItem> out;
  for (Job& j : jobs) out.push_back(std::move(j.item));
  return out;
}

}  // namespace devolve
