#pragma once
// Private to model/regional: the regional inputs of a LAD-level build, summed from the LADs of
// data/uk/lad to the configuration's areas (docs/data.md, "User-defined geographies").
#include <cstddef>
#include <map>
#include <string>

#include "devolve/build_config.hpp"
#include "regional/regional_inputs.hpp"

namespace devolve::regional {

//! Fills the regional part of `in` (regions, population, filled jobs, GVA, distances,
//! compensation, BRES, households and commuting) for config.regions; `industry` indexes the
//! national industries. Distances are between population-weighted LAD centroids of the areas.
void read_lad_regional(RegionalInputs& in, const BuildConfig& config, const std::map<std::string, std::size_t>& industry);

}  // namespace devolve::regional
