// Running a scenario (docs/methodology.md, "Scenarios over time"): final-demand changes by year,
// one factorisation per closure, productivity changes, R&D dynamics, the baseline path, present
// values and GVA per head.
#include "devolve/scenario_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>

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

enum Component { direct = 0, indirect = 1, induced = 2, productivity = 3, supply_side = 4 };

// Adds `amount` of final demand spent in region r through the profile and its sourcing.
void spend_in_region(const Model& m, const std::vector<double>& shares, double import_share, bool local,
                     std::size_t category, std::size_t r, double amount, Matrix& y, std::size_t col) {
  const std::size_t S = m.num_industries(), R = m.num_regions(), K = m.num_categories();
  const double domestic = amount * (1.0 - import_share);
  for (std::size_t i = 0; i < S; ++i) {
    const double v = domestic * shares[i];
    if (v == 0) continue;
    if (!local) {
      // The region's own pattern of sourcing this industry for the profile's category.
      double total = 0;
      for (std::size_t u = 0; u < R; ++u) total += m.final_demand(m.sector(u, i), r * K + category);
      if (total > 0) {
        for (std::size_t u = 0; u < R; ++u) y(m.sector(u, i), col) += v * m.final_demand(m.sector(u, i), r * K + category) / total;
        continue;
      }
    }
    y(m.sector(r, i), col) += v;
  }
}

// HM Treasury Green Book discount rates: 3.5% for years 1-30, 3.0% for 31-75, 2.5% for 76-125,
// 2.0% for 126-200 after the appraisal year.
double green_book_factor(int years_after) {
  double f = 1.0;
  for (int k = 1; k <= years_after; ++k) f /= 1.0 + (k <= 30 ? 0.035 : k <= 75 ? 0.03 : k <= 125 ? 0.025 : 0.02);
  return f;
}

}  // namespace

void rd_supply_side(const RdDynamics& rd, std::size_t Y, const std::vector<double>& region_gva,
                    const std::vector<double>& public_rd, const std::vector<double>& private_rd, std::vector<double>& stock,
                    const std::function<void(std::size_t, std::size_t, double)>& emit) {
  const std::size_t R = region_gva.size();
  double total_gva = 0;
  for (double g : region_gva) total_gva += g;
  stock.assign(Y * R, 0.0);
  for (std::size_t t = 0; t < Y; ++t)
    for (std::size_t r = 0; r < R; ++r) {
      const double prev = t ? stock[(t - 1) * R + r] : 0.0;
      stock[t * R + r] = (1.0 - rd.depreciation) * prev + public_rd[t * R + r] + private_rd[t * R + r];
    }
  for (std::size_t t = 0; t < Y; ++t) {
    if (int(t) - rd.return_lag < 0) continue;
    const std::size_t tl = t - std::size_t(rd.return_lag);
    for (std::size_t r = 0; r < R; ++r) {
      const double yield = rd.rate_of_return * stock[tl * R + r];
      if (yield == 0) continue;
      for (std::size_t u = 0; u < R; ++u) {
        double share = u == r ? 1.0 - rd.spillover_share : 0.0;
        if (u != r && total_gva > region_gva[r]) share += rd.spillover_share * region_gva[u] / (total_gva - region_gva[r]);
        if (share != 0 && region_gva[u] > 0) emit(t, u, yield * share);
      }
    }
  }
}

