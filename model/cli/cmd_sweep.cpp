#include <unistd.h>

#include <algorithm>
#include <climits>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "cli/options.hpp"
#include "cli/output_files.hpp"
#include "devolve/error.hpp"
#include "devolve/report.hpp"
#include "devolve/sweep.hpp"
#include "devolve/sweep_run.hpp"
#ifdef DEVOLVE_MPI
#include "sweep/sweep_mpi.hpp"
#endif

namespace devolve::cli {

namespace {

std::atomic<bool> stop_requested{false};
extern "C" void on_stop_signal(int) { stop_requested = true; }

// SIGINT and SIGTERM stop the sweep (finished runs stay in the journal) while it runs.
class StopOnSignals {
 public:
  StopOnSignals() : old_int_(std::signal(SIGINT, on_stop_signal)), old_term_(std::signal(SIGTERM, on_stop_signal)) {}
  ~StopOnSignals() {
    std::signal(SIGINT, old_int_);
    std::signal(SIGTERM, old_term_);
  }
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

 private:
  void (*old_int_)(int);
  void (*old_term_)(int);
};

// DEVOLVE_SWEEP_TIMELINE=PREFIX: each process writes PREFIX.PID, a line "SECONDS LABEL" per stage
// of the sweep (SweepOptions::mark), in seconds since the epoch (Python's time.time(), bash's
// $EPOCHREALTIME), so the lines of every rank on one machine share a clock (docs/performance.md,
// "Sweeps on MPI"; bench/run_engine.py --sweep --mpi reads them).
class Timeline {
 public:
  static Timeline& get() {
    static Timeline t;
    return t;
  }
  bool on() const { return file_ != nullptr; }
  void mark(const std::string& what) {
    if (!file_) return;
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    std::lock_guard<std::mutex> lock(mutex_);
    std::fprintf(file_, "%.6f %s\n", double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec), what.c_str());
    std::fflush(file_);
  }
  ~Timeline() {
    if (file_) std::fclose(file_);
  }
  Timeline(const Timeline&) = delete;
  Timeline& operator=(const Timeline&) = delete;

