// Interregional flows in factored form (docs/methodology.md, "The structured solver"): RAS on the
// row and column factors of each supplying industry's prior, never an n x n matrix.
#include <algorithm>
#include <cmath>

#include "regional/interregional.hpp"
#include "regional/ras.hpp"

namespace devolve::regional {

namespace {

// The balanced table of one supplying industry is t(u, c) = rho_u gamma_c prior(u, c), with
// prior(s, c) = total_c own_c for the buyer region s of column c and prior(u, c) = total_c
// (1 - own_c) w[s R + u] for the other regions u. RAS changes only rho and gamma; each round is the
// one of ras() (columns to their totals, then rows; unconverged, ending on the columns) in
// O(P + R^2) instead of O(R P).
struct Factors {
  std::vector<double> rho, gamma, sigma;  // R, P, R: sigma_s = sum_u rho_u w[s R + u]
  double error = 0;
};

void scale_columns(const IndustryPrior& p, Factors& f) {
  for (std::size_t c = 0; c < p.total.size(); ++c) {
    const std::size_t s = p.buyer[c];
    const double sum = f.gamma[c] * (f.rho[s] * p.total[c] * p.own[c] + p.total[c] * (1.0 - p.own[c]) * f.sigma[s]);
    f.gamma[c] *= sum > 0 ? p.total[c] / sum : 0.0;
  }
}

Factors factored_ras(const IndustryPrior& p, double tol, int max_iter) {
  const std::size_t R = p.row_target.size(), P = p.total.size();
  Factors f{std::vector<double>(R, 1.0), std::vector<double>(P, 1.0), std::vector<double>(R, 0.0), 0.0};
  std::vector<double> a(R), b(R), rs(R);
  factored_sigma(p.w, f.rho, f.sigma);
  for (int it = 0; it < max_iter; ++it) {
    scale_columns(p, f);
    std::fill(a.begin(), a.end(), 0.0);
    std::fill(b.begin(), b.end(), 0.0);
    for (std::size_t c = 0; c < P; ++c) {
      a[p.buyer[c]] += f.gamma[c] * p.total[c] * p.own[c];
      b[p.buyer[c]] += f.gamma[c] * p.total[c] * (1.0 - p.own[c]);
    }
    f.error = factored_row_round(p.w, p.row_target, a, b, tol, f.rho, rs);
    if (f.error <= tol) break;
    factored_sigma(p.w, f.rho, f.sigma);
    if (it + 1 == max_iter) scale_columns(p, f);
  }
  return f;
}

// Supplying industry i's part of the coefficients and final demand from its balanced factors.
void store_industry(const FlowSetting& fs, std::size_t i, const IndustryPrior& p, const Factors& f, FactoredFlows& out) {
  const RegionalInputs& in = fs.in;
  const std::size_t S = in.industries.size(), R = in.regions.size(), n = R * S, K = out.y->categories;
  MrioStructure& a = *out.a;
  for (std::size_t s = 0; s < R; ++s) {
    for (std::size_t u = 0; u < R; ++u)
      a.trade[i * R * R + u + s * R] = f.sigma[s] > 0 ? f.rho[u] * p.w[s * R + u] / f.sigma[s] : 0.0;
    for (std::size_t j = 0; j < S; ++j) {
      const std::size_t c = s * S + j;
      const double x = fs.x(s, j);
      if (!(x > 0)) continue;
      a.own[s * S * S + i + j * S] = f.rho[s] * f.gamma[c] * p.total[c] * p.own[c] / x;
      a.bought[s * S * S + i + j * S] = f.gamma[c] * p.total[c] * (1.0 - p.own[c]) * f.sigma[s] / x;
    }
    for (std::size_t k = 0; k < sourced_categories; ++k) {
      const std::size_t c = n + k * R + s, at = (s * K + k) * S + i;
      out.y->own[at] = f.rho[s] * f.gamma[c] * p.total[c] * p.own[c];
      out.y->bought[at] = f.gamma[c] * p.total[c] * (1.0 - p.own[c]) * f.sigma[s];
    }
    const double share = in.output[i] > 0 ? fs.x(s, i) / in.output[i] : 0.0;
    out.y->own[(s * K + 4) * S + i] = in.inv[i] * share;
    out.y->own[(s * K + 5) * S + i] = in.exp[i] * share;
  }
}

// A sweep's variant: RAS on the factors with Newton steps on the row factors (ras_on_factors, as
// dense_flows on_factors), in the factors above.
Factors newton_ras(const FlowSetting& fs, const IndustryPrior& p) {
  RasFactors b = balance_on_factors(fs, p);
  Factors f{std::move(b.rho), std::move(b.gamma), std::vector<double>(p.row_target.size(), 0.0), b.error};
  factored_sigma(p.w, f.rho, f.sigma);
  return f;
}

}  // namespace

FactoredFlows factored_flows(const FlowSetting& fs, std::size_t categories, bool newton) {
  const std::size_t S = fs.in.industries.size(), R = fs.in.regions.size(), n = R * S;
  FactoredFlows out;
  out.a = std::make_shared<MrioStructure>(MrioStructure{R, S, std::vector<double>(R * S * S, 0.0),
                                                        std::vector<double>(R * S * S, 0.0), std::vector<double>(S * R * R, 0.0)});
  out.y = std::make_shared<FactoredFinalDemand>(
      FactoredFinalDemand{categories, std::vector<double>(R * categories * S, 0.0), std::vector<double>(R * categories * S, 0.0)});
  std::vector<double> worst(S, 0.0);
#pragma omp parallel for schedule(dynamic)
  for (std::size_t i = 0; i < S; ++i) {
    const IndustryPrior p = industry_prior(fs, i);
    const Factors f = newton ? newton_ras(fs, p) : factored_ras(p, fs.prm.ras_tolerance, fs.prm.ras_max_iterations);
    worst[i] = f.error;
    store_industry(fs, i, p, f, out);
  }
  out.ras_error = *std::max_element(worst.begin(), worst.end());
  out.input_totals.assign(n, 0.0);
  for (std::size_t s = 0; s < R; ++s)
    for (std::size_t j = 0; j < S; ++j) {
      double sum = 0;
      for (std::size_t i = 0; i < S; ++i) sum += out.a->own[s * S * S + i + j * S] + out.a->bought[s * S * S + i + j * S];
      out.input_totals[s * S + j] = sum * fs.x(s, j);
    }
  return out;
}

}  // namespace devolve::regional
