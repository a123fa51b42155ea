// Samplers and distributions of the sweeps.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "devolve/sampling.hpp"

using namespace devolve;
using Catch::Matchers::WithinAbs;

TEST_CASE("Sobol sequence: the published first points", "[sampling]") {
  // Joe and Kuo's generator in Gray-code order (point 0, all zeros, skipped): dimension 1 is van der
  // Corput 1/2, 3/4, 1/4, 3/8, 7/8, ...; dimension 2 (s = 1, m = 1) gives 1/2, 1/4, 3/4, 3/8, 7/8.
  const auto p = unit_points(Sampler::sobol, 5, 2, 0);
  const double d1[] = {0.5, 0.75, 0.25, 0.375, 0.875}, d2[] = {0.5, 0.25, 0.75, 0.375, 0.875};
  for (int i = 0; i < 5; ++i) {
    CHECK(p[std::size_t(2 * i)] == d1[i]);
    CHECK(p[std::size_t(2 * i + 1)] == d2[i]);
  }
}

TEST_CASE("Sobol sequence: every dimension is stratified at every power of two", "[sampling]") {
  // With the origin, the first 2^m points fill each of the 2^m intervals [k/2^m, (k+1)/2^m) once.
  const std::size_t dims = sobol_max_dims(), n = 256;
  const auto p = unit_points(Sampler::sobol, n - 1, dims, 0);
  for (std::size_t d = 0; d < dims; ++d) {
    std::set<long> cells{0};
    for (std::size_t i = 0; i + 1 < n; ++i) cells.insert(long(std::floor(p[i * dims + d] * double(n))));
    CHECK(cells.size() == n);
  }
  // Two-dimensional elementary intervals of dimensions 1 and 2: 16 x 16 squares each hold one point.
  std::set<long> squares{0};
  for (std::size_t i = 0; i + 1 < n; ++i)
    squares.insert(long(std::floor(p[i * dims] * 16)) * 16 + long(std::floor(p[i * dims + 1] * 16)));
  CHECK(squares.size() == 256);
}

TEST_CASE("Latin hypercube: one point per stratum in every dimension, seeded", "[sampling]") {
  const auto a = unit_points(Sampler::latin_hypercube, 50, 3, 42), b = unit_points(Sampler::latin_hypercube, 50, 3, 42);
  CHECK(a == b);
  CHECK(a != unit_points(Sampler::latin_hypercube, 50, 3, 43));
  for (std::size_t d = 0; d < 3; ++d) {
    std::set<long> s;
    for (std::size_t i = 0; i < 50; ++i) s.insert(long(a[i * 3 + d] * 50));
    CHECK(s.size() == 50);
  }
}

TEST_CASE("Distributions: inverse CDFs", "[sampling]") {
  CHECK_THAT(normal_quantile(0.975), WithinAbs(1.959963984540054, 1e-12));
  CHECK_THAT(normal_quantile(0.5), WithinAbs(0.0, 1e-14));
  CHECK_THAT(normal_quantile(0.05), WithinAbs(-1.6448536269514722, 1e-12));
  Distribution u{Distribution::Kind::uniform, {2, 4}};
  CHECK(u.quantile(0.25) == 2.5);
  // Triangular(0, 1, 3): F(1) = 1/3, so the 1/3 quantile is the mode; the median is 3 - sqrt(3).
  Distribution t{Distribution::Kind::triangular, {0, 1, 3}};
  CHECK_THAT(t.quantile(1.0 / 3.0), WithinAbs(1.0, 1e-12));
  CHECK_THAT(t.quantile(0.5), WithinAbs(3 - std::sqrt(3.0), 1e-12));
  Distribution ln{Distribution::Kind::lognormal, {0, 1}};
  CHECK_THAT(ln.quantile(0.5), WithinAbs(1.0, 1e-12));
  Distribution v{Distribution::Kind::values, {10, 20, 30}};
  CHECK(v.quantile(0.0) == 10);
  CHECK(v.quantile(0.5) == 20);
  CHECK(v.quantile(0.999) == 30);
  CHECK(v.text() == "values(10, 20, 30)");
}
