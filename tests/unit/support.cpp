#include "support.hpp"

#include <string>

namespace devolve::test {

Model from_published(const Rows& z, const std::vector<double>& x, std::size_t regions, const std::vector<double>& gva,
                     const std::vector<double>& jobs) {
  Model m;
  m.id = "published-example";
  const std::size_t n = x.size(), S = n / regions;
  for (std::size_t r = 0; r < regions; ++r) m.regions.push_back({"R" + std::to_string(r + 1), "Region " + std::to_string(r + 1)});
  for (std::size_t s = 0; s < S; ++s) m.industries.push_back({"S" + std::to_string(s + 1), "Sector " + std::to_string(s + 1)});
  m.final_demand_categories = {{"FD", "Final demand", FinalDemandRole::other}};
  m.primary_inputs = {{"IMP", "Imports and other inputs (residual)", PrimaryRole::imports}};
  if (!gva.empty()) m.primary_inputs.push_back({"GVA", "Gross value added", PrimaryRole::other_value_added});
  m.z = Matrix(n, n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) m.z(i, j) = z[i][j];
  m.output = x;
  m.final_demand = Matrix(n, regions);
  // Final demand of the region that owns the sector.
  for (std::size_t i = 0; i < n; ++i) m.final_demand(i, i / S) = x[i] - m.z.row_sum(i);
  m.primary = Matrix(m.primary_inputs.size(), n);
  for (std::size_t j = 0; j < n; ++j) {
    const double g = gva.empty() ? 0.0 : gva[j];
    m.primary(0, j) = x[j] - m.z.col_sum(j) - g;
    if (!gva.empty()) m.primary(1, j) = g;
  }
  if (!jobs.empty()) {
    m.indicators = {{"jobs", "Employment", "thousand persons", "published example"}};
    m.indicator_totals = Matrix(1, n);
    for (std::size_t j = 0; j < n; ++j) m.indicator_totals(0, j) = jobs[j];
  } else {
    m.indicator_totals = Matrix(0, n);
  }
  return m;
}

}  // namespace devolve::test
