#include "regional/ras.hpp"

#include <algorithm>
#include <cmath>

namespace devolve::regional {

double ras(std::vector<double>& t, std::size_t rows, std::size_t cols, const std::vector<double>& row_target,
           const std::vector<double>& col_target, double tol, int max_iter) {
  std::vector<double> rs(rows);
  double err = 0;
  for (int it = 0; it < max_iter; ++it) {
    for (std::size_t p = 0; p < cols; ++p) {  // columns to their targets
      double* c = t.data() + p * rows;
      double s = 0;
      for (std::size_t r = 0; r < rows; ++r) s += c[r];
      const double f = s > 0 ? col_target[p] / s : 0.0;
      for (std::size_t r = 0; r < rows; ++r) c[r] *= f;
    }
    std::fill(rs.begin(), rs.end(), 0.0);
    for (std::size_t p = 0; p < cols; ++p)
      for (std::size_t r = 0; r < rows; ++r) rs[r] += t[p * rows + r];
    err = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      const double scale = std::max(row_target[r], 1e-300);
      err = std::max(err, std::abs(rs[r] - row_target[r]) / scale);
    }
    if (err <= tol) break;
    for (std::size_t r = 0; r < rows; ++r) rs[r] = rs[r] > 0 ? row_target[r] / rs[r] : 0.0;
    for (std::size_t p = 0; p < cols; ++p)
      for (std::size_t r = 0; r < rows; ++r) t[p * rows + r] *= rs[r];
    if (it + 1 == max_iter) {
      // Not converged to tol: end on the columns, which carry the national totals cell by cell; the
      // rows keep the small error reported (checked against the identity tolerance by the caller).
      for (std::size_t p = 0; p < cols; ++p) {
        double* c = t.data() + p * rows;
        double s = 0;
        for (std::size_t r = 0; r < rows; ++r) s += c[r];
        const double f = s > 0 ? col_target[p] / s : 0.0;
        for (std::size_t r = 0; r < rows; ++r) c[r] *= f;
      }
    }
  }
  return err;
}

namespace {

// The columns of one buyer region, with a positive target, gathered contiguously.
struct BuyerColumns {
  std::vector<std::size_t> start;          // R + 1 offsets into the arrays below
  std::vector<double> own, bought, target;  // by buyer, in column order
  std::vector<std::size_t> column;
};

BuyerColumns group_by_buyer(const FactoredPrior& p, std::size_t R) {
  BuyerColumns g{std::vector<std::size_t>(R + 1, 0), {}, {}, {}, {}};
  for (std::size_t c = 0; c < p.col_target.size(); ++c)
    if (p.col_target[c] > 0) ++g.start[p.buyer[c] + 1];
  for (std::size_t s = 0; s < R; ++s) g.start[s + 1] += g.start[s];
  const std::size_t m = g.start[R];
  g.own.resize(m), g.bought.resize(m), g.target.resize(m), g.column.resize(m);
  std::vector<std::size_t> next(g.start.begin(), g.start.end() - 1);
  for (std::size_t c = 0; c < p.col_target.size(); ++c) {
    if (!(p.col_target[c] > 0)) continue;
    const std::size_t k = next[p.buyer[c]]++;
    g.own[k] = p.own[c], g.bought[k] = p.bought[c], g.target[k] = p.col_target[c], g.column[k] = c;
  }
  return g;
}

// Column c's factor with its buyer's rho and sigma (sigma_s = sum_u rho_u w[s R + u]): its column
// sums to its target.
inline double column_factor(double target, double own, double bought, double rho, double sigma) {
  const double sum = rho * own + sigma * bought;
  return sum > 0 ? target / sum : 0.0;
}

// The column step for buyer s's columns [b, e): what they buy inside s and from other regions.
void buyer_sums(const BuyerColumns& g, std::size_t b, std::size_t e, double rho, double sigma, double& inside,
                double& outside) {
  double a4[4] = {0, 0, 0, 0}, b4[4] = {0, 0, 0, 0};
  std::size_t k = b;
  for (; k + 4 <= e; k += 4)
    for (std::size_t l = 0; l < 4; ++l) {
      const double f = column_factor(g.target[k + l], g.own[k + l], g.bought[k + l], rho, sigma);
      a4[l] += f * g.own[k + l], b4[l] += f * g.bought[k + l];
    }
  for (; k < e; ++k) {
    const double f = column_factor(g.target[k], g.own[k], g.bought[k], rho, sigma);
    a4[0] += f * g.own[k], b4[0] += f * g.bought[k];
  }
  inside = (a4[0] + a4[1]) + (a4[2] + a4[3]);
  outside = (b4[0] + b4[1]) + (b4[2] + b4[3]);
}

}  // namespace

void factored_sigma(const std::vector<double>& w, const std::vector<double>& rho, std::vector<double>& sigma) {
  const std::size_t R = rho.size();
  for (std::size_t s = 0; s < R; ++s) {
    double sum = 0;
    for (std::size_t u = 0; u < R; ++u) sum += rho[u] * w[s * R + u];
    sigma[s] = sum;
  }
}

double factored_row_round(const std::vector<double>& w, const std::vector<double>& row_target,
                          const std::vector<double>& inside, const std::vector<double>& outside, double tol,
                          std::vector<double>& rho, std::vector<double>& rs) {
  const std::size_t R = rho.size();
  double error = 0;
  for (std::size_t u = 0; u < R; ++u) {
    double bought = 0;
    for (std::size_t s = 0; s < R; ++s) bought += w[s * R + u] * outside[s];
    rs[u] = rho[u] * (inside[u] + bought);
    error = std::max(error, std::abs(rs[u] - row_target[u]) / std::max(row_target[u], 1e-300));
  }
  if (error > tol)
    for (std::size_t u = 0; u < R; ++u) rho[u] *= rs[u] > 0 ? row_target[u] / rs[u] : 0.0;
  return error;
}

RasFactors ras_on_factors(const FactoredPrior& p, double tol, int max_iter) {
  const std::size_t R = p.row_target.size(), P = p.col_target.size();
  const BuyerColumns g = group_by_buyer(p, R);
  RasFactors f{std::vector<double>(R, 1.0), std::vector<double>(P, 0.0), 0.0};
  std::vector<double> sigma(R), inside(R), outside(R);
  std::vector<double> rs(R);
  factored_sigma(p.w, f.rho, sigma);
  for (int it = 0; it < max_iter; ++it) {
    for (std::size_t s = 0; s < R; ++s) buyer_sums(g, g.start[s], g.start[s + 1], f.rho[s], sigma[s], inside[s], outside[s]);
    f.error = factored_row_round(p.w, p.row_target, inside, outside, tol, f.rho, rs);
    if (f.error <= tol) break;
    factored_sigma(p.w, f.rho, sigma);  // unconverged after the last round: the columns below end it
  }
  for (std::size_t s = 0; s < R; ++s)
    for (std::size_t k = g.start[s]; k < g.start[s + 1]; ++k)
      f.gamma[g.column[k]] = column_factor(g.target[k], g.own[k], g.bought[k], f.rho[s], sigma[s]);
  return f;
}

}  // namespace devolve::regional
