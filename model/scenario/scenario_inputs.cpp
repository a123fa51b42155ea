// The table of scenario inputs (docs/sweeps.md, "Sweepable inputs").
#include "devolve/scenario_inputs.hpp"

#include <cmath>
#include <stdexcept>

#include "base/text.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_spec.hpp"

namespace devolve {

namespace {

using Numbers = std::vector<long long>;
using T = ScenarioInput::Type;

Shock& shock(Scenario& sc, const Numbers& n) {
  if (n.empty() || n[0] < 0 || std::size_t(n[0]) >= sc.shocks.size()) throw std::out_of_range("no such shock");
  return sc.shocks[std::size_t(n[0])];
}

// Scenario-level additionality reaches every shock that does not set the field itself.
template <double Additionality::*F, std::size_t I>
void set_scenario_additionality(Scenario& sc, const Numbers&, double v) {
  for (auto& s : sc.shocks)
    if (!s.own_additionality[I]) s.additionality.*F = v;
}
template <double Additionality::*F>
void set_shock_additionality(Scenario& sc, const Numbers& n, double v) {
  shock(sc, n).additionality.*F = v;
}
template <double RdDynamics::*F>
void set_rd(Scenario& sc, const Numbers& n, double v) {
  shock(sc, n).rd.*F = v;
}
// An amount as written, converted to base-year basic prices when the scenario states its money.
double in_base_prices(const Shock& sh, std::size_t t, double v) { return sh.price_factor.empty() ? v : v * sh.price_factor.at(t); }
void set_amount(Scenario& sc, const Numbers& n, double v) {
  Shock& sh = shock(sc, n);
  for (std::size_t t = 0; t < sh.amount.size(); ++t) sh.amount[t] = in_base_prices(sh, t, v);
}
void set_amount_year(Scenario& sc, const Numbers& n, double v) {
  Shock& sh = shock(sc, n);
  auto& a = sh.amount;
  const long long t = n.at(1) - sc.first_year;
  if (t < 0 || std::size_t(t) >= a.size()) throw std::out_of_range("year outside the scenario");
  a[std::size_t(t)] = in_base_prices(sh, std::size_t(t), v);
}
void set_phase(Scenario& sc, const Numbers& n, double v) { shock(sc, n).phase.at(std::size_t(n.at(1))) = v; }

// Setters on the spec: the value is written as if the file had said it (a sweep's sample).
Given<double> written(double v) { return {v, true, {}}; }

ShockSpec* spec_shock(ScenarioSpec& sp, const Numbers& n, std::string& why) {
  if (n.empty() || n[0] < 0 || std::size_t(n[0]) >= sp.shocks.size())
    return why = "no item [" + std::to_string(n.empty() ? -1 : n[0]) + "]", nullptr;
  return &sp.shocks[std::size_t(n[0])];
}
// A shock of one of `types` (a key its type does not take is no place for the value).
ShockSpec* typed_shock(ScenarioSpec& sp, const Numbers& n, std::string& why, std::initializer_list<std::string_view> types,
                       std::string_view what) {
  ShockSpec* sh = spec_shock(sp, n, why);
  if (!sh) return nullptr;
  for (auto t : types)
    if (sh->type.value == t) return sh;
  return why = "a " + sh->type.value + " shock has no " + std::string(what), nullptr;
}
template <Given<double> AdditionalitySpec::*F>
bool spec_additionality(ScenarioSpec& sp, const Numbers&, double v, std::string&) {
  sp.additionality.*F = written(v);
  return true;
}
template <Given<double> AdditionalitySpec::*F>
bool spec_shock_additionality(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  ShockSpec* sh = spec_shock(sp, n, why);
  return sh && ((sh->additionality.*F = written(v)), true);
}
template <Given<double> ScenarioSpec::*F>
bool spec_baseline(ScenarioSpec& sp, const Numbers&, double v, std::string&) {
  sp.*F = written(v);
  return true;
}
template <Given<double> RdSpec::*F>
bool spec_rd(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  ShockSpec* sh = typed_shock(sp, n, why, {"spend", "redirect"}, "R&D dynamics");
  return sh && ((sh->rd.*F = written(v)), true);
}
template <Given<long long> RdSpec::*F>
bool spec_rd_lag(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  ShockSpec* sh = typed_shock(sp, n, why, {"spend", "redirect"}, "R&D dynamics");
  return sh && ((sh->rd.*F = Given<long long>{(long long)v, true, {}}), true);
}
template <Given<double> ShockSpec::*F>
bool spec_shock_value(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  const bool increase = F == &ShockSpec::share_increase;
  ShockSpec* sh = typed_shock(sp, n, why, {increase ? "local_procurement" : "productivity"},
                              increase ? "share_increase" : F == &ShockSpec::change ? "change" : "coverage");
  return sh && ((sh->*F = written(v)), true);
}
bool spec_need_share(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  ShockSpec* sh = typed_shock(sp, n, why, {"spend", "redirect"}, "split");
  if (!sh) return false;
  if (!sh->need.measure.given) return why = "its split is not a need split", false;
  sh->need.share = written(v);
  return true;
}
bool spec_amount(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  ShockSpec* sh = typed_shock(sp, n, why, {"spend", "redirect"}, "amount");
  if (!sh) return false;
  sh->amount.is_map = false;
  sh->amount.by_year.clear();
  sh->amount.every = written(v);
  return true;
}
bool spec_amount_year(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  ShockSpec* sh = typed_shock(sp, n, why, {"spend", "redirect"}, "amount");
  if (!sh) return false;
  if (!sh->amount.is_map) return why = "'amount' is a single value, not a map", false;
  sh->amount.by_year[n.at(1)] = written(v);
  return true;
}
bool spec_phase(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  ShockSpec* sh = spec_shock(sp, n, why);
  if (!sh) return false;
  const long long t = n.at(1);
  if (sh->phasing.kind != PhasingSpec::Kind::list || t < 0 || std::size_t(t) >= sh->phasing.factors.size())
    return why = "no item [" + std::to_string(t) + "]", false;
  sh->phasing.factors[std::size_t(t)] = written(v);
  return true;
}

// Labour supply acts after the solves (projection/labour_supply): linear in the sense of the
// sweep's fast path, which it leaves unchanged.
template <double LabourSupply::*F>
void set_labour(Scenario& sc, const Numbers&, double v) {
  sc.labour.*F = v;
}
template <Given<double> LabourSupplySpec::*F>
bool spec_labour(ScenarioSpec& sp, const Numbers&, double v, std::string&) {
  sp.labour_supply.*F = written(v);
  return true;
}

constexpr double max_amount = 1e6;  // GBP million a year: GBP 1 trillion, half of UK GVA
constexpr double max_jobs = 1e7;    // jobs a year: over a quarter of UK jobs (about 36 million)

// Event shocks (docs/scenarios.md, "Event shocks") keep their jobs, pay or income in the spec's amount.
bool spec_event_amount(ScenarioSpec& sp, const Numbers& n, double v, std::string& why, std::string_view type,
                       std::string_view what, bool by_year) {
  ShockSpec* sh = typed_shock(sp, n, why, {type}, what);
  if (!sh) return false;
  if (!by_year) {
    sh->amount.is_map = false;
    sh->amount.by_year.clear();
    sh->amount.every = written(v);
    return true;
  }
  if (!sh->amount.is_map) return why = "'" + std::string(what) + "' is a single value, not a map", false;
  sh->amount.by_year[n.at(1)] = written(v);
  return true;
}
bool spec_jobs(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  return spec_event_amount(sp, n, v, why, "employment", "jobs", false);
}
bool spec_jobs_year(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  return spec_event_amount(sp, n, v, why, "employment", "jobs", true);
}
bool spec_pay(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  ShockSpec* sh = typed_shock(sp, n, why, {"labour_income"}, "pay");
  if (sh && sh->uplift.given) return why = "it gives uplift, not pay", false;
  return sh && spec_event_amount(sp, n, v, why, "labour_income", "pay", false);
}
bool spec_pay_year(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  return spec_event_amount(sp, n, v, why, "labour_income", "pay", true);
}
bool spec_income(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  return spec_event_amount(sp, n, v, why, "household_income", "income", false);
}
bool spec_income_year(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  return spec_event_amount(sp, n, v, why, "household_income", "income", true);
}
bool spec_uplift(ScenarioSpec& sp, const Numbers& n, double v, std::string& why) {
  ShockSpec* sh = typed_shock(sp, n, why, {"labour_income"}, "uplift");
  if (sh && !sh->uplift.given) return why = "it gives pay, not uplift", false;
  return sh && ((sh->uplift = written(v)), true);
}
bool spec_deflator_growth(ScenarioSpec& sp, const Numbers&, double v, std::string&) {
  sp.price.deflator_growth = written(v);
  return true;
}

}  // namespace

const std::vector<ScenarioInput>& scenario_inputs() {
  using A = Additionality;
  static const std::vector<ScenarioInput> table = {
      {"years[t]", T::integer, 1900, 2070, false, false, false, "year", nullptr},
      {"years.first", T::integer, 1900, 2070, false, false, false, "year", nullptr},
      {"years.last", T::integer, 1900, 2070, false, false, false, "year", nullptr},
      {"prices", T::integer, 1900, 2070, false, false, false, "year", nullptr},
      {"price_year", T::integer, 1900, 2070, false, false, false, "year", nullptr},
      {"appraisal.year", T::integer, 1900, 2070, false, false, false, "year", nullptr},
      {"additionality.deadweight", T::number, 0, 1, true, true, true, "1", set_scenario_additionality<&A::deadweight, 0>, spec_additionality<&AdditionalitySpec::deadweight>},
      {"additionality.displacement", T::number, 0, 1, true, true, true, "1", set_scenario_additionality<&A::displacement, 1>, spec_additionality<&AdditionalitySpec::displacement>},
      {"additionality.substitution", T::number, 0, 1, true, true, true, "1", set_scenario_additionality<&A::substitution, 2>, spec_additionality<&AdditionalitySpec::substitution>},
      {"baseline.growth", T::number, -0.2, 0.2, false, false, true, "1 a year", nullptr, spec_baseline<&ScenarioSpec::growth>},
      {"baseline.productivity", T::number, -0.2, 0.2, false, false, true, "1 a year", nullptr, spec_baseline<&ScenarioSpec::productivity>},
      {"deflator_growth", T::number, -0.2, 0.2, false, false, true, "1 a year", nullptr, spec_deflator_growth},
      {"labour_supply.unemployed", T::number, 0, 1, false, true, true, "1", set_labour<&LabourSupply::unemployed>, spec_labour<&LabourSupplySpec::unemployed>},
      {"labour_supply.inactive", T::number, 0, 1, false, true, true, "1", set_labour<&LabourSupply::inactive>, spec_labour<&LabourSupplySpec::inactive>},
      {"labour_supply.in_commuting", T::number, 0, 1, false, true, true, "1", set_labour<&LabourSupply::in_commuting>, spec_labour<&LabourSupplySpec::in_commuting>},
      {"labour_supply.in_migration", T::number, 0, 1, false, true, true, "1", set_labour<&LabourSupply::in_migration>, spec_labour<&LabourSupplySpec::in_migration>},
      {"labour_supply.displacement", T::number, 0, 1, true, true, true, "1", set_labour<&LabourSupply::displacement>, spec_labour<&LabourSupplySpec::displacement>},
      {"labour_supply.inactive_wanting_work", T::number, 0, 1, false, true, true, "1", set_labour<&LabourSupply::inactive_wanting_work>, spec_labour<&LabourSupplySpec::inactive_wanting_work>},
      {"shocks[i].amount", T::number, 0, max_amount, false, true, true, "GBP million a year", set_amount, spec_amount},
      {"shocks[i].amount.YEAR", T::number, 0, max_amount, false, true, true, "GBP million a year", set_amount_year, spec_amount_year},
      {"shocks[i].phasing[t]", T::number, 0, 10, false, true, true, "1", set_phase, spec_phase},
      {"shocks[i].phasing.YEAR", T::number, 0, 10, false, false, true, "1", nullptr},
      {"shocks[i].additionality.deadweight", T::number, 0, 1, true, true, true, "1", set_shock_additionality<&A::deadweight>, spec_shock_additionality<&AdditionalitySpec::deadweight>},
      {"shocks[i].additionality.displacement", T::number, 0, 1, true, true, true, "1", set_shock_additionality<&A::displacement>, spec_shock_additionality<&AdditionalitySpec::displacement>},
      {"shocks[i].additionality.substitution", T::number, 0, 1, true, true, true, "1", set_shock_additionality<&A::substitution>, spec_shock_additionality<&AdditionalitySpec::substitution>},
      {"shocks[i].rd.leverage", T::number, 0, 10, false, true, true, "1", set_rd<&RdDynamics::leverage>, spec_rd<&RdSpec::leverage>},
      {"shocks[i].rd.leverage_lag", T::integer, 0, 20, false, false, true, "years", nullptr, spec_rd_lag<&RdSpec::leverage_lag>},
      {"shocks[i].rd.depreciation", T::number, 0, 1, false, true, true, "1 a year", set_rd<&RdDynamics::depreciation>, spec_rd<&RdSpec::depreciation>},
      {"shocks[i].rd.rate_of_return", T::number, 0, 2, false, true, true, "1 a year", set_rd<&RdDynamics::rate_of_return>, spec_rd<&RdSpec::rate_of_return>},
      {"shocks[i].rd.return_lag", T::integer, 0, 30, false, false, true, "years", nullptr, spec_rd_lag<&RdSpec::return_lag>},
      {"shocks[i].rd.spillover_share", T::number, 0, 1, false, true, true, "1", set_rd<&RdDynamics::spillover_share>, spec_rd<&RdSpec::spillover_share>},
      {"shocks[i].split.share", T::number, 0, 1, false, false, true, "1", nullptr, spec_need_share},
      {"shocks[i].change", T::number, -0.5, 2, false, false, true, "1", nullptr, spec_shock_value<&ShockSpec::change>},
      {"shocks[i].coverage", T::number, 0, 1, false, false, true, "1", nullptr, spec_shock_value<&ShockSpec::coverage>},
      {"shocks[i].share_increase", T::number, 0, 1, false, false, true, "1", nullptr, spec_shock_value<&ShockSpec::share_increase>},
      {"shocks[i].jobs", T::number, -max_jobs, max_jobs, false, false, true, "jobs a year", nullptr, spec_jobs},
      {"shocks[i].jobs.YEAR", T::number, -max_jobs, max_jobs, false, false, true, "jobs a year", nullptr, spec_jobs_year},
      {"shocks[i].pay", T::number, -max_amount, max_amount, false, false, true, "GBP million a year", nullptr, spec_pay},
      {"shocks[i].pay.YEAR", T::number, -max_amount, max_amount, false, false, true, "GBP million a year", nullptr, spec_pay_year},
      {"shocks[i].uplift", T::number, -0.5, 1, false, false, true, "1", nullptr, spec_uplift},
      {"shocks[i].income", T::number, -max_amount, max_amount, false, false, true, "GBP million a year", nullptr, spec_income},
      {"shocks[i].income.YEAR", T::number, -max_amount, max_amount, false, false, true, "GBP million a year", nullptr, spec_income_year},
      {"shocks[i].purchases[k].amount", T::number, 0, max_amount, false, false, false, "GBP million a year", nullptr},
      {"model.delta", T::number, 0, 1, true, false, true, "1", nullptr},
      {"model.beta", T::number, 0, 10, true, false, true, "1", nullptr},
  };
  return table;
}

namespace {

// Splits a key path into parts: names, and "[" for an [N] index, with its number in `numbers`.
bool split_path(std::string_view path, std::vector<std::string_view>& parts, std::vector<long long>& numbers,
                std::string& why) {
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.' && i > 0 && i + 1 < path.size()) {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string_view::npos) return why = "unclosed [ in the path", false;
      const std::string_view digits = path.substr(i + 1, close - i - 1);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos)
        return why = "[" + std::string(digits) + "] is not an index", false;
      if (digits.size() > 9) return why = "index [" + std::string(digits) + "] is too large", false;
      numbers.push_back(std::stoll(std::string(digits)));
      parts.push_back("[");
      i = close + 1;
      continue;
    }
    std::size_t end = path.find_first_of(".[", i);
    if (end == std::string_view::npos) end = path.size();
    if (end == i) return why = "empty name in the path", false;
    parts.push_back(path.substr(i, end - i));
    i = end;
  }
  return true;
}

