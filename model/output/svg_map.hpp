#pragma once
// Choropleth maps from data/geo boundaries for the HTML report (docs/reports.md); shares svg_chart.hpp's Chart.
#include <string>
#include <vector>

#include "output/svg_chart.hpp"

namespace devolve::svg {

struct Area {
  std::string code, name, path;  //!< path: SVG path data in km (data/geo)
};
//! Choropleth of areas; values by area in the same order; NaN areas drawn grey. Negative
//! areas are hatched, and the legend states each class's range.
std::string choropleth(const Chart& c, const std::vector<Area>& areas, const std::vector<double>& values);

}  // namespace devolve::svg
