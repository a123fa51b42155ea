#include "devolve/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>

#include "base/text.hpp"

namespace devolve {

std::string to_string(Sampler s) {
  switch (s) {
    case Sampler::monte_carlo: return "monte_carlo";
    case Sampler::latin_hypercube: return "latin_hypercube";
    case Sampler::sobol: return "sobol";
    case Sampler::grid: return "grid";
  }
  return "?";
}

double normal_quantile(double u) {
  if (u <= 0) return -INFINITY;
  if (u >= 1) return INFINITY;
  double lo = -40, hi = 40;
  for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
    const double mid = 0.5 * (lo + hi);
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < u ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

double Distribution::quantile(double u) const {
  const auto& p = params;
  switch (kind) {
    case Kind::uniform: return p[0] + u * (p[1] - p[0]);
    case Kind::triangular: {
      const double a = p[0], c = p[1], b = p[2], f = (c - a) / (b - a);
      return u < f ? a + std::sqrt(u * (b - a) * (c - a)) : b - std::sqrt((1 - u) * (b - a) * (b - c));
    }
    case Kind::normal: return p[0] + p[1] * normal_quantile(u);
    case Kind::lognormal: return std::exp(p[0] + p[1] * normal_quantile(u));
    case Kind::values: return p[std::min(p.size() - 1, std::size_t(u * double(p.size())))];
  }
  return 0;
}

std::string Distribution::text() const {
  static const char* names[] = {"uniform", "triangular", "normal", "lognormal", "values"};
  std::string s = std::string(names[int(kind)]) + "(";
  for (std::size_t i = 0; i < params.size(); ++i) s += (i ? ", " : "") + text::num(params[i]);
  return s + ")";
}

namespace {

// Joe and Kuo (2008) direction numbers, file new-joe-kuo-6.21201, dimensions 2 to 27:
// "s a m_1 ... m_s" per dimension. Dimension 1 is van der Corput.
const char* const joe_kuo =
    "1 0 1|2 1 1 3|3 1 1 3 1|3 2 1 1 1|4 1 1 1 3 3|4 4 1 3 5 13|5 2 1 1 5 5 17|5 4 1 1 5 5 5|5 7 1 1 7 11 19|"
    "5 11 1 1 5 1 1|5 13 1 1 1 3 11|5 14 1 3 5 5 31|6 1 1 3 3 9 7 49|6 13 1 1 1 15 21 21|6 16 1 3 1 13 27 49|"
    "6 19 1 1 1 15 7 5|6 22 1 3 1 15 13 25|6 25 1 1 5 5 19 61|7 1 1 3 7 11 23 15 103|7 4 1 3 7 13 13 15 69|"
    "7 7 1 1 3 13 7 35 63|7 8 1 3 5 9 1 25 53|7 14 1 3 1 13 9 35 107|7 19 1 3 1 5 27 61 31|7 21 1 1 5 11 19 41 61|"
    "7 28 1 3 5 3 3 13 69";

constexpr int bits = 52;

std::vector<std::vector<std::uint64_t>> sobol_directions(std::size_t dims) {
  std::vector<std::vector<std::uint64_t>> v(dims, std::vector<std::uint64_t>(bits + 1, 0));
  for (int k = 1; k <= bits; ++k) v[0][std::size_t(k)] = std::uint64_t(1) << (bits - k);
  std::istringstream rows(joe_kuo);
  std::string row;
  for (std::size_t d = 1; d < dims && std::getline(rows, row, '|'); ++d) {
    std::istringstream in(row);
    int s = 0;
    std::uint64_t a = 0;
    in >> s >> a;
    std::vector<std::uint64_t> m(std::size_t(s) + 1);
    for (int k = 1; k <= s; ++k) in >> m[std::size_t(k)];
    for (int k = 1; k <= bits; ++k) {
      if (k <= s) {
        v[d][std::size_t(k)] = m[std::size_t(k)] << (bits - k);
      } else {
        std::uint64_t x = v[d][std::size_t(k - s)] ^ (v[d][std::size_t(k - s)] >> s);
        for (int j = 1; j < s; ++j) x ^= ((a >> (s - 1 - j)) & 1u) * v[d][std::size_t(k - j)];
        v[d][std::size_t(k)] = x;
      }
    }
  }
  return v;
}

}  // namespace

std::size_t sobol_max_dims() { return 27; }

std::vector<double> unit_points(Sampler s, std::size_t count, std::size_t dims, std::uint64_t seed) {
  std::vector<double> out(count * dims);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unif(0.0, 1.0);
  switch (s) {
    case Sampler::monte_carlo:
      for (auto& x : out) x = unif(rng);
      break;
    case Sampler::latin_hypercube:
      for (std::size_t d = 0; d < dims; ++d) {
        std::vector<std::size_t> perm(count);
        std::iota(perm.begin(), perm.end(), 0);
        std::shuffle(perm.begin(), perm.end(), rng);
        for (std::size_t i = 0; i < count; ++i) out[i * dims + d] = (double(perm[i]) + unif(rng)) / double(count);
      }
      break;
    case Sampler::sobol: {
      if (dims > sobol_max_dims()) throw std::invalid_argument("Sobol sequence: too many dimensions");
      const auto v = sobol_directions(dims);
      std::vector<std::uint64_t> x(dims, 0), shift(dims, 0);
      if (seed != 0)
        for (auto& sh : shift) sh = rng() >> (64 - bits);
      // Gray-code order; point i uses the first zero bit of i. Point 0 (all zeros) is skipped.
      for (std::size_t i = 0; i < count; ++i) {
        std::size_t c = 1, value = i;
        while (value & 1) value >>= 1, ++c;
        for (std::size_t d = 0; d < dims; ++d) {
          x[d] ^= v[d][c];
          out[i * dims + d] = double(x[d] ^ shift[d]) / double(std::uint64_t(1) << bits);
        }
      }
      break;
    }
    case Sampler::grid:
      throw std::invalid_argument("grid points come from the inputs' levels, not from unit_points");
  }
  return out;
}

}  // namespace devolve
