#include "regional/final_demand.hpp"

namespace devolve::regional {

RegionalShares regional_shares(const std::vector<double>& population, const std::vector<double>& x_region,
                               double x_nation, const Matrix& coe) {
  const std::size_t R = population.size(), S = coe.cols();
  RegionalShares sh;
  sh.population.assign(R, 0.0);
  sh.output.assign(R, 0.0);
  sh.income.assign(R, 0.0);
  double pop = 0, inc = 0;
  for (std::size_t r = 0; r < R; ++r) pop += population[r];
  for (std::size_t r = 0; r < R; ++r) {
    for (std::size_t i = 0; i < S; ++i) sh.income[r] += coe(r, i);
    inc += sh.income[r];
  }
  for (std::size_t r = 0; r < R; ++r) {
    sh.population[r] = population[r] / pop;
    sh.output[r] = x_region[r] / x_nation;
    sh.income[r] /= inc;
  }
  return sh;
}

}  // namespace devolve::regional
