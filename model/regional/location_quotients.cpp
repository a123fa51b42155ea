#include "regional/location_quotients.hpp"

#include <algorithm>
#include <cmath>

namespace devolve::regional {

Matrix simple_lq(const Matrix& x, const std::vector<double>& x_region, const std::vector<double>& national,
                 double x_nation) {
  Matrix slq(x.rows(), x.cols());
  for (std::size_t r = 0; r < x.rows(); ++r)
    for (std::size_t i = 0; i < x.cols(); ++i)
      slq(r, i) = national[i] > 0 && x_region[r] > 0 ? (x(r, i) / x_region[r]) / (national[i] / x_nation) : 0.0;
  return slq;
}

double flegg_lambda(double region, double nation, double delta) { return std::pow(std::log2(1.0 + region / nation), delta); }

double own_share(LocationQuotient lq, const Matrix& slq, const std::vector<double>& lambda, std::size_t r,
                 std::size_t i, std::size_t j, double cap) {
  double q;
  if (lq == LocationQuotient::slq || i == j) q = slq(r, i);
  else q = slq(r, j) > 0 ? slq(r, i) / slq(r, j) : 0.0;
  if (lq == LocationQuotient::flq || lq == LocationQuotient::aflq) q *= lambda[r];
  // Flegg and Webber (2000): AFLQ_ij = FLQ_ij x log2(1 + SLQ_rj) where the purchaser is specialised.
  if (lq == LocationQuotient::aflq && slq(r, j) > 1) q *= std::log2(1.0 + slq(r, j));
  return std::min(cap, q);
}

}  // namespace devolve::regional
