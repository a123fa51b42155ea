// Quantiles and Sobol indices of the sweeps (docs/sweeps.md, "Statistics").
#include <catch2/catch.hpp>

#include <cmath>

#include "devolve/sampling.hpp"
#include "devolve/sweep_statistics.hpp"

using namespace devolve;
using Catch::Matchers::WithinAbs;

TEST_CASE("quantile: linear interpolation between order statistics (numpy's default)", "[statistics]") {
  // Sorted 1, 2, 3, 4: position q (n - 1) = 3q. q = 0.25: 0.75 of the way from 1 to 2.
  const std::vector<double> v = {4, 1, 3, 2};
  CHECK(quantile(v, 0.0) == 1.0);
  CHECK(quantile(v, 0.25) == 1.75);
  CHECK(quantile(v, 0.5) == 2.5);
  CHECK(quantile(v, 0.75) == 3.25);
  CHECK(quantile(v, 1.0) == 4.0);
  CHECK(quantile({7}, 0.95) == 7.0);
  // Quantiles of each column over chosen runs: runs 0 and 2 of a (3 x 2) array.
  const std::vector<double> a = {1, 10, 100, 1000, 3, 30};
  const auto q = column_quantiles(a, 2, {0, 2}, {0.0, 0.5, 1.0});
  CHECK(q == std::vector<double>{1, 10, 2, 20, 3, 30});
}

TEST_CASE("Sobol indices of the Ishigami function against their analytic values", "[statistics]") {
  // f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i ~ U(-pi, pi), a = 7, b = 0.1 (Ishigami and Homma
  // 1990). Analytic (Saltelli et al. 2008, Global Sensitivity Analysis, section 4.5): V = a^2/8 +
  // b pi^4/5 + b^2 pi^8/18 + 1/2 = 13.8446; S1 = 0.3139, S2 = 0.4424, S3 = 0; ST1 = 0.5576,
  // ST2 = 0.4424, ST3 = 0.2437.
  // Tolerance 0.02: with N = 2^14 base samples the Monte Carlo standard error of these estimators
  // is below about 1/sqrt(N) = 0.008 for the Ishigami function (Saltelli et al. 2010, figs. 1-2);
  // the Sobol design converges faster still, so 0.02 is 2.5 such errors and far below the gaps
  // between the indices it must tell apart (0.31 vs 0.44 vs 0).
  const double pi = std::acos(-1.0), a = 7, b = 0.1;
  const std::size_t k = 3, N = 1 << 14;
  const auto u = unit_points(Sampler::sobol, N, 2 * k, 0);
  auto f = [&](const double* x) { return std::sin(x[0]) + a * std::pow(std::sin(x[1]), 2) + b * std::pow(x[2], 4) * std::sin(x[0]); };
  std::vector<double> y(N * (k + 2));
  for (std::size_t j = 0; j < N; ++j)
    for (std::size_t row = 0; row < k + 2; ++row) {
      double x[3];
      for (std::size_t i = 0; i < k; ++i) {
        const double ua = u[j * 2 * k + i], ub = u[j * 2 * k + k + i];
        const double ui = row == 0 ? ua : row == 1 ? ub : (i == row - 2 ? ub : ua);
        x[i] = -pi + 2 * pi * ui;
      }
      y[j * (k + 2) + row] = f(x);
    }
  const SobolIndices s = sobol_indices(y, 1, k, N);
  const double S[] = {0.3139, 0.4424, 0.0}, ST[] = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < k; ++i) {
    CHECK_THAT(s.first[i], WithinAbs(S[i], 0.02));
    CHECK_THAT(s.total[i], WithinAbs(ST[i], 0.02));
  }
}

TEST_CASE("Sobol indices: NaN where the output does not vary", "[statistics]") {
  const std::vector<double> y(4 * 3, 5.0);  // N = 4, k = 1: rows A, B, AB
  const SobolIndices s = sobol_indices(y, 1, 1, 4);
  CHECK(std::isnan(s.first[0]));
  CHECK(std::isnan(s.total[0]));
}