 private:
  Timeline() {
    if (const char* p = std::getenv("DEVOLVE_SWEEP_TIMELINE"); p && *p)
      file_ = std::fopen((std::string(p) + "." + std::to_string(::getpid())).c_str(), "w");
  }
  std::FILE* file_ = nullptr;
  std::mutex mutex_;
};

void mark(const std::string& what) { Timeline::get().mark(what); }

// What the launcher says of this process (docs/sweeps.md, "Running on a cluster"), read from the
// environment once, here at the command's boundary, and passed down: the library reads none.
struct Launcher {
  bool mpi = false;            // mpirun or srun through PMI started it: OMPI_COMM_WORLD_SIZE, PMIX_RANK or PMI_RANK is set
  int rank = -1;               // the rank it gave: OMPI_COMM_WORLD_RANK, PMIX_RANK or PMI_RANK, the first that is one; -1: none
  long slurm_step_tasks = -1;  // SLURM_STEP_NUM_TASKS (srun sets it in every task of its step); -1: not set or not a number
};

// A whole decimal number from the environment, -1 if the variable is unset, empty or not one.
long env_number(const char* name) {
  const char* t = std::getenv(name);
  if (!t || !*t) return -1;
  char* end = nullptr;
  const long n = std::strtol(t, &end, 10);
  return *end == '\0' ? n : -1;
}

Launcher launcher_from_environment() {
  Launcher l;
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"}) l.mpi = l.mpi || std::getenv(v) != nullptr;
  for (const char* v : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"}) {
    const long r = env_number(v);
    if (r >= 0 && r < INT_MAX) {
      l.rank = int(r);
      break;
    }
  }
  l.slurm_step_tasks = env_number("SLURM_STEP_NUM_TASKS");
  return l;
}

// Progress on stderr: a line rewritten in place on a terminal, else a line every 10% or 5 s.
std::function<void(const SweepProgress&)> stderr_progress(const SweepSpec& spec) {
  struct State {
    bool tty = ::isatty(2);
    double last = 0;
    std::size_t next_line = 0;
  };
  auto st = std::make_shared<State>();
  return [st, &spec](const SweepProgress& p) {
    const std::size_t step = std::max<std::size_t>(1, p.runs / 10);
    switch (p.stage) {
      case SweepProgress::Stage::start:
        std::fprintf(stderr, "sweep: %zu runs of %zu inputs (%s sampler); path: %s\n", p.runs, spec.inputs.size(),
                     to_string(spec.sampler).c_str(), p.path.c_str());
        st->next_line = p.finished + step;
        return;
      case SweepProgress::Stage::run: {
        if (!(p.seconds - st->last > (st->tty ? 0.2 : 5.0) || p.finished >= st->next_line)) return;
        const double rate = double(p.finished - p.finished_at_start) / std::max(p.seconds, 1e-9);
        const double left = rate > 0 ? double(p.runs - p.finished) / rate : 0;
        std::fprintf(stderr, st->tty ? "\rsweep: %zu/%zu runs (%.0f%%), %.0f runs/s, %.0f s left   "
                                     : "sweep: %zu/%zu runs (%.0f%%), %.0f runs/s, %.0f s left\n",
                     p.finished, p.runs, 100.0 * double(p.finished) / double(p.runs), rate, left);
        st->last = p.seconds;
        while (st->next_line <= p.finished) st->next_line += step;
        return;
      }
      case SweepProgress::Stage::evaluated:
        if (st->tty) std::fprintf(stderr, "\n");
        return;
      case SweepProgress::Stage::done:
        std::fprintf(stderr, "sweep: %zu runs in %.1f s\n", p.runs, p.seconds);
        return;
    }
  };
}

// The sweep command in one process, or in each process of an MPI job (`team` set).
int sweep_command(const Args& args, SweepTeam* team) {
  const auto c = parse_sweep(args);
  if (!c) return ok;
  std::vector<std::string> errors;
  SweepSpec spec;
  try {
    spec = read_sweep(c->sweep, model_settings(), &errors, profiles_dir_from_env());
  } catch (const InputError& e) {
    if (errors.empty()) throw;
    for (const auto& msg : errors) std::cerr << msg << "\n";  // every error found, in one pass
    return input;
  }
  if (c->validate) {
    std::cout << spec.file << ": ok: " << spec.inputs.size() << " inputs, " << spec.runs() << " runs, "
              << (spec.linear() ? "linear path" : "coefficients path") << "\n";
    return ok;
  }
  SweepOptions o;
  o.threads = c->threads;
  // More threads than 4 per core gains nothing and, in the tens of thousands, exhausts the OpenMP
  // runtime's stacks: refuse them before any output exists.
  const int max_threads = 4 * int(std::max(1u, std::thread::hardware_concurrency()));
  if (o.threads < 0 || o.threads > max_threads)
    throw UsageError("devolve sweep: error: --threads " + std::to_string(o.threads) + ": must be 0 (all cores) to " + std::to_string(max_threads) +
                     " (4 per core on this machine)");
  o.resume = c->resume;
  o.overwrite = c->overwrite;
  if (!c->quiet && (!team || team->leader())) {
    std::cout << spec.local_area_notes << std::flush;  // as devolve run prints them
    o.progress = stderr_progress(spec);
  }
  // DEVOLVE_SWEEP_PATH=coefficients forces the general path (the tests compare the two paths).
  const char* force = std::getenv("DEVOLVE_SWEEP_PATH");
  o.force_coefficients = force && std::string(force) == "coefficients";
  o.stop = &stop_requested;
  o.team = team;
  if (Timeline::get().on()) o.mark = mark;
  const std::string& out = c->output;
  require_h5_extension(out, "sweep");
  {
    StopOnSignals signals;
    run_sweep(spec, out, o);
  }
  if (team && !team->leader()) return ok;
  if (!c->quiet) std::cout << report(out, false);
  std::cout << "wrote " << out << "\n";
  return ok;
}

#ifdef DEVOLVE_MPI
// Standard output and error of ranks other than 0 are dropped, so each message appears once.
class Silence {
 public:
  explicit Silence(bool on) : on_(on) {
    if (on_) out_ = std::cout.rdbuf(nullptr), err_ = std::cerr.rdbuf(nullptr);
  }
  ~Silence() {
    if (on_) std::cout.rdbuf(out_), std::cerr.rdbuf(err_);
  }
  Silence(const Silence&) = delete;
  Silence& operator=(const Silence&) = delete;

