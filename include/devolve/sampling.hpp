#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace devolve {

//! A distribution over one sweep input (docs/sweeps.md).
struct Distribution {
  enum class Kind { uniform, triangular, normal, lognormal, values };
  Kind kind = Kind::uniform;
  std::vector<double> params;  //!< uniform [a, b]; triangular [a, mode, b]; normal [mean, sd]; lognormal [mu, sigma]; values [v...]
  //! The value at probability u in [0, 1) (inverse CDF; for values, the level floor(u * count)).
  double quantile(double u) const;
  //! Readable form, e.g. "uniform(1.13, 1.6)"
  std::string text() const;
};

//! How the unit hypercube is sampled.
enum class Sampler { monte_carlo, latin_hypercube, sobol, grid };
std::string to_string(Sampler s);

//! Points in [0, 1)^dims, row-major (point, dim). Deterministic for the seed.
//! monte_carlo: mt19937_64; latin_hypercube: one point per stratum in every dimension, strata
//! permuted per dimension; sobol: Joe-Kuo direction numbers (new-joe-kuo-6.21201), Gray-code order,
//! skipping the all-zero first point, randomised by a seeded digital shift when seed != 0.
std::vector<double> unit_points(Sampler s, std::size_t count, std::size_t dims, std::uint64_t seed);

//! The largest dimension the Sobol generator supports.
std::size_t sobol_max_dims();

//! Standard normal inverse CDF (bisection on erfc to 1e-15; deterministic).
double normal_quantile(double u);

}  // namespace devolve
