#pragma once
// The shipped map boundaries (data/geo/LEVEL.tsv, made by tools/derive_boundaries.py).
#include <string>
#include <vector>

#include "output/svg_map.hpp"

namespace devolve {

//! The areas of the first level (itl1, itl2, itl3, lad) whose file holds every one of codes, in
//! the order of codes; level receives its name. Empty (and level empty) when no level covers them
//! all or data/geo is missing: the report then draws no map and says why.
std::vector<svg::Area> load_areas(const std::vector<std::string>& codes, std::string& level);

}  // namespace devolve