 private:
  bool on_;
  std::streambuf* out_ = nullptr;
  std::streambuf* err_ = nullptr;
};

// Every rank runs the command; their outcomes are agreed, so all exit with the same code and
// rank 0 prints the message of the first rank that failed (docs/sweeps.md, "Running on a cluster").
int mpi_sweep_command(const Args& args, const Launcher& launcher) {
  // MPI starts on a thread of its own while the command reads its files; DEVOLVE_MPI_INIT=sync
  // starts it first, alone (memory hooks of some transports race with other threads' mallocs).
  const char* when = std::getenv("DEVOLVE_MPI_INIT");
  const std::string init = when ? when : "";
  if (!init.empty() && init != "sync" && init != "async")
    throw UsageError("devolve sweep: error: DEVOLVE_MPI_INIT=" + init + ": must be sync (MPI starts before the setup) "
                     "or async (beside it, the default)");
  MpiSession mpi(launcher.rank, [] { mark("mpi initialised"); }, init == "sync");
  mark("mpi rank " + std::to_string(mpi.rank()));
  Silence quiet(mpi.rank() != 0);
  const auto team = mpi_sweep_team(mpi);
  int code = ok;
  std::string message;
  try {
    code = sweep_command(args, team.get());
  } catch (const TeamFailure& f) {  // agreed already, in the team's start
    if (*f.what()) std::cerr << f.what() << "\n";
    return f.code();
  } catch (...) {
    code = exit_code_of(std::current_exception(), message);
  }
  mark("command done");
  const auto [agreed, text] = mpi.agree(code, message);
  mark("outcome agreed");
  if (!text.empty()) std::cerr << text << "\n";
  return agreed;
}
#endif

// Slurm started several tasks of this command but no MPI job joins them (srun --mpi=none, or a
// build without MPI): each would run the whole sweep on its own, racing on OUT.h5 and its journal.
// srun sets SLURM_STEP_NUM_TASKS in every task of its step. SLURM_NTASKS is not looked at: a batch
// script's own shell (one process) has the allocation's SLURM_NTASKS and SLURM_PROCID=0 too.
void refuse_tasks_without_mpi(const Launcher& launcher) {
  const long tasks = launcher.slurm_step_tasks;
  if (tasks <= 1) return;
#ifdef DEVOLVE_MPI
  if (launcher.mpi) return;
  const std::string why = "no MPI launcher joined them (none of OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_RANK is set)";
  const std::string fix = "launch through PMI: srun --mpi=pmix (or --mpi=pmi2), or mpirun";
#else
  const std::string why = "this devolve is built without MPI";
  const std::string fix = "build with -DDEVOLVE_MPI=ON and launch with srun --mpi=pmix (or --mpi=pmi2) or mpirun";
#endif
  throw UsageError("devolve sweep: error: Slurm started " + std::to_string(tasks) +
                   " tasks (SLURM_STEP_NUM_TASKS) but " + why +
                   ": each would run the whole sweep and they would race on the output and its journal; " + fix +
                   ", or start one task (srun -n 1)");
}

}  // namespace

int cmd_sweep(const Args& args) {
  mark("sweep command");
  const Launcher launcher = launcher_from_environment();
  refuse_tasks_without_mpi(launcher);
#ifdef DEVOLVE_MPI
  if (launcher.mpi) {
    const int code = mpi_sweep_command(args, launcher);
    mark("mpi finalised");
    return code;
  }
#endif
  return sweep_command(args, nullptr);
}

}  // namespace devolve::cli
