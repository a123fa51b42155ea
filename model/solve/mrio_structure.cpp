#include "devolve/mrio_structure.hpp"

#include <algorithm>
#include <cmath>

#include "solve/linalg.hpp"

namespace devolve {

namespace {

using Eigen::Index;

// Block b of a vector of equal square blocks of order m, column-major.
linalg::MapC block(const std::vector<double>& v, std::size_t b, std::size_t m) {
  return linalg::MapC(v.data() + b * m * m, Index(m), Index(m));
}

}  // namespace

bool parallel_worthwhile(const MrioStructure& a, std::size_t k) {
  return double(a.regions) * double(a.industries) * double(a.industries) * double(k) > 2e7;
}

bool factor_coefficients(const Model& m, MrioStructure& out, double tolerance) {
  const std::size_t R = m.num_regions(), S = m.num_industries(), n = R * S;
  out = MrioStructure{R, S, std::vector<double>(R * S * S, 0.0), std::vector<double>(R * S * S, 0.0),
                      std::vector<double>(S * R * R, 0.0)};
  auto a = [&](std::size_t row, std::size_t col) { return m.output[col] > 0 ? m.z(row, col) / m.output[col] : 0.0; };
  for (std::size_t s = 0; s < R; ++s) {
    double* d = out.own.data() + s * S * S;
    double* mb = out.bought.data() + s * S * S;
    std::vector<double> total(S, 0.0);  // sum_j M_s(i, j)
    for (std::size_t j = 0; j < S; ++j)
      for (std::size_t u = 0; u < R; ++u)
        for (std::size_t i = 0; i < S; ++i) {
          const double v = a(u * S + i, s * S + j);
          if (u == s) d[i + j * S] = v;
          else {
            mb[i + j * S] += v;
            out.trade[i * R * R + u + s * R] += v;
            total[i] += v;
          }
        }
    for (std::size_t i = 0; i < S; ++i)
      for (std::size_t u = 0; u < R; ++u) out.trade[i * R * R + u + s * R] = total[i] > 0 ? out.trade[i * R * R + u + s * R] / total[i] : 0.0;
  }
  // Every entry must be reproduced by its factors.
  for (std::size_t col = 0; col < n; ++col) {
    const std::size_t s = col / S, j = col % S;
    for (std::size_t row = 0; row < n; ++row) {
      const std::size_t u = row / S, i = row % S;
      if (u == s) continue;
      const double v = a(row, col), f = out.trade[i * R * R + u + s * R] * out.bought[s * S * S + i + j * S];
      if (std::abs(v - f) > tolerance * std::max(std::abs(v), std::abs(f))) {
        out = MrioStructure{};
        return false;
      }
    }
  }
  return true;
}

// A x: D_s x_s + (off-diagonal) where the off-diagonal part is, for each industry i,
// T_i applied to (M_s x_s)_i over buyer regions s: O(R S^2 k) for the blocks, O(S R^2 k) for trade.
// A' x: D_s' x_s + M_s' g_s with g_s(i) = sum_u T_i(u, s) x_u(i).
// The trade step works on an industry-major copy, so each T_i multiplies contiguous rows.
// Threads (OpenMP, where built with it) take whole blocks: Eigen runs each small product on one
// thread inside a parallel loop, where spawning threads per 105 x 105 product cost 10 to 20 times
// the work on this shared 2-core machine (docs/performance.md).
void multiply(const MrioStructure& a, const double* x, double* y, std::size_t k, bool transposed) {
  const std::size_t R = a.regions, S = a.industries, n = R * S;
  const bool threads = parallel_worthwhile(a, k);
  const linalg::MapC X(x, Index(n), Index(k));
  linalg::MapM Y(y, Index(n), Index(k));
  const Index ni = static_cast<Index>(n), ki = static_cast<Index>(k);
  Eigen::MatrixXd by_industry(ni, ki), traded(ni, ki);
  auto to_industry_major = [&](const auto& src, Eigen::MatrixXd& dst) {
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t r = 0; r < R; ++r)
        for (std::size_t i = 0; i < S; ++i) dst(Index(i * R + r), Index(c)) = src(Index(r * S + i), Index(c));
  };
  auto trade = [&](bool t) {
#pragma omp parallel for schedule(static) if (threads)
    for (std::size_t i = 0; i < S; ++i) {
      const auto ti = block(a.trade, i, R);
      if (t) traded.middleRows(Index(i * R), Index(R)).noalias() = ti.transpose() * by_industry.middleRows(Index(i * R), Index(R));
      else traded.middleRows(Index(i * R), Index(R)).noalias() = ti * by_industry.middleRows(Index(i * R), Index(R));
    }
  };
  if (!transposed) {
    Eigen::MatrixXd mx(ni, ki);
#pragma omp parallel for schedule(static) if (threads)
    for (std::size_t s = 0; s < R; ++s) {
      const auto xs = X.middleRows(Index(s * S), Index(S));
      Y.middleRows(Index(s * S), Index(S)).noalias() = block(a.own, s, S) * xs;
      mx.middleRows(Index(s * S), Index(S)).noalias() = block(a.bought, s, S) * xs;
    }
    to_industry_major(mx, by_industry);
    trade(false);
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t r = 0; r < R; ++r)
        for (std::size_t i = 0; i < S; ++i) Y(Index(r * S + i), Index(c)) += traded(Index(i * R + r), Index(c));
    return;
  }
  to_industry_major(X, by_industry);
  trade(true);
#pragma omp parallel for schedule(static) if (threads)
  for (std::size_t s = 0; s < R; ++s) {
    Eigen::MatrixXd g(static_cast<Index>(S), ki);
    for (std::size_t c = 0; c < k; ++c)
      for (std::size_t i = 0; i < S; ++i) g(Index(i), Index(c)) = traded(Index(i * R + s), Index(c));
    auto ys = Y.middleRows(Index(s * S), Index(S));
    ys.noalias() = block(a.own, s, S).transpose() * X.middleRows(Index(s * S), Index(S));
    ys.noalias() += block(a.bought, s, S).transpose() * g;
  }
}

Matrix dense_coefficients(const MrioStructure& a) {
  const std::size_t R = a.regions, S = a.industries, n = R * S;
  Matrix out(n, n);
  for (std::size_t s = 0; s < R; ++s)
    for (std::size_t j = 0; j < S; ++j)
      for (std::size_t u = 0; u < R; ++u)
        for (std::size_t i = 0; i < S; ++i)
          out(u * S + i, s * S + j) = u == s ? a.own[s * S * S + i + j * S]
                                             : a.trade[i * R * R + u + s * R] * a.bought[s * S * S + i + j * S];
  return out;
}

Vector column_sums(const MrioStructure& a) {
  const std::size_t R = a.regions, S = a.industries;
  Vector out(R * S, 0.0);
  for (std::size_t s = 0; s < R; ++s)
    for (std::size_t i = 0; i < S; ++i) {
      double share = 0;  // sum_u T_i(u, s): 1, or 0 where s buys none of i from other regions
      for (std::size_t u = 0; u < R; ++u) share += a.trade[i * R * R + u + s * R];
      for (std::size_t j = 0; j < S; ++j)
        out[s * S + j] += a.own[s * S * S + i + j * S] + share * a.bought[s * S * S + i + j * S];
    }
  return out;
}

}  // namespace devolve
