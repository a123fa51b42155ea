#pragma once
// Private to model/regional: user-defined geographies made of local authorities (docs/data.md,
// "User-defined geographies"): the LAD list of the inputs and the areas of a build configuration.
#include <string>
#include <vector>

#include "devolve/build_config.hpp"

namespace devolve::regional {

//! A local authority district and the ITL areas it lies in (data/uk/lad/regions.csv).
struct LadInfo {
  std::string code, name;
  std::string parent[3], parent_name[3];  // ITL3, ITL2, ITL1 (ITL 2025)
};

//! Reads the LAD list; errors name file, line and column.
std::vector<LadInfo> read_lad_list(const std::string& file);

//! Fills config.regions from config.areas and config.rest: every LAD in exactly one area. Unknown
//! codes (with a hint), a LAD in two areas, a LAD in no area (rest: none) and duplicate area codes
//! are InputErrors located in the configuration.
void resolve_areas(BuildConfig& config);

}  // namespace devolve::regional
