// Running a scenario: final-demand changes by year, one factorisation, decomposition (docs/methodology.md).
#include "devolve/scenario_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "devolve/error.hpp"
#include "devolve/leontief.hpp"
#include "devolve/multipliers.hpp"

namespace devolve {

std::vector<double> ScenarioResults::by_region() const {
  const std::size_t M = measures.size(), Y = years.size(), R = regions, S = industries, C = components.size();
  std::vector<double> out(M * Y * R, 0.0);
  for (std::size_t c = 0; c < C; ++c)
    for (std::size_t m = 0; m < M; ++m)
      for (std::size_t y = 0; y < Y; ++y)
        for (std::size_t r = 0; r < R; ++r)
          for (std::size_t s = 0; s < S; ++s) out[(m * Y + y) * R + r] += impact[(((c * M + m) * Y + y) * R + r) * S + s];
  return out;
}

namespace {

// Adds `amount` of final demand spent in region r through the shock's profile and sourcing.
void spend_in_region(const Model& m, const Shock& sh, std::size_t r, double amount, Matrix& y, std::size_t col) {
  const std::size_t S = m.num_industries(), R = m.num_regions(), K = m.num_categories();
  const double domestic = amount * (1.0 - sh.import_share);
  for (std::size_t i = 0; i < S; ++i) {
    const double v = domestic * sh.profile_shares[i];
    if (v == 0) continue;
    if (!sh.local_sourcing) {
      // The region's own pattern of sourcing this industry for the profile's category.
      double total = 0;
      for (std::size_t u = 0; u < R; ++u) total += m.final_demand(m.sector(u, i), r * K + sh.sourcing_category);
      if (total > 0) {
        for (std::size_t u = 0; u < R; ++u)
          y(m.sector(u, i), col) += v * m.final_demand(m.sector(u, i), r * K + sh.sourcing_category) / total;
        continue;
      }
    }
    y(m.sector(r, i), col) += v;
  }
}

}  // namespace

ScenarioResults run_scenario(const Scenario& sc, const Model& m) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t n = m.num_sectors(), R = m.num_regions(), S = m.num_industries(), K = m.num_categories();
  const std::vector<int> years = sc.years();
  const std::size_t Y = years.size(), H = sc.shocks.size();
  const std::vector<Measure> ms = measures(m);
  const std::size_t M = ms.size();
  ScenarioResults res;
  res.years = years;
  for (const auto& x : ms) {
    res.measures.push_back(x.code);
    res.measure_units.push_back(x.unit);
  }
  for (const auto& s : sc.shocks) res.shocks.push_back(s.label);
  res.regions = R;
  res.industries = S;
  const std::size_t C = res.components.size();
  res.impact.assign(C * M * Y * R * S, 0.0);
  res.by_shock.assign(H * M * Y * R, 0.0);
  res.landing.assign(H * 2 * M * Y, 0.0);
  res.demand.assign(H * Y * R, 0.0);

  // 1. Coefficients of each measure by year, after productivity shocks (jobs and FTE per unit of
  //    output fall by 1/(1 + g); GVA and income per unit of output rise by (1 + g)), and the direct
  //    productivity effect on the base year's output.
  std::vector<std::vector<Vector>> coef(Y, std::vector<Vector>(M));
  std::size_t jobs_m = M, fte_m = M, gva_m = 1, income_m = M;
  for (std::size_t k = 0; k < M; ++k) {
    if (ms[k].code == "jobs") jobs_m = k;
    if (ms[k].code == "fte") fte_m = k;
    if (ms[k].code == "income") income_m = k;
  }
  for (std::size_t t = 0; t < Y; ++t)
    for (std::size_t k = 0; k < M; ++k) coef[t][k] = ms[k].coefficient;
  auto add = [&](std::size_t c, std::size_t k, std::size_t t, std::size_t j, double v, std::size_t h) {
    const std::size_t r = m.region_of(j), s = m.industry_of(j);
    res.impact[(((c * M + k) * Y + t) * R + r) * S + s] += v;
    res.by_shock[((h * M + k) * Y + t) * R + r] += v;
    const bool own = std::find(sc.shocks[h].shock_regions.begin(), sc.shocks[h].shock_regions.end(), r) !=
                     sc.shocks[h].shock_regions.end();
    res.landing[((h * 2 + (own ? 0 : 1)) * M + k) * Y + t] += v;
  };
  for (std::size_t h = 0; h < H; ++h) {
    const Shock& sh = sc.shocks[h];
    if (sh.type != Shock::Type::productivity) continue;
    const double f = sh.additionality.factor();
    for (std::size_t t = 0; t < Y; ++t) {
      const double g = sh.change * sh.phase[t] * f;
      for (std::size_t j = 0; j < n; ++j) {
        if (!sh.region_mask[m.region_of(j)] || !sh.industry_mask[m.industry_of(j)]) continue;
        auto change = [&](std::size_t k, double factor) {
          if (k >= M) return;
          const double before = coef[t][k][j];
          coef[t][k][j] = before * factor;
          add(3, k, t, j, (coef[t][k][j] - before) * m.output[j], h);
        };
        if (sh.measure == "jobs") {
          change(jobs_m, 1.0 / (1.0 + g));
          change(fte_m, 1.0 / (1.0 + g));
        } else {
          change(gva_m, 1.0 + g);
          change(income_m, 1.0 + g);
        }
      }
    }
  }

