// A batch of scenarios (docs/scenarios.md, "Batches"): outputs named and checked first, each
// model loaded once (keyed by its resolved path), every scenario read against its model, each
// model's Leontief systems factorised once (threaded, as devolve run factorises) before its first
// scenario runs, and the scenarios run on the shared factorisations as they are read (with
// --validate: once all are read). The files are read a model's together (in windows of 64 as given)
// and the scenarios of the largest model run first. Scenarios of dense models run at once, each on
// its worker's one thread (a dense run's bits do not depend on its thread count, docs/methodology.md
// "Results and the thread count"); those of structured (factored) models one at a time, their
// linear algebra threaded, as in devolve run. Every HDF5 call is made under one lock (the library is
// not thread-safe): the results files are written one at a time, their large arrays compressed
// before it on the worker's thread and the finished file sealed after it; reading takes it only to
// load a model (docs/performance.md, "Batches: both cores").
#include "devolve/batch_run.hpp"

#include <omp.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
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

// Holds the workers' queue closed (no scenario starts) while it lives.
class Gate {
 public:
  Gate(std::mutex& queue, bool& gate, std::condition_variable& more) : queue_(queue), gate_(gate), more_(more) {
    std::lock_guard<std::mutex> q(queue_);
    gate_ = true;
  }
  ~Gate() {
    {
      std::lock_guard<std::mutex> q(queue_);
      gate_ = false;
    }
    more_.notify_all();
  }
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

 private:
  std::mutex& queue_;
  bool& gate_;
  std::condition_variable& more_;
};

struct Job {
  BatchItem item;
  std::size_t index = 0;  // in the order given
  bool peeked = false;    // text and key read
  std::string text;
  std::optional<yaml::Source> src;  // text parsed (none where yaml::parse refuses it)
  std::string key;        // the model the file names, resolved (empty: read as devolve run reads it)
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

// Whether sharing a model's systems (share_systems) only takes the LU factors the model cache kept
// (Leontief's constructor: dense, factors of its order made under this process's BLAS
// configuration): no factorisation, no thread started, so it may run beside the workers' scenarios.
bool factors_kept(const Model& m) {
  return !m.factored() && m.num_sectors() <= Leontief::structured_threshold && Leontief::kept_factors_usable(m);
}

// Reads scenarios against their models, loading each model once.
class Reader {
 public:
  // `hdf5`: the batch's HDF5 lock, held while reading calls HDF5 (a model read from its file or the
  // model cache, built into the cache, or its flows' file opened), not while the scenario's YAML and
  // data are read.
  Reader(const BatchOptions& opt, std::mutex& hdf5) : opt_(opt), hdf5_(hdf5) {
    // The shipped data (profiles.yaml, the data/uk tables) read once for every scenario read against
    // a shared model, as read_scenario_text would read it for each; where that fails, each reads it
    // itself (and reports the error, located, as devolve run does).
    try {
      data_ = load_scenario_data(opt.settings, opt.profiles_dir);
    } catch (const std::exception&) {
      data_.reset();
    }
  }

