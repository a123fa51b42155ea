#pragma once
// Running a sweep (docs/sweeps.md): the library reports progress through a callback and stops when
// a flag is set; the CLI owns the terminal and the signal handlers.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "devolve/sweep.hpp"

namespace devolve {

//! Sectors from which a sweep over model.* inputs builds each sample's table in factored form and
//! solves it with the structured solver instead of writing Z and factorising I - A densely
//! (docs/methodology.md, "Which solver"; measured on uk-itl1-2022, n = 1,260, in docs/performance.md,
//! "Coefficient sweeps on the structured solver"): every UK model; smaller tables keep the dense LU.
inline constexpr std::size_t structured_samples_from = 1000;

//! A sweep shared between processes (docs/sweeps.md, "Running on a cluster"). The leader keeps the
//! journal and writes the file; every process evaluates the runs the team hands it and the others
//! pass their finished runs to the leader. run_sweep calls these in every process, in this order;
//! model/sweep/sweep_mpi.cpp implements them over MPI.
class SweepTeam {
 public:
  //! Keeps a finished run in the leader (results, journal, progress); called under the lock
  using Store = std::function<void(std::size_t run, const double* row)>;
  virtual ~SweepTeam() = default;
  //! True in the process that keeps the journal and writes the file
  virtual bool leader() const = 0;
  //! Every process is ready (throws if one failed to get here or takes another path than the
  //! leader: `path`, a key of the path each process computed); the leader's flags of finished runs
  //! are copied to every process. A run's results are `width` values. Returns the leader's
  //! `chunk` (the fewest runs handed out at once), which every process then deals with.
  virtual std::size_t start(std::vector<char>& done, std::size_t width, std::size_t chunk, std::uint64_t path) = 0;
  //! The runs to do (`pending`: the same list in every process), handed out while they last: this
  //! process's `threads` call next() under `lock`, the team hands out at least `chunk` runs at a
  //! time, and the leader keeps the runs the others finish with `store`, under `lock`, as they
  //! arrive. `stop`, when set, stops the waits.
  virtual void deal(const std::vector<std::size_t>& pending, int threads, std::size_t chunk, std::mutex& lock,
                    const Store& store, const std::atomic<bool>* stop) = 0;
  //! Under the lock: the next run for a thread of this process; none when no run is left for it or
  //! the team is stopping
  virtual std::optional<std::size_t> next() = 0;
  //! Under the lock, after this process finishes `run` (width values in `row`, already stored if
  //! this is the leader): a worker passes it on. False: the team is stopping.
  virtual bool finished(std::size_t run, const double* row) = 0;
  //! After this process's runs, not under the lock: the leader waits for every run the others
  //! finish and returns the first failure of any process (empty: none); a worker returns its own.
  virtual std::string finish(const std::string& failure, bool stopped) = 0;
};

//! Where a sweep is, for a progress display.
struct SweepProgress {
  enum class Stage { start, run, evaluated, done };
  Stage stage = Stage::start;
  std::size_t runs = 0;               //!< runs in the sweep
  std::size_t finished = 0;           //!< runs finished, including those resumed from the journal
  std::size_t finished_at_start = 0;  //!< runs resumed from the journal
  double seconds = 0;                 //!< since the runs started [s]
  std::string path;                   //!< start: the path taken, in words
};

//! How a sweep is run.
struct SweepOptions {
  int threads = 0;                  //!< 0: all cores
  bool resume = false;              //!< finish an interrupted sweep from OUT.h5.partial
  bool overwrite = false;
  bool force_coefficients = false;  //!< the coefficients path even for a linear sweep (the tests compare the paths)
  //! Called at the start, after each finished run (under a lock, so keep it short), when the runs
  //! are over and when the file is written
  std::function<void(const SweepProgress&)> progress;
  const std::atomic<bool>* stop = nullptr;  //!< when set, the runs stop; finished ones stay in the journal
  SweepTeam* team = nullptr;  //!< the processes sharing this sweep (MPI); null: this process alone
  //! When set, called at each stage of the sweep (model read, setup done, each run begun and
  //! finished, runs gathered, file written) with a short label: a timeline (docs/performance.md,
  //! "Sweeps on MPI"). Called under a lock for the runs.
  std::function<void(const std::string&)> mark;
};

//! Runs a sweep and writes OUT.h5 (docs/output-format.md, "Sweep results file"). Finished runs
//! are journalled to OUT.h5.partial as they complete, so an interrupted sweep can be resumed
//! with the same result; the HDF5 file appears only when every run is done.
void run_sweep(const SweepSpec& spec, const std::string& out, const SweepOptions& options);

}  // namespace devolve
