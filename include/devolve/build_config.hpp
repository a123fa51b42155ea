#pragma once
#include <string>
#include <vector>

namespace devolve {

//! Location-quotient variant for intra-regional coefficients (docs/methodology.md, "Regionalisation").
enum class LocationQuotient { flq, slq, cilq, aflq };

//! How regional household consumption is distributed over regions.
enum class HouseholdShare { population, income };

//! How RAS balances dense flows (regionalise.hpp): on each industry's prior matrix (every built and
//! cached model), or on the prior's row and column factors (a sweep's variants over delta and beta:
//! the same table to RAS's tolerance in a fraction of the work, equal to the matrix form to rounding,
//! not bit for bit; docs/sweeps.md, "The coefficients path"). Factored flows are always balanced on
//! the factors: in plain rounds (matrix: the built models), or with the sweep's Newton steps (factors).
enum class DenseRas { matrix, factors };

//! The choices of the regionalisation; every one is an input a sweep can vary.
struct RegionalisationParameters {
  LocationQuotient lq = LocationQuotient::flq;
  double delta = 0.3;  //!< Flegg's delta in lambda = [log2(1 + E_r / E_n)]^delta [1]
  double beta = 1.0;   //!< gravity distance decay: trade share ~ x_s,i * d_rs^-beta [1]
  HouseholdShare households = HouseholdShare::income;  //!< income: residents' GDHI where the inputs have it
  double ras_tolerance = 1e-8;  //!< largest relative row error RAS aims for [1]
  int ras_max_iterations = 500;  //!< then the error left must be below 1e-6 (the identity tolerance)
};

//! Where something was written in a configuration file, for located errors (1-based; 0 unknown).
struct SourcePlace {
  int line = 0, column = 0;
  std::string key;          //!< key path, e.g. "areas[2].members[0]"
  std::string source_line;  //!< the text of that line
};

//! One entry of an area's member list as written: a LAD, ITL3, ITL2 or ITL1 code or name.
struct AreaMember {
  std::string text;
  SourcePlace at;
};

//! A user-defined area of a LAD-level build (docs/data.md, "User-defined geographies").
struct AreaSpec {
  std::string code, name;
  std::vector<AreaMember> members;
  SourcePlace at;       //!< where the area's code is written
  SourcePlace name_at;  //!< where its name is written (its code's place when it has none)
};

//! An area resolved against the LAD list: its LAD25 codes.
struct ResolvedArea {
  std::string code, name;
  std::vector<std::string> lads;
  std::vector<std::string> lad_names;  //!< the LADs' names, in the order of lads
  std::string itl1;  //!< the ITL1 region holding all its LADs; empty when they span several
  std::string itl2, itl3;  //!< likewise the ITL2 and ITL3 areas (ITL 2025)
  std::vector<std::string> itl3s;  //!< every ITL3 area its LADs lie in, in code order
};

//! A build configuration: which inputs, which geography, which parameters (docs/data.md).
struct BuildConfig {
  std::string path;    //!< the configuration file
  std::string text;    //!< its full text
  std::string id;      //!< model id, e.g. "uk-itl1-2022"
  std::string name;
  std::string level;   //!< "itl1", "itl2" or "lad" (a folder of the inputs)
  std::string inputs;  //!< folder holding national/ and <level>/
  RegionalisationParameters params;
  // level "lad" only: areas as written, how LADs in no area are grouped, and the areas resolved
  std::vector<AreaSpec> areas;
  std::string rest;  //!< "itl1", "itl2", "itl3", "lad" (each LAD its own area) or "none" (an error)
  SourcePlace rest_at;
  std::vector<ResolvedArea> regions;  //!< listed areas in order, then the rest in code order
  std::vector<std::pair<std::string, std::string>> itl_names;  //!< every ITL1/2/3 code of the LADs -> its name
};

//! Reads a build configuration; errors name file, line, column and key. For level "lad" it also
//! resolves the areas against <inputs>/lad/regions.csv: an unknown code, a LAD in two areas and
//! (with rest: none) a LAD in no area are errors located in the configuration.
BuildConfig read_build_config(const std::string& path);

//! Text names of the variants
std::string to_string(LocationQuotient lq);
std::string to_string(HouseholdShare h);

}  // namespace devolve
