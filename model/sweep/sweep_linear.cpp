// The sweep's linear path (docs/sweeps.md, "The linear path").
#include "sweep/sweep_linear.hpp"

#include <algorithm>
#include <stdexcept>

#include "base/text.hpp"
#include "devolve/error.hpp"
#include "devolve/scenario_inputs.hpp"
#include "devolve/scenario_run.hpp"
#include "projection/labour_supply.hpp"
#include "projection/rd_dynamics.hpp"

namespace devolve {

namespace {

// The scenario with each spend or redirect shock replaced by one unit shock per year (and one for
// its crowded-in private R&D), the other shocks kept; (shock, year) of each unit shock.
struct UnitScenario {
  Scenario unit;
  std::vector<std::pair<std::size_t, std::size_t>> pub_index, priv_index;
  std::vector<std::size_t> kept;
};

bool is_demand(const Shock& s) { return s.type == Shock::Type::spend || s.type == Shock::Type::redirect; }

UnitScenario unit_scenario(const Scenario& sc, std::size_t Y) {
  UnitScenario us;
  us.unit = sc;
  us.unit.shocks.clear();
  for (std::size_t h = 0; h < sc.shocks.size(); ++h) {
    const Shock& s = sc.shocks[h];
    if (!is_demand(s)) {
      us.kept.push_back(us.unit.shocks.size());
      us.unit.shocks.push_back(s);
      continue;
    }
    for (std::size_t t = 0; t < Y; ++t) {
      Shock u = s;
      u.label = s.label + " @" + std::to_string(t);
      u.amount.assign(Y, 0.0);
      u.amount[t] = 1.0;
      u.phase.assign(Y, 1.0);
      u.additionality = {};
      u.rd.enabled = false;
      us.pub_index.emplace_back(h, t);
      us.unit.shocks.push_back(u);
      if (s.rd.enabled) {
        Shock p = u;
        p.label = s.label + " private @" + std::to_string(t);
        p.profile_shares = s.private_rd_shares;
        p.import_share = s.private_import_share;
        p.local_sourcing = s.private_local_sourcing;
        p.sourcing_category = s.private_category;
        us.priv_index.emplace_back(h, t);
        us.unit.shocks.push_back(p);
      }
    }
  }
  return us;
}

}  // namespace

LinearModel linear_model(const Scenario& sc, const Model& m, const std::vector<std::string>& outputs) {
  LinearModel lm;
  lm.base = sc;
  lm.Y = sc.years().size();
  lm.R = m.num_regions();
  const UnitScenario us = unit_scenario(sc, lm.Y);
  const Scenario& unit = us.unit;
  const auto& pub_index = us.pub_index;
  const auto& priv_index = us.priv_index;
  const auto& kept = us.kept;
  const ScenarioResults res = run_scenario(unit, m);
  lm.solver = res.solver;
  lm.M = res.measures.size();
  for (const auto& o : outputs) {  // a labour output is computed from the run's workplace jobs
    const std::string measure = projection::is_labour_output(o) ? "jobs" : o;
    lm.out_measures.push_back(std::size_t(std::find(res.measures.begin(), res.measures.end(), measure) - res.measures.begin()));
  }
  lm.outputs = outputs;
  lm.residence = residence_shares_row_major(m);
  const auto g = std::find(res.measures.begin(), res.measures.end(), "gva");
  lm.has_gva = g != res.measures.end();
  lm.gva = std::size_t(g - res.measures.begin());
  const std::size_t O = lm.out_measures.size(), Y = lm.Y, R = lm.R;
  auto slice = [&](std::size_t shock, std::size_t t) {
    std::vector<double> v(O * R);
    for (std::size_t o = 0; o < O; ++o)
      for (std::size_t r = 0; r < R; ++r) v[o * R + r] = res.by_shock(shock, lm.out_measures[o], t, r);
    return v;
  };
  lm.constant.assign(O * Y * R, 0.0);
  for (std::size_t u = 0; u < unit.shocks.size(); ++u) {
    const bool is_kept = std::find(kept.begin(), kept.end(), u) != kept.end();
    if (is_kept)
      for (std::size_t o = 0; o < O; ++o)
        for (std::size_t t = 0; t < Y; ++t)
          for (std::size_t r = 0; r < R; ++r) lm.constant[(o * Y + t) * R + r] += res.by_shock(u, lm.out_measures[o], t, r);
  }
  std::size_t u = 0, pi = 0, qi = 0;
  for (std::size_t h = 0; h < sc.shocks.size(); ++h) {
    const Shock& s = sc.shocks[h];
    if (s.type != Shock::Type::spend && s.type != Shock::Type::redirect) {
      ++u;
      continue;
    }
    for (std::size_t t = 0; t < Y; ++t) {
      lm.unit_public[pub_index[pi++]] = slice(u++, t);
      if (s.rd.enabled) lm.unit_private[priv_index[qi++]] = slice(u++, t);
    }
  }
  const Vector gv = m.gva();
  lm.region_gva.assign(R, 0.0);
  for (std::size_t j = 0; j < m.num_sectors(); ++j) lm.region_gva[m.region_of(j)] += gv[j];
  return lm;
}

void linear_run(const LinearModel& lm, const SweepSpec& spec, const double* values, std::size_t run, double* out) {
  Scenario sc = lm.base;
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    const SweepInput& in = spec.inputs[i];
    if (!limit_violation(*in.input, values[i]).empty())
      throw InputError("sweep", "run " + std::to_string(run) + ": input '" + in.path + "' takes the value " + text::num(values[i]) +
                                    ", outside what the scenario allows; narrow or truncate its distribution");
    in.input->set(sc, in.numbers, values[i]);
  }
  const std::size_t O = lm.out_measures.size(), Y = lm.Y, R = lm.R;
  std::copy(lm.constant.begin(), lm.constant.end(), out);
  for (std::size_t h = 0; h < sc.shocks.size(); ++h) {
    const Shock& s = sc.shocks[h];
    if (s.type != Shock::Type::spend && s.type != Shock::Type::redirect) continue;
    const double f = s.additionality.factor();
    std::vector<double> w(Y);
    for (std::size_t t = 0; t < Y; ++t) w[t] = s.amount[t] * s.phase[t] * f;
    std::vector<double> pub(s.rd.enabled ? Y * R : 0, 0.0), priv(s.rd.enabled ? Y * R : 0, 0.0);
    for (std::size_t t = 0; t < Y; ++t) {
      const auto& up = lm.unit_public.at({h, t});
      for (std::size_t o = 0; o < O; ++o)
        for (std::size_t r = 0; r < R; ++r) out[(o * Y + t) * R + r] += w[t] * up[o * R + r];
      if (!s.rd.enabled) continue;
      const long long from = leverage_source_year(s.rd, t);
      const double wp = from >= 0 ? s.rd.leverage * w[std::size_t(from)] : 0.0;
      const auto& uq = lm.unit_private.at({h, t});
      for (std::size_t o = 0; o < O; ++o)
        for (std::size_t r = 0; r < R; ++r) out[(o * Y + t) * R + r] += wp * uq[o * R + r];
      for (std::size_t r = 0; r < R; ++r) {
        const double split = s.to_weights[r] - (s.type == Shock::Type::redirect ? s.from_weights[r] : 0.0);
        pub[t * R + r] = w[t] * split;
        priv[t * R + r] = wp * split;
      }
    }
    if (s.rd.enabled && lm.has_gva) {
      const auto o = std::size_t(std::find(lm.out_measures.begin(), lm.out_measures.end(), lm.gva) - lm.out_measures.begin());
      if (o == O) continue;
      std::vector<double> stock;
      rd_supply_side(s.rd, Y, lm.region_gva, pub, priv, stock,
                     [&](std::size_t t, std::size_t u, double g) { out[(o * Y + t) * R + u] += g; });
    }
  }
  for (std::size_t o = 0; o < O; ++o)
    if (projection::is_labour_output(lm.outputs[o])) projection::labour_output(lm.residence, sc.labour, lm.outputs[o], Y, R, out + o * Y * R);
}

std::vector<double> residence_shares_row_major(const Model& m) {
  const std::size_t R = m.num_regions();
  std::vector<double> v;
  if (std::size_t(m.residence_share.rows()) != R) return v;
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t w = 0; w < R; ++w) v.push_back(m.residence_share(r, w));
  return v;
}

}  // namespace devolve
