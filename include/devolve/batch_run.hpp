#pragma once
// Many scenarios in one process (docs/scenarios.md, "Batches"): each model loaded and factorised
// once, the scenarios run in parallel, one failure reported while the others still run.
#include <functional>
#include <string>
#include <vector>

#include "devolve/model_cache.hpp"

namespace devolve {

//! What became of one scenario of a batch.
struct BatchItem {
  std::string scenario;  //!< the scenario file
  std::string output;    //!< its results file: the output folder / the file's stem + ".h5"
  bool ok = false;
  bool ran = false;      //!< false: stopped before running (a reading error, or another's with validate_first)
  std::string error;     //!< the error, as `devolve run` prints it (located for input errors)
  double seconds = 0;    //!< reading, running and writing it [s]
  std::string local_area_notes;  //!< local_area_notes of the scenario as read (scenario.hpp): what devolve run prints
};

//! How a batch is run.
struct BatchOptions {
  //! Scenarios run at once (0: all cores), on one shared factorisation per model; for any count
  //! every number is the same bits as devolve run gives each scenario alone
  int threads = 0;
  bool overwrite = false;       //!< replace existing results files
  bool validate_first = false;  //!< read every scenario first and run none if one fails
  ModelSettings settings;       //!< where shipped data and the model cache are
  std::string profiles_dir;     //!< where the shipped profiles.yaml is (empty: the source tree's scenarios/)
  //! Called as each scenario is done, in the order they finish, one call at a time (under a lock of
  //! its own, not the batch's HDF5 lock: it may run while another worker writes a results file, so
  //! it must not call HDF5, e.g. open a results file)
  std::function<void(const BatchItem&)> finished;
};

//! Runs `scenarios`, writing each one's results to `output_dir`/<stem>.h5. Each model is loaded
//! and factorised once; the results are the same bits as `devolve run` gives each scenario alone.
//! Returns every scenario's outcome in the order given.
std::vector<BatchItem> run_batch(const std::vector<std::string>& scenarios, const std::string& output_dir,
                                 const BatchOptions& options);

}  // namespace devolve
