#pragma once
// Running a sweep (docs/sweeps.md): the library reports progress through a callback and stops when
// a flag is set; the CLI owns the terminal and the signal handlers.
#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

#include "devolve/sweep.hpp"

namespace devolve {

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
};

//! Runs a sweep and writes OUT.h5 (docs/output-format.md, "Sweep results file"). Finished runs
//! are journalled to OUT.h5.partial as they complete, so an interrupted sweep can be resumed
//! with the same result; the HDF5 file appears only when every run is done.
void run_sweep(const SweepSpec& spec, const std::string& out, const SweepOptions& options);

}  // namespace devolve
