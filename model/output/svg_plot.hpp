#pragma once
// Line and fan charts over years for the HTML report (docs/reports.md); shares svg_chart.hpp's Chart.
#include <string>
#include <vector>

#include "output/svg_chart.hpp"

namespace devolve::svg {

struct Series {
  std::string name;
  std::vector<double> values;
  bool dashed = false;
};
//! Lines over years (the axis does not start at zero when the values are far from it).
std::string lines(const Chart& c, const std::vector<long long>& years, const std::vector<Series>& series);
//! Fan chart: 5-95% and 25-75% bands and the median line; q holds 5 series (0.05 ... 0.95).
std::string fan(const Chart& c, const std::vector<long long>& years, const std::vector<std::vector<double>>& q);

}  // namespace devolve::svg