bool is_year(std::string_view s) {
  return s.size() == 4 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

const ScenarioInput* match_scenario_input(std::string_view path, std::vector<long long>& numbers, std::string& why) {
  std::vector<std::string_view> parts;
  std::vector<long long> indices;
  numbers.clear();
  if (!split_path(path, parts, indices, why)) return nullptr;
  for (const auto& in : scenario_inputs()) {
    std::vector<std::string_view> pat;  // the pattern's parts: its [i], [t] are not digits, so not split_path
    for (std::size_t i = 0; i < in.pattern.size();) {
      if (in.pattern[i] == '.') {
        ++i;
        continue;
      }
      if (in.pattern[i] == '[') {
        pat.push_back("[");
        i = in.pattern.find(']', i) + 1;
        continue;
      }
      std::size_t end = in.pattern.find_first_of(".[", i);
      if (end == std::string_view::npos) end = in.pattern.size();
      pat.push_back(in.pattern.substr(i, end - i));
      i = end;
    }
    if (pat.size() != parts.size()) continue;
    std::vector<long long> got;
    std::size_t next_index = 0;
    bool ok = true;
    for (std::size_t k = 0; ok && k < pat.size(); ++k) {
      if (pat[k] == "[") ok = parts[k] == "[", got.push_back(ok ? indices[next_index++] : 0);
      else if (pat[k] == "YEAR") ok = is_year(parts[k]), got.push_back(ok ? std::stoll(std::string(parts[k])) : 0);
      else ok = pat[k] == parts[k];
    }
    if (ok) {
      numbers = got;
      return &in;
    }
  }
  return nullptr;
}

const ScenarioInput& scenario_input(std::string_view pattern) {
  for (const auto& in : scenario_inputs())
    if (in.pattern == pattern) return in;
  throw std::logic_error("no scenario input '" + std::string(pattern) + "'");
}

bool set_scenario_input(ScenarioSpec& spec, const ScenarioInput& in, const std::vector<long long>& numbers,
                        const std::string& path, double value, std::string& why) {
  if (!in.set_spec) return why = "a sweep cannot vary it", false;
  if (!in.set_spec(spec, numbers, value, why)) return false;
  if (const std::string v = limit_violation(in, value); !v.empty()) throw InputError(spec.file, 0, 0, path, v);
  return true;
}

std::string limit_violation(const ScenarioInput& in, double v) {
  if (in.type == T::integer && std::floor(v) != v) return "expected a whole number, found " + text::num(v);
  if (v < in.lo || (in.hi_open ? v >= in.hi : v > in.hi))
    return "must be at least " + text::num(in.lo) + " and " + (in.hi_open ? "below " : "at most ") + text::num(in.hi) +
           ", found " + text::num(v);
  return "";
}

}  // namespace devolve
