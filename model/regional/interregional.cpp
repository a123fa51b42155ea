// Interregional flows as dense matrices (docs/methodology.md, "Regionalisation", step 4).
#include "regional/interregional.hpp"

#include <algorithm>

#include "regional/gravity.hpp"
#include "regional/location_quotients.hpp"
#include "regional/ras.hpp"

namespace devolve::regional {

namespace {
// Share of region r's purchases of supplier i by purchaser j made inside r, capped just below 1:
// a sliver of every purchase is left to other regions in the prior so that the balancing always
// has a solution (a region whose LQ is 1 or more but whose demand exceeds its supply would
// otherwise make RAS infeasible). RAS then sets the final split.
constexpr double max_own_share = 0.99;

}  // namespace

RasFactors balance_on_factors(const FlowSetting& f, const IndustryPrior& p) {
  const std::size_t P = p.total.size();
  std::vector<double> own(P, 0.0), bought(P, 0.0);
  for (std::size_t c = 0; c < P; ++c)
    if (p.total[c] > 0) own[c] = p.total[c] * p.own[c], bought[c] = p.total[c] * (1.0 - p.own[c]);
  return ras_on_factors(FactoredPrior{p.buyer, own, bought, p.w, p.row_target, p.total}, f.prm.ras_tolerance,
                        f.prm.ras_max_iterations);
}

// Column totals are fixed (national coefficient x regional output; national final demand x regional
// share); RAS makes each supplier's row sum equal its output less inventories and exports, which
// are booked to the producing region in proportion to its output.
IndustryPrior industry_prior(const FlowSetting& f, std::size_t i) {
  const RegionalInputs& in = f.in;
  const std::size_t S = in.industries.size(), R = in.regions.size(), n = R * S, P = f.columns();
  IndustryPrior p{std::vector<double>(P, 0.0), std::vector<double>(P, 0.0), std::vector<std::size_t>(P, 0),
                  std::vector<double>(R, 0.0), gravity_shares(f.x, i, f.gravity)};
  const double fixed_share = in.output[i] > 0 ? (in.inv[i] + in.exp[i]) / in.output[i] : 0.0;
  for (std::size_t r = 0; r < R; ++r) p.row_target[r] = f.x(r, i) * (1.0 - fixed_share);
  for (std::size_t s = 0; s < R; ++s)
    for (std::size_t j = 0; j < S; ++j) {
      const std::size_t c = s * S + j;
      const double total = in.output[j] > 0 ? in.z(i, j) / in.output[j] * f.x(s, j) : 0.0;
      p.buyer[c] = s;
      if (total > 0) p.total[c] = total, p.own[c] = own_share(f.prm.lq, f.slq, f.lambda, s, i, j, max_own_share);
    }
  const double* fd[sourced_categories] = {&in.hh[i], &in.npish[i], &in.gov[i], &in.gfcf[i]};
  for (std::size_t k = 0; k < sourced_categories; ++k)
    for (std::size_t s = 0; s < R; ++s) {
      const double share = k == 0 ? f.shares.households(f.prm.households)[s] : k == 3 ? f.shares.output[s] : f.shares.population[s];
      const std::size_t c = n + k * R + s;
      const double total = *fd[k] * share;
      p.buyer[c] = s;
      if (total > 0) p.total[c] = total, p.own[c] = std::min(max_own_share, f.slq(s, i));
    }
  return p;
}

namespace {

// A column of Z summed from its first row down (the bits of Matrix::col_sum).
double column_sum(const double* col, std::size_t n) {
  double sum = 0.0;
  for (std::size_t a = 0; a < n; ++a) sum += col[a];
  return sum;
}

// Column c of every supplying industry's table balanced on its factors, the prior times rho_u
// gamma_c, into rows u S + i of a zeroed column of Z or final demand.
void balanced_column(const std::vector<IndustryPrior>& priors, const std::vector<RasFactors>& factors, std::size_t c,
                     double* col) {
  const std::size_t S = priors.size();
  for (std::size_t i = 0; i < S; ++i) {
    const IndustryPrior& p = priors[i];
    if (!(p.total[c] > 0)) continue;
    const std::size_t s = p.buyer[c], R = p.row_target.size();
    const double own = p.total[c] * p.own[c], bought = p.total[c] * (1.0 - p.own[c]), g = factors[i].gamma[c];
    const double* rho = factors[i].rho.data();
    for (std::size_t u = 0; u < R; ++u) col[u * S + i] = (u == s ? own : bought * p.w[s * R + u]) * (rho[u] * g);
  }
}

// A variant's Z handed back (keep_z), for this thread's next variant of the same size.
thread_local Matrix spare_z;

// The factors of every supplying industry across the industries, for writing Z's columns region
// block by region block (balanced_z_column): rho[u S + i] = rho_u of industry i, w[(s R + u) S + i]
// = w[s R + u] of industry i.
struct FactorsAcross {
  std::size_t S = 0, R = 0;
  std::vector<double> rho, w;
  FactorsAcross(const std::vector<IndustryPrior>& priors, const std::vector<RasFactors>& factors)
      : S(priors.size()), R(S ? priors[0].row_target.size() : 0), rho(R * S), w(R * R * S) {
    for (std::size_t i = 0; i < S; ++i) {
      for (std::size_t u = 0; u < R; ++u) rho[u * S + i] = factors[i].rho[u];
      for (std::size_t q = 0; q < R * R; ++q) w[q * S + i] = priors[i].w[q];
    }
  }
};

// balanced_column for column c of Z (buyer region c / S, every row written): the same products in
// the same order, so the same bits, but each region's block of S rows written in one contiguous
// loop over the industries (vectorised) instead of S loops of R rows S apart. `total`, `own` and `g`
// are work arrays of S.
void balanced_z_column(const std::vector<IndustryPrior>& priors, const std::vector<RasFactors>& factors,
                       const FactorsAcross& across, std::size_t c, double* col, double* total, double* own,
                       double* g) {
  const std::size_t S = across.S, R = across.R, s = c / S;
  for (std::size_t i = 0; i < S; ++i) {
    total[i] = priors[i].total[c];
    own[i] = priors[i].own[c];
    g[i] = factors[i].gamma[c];
  }
  for (std::size_t u = 0; u < R; ++u) {
    double* out = col + u * S;
    const double* rho = across.rho.data() + u * S;
    if (u == s) {
      for (std::size_t i = 0; i < S; ++i) out[i] = total[i] > 0 ? (total[i] * own[i]) * (rho[i] * g[i]) : 0.0;
    } else {
      const double* w = across.w.data() + (s * R + u) * S;
      for (std::size_t i = 0; i < S; ++i)
        out[i] = total[i] > 0 ? ((total[i] * (1.0 - own[i])) * w[i]) * (rho[i] * g[i]) : 0.0;
    }
  }
}

// dense_flows on the factors: every industry balanced first, then Z and final demand written
// column by column (each column holds one entry of every industry in every region).
double dense_flows_on_factors(const FlowSetting& f, Model& m, std::vector<double>& input_totals) {
  const RegionalInputs& in = f.in;
  const std::size_t S = in.industries.size(), R = in.regions.size(), n = R * S, K = m.final_demand_categories.size();
  std::vector<IndustryPrior> priors(S);
  std::vector<RasFactors> factors(S);
#pragma omp parallel for schedule(dynamic)
  for (std::size_t i = 0; i < S; ++i) {
    priors[i] = industry_prior(f, i);
    factors[i] = balance_on_factors(f, priors[i]);
  }
  m.final_demand = Matrix(n, R * K);
  input_totals.assign(n, 0.0);
  const FactorsAcross across(priors, factors);
  if (spare_z.rows() == n && spare_z.cols() == n) {  // every entry is written below
    m.z = std::move(spare_z);
    spare_z = Matrix();
  } else {
    m.z = Matrix(n, n);
  }
  // Columns in blocks of 8, each block summed while it is in cache: each column's sum one chain from
  // its first row down (column_sum's bits), the block's 8 chains side by side.
  constexpr std::size_t block = 8;
  const std::size_t blocks = (n + block - 1) / block;
#pragma omp parallel
  {
    std::vector<double> work(3 * S);
#pragma omp for schedule(static)
    for (std::size_t b = 0; b < blocks; ++b) {
      const std::size_t c0 = b * block, B = std::min(block, n - c0);
      for (std::size_t q = 0; q < B; ++q)
        balanced_z_column(priors, factors, across, c0 + q, m.z.data() + (c0 + q) * n, work.data(), work.data() + S,
                          work.data() + 2 * S);
      double sum[block] = {};
      const double* col = m.z.data() + c0 * n;
      for (std::size_t a = 0; a < n; ++a)
        for (std::size_t q = 0; q < B; ++q) sum[q] += col[q * n + a];
      for (std::size_t q = 0; q < B; ++q) input_totals[c0 + q] = sum[q];
    }
  }
  for (std::size_t s = 0; s < R; ++s) {
    for (std::size_t k = 0; k < sourced_categories; ++k)
      balanced_column(priors, factors, n + k * R + s, m.final_demand.data() + (s * K + k) * n);
    for (std::size_t i = 0; i < S; ++i) {  // booked to the producing region
      const double share = in.output[i] > 0 ? f.x(s, i) / in.output[i] : 0.0;
      m.final_demand(s * S + i, s * K + 4) = in.inv[i] * share;
      m.final_demand(s * S + i, s * K + 5) = in.exp[i] * share;
    }
  }
  double worst = 0;
  for (const RasFactors& b : factors) worst = std::max(worst, b.error);
  return worst;
}

}  // namespace

void keep_z(Matrix&& z) { spare_z = std::move(z); }

double dense_flows(const FlowSetting& f, Model& m, std::vector<double>& input_totals, bool on_factors) {
  if (on_factors) return dense_flows_on_factors(f, m, input_totals);
  const RegionalInputs& in = f.in;
  const std::size_t S = in.industries.size(), R = in.regions.size(), n = R * S, K = m.final_demand_categories.size();
  const std::size_t P = f.columns(), KD = sourced_categories;
  m.z = Matrix(n, n);
  m.final_demand = Matrix(n, R * K);
  std::vector<double> worst(S, 0.0);
#pragma omp parallel for schedule(dynamic)
  for (std::size_t i = 0; i < S; ++i) {
    const IndustryPrior p = industry_prior(f, i);
    std::vector<double> t(R * P, 0.0);
    for (std::size_t c = 0; c < P; ++c) {
      if (!(p.total[c] > 0)) continue;
      const std::size_t s = p.buyer[c];
      double* col = t.data() + c * R;
      col[s] = p.total[c] * p.own[c];
      for (std::size_t u = 0; u < R; ++u)
        if (u != s) col[u] = p.total[c] * (1.0 - p.own[c]) * p.w[s * R + u];
    }
    worst[i] = ras(t, R, P, p.row_target, p.total, f.prm.ras_tolerance, f.prm.ras_max_iterations);
    for (std::size_t u = 0; u < R; ++u) {
      const std::size_t row = u * S + i;
      for (std::size_t c = 0; c < n; ++c) m.z(row, c) = t[c * R + u];
      for (std::size_t k = 0; k < KD; ++k)
        for (std::size_t s = 0; s < R; ++s) m.final_demand(row, s * K + k) = t[(n + k * R + s) * R + u];
      const double share = in.output[i] > 0 ? f.x(u, i) / in.output[i] : 0.0;
      m.final_demand(row, u * K + 4) = in.inv[i] * share;
      m.final_demand(row, u * K + 5) = in.exp[i] * share;
    }
  }
  input_totals.assign(n, 0.0);
  for (std::size_t c = 0; c < n; ++c) input_totals[c] = column_sum(m.z.data() + c * n, n);
  return *std::max_element(worst.begin(), worst.end());
}

}  // namespace devolve::regional