ScenarioResults run_scenario(const Scenario& sc, const Model& m) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t n = m.num_sectors(), R = m.num_regions(), S = m.num_industries(), K = m.num_categories();
  const std::vector<int> years = sc.years();
  const std::size_t Y = years.size();
  const std::vector<Measure> ms = measures(m);
  const std::size_t M = ms.size();
  ScenarioResults res;
  res.years = years;
  for (const auto& x : ms) {
    res.measures.push_back(x.code);
    res.measure_units.push_back(x.unit);
  }
  res.regions = R;
  res.industries = S;
  const std::size_t C = res.components.size();
  std::size_t jobs_m = M, fte_m = M, gva_m = M, income_m = M;
  for (std::size_t k = 0; k < M; ++k) {
    if (ms[k].code == "jobs") jobs_m = k;
    if (ms[k].code == "fte") fte_m = k;
    if (ms[k].code == "gva") gva_m = k;
    if (ms[k].code == "income") income_m = k;
  }

  // Sources of effects: every shock, then the leveraged private R&D of each R&D shock.
  struct Source {
    std::string label, type;
    std::vector<std::size_t> regions;
    const Shock* shock;
    bool private_rd = false;
  };
  std::vector<Source> sources;
  for (const auto& s : sc.shocks)
    sources.push_back({s.label,
                       s.type == Shock::Type::spend ? "spend" : s.type == Shock::Type::redirect ? "redirect"
                       : s.type == Shock::Type::productivity ? "productivity" : "local_procurement",
                       s.shock_regions, &s});
  for (const auto& s : sc.shocks)
    if (s.rd.enabled) sources.push_back({s.label + ": leveraged private R&D", "private_rd", s.shock_regions, &s, true});
  const std::size_t H = sources.size();
  for (const auto& s : sources) {
    res.shocks.push_back(s.label);
    res.shock_types.push_back(s.type);
    res.shock_regions.push_back(s.regions);
  }
  res.impact.assign(C * M * Y * R * S, 0.0);
  res.by_shock.assign(H * M * Y * R, 0.0);
  res.landing.assign(H * 2 * M * Y, 0.0);
  res.demand.assign(H * Y * R, 0.0);
  auto add = [&](std::size_t c, std::size_t k, std::size_t t, std::size_t j, double v, std::size_t h) {
    const std::size_t r = m.region_of(j), s = m.industry_of(j);
    res.impact[(((c * M + k) * Y + t) * R + r) * S + s] += v;
    res.by_shock[((h * M + k) * Y + t) * R + r] += v;
    const auto& own = sources[h].regions;
    res.landing[((h * 2 + (std::find(own.begin(), own.end(), r) != own.end() ? 0 : 1)) * M + k) * Y + t] += v;
  };

  // 1. Coefficients by year: jobs and FTE per unit of real output fall with the baseline
  //    productivity trend, (1 + p_r)^-(t - base year); productivity shocks change them further.
  std::vector<std::vector<Vector>> coef(Y, std::vector<Vector>(M));
  for (std::size_t t = 0; t < Y; ++t)
    for (std::size_t k = 0; k < M; ++k) {
      coef[t][k] = ms[k].coefficient;
      if (k != jobs_m && k != fte_m) continue;
      for (std::size_t j = 0; j < n; ++j)
        coef[t][k][j] /= std::pow(1.0 + sc.baseline.productivity[m.region_of(j)], years[t] - m.base_year);
    }
  std::vector<double> base_output = m.output;  // grown with the baseline below
  for (std::size_t h = 0; h < sc.shocks.size(); ++h) {
    const Shock& sh = sc.shocks[h];
    if (sh.type != Shock::Type::productivity) continue;
    const double f = sh.additionality.factor();
    for (std::size_t t = 0; t < Y; ++t) {
      for (std::size_t j = 0; j < n; ++j) {
        if (!sh.region_mask[m.region_of(j)] || !sh.industry_mask[m.industry_of(j)]) continue;
        const double rate = sh.region_change.empty() ? sh.change : sh.region_change[m.region_of(j)];
        const double g = rate * sh.coverage * sh.phase[t] * f;
        const double output_t = m.output[j] * std::pow(1.0 + sc.baseline.growth[m.region_of(j)], years[t] - m.base_year);
        auto change = [&](std::size_t k, double factor) {
          if (k >= M) return;
          const double before = coef[t][k][j];
          coef[t][k][j] = before * factor;
          add(productivity, k, t, j, (coef[t][k][j] - before) * output_t, h);
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

  // 2. Final-demand changes: one column per (demand source, year). Public R&D by region and year
  //    is kept for the R&D dynamics.
  std::vector<std::size_t> demand_sources;
  for (std::size_t h = 0; h < H; ++h)
    if (sources[h].type != "productivity") demand_sources.push_back(h);
  const std::size_t D = demand_sources.size();
  Matrix yd(n, D * Y);
  std::vector<std::vector<double>> public_rd(sc.shocks.size(), std::vector<double>(Y * R, 0.0));
  std::vector<std::vector<double>> private_rd(sc.shocks.size(), std::vector<double>(Y * R, 0.0));
  for (std::size_t d = 0; d < D; ++d) {
    const std::size_t h = demand_sources[d];
    const Shock& sh = *sources[h].shock;
    const std::size_t si = std::size_t(&sh - sc.shocks.data());
    const double f = sh.additionality.factor();
    for (std::size_t t = 0; t < Y; ++t) {
      const std::size_t col = d * Y + t;
      if (sources[h].private_rd) {
        // Private R&D crowded in: leverage x the public R&D of leverage_lag years before.
        if (int(t) - sh.rd.leverage_lag < 0) continue;
        const std::size_t tl = t - std::size_t(sh.rd.leverage_lag);
        for (std::size_t r = 0; r < R; ++r) {
          const double a = sh.rd.leverage * public_rd[si][tl * R + r];
          if (a == 0) continue;
          spend_in_region(m, sh.private_rd_shares, sh.private_import_share, sh.private_local_sourcing,
                          sh.private_category, r, a, yd, col);
          res.demand[(h * Y + t) * R + r] += a;
          private_rd[si][t * R + r] += a;
        }
        continue;
      }
      const double amount = sh.amount[t] * sh.phase[t] * f;
      if (sh.type == Shock::Type::spend || sh.type == Shock::Type::redirect) {
        for (std::size_t r = 0; r < R; ++r) {
          double a = amount * sh.to_weights[r];
          if (sh.type == Shock::Type::redirect) a -= amount * sh.from_weights[r];
          if (a == 0) continue;
          spend_in_region(m, sh.profile_shares, sh.import_share, sh.local_sourcing, sh.sourcing_category, r, a, yd, col);
          res.demand[(h * Y + t) * R + r] += a;
          if (sh.rd.enabled) public_rd[si][t * R + r] += a;
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
      const Leontief t2 = t1.with_households(m);
      Matrix y2(n + R, D * Y);
      for (std::size_t c = 0; c < D * Y; ++c)
        for (std::size_t i = 0; i < n; ++i) y2(i, c) = yd(i, c);
      x2 = t2.solve(y2);
    }
    for (std::size_t d = 0; d < D; ++d)
      for (std::size_t t = 0; t < Y; ++t) {
        const std::size_t col = d * Y + t, h = demand_sources[d];
        for (std::size_t j = 0; j < n; ++j) {
          const double dir = yd(j, col), total1 = x1(j, col);
          const double ind = sc.closure == Closure::type_ii ? x2(j, col) - total1 : 0.0;
          if (dir == 0 && total1 == 0 && ind == 0) continue;
          for (std::size_t k = 0; k < M; ++k) {
            const double c = coef[t][k][j];
            if (c == 0) continue;
            add(direct, k, t, j, c * dir, h);
            add(indirect, k, t, j, c * (total1 - dir), h);
            add(induced, k, t, j, c * ind, h);
          }
        }
      }
  }

  // 4. R&D dynamics: knowledge stock K_t = (1 - depreciation) K_{t-1} + public R&D + private R&D;
  //    supply-side GVA_t = rate_of_return x K_{t - return_lag}, in the region (1 - spillover) and in
  //    other regions by their GVA share (spillover), spread over industries by the region's GVA.
  //    No jobs are attached to it: the demand side already counts the jobs of the spending.
  const Vector gva = m.gva();
  std::vector<double> region_gva(R, 0.0);
  for (std::size_t j = 0; j < n; ++j) region_gva[m.region_of(j)] += gva[j];
  res.knowledge_stock.assign(Y * R, 0.0);
  for (std::size_t si = 0; si < sc.shocks.size(); ++si) {
    const Shock& sh = sc.shocks[si];
    if (!sh.rd.enabled) continue;
    std::vector<double> stock;
    rd_supply_side(sh.rd, Y, region_gva, public_rd[si], private_rd[si], stock, [&](std::size_t t, std::size_t u, double g) {
      for (std::size_t i = 0; i < S; ++i) {
        const std::size_t j = m.sector(u, i);
        if (gva_m < M) add(supply_side, gva_m, t, j, g * gva[j] / region_gva[u], si);
      }
    });
    for (std::size_t k = 0; k < Y * R; ++k) res.knowledge_stock[k] += stock[k];
  }

  // 5. Baseline path by region: base-year totals grown with the region's real GVA trend; jobs and
  //    FTE grow with GVA less the productivity trend.
  res.baseline.assign(M * Y * R, 0.0);
  for (std::size_t k = 0; k < M; ++k)
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t r = m.region_of(j);
      const double base = ms[k].coefficient[j] * m.output[j];
      for (std::size_t t = 0; t < Y; ++t) {
        double g = std::pow(1.0 + sc.baseline.growth[r], years[t] - m.base_year);
        if (k == jobs_m || k == fte_m) g /= std::pow(1.0 + sc.baseline.productivity[r], years[t] - m.base_year);
        res.baseline[(k * Y + t) * R + r] += base * g;
      }
    }

  // 6. Green Book discount factors to the appraisal year.
  for (std::size_t t = 0; t < Y; ++t) res.discount_factor.push_back(green_book_factor(years[t] - sc.appraisal_year));

  // 7. GVA per head (GVA without the Extra-Regio allocated to the region; population held at the
  //    base year) for the baseline and the scenario, and the gaps between regions.
  res.gap_names = {"north_to_greater_south_east", "coefficient_of_variation", "max_to_min"};
  res.gva_per_head.assign(2 * Y * R, std::numeric_limits<double>::quiet_NaN());
  res.gaps.assign(2 * Y * res.gap_names.size(), std::numeric_limits<double>::quiet_NaN());
  if (!m.population.empty() && gva_m < M) {
    const auto br = res.by_region();
    std::vector<double> extra(R, 0.0);
    for (std::size_t r = 0; r < R; ++r) {
      const std::string v = m.meta("extra_regio_gva." + m.regions[r].code);
      if (!v.empty()) extra[r] = std::stod(v);
    }
    auto group = [&](const std::vector<std::string>& codes) {
      std::vector<std::size_t> out;
      for (std::size_t r = 0; r < R; ++r)
        for (const auto& c : codes)
          if (m.regions[r].code.compare(0, c.size(), c) == 0) out.push_back(r);
      return out;
    };
    const auto north = group({"TLC", "TLD", "TLE"}), gse = group({"TLH", "TLI", "TLJ"});
    for (std::size_t c = 0; c < 2; ++c)
      for (std::size_t t = 0; t < Y; ++t) {
        std::vector<double> g(R);
        for (std::size_t r = 0; r < R; ++r) {
          const double growth = std::pow(1.0 + sc.baseline.growth[r], years[t] - m.base_year);
          g[r] = res.baseline[(gva_m * Y + t) * R + r] - extra[r] * growth + (c ? br[(gva_m * Y + t) * R + r] : 0.0);
          res.gva_per_head[(c * Y + t) * R + r] = g[r] * 1e6 / m.population[r];
        }
        auto per_head = [&](const std::vector<std::size_t>& rs) {
          double gs = 0, ps = 0;
          for (auto r : rs) gs += g[r], ps += m.population[r];
          return ps > 0 ? gs / ps : std::numeric_limits<double>::quiet_NaN();
        };
        double* gap = &res.gaps[(c * Y + t) * res.gap_names.size()];
        if (!north.empty() && !gse.empty()) gap[0] = per_head(north) / per_head(gse);
        // Population-weighted coefficient of variation of GVA per head across regions, and the
        // ratio of the highest to the lowest.
        double pop = 0, mean = 0, var = 0, hi = -1e300, lo = 1e300;
        for (std::size_t r = 0; r < R; ++r) pop += m.population[r], mean += g[r];
        mean /= pop;
        for (std::size_t r = 0; r < R; ++r) {
          const double x = g[r] / m.population[r];
          var += m.population[r] * (x - mean) * (x - mean);
          hi = std::max(hi, x), lo = std::min(lo, x);
        }
        gap[1] = std::sqrt(var / pop) / mean;
        gap[2] = hi / lo;
      }
  }
  res.solve_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace devolve
