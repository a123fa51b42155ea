#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "devolve/model_cache.hpp"
#include "devolve/sampling.hpp"
#include "devolve/scenario_inputs.hpp"
#include "devolve/scenario_spec.hpp"

namespace devolve {

//! One input a sweep varies: a key path in the scenario (or model.delta / model.beta for the
//! regionalisation) and its distribution.
struct SweepInput {
  std::string path;  //!< e.g. "shocks[0].amount", "additionality.deadweight", "model.delta"
  Distribution distribution;
  int levels = 0;    //!< grid: number of levels of a continuous distribution (values: their count)
  bool linear = false;  //!< true if the input only scales final demand (or R&D dynamics): the fast path
  const ScenarioInput* input = nullptr;  //!< its row in the table of scenario inputs
  std::vector<long long> numbers;        //!< the shock index, year index or year in the path
};

//! A sweep file, read and checked (docs/sweeps.md).
struct SweepSpec {
  std::string file;
  std::string text;
  std::string scenario_file;  //!< the base scenario's path (or the sweep file, when inline)
  std::string scenario_text;  //!< its YAML text
  ScenarioSpec scenario;      //!< the scenario as read: each run sets its inputs here and resolves it again
  std::vector<SweepInput> inputs;
  Sampler sampler = Sampler::latin_hypercube;
  std::size_t samples = 0;    //!< base samples (Sobol: N, giving N (k + 2) runs)
  std::uint64_t seed = 1;
  std::vector<std::string> outputs;  //!< measures kept, e.g. jobs, gva, income
  std::string profiles_dir;   //!< where the shipped profiles.yaml is (empty: the source tree's scenarios/)
  ModelSettings model_settings;  //!< where the scenario's model and the shipped data come from
  //! The base scenario's local_area_notes (scenario.hpp): no input varies a shock's regions or local area
  std::string local_area_notes;
  bool linear() const;        //!< every input takes the fast path
  std::size_t runs() const;   //!< evaluations: samples, or samples x (inputs + 2) for Sobol, or the grid size
};

//! Reads a sweep file and checks every input against the scenario; errors name file, line, column
//! and key. Every error found is appended to `errors` (when given) before the first is thrown.
SweepSpec read_sweep(const std::string& path, const ModelSettings& settings, std::vector<std::string>* errors = nullptr,
                     const std::string& profiles_dir = {});

//! Version of the sweep results file
inline constexpr int sweep_format_major = 1;
inline constexpr int sweep_format_minor = 2;  // 1: the root attribute `solver`; 2: sobol_first's `implausible_estimates`

}  // namespace devolve
