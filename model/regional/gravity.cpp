#include "regional/gravity.hpp"

#include <cmath>

namespace devolve::regional {

Matrix gravity_kernel(const Matrix& distance, double beta) {
  const std::size_t R = distance.rows();
  Matrix k(R, R);
  for (std::size_t a = 0; a < R; ++a)
    for (std::size_t b = 0; b < R; ++b) k(a, b) = a == b ? 0.0 : std::pow(distance(a, b), -beta);
  return k;
}

std::vector<double> gravity_shares(const Matrix& x, std::size_t i, const Matrix& kernel) {
  const std::size_t R = kernel.rows();
  std::vector<double> w(R * R, 0.0);
  for (std::size_t s = 0; s < R; ++s) {
    double sum = 0;
    for (std::size_t u = 0; u < R; ++u) sum += w[s * R + u] = x(u, i) * kernel(u, s);
    for (std::size_t u = 0; u < R; ++u) w[s * R + u] = sum > 0 ? w[s * R + u] / sum : 0.0;
  }
  return w;
}

}  // namespace devolve::regional
