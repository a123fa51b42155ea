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

namespace {

// buyer_sums with the second-order sums of Newton's Jacobian: with d_c = rho own_c + sigma bought_c
// and q_c = target_c / d_c^2, a = sum q_c own_c^2, b = sum q_c own_c bought_c, c = sum q_c bought_c^2.
void buyer_sums_newton(const BuyerColumns& g, std::size_t b, std::size_t e, double rho, double sigma, double& inside,
                       double& outside, double& a, double& ab, double& c) {
  constexpr std::size_t L = 4;  // four lanes of each sum, added pairwise at the end
  double si[L] = {}, so[L] = {}, sa[L] = {}, sab[L] = {}, sc[L] = {};
  auto add = [&](std::size_t k, std::size_t l) {
    const double o = g.own[k], x = g.bought[k], d = rho * o + sigma * x;
    const double inv = d > 0 ? 1.0 / d : 0.0, f = g.target[k] * inv, q = f * inv;  // one division
    si[l] += f * o, so[l] += f * x, sa[l] += q * o * o, sab[l] += q * o * x, sc[l] += q * x * x;
  };
  std::size_t k = b;
  for (; k + L <= e; k += L)
    for (std::size_t l = 0; l < L; ++l) add(k + l, l);
  for (; k < e; ++k) add(k, 0);
  auto total = [](const double* v) { return (v[0] + v[1]) + (v[2] + v[3]); };
  inside = total(si), outside = total(so), a = total(sa), ab = total(sab), c = total(sc);
}

// Solves m x = r in place on r (m: k x k, row by row) by Gaussian elimination with partial
// pivoting; false if a pivot is zero or a value not finite.
bool small_solve(std::vector<double>& m, std::vector<double>& r, std::size_t k) {
  for (std::size_t j = 0; j < k; ++j) {
    std::size_t p = j;
    for (std::size_t i = j + 1; i < k; ++i)
      if (std::abs(m[i * k + j]) > std::abs(m[p * k + j])) p = i;
    if (!(std::abs(m[p * k + j]) > 0)) return false;
    if (p != j) {
      for (std::size_t l = 0; l < k; ++l) std::swap(m[j * k + l], m[p * k + l]);
      std::swap(r[j], r[p]);
    }
    for (std::size_t i = j + 1; i < k; ++i) {
      const double f = m[i * k + j] / m[j * k + j];
      if (f == 0) continue;
      for (std::size_t l = j; l < k; ++l) m[i * k + l] -= f * m[j * k + l];
      r[i] -= f * r[j];
    }
  }
  for (std::size_t j = k; j-- > 0;) {
    double v = r[j];
    for (std::size_t l = j + 1; l < k; ++l) v -= m[j * k + l] * r[l];
    r[j] = v / m[j * k + j];
    if (!std::isfinite(r[j])) return false;
  }
  return true;
}

// The state of one round: buyer s's column-scaled totals and Jacobian sums at rho, and the row sums.
struct RoundSums {
  std::vector<double> inside, outside, a, ab, c, rs;
  explicit RoundSums(std::size_t R) : inside(R), outside(R), a(R), ab(R), c(R), rs(R) {}
};

// A Newton step of the row factors towards row sums kappa row_target (kappa = the column targets'
// total over the row targets', 1 when they agree: RAS's own limit), in log rho on the rows with
// rho_u > 0. The row sums do not change when rho is scaled, so J 1 = 0 and 1' J = 0 in log rho:
// (J + lambda 1 1') step = -g has the step with 1' step = 0 that solves J step = -g.
bool newton_step(const std::vector<double>& w, const std::vector<double>& row_target, double kappa, const RoundSums& r,
                 double alpha, std::vector<double>& rho) {
  const std::size_t R = rho.size();
  std::vector<std::size_t> on;
  for (std::size_t u = 0; u < R; ++u)
    if (rho[u] > 0 && row_target[u] > 0) on.push_back(u);
  const std::size_t k = on.size();
  if (k < 2) return false;
  std::vector<double> m(k * k), g(k);
  double lambda = 0;
  for (std::size_t i = 0; i < k; ++i) lambda += r.rs[on[i]];
  lambda /= double(k * k);
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t u = on[i];
    g[i] = -(r.rs[u] - kappa * row_target[u]);
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t v = on[j];
      double cross = 0;  // sum_s w[s,u] c_s w[s,v]
      for (std::size_t s = 0; s < R; ++s) cross += w[s * R + u] * r.c[s] * w[s * R + v];
      double d = -(r.ab[u] * w[u * R + v] + w[v * R + u] * r.ab[v] + cross);
      if (u == v) d -= r.a[u];
      m[i * k + j] = rho[u] * rho[v] * d + (u == v ? r.rs[u] : 0.0) + lambda;
    }
  }
  if (!small_solve(m, g, k)) return false;
  for (std::size_t i = 0; i < k; ++i)
    if (!std::isfinite(g[i])) return false;
  for (std::size_t i = 0; i < k; ++i) rho[on[i]] *= std::exp(alpha * std::clamp(g[i], -1.0, 1.0));
  return true;
}

}  // namespace

