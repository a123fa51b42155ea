// Quantiles and Sobol indices of a sweep's runs (docs/sweeps.md, "Statistics").
#include "devolve/sweep_statistics.hpp"

#include <algorithm>
#include <cmath>

namespace devolve {

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * double(v.size() - 1);
  const std::size_t lo = std::size_t(pos);
  const double frac = pos - double(lo);
  return lo + 1 < v.size() ? v[lo] * (1 - frac) + v[lo + 1] * frac : v[lo];
}

std::vector<double> column_quantiles(const std::vector<double>& values, std::size_t width,
                                     const std::vector<std::size_t>& runs, const std::vector<double>& qs) {
  std::vector<double> out(qs.size() * width), col(runs.size());
  for (std::size_t c = 0; c < width; ++c) {
    for (std::size_t s = 0; s < runs.size(); ++s) col[s] = values[runs[s] * width + c];
    for (std::size_t q = 0; q < qs.size(); ++q) out[q * width + c] = quantile(col, qs[q]);
  }
  return out;
}

SobolIndices sobol_indices(const std::vector<double>& v, std::size_t w, std::size_t k, std::size_t N) {
  SobolIndices out;
  out.first.assign(k * w, std::nan(""));
  out.total.assign(k * w, std::nan(""));
  out.implausible.assign(k * w, 0);
  out.first_se.assign(k * w, std::nan(""));
  for (std::size_t c = 0; c < w; ++c) {
    auto f = [&](std::size_t j, std::size_t row) { return v[(j * (k + 2) + row) * w + c]; };
    double mean = 0, var = 0, centre = 0;
    for (std::size_t j = 0; j < N; ++j) mean += f(j, 0) + f(j, 1);
    mean /= double(2 * N);
    // The first-order estimator's f(B_j) is taken from the mean of every run of the design, as
    // SALib does (it standardises the outputs before estimating, Herman and Usher 2017): the
    // estimate stays consistent (the mean of f(AB_j^i) - f(A_j) tends to 0) and its noise no
    // longer grows with the part of the result that all runs share (docs/sweeps.md, "Statistics").
    for (std::size_t j = 0; j < N; ++j)
      for (std::size_t row = 0; row < k + 2; ++row) centre += f(j, row);
    centre /= double(N * (k + 2));
    for (std::size_t j = 0; j < N; ++j) var += (f(j, 0) - mean) * (f(j, 0) - mean) + (f(j, 1) - mean) * (f(j, 1) - mean);
    var /= double(2 * N - 1);
    if (!(var > 1e-24 * (mean * mean + 1))) continue;
    for (std::size_t i = 0; i < k; ++i) {
      // Each estimator is a mean over j of a term: y_j = (f(B_j) - f̄) (f(AB_j^i) - f(A_j)) for S_i,
      // z_j = (f(A_j) - f(AB_j^i))^2 / 2 for S_Ti. Their standard errors (sd / sqrt(N)), and that of
      // the paired difference y_j - z_j, say how far S_i can exceed S_Ti or 1 by chance alone.
      double s1 = 0, st = 0, yy = 0, dd = 0;
      for (std::size_t j = 0; j < N; ++j) {
        const double a = f(j, 0), b = f(j, 1), ab = f(j, 2 + i);
        const double y = (b - centre) * (ab - a), z = (a - ab) * (a - ab) / 2;
        s1 += y;
        st += z;
        yy += y * y;
        dd += (y - z) * (y - z);
      }
      const double n = double(N), first = s1 / n / var, total = st / n / var;
      const double d = (s1 - st) / n;
      const double se_first = N > 1 ? std::sqrt(std::max(0.0, yy / n - s1 / n * s1 / n) / (n - 1)) / var : 0;
      const double se_diff = N > 1 ? std::sqrt(std::max(0.0, dd / n - d * d) / (n - 1)) / var : 0;
      out.first[i * w + c] = first;
      out.total[i * w + c] = total;
      out.first_se[i * w + c] = se_first;
      const double excess = std::max(first - total, first - 1);
      out.implausible[i * w + c] = excess > 0 && (first - total > 2 * se_diff || first - 1 > 2 * se_first || se_first > 0.05);
    }
  }
  return out;
}

}  // namespace devolve