  // Reads the scenario file and the model it names (no HDF5 call).
  void peek(Job& j) {
    if (!j.item.error.empty() || j.peeked) return;
    const auto t0 = std::chrono::steady_clock::now();
    j.peeked = true;
    try {
      std::ifstream in(j.item.scenario, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      j.text = ss.str();
      // Parsed once, for the model key and the scenario; text that yaml::parse refuses is read as before.
      try {
        if (in) j.src = yaml::parse(j.text, j.item.scenario);
      } catch (const std::exception&) {
      }
      j.key = !in ? std::string()
              : j.src ? model_key(j.item.scenario, j.src->root, opt_.settings)
                      : model_key(j.item.scenario, j.text, opt_.settings);
    } catch (const std::exception& e) {
      j.item.error = e.what();
    }
    j.item.seconds += since(t0);
  }

  void read(Job& j) {
    peek(j);
    if (!j.item.error.empty()) return;
    j.t0 = std::chrono::steady_clock::now();
    try {
      const std::string& key = j.key;
      auto found = key.empty() ? models_.end() : models_.find(key);
      if (!key.empty() && found == models_.end()) {
        try {
          std::lock_guard<std::mutex> g(hdf5_);
          found = models_.emplace(key, std::make_shared<Model>(load_model(key, opt_.settings))).first;
        } catch (const Error&) {
          found = models_.end();  // the reader reports it, located at the model key
        }
      }
      Model own;
      if (found == models_.end()) {  // read as devolve run reads it: its own model, its own errors
        std::lock_guard<std::mutex> g(hdf5_);
        j.scenario = read_scenario(j.item.scenario, opt_.settings, own, nullptr, opt_.profiles_dir);
        if (needs_whole_model(own, *j.scenario)) {
          ModelSettings s = opt_.settings;
          s.need_flows = true;
          own = load_model(j.scenario->model_path, s);
        }
        j.model = std::make_shared<Model>(std::move(own));
      } else {
        j.scenario = data_ && j.src ? read_scenario_source(std::move(*j.src), opt_.settings, *found->second, true, *data_)
                     : data_      ? read_scenario_text(j.text, j.item.scenario, opt_.settings, *found->second, true, *data_)
                                  : read_scenario_text(j.text, j.item.scenario, opt_.settings, *found->second, true, opt_.profiles_dir);
        j.scenario->model_path = key;
        j.model = found->second;
        std::lock_guard<std::mutex> g(hdf5_);  // needs_whole_model may open the model's flows file
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
    j.item.seconds += since(j.t0);
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
  std::mutex& hdf5_;
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
    jobs[i].index = i;
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
  std::mutex lock;      // held while HDF5 is called: the library is not thread-safe
  std::mutex finished;  // the caller's `finished`, called one at a time
  Reader reader(opt, lock);
  auto done = [&](Job& j) {
    j.item.ok = j.item.error.empty();
    std::lock_guard<std::mutex> g(finished);
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
      // The results file's large arrays compressed here, on this thread (a new thread's OpenMP team
      // would spin against the other worker's solve), before the HDF5 lock, which is held only while
      // the file is written: the same file.
      compress_results_arrays(*res);
      write_results_h5(*j.scenario, *j.model, *res, j.item.output, opt.overwrite, false, &lock);
    } catch (const std::exception& e) {  // nothing may leave a worker
      j.item.error = e.what();
    }
    j.item.seconds += since(t0);
    done(j);
  };
  // The runnable scenarios, each queued once its model is factorised, and taken those of the largest
  // model first (the longest runs first, so that none is left to run alone at the end), then in the
  // order given. While `gate` is up (a factorisation waiting for the running scenarios), none starts.
  std::map<std::pair<std::size_t, std::size_t>, Job*> ready;  // (SIZE_MAX - the model's size, index)
  bool all_queued = false, stop = false, gate = false;
  std::exception_ptr failed;  // the first exception that left a worker (its `finished` callback)
  std::mutex queue;
  std::condition_variable more;
  auto enqueue = [&](Job* j) {  // nullptr: no more
    {
      std::lock_guard<std::mutex> q(queue);
      if (j) ready.emplace(std::make_pair(SIZE_MAX - j->model->num_sectors(), j->index), j);
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
        more.wait(q, [&] { return (!ready.empty() && !gate) || (all_queued && ready.empty()) || stop; });
        if (stop || ready.empty()) return;
        j = ready.begin()->second;
        ready.erase(ready.begin());
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
  // The order the scenarios are read in: in windows of `window` as given, those of one model
  // together in each, the models in the order first named (each file and its model key read first:
  // no HDF5 call, a fraction of a millisecond each), so that a model's scenarios are queued as soon
  // as it is loaded, while the next model loads (2026-12-01: a worker otherwise waited while the
  // second and third models loaded; docs/performance.md, "Batches: both cores").
  constexpr std::size_t window = 64;
  std::map<std::string, std::size_t> first;  // model key -> the index of its first scenario
  auto by_model = [&](std::size_t w) {  // the window starting at jobs[w]
    std::vector<std::pair<std::pair<std::size_t, std::size_t>, Job*>> order;
    for (std::size_t i = w; i < std::min(jobs.size(), w + window); ++i) {
      Job& j = jobs[i];
      reader.peek(j);
      const std::size_t group = j.key.empty() ? j.index : first.emplace(j.key, j.index).first->second;
      order.push_back({{group, j.index}, &j});
    }
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Job*> out;
    for (const auto& o : order) out.push_back(o.second);
    return out;
  };
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
      // workers beside this reading thread. The reading takes the HDF5 lock only to load a model
      // (the model and solver files); a model's factorisation takes the solving one too (alone: no
      // scenario runs meanwhile) unless it only takes the factors the model cache kept; a scenario
      // on a model factorised already waits for neither.
      for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
      for (std::size_t w = 0; w < jobs.size(); w += window)
        for (Job* j : by_model(w)) {
          reader.read(*j);
          if (!j->item.error.empty()) {
            done(*j);
            continue;
          }
          if (!reader.factorised(*j) && !factors_kept(*j->model)) {
            // A factorisation starts threads: alone, once the running scenarios finish (none starts)
            Gate up(queue, gate, more);
            std::unique_lock<std::shared_mutex> solo(solving);
            reader.factorise(*j);
          } else {
            // The kept factors, or shared. Sharing kept factors may still solve (the check's column of
            // ones, a Type II W the cache did not keep): on this thread alone, beside the workers (the
            // bits do not depend on the thread count, docs/methodology.md "Results and the thread count").
            const int team = omp_get_max_threads();
            omp_set_num_threads(1);
            try {
              reader.factorise(*j);
            } catch (...) {
              omp_set_num_threads(team);
              throw;
            }
            omp_set_num_threads(team);
          }
          enqueue(j);
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
