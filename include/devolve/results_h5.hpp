#pragma once
#include <mutex>
#include <string>

#include "devolve/model.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"

namespace devolve {

//! Version of the scenario results file
inline constexpr int results_format_major = 1;
inline constexpr int results_format_minor = 6;

//! Writes the results file (docs/output-format.md) atomically (refuses an existing file unless
//! overwrite). Dimensions, coordinates and shapes come from the arrays of `results`. Without
//! `threads` (a batch's workers) the large datasets are compressed on one thread each; the same file.
//! Where `results.prepared` holds compressions started during the run (prepare_results_array), the
//! file takes them: the same file, those datasets' compression done already or under way.
//! With `hdf5` (a batch's HDF5 lock: the library is not thread-safe), that lock is held only while
//! HDF5 is called: not while the finished file is hashed, sealed and synced, and moved into place.
void write_results_h5(const Scenario& scenario, const Model& model, const ScenarioResults& results,
                      const std::string& file, bool overwrite, bool threads = true, std::mutex* hdf5 = nullptr);

//! Compresses now, on the calling thread (the codec on that one thread), every array of `results`
//! that write_results_h5 stores compressed, kept in results.prepared, which write_results_h5 then
//! writes as they are: the same file. No HDF5 call (a batch's worker compresses outside its HDF5 lock).
void compress_results_arrays(ScenarioResults& results);

//! Starts compressing `array` (one of `results`' arrays, final and unchanged from now on) for
//! write_results_h5, on threads of its own, kept in results.prepared: a FinalArray for run_scenario.
void prepare_results_array(ScenarioResults& results, const LabelledArray& array);

}  // namespace devolve
