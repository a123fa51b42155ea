#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "devolve/sampling.hpp"

namespace devolve {

//! One input a sweep varies: a key path in the scenario (or model.delta / model.beta for the
//! regionalisation) and its distribution.
struct SweepInput {
  std::string path;  //!< e.g. "shocks[0].amount", "additionality.deadweight", "model.delta"
  Distribution distribution;
  int levels = 0;    //!< grid: number of levels of a continuous distribution (values: their count)
  bool linear = false;  //!< true if the input only scales final demand (or R&D dynamics): the fast path
};

//! A sweep file, read and checked (docs/sweeps.md).
struct SweepSpec {
  std::string file;
  std::string text;
  std::string scenario_file;  //!< the base scenario's path (or the sweep file, when inline)
  std::string scenario_text;  //!< its YAML text
  std::vector<SweepInput> inputs;
  Sampler sampler = Sampler::latin_hypercube;
  std::size_t samples = 0;    //!< base samples (Sobol: N, giving N (k + 2) runs)
  std::uint64_t seed = 1;
  std::vector<std::string> outputs;  //!< measures kept, e.g. jobs, gva, income
  bool linear() const;        //!< every input takes the fast path
  std::size_t runs() const;   //!< evaluations: samples, or samples x (inputs + 2) for Sobol, or the grid size
};

//! Reads a sweep file and checks every input against the scenario; errors name file, line, column
//! and key. Every error found is appended to `errors` (when given) before the first is thrown.
SweepSpec read_sweep(const std::string& path, std::vector<std::string>* errors = nullptr);

//! How a sweep is run.
struct SweepOptions {
  int threads = 0;          //!< 0: all cores
  bool resume = false;      //!< finish an interrupted sweep from OUT.h5.partial
  bool overwrite = false;
  bool progress = true;     //!< progress on stderr
};

//! Runs a sweep and writes OUT.h5 (docs/output-format.md, "Sweep results file"). Finished runs
//! are journalled to OUT.h5.partial as they complete, so an interrupted sweep can be resumed
//! with the same result; the HDF5 file appears only when every run is done.
void run_sweep(const SweepSpec& spec, const std::string& out, const SweepOptions& options);

//! Version of the sweep results file
inline constexpr int sweep_format_major = 1;
inline constexpr int sweep_format_minor = 0;

}  // namespace devolve
