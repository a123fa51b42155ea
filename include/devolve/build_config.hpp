#pragma once
#include <string>

namespace devolve {

//! Location-quotient variant for intra-regional coefficients (docs/methodology.md, "Regionalisation").
enum class LocationQuotient { flq, slq, cilq, aflq };

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

//! Text names of the variants
std::string to_string(LocationQuotient lq);
std::string to_string(HouseholdShare h);

}  // namespace devolve