  // 2. Final-demand changes: one column per (demand shock, year).
  std::vector<std::size_t> demand_shocks;
  for (std::size_t h = 0; h < H; ++h)
    if (sc.shocks[h].type != Shock::Type::productivity) demand_shocks.push_back(h);
  const std::size_t D = demand_shocks.size();
  Matrix yd(n, D * Y);
  for (std::size_t d = 0; d < D; ++d) {
    const std::size_t h = demand_shocks[d];
    const Shock& sh = sc.shocks[h];
    const double f = sh.additionality.factor();
    for (std::size_t t = 0; t < Y; ++t) {
      const std::size_t col = d * Y + t;
      const double amount = sh.amount[t] * sh.phase[t] * f;
      if (sh.type == Shock::Type::spend || sh.type == Shock::Type::redirect) {
        for (std::size_t r = 0; r < R; ++r) {
          double a = amount * sh.to_weights[r];
          if (sh.type == Shock::Type::redirect) a -= amount * sh.from_weights[r];
          if (a == 0) continue;
          spend_in_region(m, sh, r, a, yd, col);
          res.demand[(h * Y + t) * R + r] += a;
        }
      } else {  // local procurement: buyers of the region move purchases from other regions to their own
        const double inc = sh.share_increase * sh.phase[t];
        for (std::size_t r = 0; r < R; ++r) {
          if (!sh.region_mask[r]) continue;
          for (std::size_t k = 0; k < K; ++k) {
            if (!sh.category_mask[k]) continue;
            for (std::size_t i = 0; i < S; ++i) {
              if (!sh.industry_mask[i]) continue;
              double total = 0;
              for (std::size_t u = 0; u < R; ++u) total += m.final_demand(m.sector(u, i), r * K + k);
              const double own = m.final_demand(m.sector(r, i), r * K + k);
              const double others = total - own;
              if (total <= 0 || others <= 0) continue;
              const double moved = std::min(inc * total, others) * f;
              yd(m.sector(r, i), col) += moved;
              for (std::size_t u = 0; u < R; ++u)
                if (u != r) yd(m.sector(u, i), col) -= moved * m.final_demand(m.sector(u, i), r * K + k) / others;
              res.demand[(h * Y + t) * R + r] += moved;
            }
          }
        }
      }
    }
  }

  // 3. One factorisation per closure, all columns at once.
  if (D > 0) {
    const Leontief t1(m, Closure::type_i);
    const Matrix x1 = t1.solve(yd);
    Matrix x2;
    if (sc.closure == Closure::type_ii) {
      const Leontief t2(m, Closure::type_ii);
      Matrix y2(n + R, D * Y);
      for (std::size_t c = 0; c < D * Y; ++c)
        for (std::size_t i = 0; i < n; ++i) y2(i, c) = yd(i, c);
      x2 = t2.solve(y2);
    }
    for (std::size_t d = 0; d < D; ++d)
      for (std::size_t t = 0; t < Y; ++t) {
        const std::size_t col = d * Y + t, h = demand_shocks[d];
        for (std::size_t j = 0; j < n; ++j) {
          const double direct = yd(j, col), total1 = x1(j, col);
          const double induced = sc.closure == Closure::type_ii ? x2(j, col) - total1 : 0.0;
          if (direct == 0 && total1 == 0 && induced == 0) continue;
          for (std::size_t k = 0; k < M; ++k) {
            const double c = coef[t][k][j];
            if (c == 0) continue;
            add(0, k, t, j, c * direct, h);
            add(1, k, t, j, c * (total1 - direct), h);
            add(2, k, t, j, c * induced, h);
          }
        }
      }
  }
  res.solve_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace devolve