namespace {
constexpr double limit_gap = 1e-11;
}  // namespace

RasFactors ras_on_factors(const FactoredPrior& p, double tol, int max_iter) {
  const std::size_t R = p.row_target.size(), P = p.col_target.size();
  const BuyerColumns g = group_by_buyer(p, R);
  RasFactors f{std::vector<double>(R, 1.0), std::vector<double>(P, 0.0), 0.0};
  std::vector<double> sigma(R), last_rho;
  RoundSums r(R);
  double col_total = 0;
  for (double t : g.target) col_total += t;
  // A row with a positive target and no prior entry (no column it can sell to) is dead: its sum
  // stays 0 whatever rho is. It keeps its error, but it is left out of the gap and of kappa, so the
  // rows that can move take their Newton steps to RAS's limit instead of having every step undone.
  std::vector<char> dead(R, 0);
  double kappa = 1.0;
  // After a plain first round, Newton steps (each log factor moved by at most alpha) while they
  // lower the largest relative gap to kappa row_target; a step that does not is undone and tried
  // again at half the length, and below 1/64 of it plain rounds finish the balancing. Where the row and
  // column targets disagree by more than tol (kappa != 1: the published table's own rounding, up to
  // about 2e-8 on uk-itl1-2022), no round can meet tol: the balancing stops at RAS's limit, the rows
  // within limit_gap of kappa row_target, and reports the error left.
  bool newton = true, last_newton = false, converged = false;
  double alpha = 1.0;
  double last_gap = 0, last_error = 0;
  factored_sigma(p.w, f.rho, sigma);
  for (int it = 0; it < max_iter; ++it) {
    for (std::size_t s = 0; s < R; ++s)
      buyer_sums_newton(g, g.start[s], g.start[s + 1], f.rho[s], sigma[s], r.inside[s], r.outside[s], r.a[s], r.ab[s], r.c[s]);
    for (std::size_t u = 0; u < R; ++u) {
      double bought = 0;
      for (std::size_t s = 0; s < R; ++s) bought += p.w[s * R + u] * r.outside[s];
      r.rs[u] = f.rho[u] * (r.inside[u] + bought);
    }
    if (it == 0) {  // rho is 1: a row sum of 0 is a row without prior entries
      double row_total = 0;
      for (std::size_t u = 0; u < R; ++u) {
        dead[u] = p.row_target[u] > 0 && !(r.rs[u] > 0);
        if (!dead[u]) row_total += p.row_target[u];
      }
      kappa = row_total > 0 ? col_total / row_total : 1.0;
    }
    double error = 0, gap = 0;
    for (std::size_t u = 0; u < R; ++u) {
      const double target = std::max(p.row_target[u], 1e-300);
      error = std::max(error, std::abs(r.rs[u] - p.row_target[u]) / target);
      if (!dead[u]) gap = std::max(gap, std::abs(r.rs[u] - kappa * p.row_target[u]) / target);
    }
    f.error = error;
    f.rounds = it + 1;
    if (error <= tol || gap <= std::min(tol, limit_gap)) {
      converged = true;
      break;
    }
    if (last_newton && !(gap < last_gap)) {  // the step did not help: back, and a shorter one
      f.rho = last_rho, last_newton = false, f.error = last_error;
      alpha *= 0.5;
      newton = alpha >= 1.0 / 64;
      factored_sigma(p.w, f.rho, sigma);
      continue;
    }
    if (last_newton) alpha = std::min(1.0, 2 * alpha);
    last_rho = f.rho, last_gap = gap, last_error = error;
    last_newton = newton && it > 0 && newton_step(p.w, p.row_target, kappa, r, alpha, f.rho);
    if (!last_newton)
      for (std::size_t u = 0; u < R; ++u) f.rho[u] *= r.rs[u] > 0 ? p.row_target[u] / r.rs[u] : 0.0;
    factored_sigma(p.w, f.rho, sigma);  // unconverged after the last round: the columns below end it
  }
  if (!converged && last_newton) {  // out of rounds after an unchecked Newton step: the last checked state
    f.rho = last_rho, f.error = last_error;
    factored_sigma(p.w, f.rho, sigma);
  }
  for (std::size_t s = 0; s < R; ++s)
    for (std::size_t k = g.start[s]; k < g.start[s + 1]; ++k)
      f.gamma[g.column[k]] = column_factor(g.target[k], g.own[k], g.bought[k], f.rho[s], sigma[s]);
  return f;
}

}  // namespace devolve::regional
