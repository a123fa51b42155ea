#pragma once
#include <memory>
#include <string>
#include <vector>

#include "devolve/model.hpp"

namespace devolve {

//! Location-quotient variant for intra-regional coefficients (docs/methodology.md, "Regionalisation").
enum class LocationQuotient { flq, slq, cilq };

//! How regional household consumption is distributed over regions.
enum class HouseholdShare { population, income };

//! The choices of the regionalisation; every one is an input a sweep can vary.
struct RegionalisationParameters {
  LocationQuotient lq = LocationQuotient::flq;
  double delta = 0.3;  //!< Flegg's delta in lambda = [log2(1 + E_r / E_n)]^delta [1]
  double beta = 1.0;   //!< gravity distance decay: trade share ~ x_s,i * d_rs^-beta [1]
  HouseholdShare households = HouseholdShare::income;  //!< income: residents' GDHI where the inputs have it
  double ras_tolerance = 1e-8;  //!< largest relative row error RAS aims for [1]
  int ras_max_iterations = 500;  //!< then the error left must be below 1e-6 (the identity tolerance)
};

//! A build configuration: which inputs, which geography, which parameters (docs/data.md).
struct BuildConfig {
  std::string path;    //!< the configuration file
  std::string text;    //!< its full text
  std::string id;      //!< model id, e.g. "uk-itl1-2022"
  std::string name;
  std::string level;   //!< "itl1" or "itl2" (a folder of the inputs)
  std::string inputs;  //!< folder holding national/ and <level>/
  RegionalisationParameters params;
};

//! Reads a build configuration; errors name file, line, column and key.
BuildConfig read_build_config(const std::string& path);

//! The compact inputs of a configuration, read once (a sweep regionalises many times).
struct RegionalInputs;
std::shared_ptr<const RegionalInputs> read_regional_inputs(const BuildConfig& config);
//! As regionalise(config), from inputs already read.
Model regionalise(const BuildConfig& config, const RegionalInputs& inputs);

//! Builds the multi-region model from the compact national and regional inputs: regional output
//! from regional GVA, intra-regional coefficients by location quotients, interregional trade by a
//! gravity rule, regional final demand, RAS balancing, and indicators. Deterministic.
Model regionalise(const BuildConfig& config);

//! The model for a configuration, from the cache if a copy built from the same configuration,
//! inputs and devolve version is there, else built and cached. Cache folder: $DEVOLVE_CACHE_DIR,
//! else $XDG_CACHE_HOME/devolve, else ~/.cache/devolve.
Model build_or_load_cached(const BuildConfig& config, std::string* cache_path = nullptr);

//! Identifies the regionalisation code itself (its compile time), so a rebuilt engine never
//! reuses a cached model built by older code.
std::string regionalisation_revision();

//! Text names of the variants
std::string to_string(LocationQuotient lq);
std::string to_string(HouseholdShare h);

}  // namespace devolve
