// Reading a scenario file (docs/scenarios.md) and resolving it against its model.
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "base/csv.hpp"
#include "devolve/error.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_inputs.hpp"
#include "scenario/scenario_source.hpp"
#include "devolve/version.hpp"
#include "base/text.hpp"
#include "base/yaml_support.hpp"

namespace fs = std::filesystem;

namespace devolve {

std::vector<int> Scenario::years() const {
  std::vector<int> y;
  for (int t = first_year; t <= last_year; ++t) y.push_back(t);
  return y;
}

const std::vector<std::pair<std::string, std::vector<std::string>>>& builtin_region_groups() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> groups = {
      {"north", {"TLC", "TLD", "TLE"}},
      {"midlands", {"TLF", "TLG"}},
      {"greater_south_east", {"TLH", "TLI", "TLJ"}},
      {"rest_of_england", {"TLC", "TLD", "TLE", "TLF", "TLG", "TLK"}},
      {"england", {"TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK"}},
      {"devolved_nations", {"TLL", "TLM", "TLN"}},
      {"outside_greater_south_east", {"TLC", "TLD", "TLE", "TLF", "TLG", "TLK", "TLL", "TLM", "TLN"}},
      {"uk", {"TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK", "TLL", "TLM", "TLN"}},
  };
  return groups;
}

const std::vector<std::string>& builtin_region_group(const std::string& name) {
  for (const auto& [g, codes] : builtin_region_groups())
    if (g == name) return codes;
  throw std::logic_error("no built-in region group '" + name + "'");
}

long long leverage_source_year(const RdDynamics& rd, std::size_t t) {
  return static_cast<long long>(t) - rd.leverage_lag >= 0 ? static_cast<long long>(t) - rd.leverage_lag : -1;
}

namespace {

constexpr double max_amount = 1e6;  // GBP million a year: GBP 1 trillion, half of UK GVA

std::string shipped_scenarios_dir() { return (fs::path(source_dir) / "scenarios").string(); }

struct Profile {
  std::string name;
  std::vector<double> shares;  // S
  double imports = 0;
  bool local = true;
  std::string category = "government";
};

// Everything a parse needs: the source, the model, and the error list.
class Parser {
 public:
  Parser(const yaml::Source& src, const Model& model, const std::string& data, yaml::Diagnostics& diag)
      : src_(src), m_(model), data_(data), diag_(diag) {}

  // Runs f, turning an InputError into a recorded diagnostic so parsing can go on.
  template <class F>
  bool attempt(F&& f) {
    try {
      f();
      return true;
    } catch (const InputError& e) {
      diag_.add(e);
      return false;
    }
  }
  InputError err(const YAML::Node& n, const std::string& key, const std::string& msg) const {
    return yaml::error_at(src_, n, key, msg);
  }
  double number(const YAML::Node& n, const std::string& key) const { return yaml::as_number(src_, n, key); }
  std::string str(const YAML::Node& n, const std::string& key) const { return yaml::as_string(src_, n, key); }

  // A value of the table of scenario inputs (scenario_inputs.hpp), checked against its limits.
  double input(const YAML::Node& n, const std::string& key, std::string_view pattern) const {
    const ScenarioInput& in = scenario_input(pattern);
    const double v = in.type == ScenarioInput::Type::integer ? double(yaml::as_integer(src_, n, key)) : number(n, key);
    if (const std::string why = limit_violation(in, v); !why.empty()) throw err(n, key, why);
    return v;
  }

  double fraction(const YAML::Node& n, const std::string& key, double lo, double hi, bool hi_open = true) const {
    const double v = number(n, key);
    if (v < lo || (hi_open ? v >= hi : v > hi))
      throw err(n, key, "must be at least " + text::num(lo) + " and " + (hi_open ? "below " : "at most ") + text::num(hi) +
                            ", found " + text::num(v));
    return v;
  }

  // User groups: name -> node (a list of region references), resolved when used, so they may refer
  // to each other.
  std::map<std::string, YAML::Node> groups;

  // The scalar references in a node (a reference or a list, lists nested), with their key paths;
  // iteratively, so no input can exhaust the stack.
  std::vector<std::pair<YAML::Node, std::string>> references(const YAML::Node& n, const std::string& key) const {
    std::vector<std::pair<YAML::Node, std::string>> out, todo{{n, key}};
    while (!todo.empty()) {
      auto [x, k] = todo.back();
      todo.pop_back();
      if (!x.IsSequence()) {
        out.emplace_back(x, k);
        continue;
      }
      for (std::size_t i = x.size(); i-- > 0;) todo.emplace_back(x[i], yaml::item(k, i));
    }
    return out;
  }

  // Adds the regions `n` refers to. Groups are expanded without recursion (a chain of 30,000 groups
  // must not overflow the stack) and memoised (24 levels of g: [g', g'] must not take 2^24 steps).
  void add_region_ref(const YAML::Node& n, const std::string& key, std::set<std::size_t>& out) const {
    struct Frame {
      std::string name;  // the group being expanded ("" for the reference itself)
      std::vector<std::pair<YAML::Node, std::string>> refs;
      std::size_t next = 0;
      std::set<std::size_t> regions;
    };
    std::vector<Frame> stack;
    stack.push_back({"", references(n, key), 0, {}});
    while (true) {
      if (stack.back().next == stack.back().refs.size()) {
        Frame done = std::move(stack.back());
        stack.pop_back();
        if (stack.empty()) {
          out.insert(done.regions.begin(), done.regions.end());
          return;
        }
        stack.back().regions.insert(done.regions.begin(), done.regions.end());
        group_memo_[done.name] = std::move(done.regions);
        continue;
      }
      const auto [node, k] = stack.back().refs[stack.back().next++];
      const std::string ref = str(node, k);
      auto it = groups.find(ref);
      if (it == groups.end()) {
        add_single_ref(ref, node, k, stack.back().regions);
        continue;
      }
      if (auto m = group_memo_.find(ref); m != group_memo_.end()) {
        stack.back().regions.insert(m->second.begin(), m->second.end());
        continue;
      }
      auto open = std::find_if(stack.begin(), stack.end(), [&](const Frame& f) { return f.name == ref; });
      if (open != stack.end()) {
        std::string cycle;
        for (; open != stack.end(); ++open) cycle += open->name + " -> ";
        throw err(node, k, "recursive group '" + ref + "' (" + cycle + ref + ")");
      }
      stack.push_back({ref, references(it->second, "groups." + ref), 0, {}});
    }
  }

  // A reference that is not a user group: a region, a built-in group or an ITL1 code.
  void add_single_ref(const std::string& ref, const YAML::Node& n, const std::string& key, std::set<std::size_t>& out) const {
    // 1. a region of the model by code or name (before built-in groups: a model may name a region "North")
    for (std::size_t r = 0; r < m_.num_regions(); ++r)
      if (text::iequals(m_.regions[r].code, ref) || text::iequals(m_.regions[r].name, ref)) {
        out.insert(r);
        return;
      }
    // 2. a built-in group, by ITL1 codes (on an ITL2 model, the areas inside them)
    for (const auto& [g, codes] : builtin_region_groups())
      if (text::iequals(g, ref)) {
        for (const auto& c : codes) add_prefix(c, n, key, out);
        return;
      }
    // 3. an ITL1 code (TL plus a letter) on a finer model: the areas whose codes start with it
    bool any = false;
    const bool itl1 = ref.size() == 3 && ref.compare(0, 2, "TL") == 0;
    for (std::size_t r = 0; itl1 && r < m_.num_regions(); ++r)
      if (m_.regions[r].code.size() > ref.size() && m_.regions[r].code.compare(0, ref.size(), ref) == 0) {
        out.insert(r);
        any = true;
      }
    if (any) return;
    std::vector<std::string> known, candidates;
    for (const auto& r : m_.regions) known.push_back(r.code), candidates.push_back(r.code), candidates.push_back(r.name);
    for (const auto& [g, c] : builtin_region_groups()) known.push_back(g), candidates.push_back(g);
    for (const auto& [g, c] : groups) known.push_back(g), candidates.push_back(g);
    throw err(n, key, "unknown region '" + ref + "'" + text::did_you_mean(ref, candidates) + " (known: " + text::join(known, 20) + ")");
  }

  void add_prefix(const std::string& code, const YAML::Node& n, const std::string& key, std::set<std::size_t>& out) const {
    bool any = false;
    for (std::size_t r = 0; r < m_.num_regions(); ++r)
      if (m_.regions[r].code.compare(0, code.size(), code) == 0) {
        out.insert(r);
        any = true;
      }
    if (!any) throw err(n, key, "the built-in group needs region " + code + ", which model '" + m_.id + "' does not have");
  }

  std::vector<std::size_t> regions(const YAML::Node& n, const std::string& key) const {
    std::set<std::size_t> out;
    add_region_ref(n, key, out);
    if (out.empty()) throw err(n, key, "no regions");
    return {out.begin(), out.end()};
  }

  std::vector<bool> industries(const YAML::Node& n, const std::string& key) const {
    std::vector<bool> mask(m_.num_industries(), false);
    if (n.IsScalar() && n.Scalar() == "all") return std::vector<bool>(m_.num_industries(), true);
    auto one = [&](const YAML::Node& x, const std::string& k) {
      const std::string code = str(x, k);
      for (std::size_t s = 0; s < m_.num_industries(); ++s)
        if (m_.industries[s].code == code || text::iequals(m_.industries[s].name, code)) {
          mask[s] = true;
          return;
        }
      std::vector<std::string> known;
      for (const auto& i : m_.industries) known.push_back(i.code);
      throw err(x, k, "unknown industry '" + code + "'" + text::did_you_mean(code, known) + " (known: " + text::join(known) + ")");
    };
    if (n.IsSequence()) {
      if (n.size() == 0) throw err(n, key, "empty list of industries");
      for (std::size_t i = 0; i < n.size(); ++i) one(n[i], yaml::item(key, i));
    } else {
      one(n, key);
    }
    return mask;
  }

  // Per-year values: a number (every year), or a map year -> value (other years 0).
  std::vector<double> per_year(const YAML::Node& n, const std::string& key, int first, int last, bool amount) const {
    const std::size_t Y = std::size_t(last - first + 1);
    auto check_value = [&](const YAML::Node& x, const std::string& k) {
      const double v = number(x, k);
      if (v < 0)
        throw err(x, k, std::string("negative ") + (amount ? "amount" : "value") + " " + text::num(v) +
                            (amount ? " (amounts are spending added; to move money from some regions to others, use a redirect shock)" : ""));
      if (amount && v > max_amount)
        throw err(x, k, "amount " + text::num(v) + " GBP million a year is implausibly large (limit " + text::num(max_amount) + ")");
      return v;
    };
    if (n.IsMap()) {
      std::vector<double> v(Y, 0.0);
      for (auto it = n.begin(); it != n.end(); ++it) {
        const long long year = yaml::as_integer(src_, it->first, key);
        if (year < first || year > last)
          throw err(it->first, key + "." + it->first.Scalar(),
                    "year " + std::to_string(year) + " is outside the scenario's years " + std::to_string(first) + "-" + std::to_string(last));
        v[std::size_t(year - first)] = check_value(it->second, key + "." + it->first.Scalar());
      }
      return v;
    }
    return std::vector<double>(Y, check_value(n, key));
  }

  // Phasing: absent (1 every year), a list of factors (one per year), a map year -> factor, or
  // {ramp: [FROM, TO]}: 0 before FROM, rising linearly to 1 at TO, 1 after.
  std::vector<double> phasing(const YAML::Node& n, const std::string& key, int first, int last) const {
    const std::size_t Y = std::size_t(last - first + 1);
    if (!n) return std::vector<double>(Y, 1.0);
    auto factor = [&](const YAML::Node& x, const std::string& k) { return fraction(x, k, 0.0, 10.0, false); };
    if (n.IsSequence()) {
      if (n.size() != Y)
        throw err(n, key, "phasing has " + std::to_string(n.size()) + " factors but the scenario has " + std::to_string(Y) +
                              " years (" + std::to_string(first) + "-" + std::to_string(last) + ")");
      std::vector<double> v;
      for (std::size_t i = 0; i < n.size(); ++i) v.push_back(factor(n[i], yaml::item(key, i)));
      return v;
    }
    if (n.IsMap() && n["ramp"]) {
      yaml::Diagnostics d;
      yaml::check_keys(src_, n, key, {"ramp"}, d);
      d.throw_if_any();
      const YAML::Node r = n["ramp"];
      if (!r.IsSequence() || r.size() != 2) throw err(r, key + ".ramp", "expected [FIRST_YEAR, FULL_YEAR]");
      const long long a = yaml::as_integer(src_, r[0], key + ".ramp[0]"), b = yaml::as_integer(src_, r[1], key + ".ramp[1]");
      if (b < a) throw err(r, key + ".ramp", "the ramp ends before it starts");
      if (a < first || b > last)
        throw err(r, key + ".ramp", "the ramp " + std::to_string(a) + "-" + std::to_string(b) + " does not fit the scenario's years " +
                                        std::to_string(first) + "-" + std::to_string(last));
      std::vector<double> v(Y);
      for (std::size_t i = 0; i < Y; ++i) {
        const long long t = first + static_cast<long long>(i);
        v[i] = t < a ? 0.0 : t >= b ? 1.0 : double(t - a + 1) / double(b - a + 1);
      }
      return v;
    }
    if (n.IsMap()) return per_year_factor(n, key, first, last);
    throw err(n, key, "expected a list of factors, a map of year: factor, or {ramp: [FIRST_YEAR, FULL_YEAR]}");
  }

  std::vector<double> per_year_factor(const YAML::Node& n, const std::string& key, int first, int last) const {
    std::vector<double> v(std::size_t(last - first + 1), 0.0);
    for (auto it = n.begin(); it != n.end(); ++it) {
      const long long year = yaml::as_integer(src_, it->first, key);
      if (year < first || year > last)
        throw err(it->first, key, "year " + std::to_string(year) + " is outside the scenario's years " + std::to_string(first) +
                                      "-" + std::to_string(last));
      v[std::size_t(year - first)] = fraction(it->second, key + "." + it->first.Scalar(), 0.0, 10.0, false);
    }
    return v;
  }

  // How an amount is split over regions: population (default), gva, equal, {weights: {...}}, or
  // {per_head: DATASET or {region: GBP per person}} to level up spending per head.
  std::vector<double> split(const YAML::Node& n, const std::string& key, const std::vector<std::size_t>& regs,
                            double amount_for_per_head) const {
    const std::size_t R = m_.num_regions();
    std::vector<double> w(R, 0.0);
    const std::string kind = !n ? "population" : n.IsScalar() ? n.Scalar() : "";
    auto normalise = [&](const YAML::Node& at) {
      double s = 0;
      for (double x : w) s += x;
      if (!(s > 0)) throw err(at, key, "the split gives every region a zero share");
      for (double& x : w) x /= s;
    };
    if (kind == "population" || kind == "equal" || kind == "gva") {
      if (kind == "population" && m_.population.empty())
        throw err(n ? n : YAML::Node(), key, "model '" + m_.id + "' has no population: choose split: gva, equal or weights");
      const Vector g = m_.gva();
      for (auto r : regs) {
        if (kind == "population") w[r] = m_.population[r];
        else if (kind == "equal") w[r] = 1.0;
        else
          for (std::size_t s = 0; s < m_.num_industries(); ++s) w[r] += g[m_.sector(r, s)];
      }
      normalise(n);
      return w;
    }
    if (n.IsMap() && n["weights"]) {
      yaml::Diagnostics d;
      yaml::check_keys(src_, n, key, {"weights"}, d);
      d.throw_if_any();
      const YAML::Node ws = n["weights"];
      if (!ws.IsMap()) throw err(ws, key + ".weights", "expected a map of region: share");
      double total = 0;
      for (auto it = ws.begin(); it != ws.end(); ++it) {
        const std::string k = key + ".weights." + it->first.Scalar();
        const auto rs = regions(it->first, k);
        if (rs.size() != 1) throw err(it->first, k, "a weight needs a single region, not a group");
        if (std::find(regs.begin(), regs.end(), rs[0]) == regs.end())
          throw err(it->first, k, "region '" + it->first.Scalar() + "' is not among the shock's regions");
        const double v = fraction(it->second, k, 0.0, 1.0, false);
        w[rs[0]] += v;
        total += v;
      }
      if (std::abs(total - 1.0) > 1e-6)
        throw err(ws, key + ".weights", "the shares add up to " + text::num(total) + ", not 1");
      for (auto r : regs)
        if (w[r] == 0 && ws.size() != regs.size())
          throw err(ws, key + ".weights", "no weight for region " + m_.regions[r].code + " of the shock's regions");
      return w;
    }
    if (n.IsMap() && n["per_head"]) {
      yaml::Diagnostics d;
      yaml::check_keys(src_, n, key, {"per_head"}, d);
      d.throw_if_any();
      if (m_.population.empty()) throw err(n, key, "model '" + m_.id + "' has no population for a per-head split");
      const std::vector<double> base = per_head_baseline(n["per_head"], key + ".per_head");
      for (auto r : regs)
        if (!std::isfinite(base[r]))
          throw err(n["per_head"], key + ".per_head", "no baseline spending per head for region " + m_.regions[r].code +
                                                          " (" + m_.regions[r].name + "), one of the shock's regions");
      const double level = level_up(regs, base, amount_for_per_head);
      for (auto r : regs) w[r] = m_.population[r] * std::max(0.0, level - base[r]);
      normalise(n);
      return w;
    }
    throw err(n, key, "expected population, gva, equal, {weights: {REGION: SHARE, ...}} or {per_head: BASELINE}");
  }

  // Level up: give to the regions furthest below, lifting them to a common level L [GBP per person]
  // with sum over regions of population x max(0, L - baseline per head) = amount [GBP million];
  // L by bisection (200 steps: to the last bit of a double).
  double level_up(const std::vector<std::size_t>& regs, const std::vector<double>& base, double amount) const {
    auto need = [&](double level) {
      double s = 0;
      for (auto r : regs) s += m_.population[r] * std::max(0.0, level - base[r]) / 1e6;  // GBP million
      return s;
    };
    double lo = 0, hi = 1;
    for (auto r : regs) lo = std::min(lo, base[r]), hi = std::max(hi, base[r]);
    for (int grow = 0; need(hi) < amount && grow < 200; ++grow) hi *= 2;
    for (int it = 0; it < 200; ++it) {
      const double mid = 0.5 * (lo + hi);
      (need(mid) < amount ? lo : hi) = mid;
    }
    return hi;
  }

  // Spending per head by region [GBP per person]: a shipped dataset name, or a map region: value.
  std::vector<double> per_head_baseline(const YAML::Node& n, const std::string& key) const {
    std::vector<double> base(m_.num_regions(), std::nan(""));
    if (n.IsScalar()) {
      const std::string name = n.Scalar();
      static const std::map<std::string, std::pair<std::string, std::string>> datasets = {
          {"public_rd_2016", {"rd_per_head_2016.csv", "public_rd_gbp_per_person_2016"}},
          {"business_rd_2016", {"rd_per_head_2016.csv", "business_rd_gbp_per_person_2016"}}};
      auto it = datasets.find(name);
      if (it == datasets.end())
        throw err(n, key, "unknown baseline '" + name + "'" + text::did_you_mean(name, {"public_rd_2016", "business_rd_2016"}) +
                              " (known: public_rd_2016, business_rd_2016, or a map of region: GBP per person)");
      const std::string level = m_.meta("level");
      const fs::path file = fs::path(data_) / "uk" / level / it->second.first;
      if (level.empty() || !fs::exists(file))
        throw err(n, key, "baseline '" + name + "' is published for ITL1 regions only; model '" + m_.id + "' is not an ITL1 model");
      const csv::Table t = csv::read(file.string());
      const auto rc = csv::column(t, "region_code"), vc = csv::column(t, it->second.second);
      for (const auto& row : t.rows)
        for (std::size_t r = 0; r < m_.num_regions(); ++r)
          if (m_.regions[r].code == row.fields[rc].text) base[r] = csv::number(t, row, vc, it->second.second);
    } else if (n.IsMap()) {
      for (auto it = n.begin(); it != n.end(); ++it) {
        const auto rs = regions(it->first, key + "." + it->first.Scalar());
        for (auto r : rs) base[r] = fraction(it->second, key + "." + it->first.Scalar(), 0.0, 1e6, false);
      }
    } else {
      throw err(n, key, "expected a baseline name or a map of region: GBP per person");
    }
    return base;
  }

  // A yearly rate by region: trend_2012_2019 / trend_2015_2023 (shipped ONS trends), a number
  // (every region), or a map region: rate (others 0). `what` is "gva" or "gva_per_job".
  std::vector<double> trend(const YAML::Node& n, const std::string& key, const std::string& fallback,
                            const std::string& what, std::string& source) const {
    const std::size_t R = m_.num_regions();
    std::vector<double> v(R, 0.0);
    const bool absent = !n || n.IsNull();
    const std::string name = absent ? fallback : n.IsScalar() ? n.Scalar() : "";
    if (absent && fallback.empty()) {
      source = "none: no trend data for this model (0% a year)";
      return v;
    }
    if (!absent && n.IsMap()) {
      for (auto it = n.begin(); it != n.end(); ++it)
        for (auto r : regions(it->first, key + "." + it->first.Scalar()))
          v[r] = fraction(it->second, key + "." + it->first.Scalar(), -0.2, 0.2, false);
      source = "given in the scenario";
      return v;
    }
    if (name != "trend_2012_2019" && name != "trend_2015_2023") {
      double x = 0;
      try {
        x = number(n, key);
      } catch (const InputError&) {
        throw err(n, key, "expected trend_2012_2019, trend_2015_2023, a yearly rate, or a map of region: rate" +
                              text::did_you_mean(name, {"trend_2012_2019", "trend_2015_2023"}));
      }
      x = fraction(n, key, -0.2, 0.2, false);  // a yearly rate between -20% and +20%
      std::fill(v.begin(), v.end(), x);
      source = "given in the scenario: " + text::num(x) + " a year in every region";
      return v;
    }
    const std::string level = m_.meta("level");
    if (level.empty()) throw err(n ? n : YAML::Node(), key, "model '" + m_.id + "' has no shipped trend data; give a rate");
    const bool per_job = what == "gva_per_job";
    if (per_job && name != "trend_2012_2019")
      throw err(n, key, "the productivity trend is published for 2012-2019 only (trend_2012_2019)");
    const fs::path file = fs::path(data_) / "uk" / (per_job ? "itl1" : level) /
                          (per_job ? "productivity_trend.csv" : "gva_real_trend.csv");
    const csv::Table t = csv::read(file.string());
    const std::string col = per_job ? "gva_per_job_cagr_2012_2019" : (name == "trend_2012_2019" ? "cagr_2012_2019" : "cagr_2015_2023");
    const auto rc = csv::column(t, "region_code"), vc = csv::column(t, col);
    std::vector<bool> found(R, false);
    for (const auto& row : t.rows)
      for (std::size_t r = 0; r < R; ++r) {
        // ITL2 areas take their ITL1 region's productivity trend (published at ITL1 only).
        const std::string code = per_job ? m_.regions[r].code.substr(0, 3) : m_.regions[r].code;
        if (code == row.fields[rc].text) v[r] = csv::number(t, row, vc, col), found[r] = true;
      }
    for (std::size_t r = 0; r < R; ++r)
      if (!found[r]) throw err(n ? n : YAML::Node(), key, "no trend for region " + m_.regions[r].code + " in " + file.string());
    source = per_job ? "ONS real GVA per filled job, compound growth 2012-2019 (ITL1; ITL2 areas take their region's)"
                     : "ONS real GVA (chained volume), compound growth " + std::string(name == "trend_2012_2019" ? "2012-2019" : "2015-2023");
    return v;
  }

  const yaml::Source& src_;
  const Model& m_;
  std::string data_;  // the shipped data folder
  yaml::Diagnostics& diag_;
  mutable std::map<std::string, std::set<std::size_t>> group_memo_;  // user group -> its regions
};

// Profiles by name. A profile that does not fit the model (an industry it lacks) is kept as an
// error in `broken`, reported only if a shock uses it, when `broken` is given; else in diag.
std::map<std::string, Profile> read_profiles(const yaml::Source& src, const YAML::Node& node, const std::string& key,
                                             const Model& m, yaml::Diagnostics& diag,
                                             std::map<std::string, InputError>* broken = nullptr) {
  std::map<std::string, Profile> out;
  if (!node) return out;
  if (!node.IsMap()) {
    diag.add(yaml::error_at(src, node, key, "expected a map of profile name: profile"));
    return out;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = it->first.Scalar(), k = key + "." + name;
    const YAML::Node p = it->second;
    try {
      if (!p.IsMap()) throw yaml::error_at(src, p, k, "expected a map with shares");
      yaml::Diagnostics d;
      yaml::check_keys(src, p, k, {"name", "description", "source", "sourcing", "category", "imports", "shares"}, d);
      d.throw_if_any();
      Profile pr;
      pr.name = name;
      if (p["sourcing"]) {
        const std::string s = yaml::as_string(src, p["sourcing"], k + ".sourcing");
        if (s != "local" && s != "pattern")
          throw yaml::error_at(src, p["sourcing"], k + ".sourcing", "expected local or pattern, found '" + s + "'");
        pr.local = s == "local";
      }
      if (p["category"]) pr.category = yaml::as_string(src, p["category"], k + ".category");
      if (p["imports"]) {
        pr.imports = yaml::as_number(src, p["imports"], k + ".imports");
        if (pr.imports < 0 || pr.imports >= 1) throw yaml::error_at(src, p["imports"], k + ".imports", "must be in [0, 1)");
      }
      const YAML::Node sh = p["shares"];
      if (!sh || !sh.IsMap() || sh.size() == 0) throw yaml::error_at(src, sh ? sh : p, k + ".shares", "expected a map of industry: share");
      pr.shares.assign(m.num_industries(), 0.0);
      double total = 0;
      for (auto s = sh.begin(); s != sh.end(); ++s) {
        const std::string code = s->first.Scalar(), sk = k + ".shares." + code;
        std::size_t idx = m.num_industries();
        for (std::size_t i = 0; i < m.num_industries(); ++i)
          if (m.industries[i].code == code) idx = i;
        if (idx == m.num_industries()) {
          std::vector<std::string> known;
          for (const auto& i : m.industries) known.push_back(i.code);
          throw yaml::error_at(src, s->first, sk, "unknown industry '" + code + "'" + text::did_you_mean(code, known));
        }
        const double v = yaml::as_number(src, s->second, sk);
        if (v < 0) throw yaml::error_at(src, s->second, sk, "negative share");
        pr.shares[idx] += v;
        total += v;
      }
      if (std::abs(total - 1.0) > 1e-6)
        throw yaml::error_at(src, sh, k + ".shares", "the shares add up to " + text::num(total) + ", not 1");
      out[name] = pr;
    } catch (const InputError& e) {
      if (broken) broken->emplace(name, e);
      else diag.add(e);
    }
  }
  return out;
}

}  // namespace

Scenario read_scenario(const std::string& path, const ModelSettings& settings, Model& model, std::vector<std::string>* errors,
                       const std::string& profiles_dir) {
  return read_scenario_source(yaml::load(path), settings, model, false, errors, profiles_dir);
}

Scenario read_scenario_text(const std::string& text, const std::string& file, const ModelSettings& settings, Model& model,
                            bool model_given,
                            const std::string& profiles_dir) {
  return read_scenario_source(yaml::parse(text, file), settings, model, model_given, nullptr, profiles_dir);
}

namespace {

// Reads a scenario's parts against a loaded model, recording every error it can in `diag`. One
// method per part of docs/scenarios.md, in the order the file is read.
struct ScenarioReader {
  ScenarioReader(const yaml::Source& source, const Model& model, const std::string& data, yaml::Diagnostics& d,
                 Scenario& scenario)
      : src(source), root(source.root), m(model), diag(d), sc(scenario), p(source, model, data, d),
        R(model.num_regions()), K(model.num_categories()) {}

  const yaml::Source& src;
  const YAML::Node& root;
  const Model& m;
  yaml::Diagnostics& diag;
  Scenario& sc;
  Parser p;
  const std::size_t R, K;
  static constexpr int horizon = 2070;
  std::map<std::string, Profile> profiles;
  std::map<std::string, InputError> broken_profiles;
  std::set<std::string> labels;

  // years: [FIRST, LAST] or {first: F, last: L}; within the model's base year and 2070.
  bool read_years() {
    p.attempt([&] {
      const YAML::Node y = root["years"];
      if (!y) throw p.err(root, "years", "missing required key 'years'");
      YAML::Node a, b;
      if (y.IsSequence() && y.size() == 2) a = y[0], b = y[1];
      else if (y.IsMap()) {
        yaml::Diagnostics d;
        yaml::check_keys(src, y, "years", {"first", "last"}, d);
        d.throw_if_any();
        a = y["first"], b = y["last"];
        if (!a || !b) throw p.err(y, "years", "expected {first: YEAR, last: YEAR}");
      } else {
        throw p.err(y, "years", "expected [FIRST, LAST] or {first: YEAR, last: YEAR}");
      }
      // Checked as read (64-bit), before narrowing: 4294969321 must not become 2025.
      const long long first = yaml::as_integer(src, a, "years.first");
      const long long last = yaml::as_integer(src, b, "years.last");
      if (first < m.base_year)
        throw p.err(a, "years.first", "year " + std::to_string(first) + " is before the model's base year " + std::to_string(m.base_year));
      if (first > horizon)
        throw p.err(a, "years.first", "year " + std::to_string(first) + " is beyond the projection horizon " + std::to_string(horizon));
      if (last > horizon)
        throw p.err(b, "years.last", "year " + std::to_string(last) + " is beyond the projection horizon " + std::to_string(horizon));
      if (last < first) throw p.err(b, "years.last", "the last year is before the first");
      sc.first_year = int(first), sc.last_year = int(last);
    });
    return !(sc.first_year == 0 || sc.last_year < sc.first_year || sc.first_year < m.base_year || sc.last_year > horizon);
  }

  void read_type_and_prices() {
    p.attempt([&] {
      if (!root["type"]) return;
      const std::string t = p.str(root["type"], "type");
      if (t == "I") sc.closure = Closure::type_i;
      else if (t == "II") sc.closure = Closure::type_ii;
      else throw p.err(root["type"], "type", "expected I or II, found '" + t + "'");
    });
    p.attempt([&] {
      sc.prices_year = m.base_year;
      if (!root["prices"]) return;
      const long long prices = yaml::as_integer(src, root["prices"], "prices");
      if (prices != m.base_year)
        throw p.err(root["prices"], "prices",
                    "amounts must be in the model's base-year prices (" + std::to_string(m.base_year) +
                        "); devolve does not deflate, so give amounts in " + std::to_string(m.base_year) + " prices");
    });
  }

  Additionality additionality(const YAML::Node& n, const std::string& key, Additionality base) const {
    if (!n) return base;
    if (!n.IsMap()) throw p.err(n, key, "expected a map with deadweight, displacement, substitution");
    yaml::Diagnostics d;
    yaml::check_keys(src, n, key, {"deadweight", "displacement", "substitution"}, d);
    d.throw_if_any();
    if (n["deadweight"]) base.deadweight = p.input(n["deadweight"], key + ".deadweight", "additionality.deadweight");
    if (n["displacement"]) base.displacement = p.input(n["displacement"], key + ".displacement", "additionality.displacement");
    if (n["substitution"]) base.substitution = p.input(n["substitution"], key + ".substitution", "additionality.substitution");
    return base;
  }

  static std::array<bool, 3> own_additionality(const YAML::Node& n) {
    std::array<bool, 3> own{};
    if (n && n.IsMap()) own = {bool(n["deadweight"]), bool(n["displacement"]), bool(n["substitution"])};
    return own;
  }

  // groups: name -> list of regions (resolved when used, so they may refer to each other)
  void read_groups() {
      p.attempt([&] {
      const YAML::Node g = root["groups"];
      if (!g) return;
      if (!g.IsMap()) throw p.err(g, "groups", "expected a map of group name: [regions]");
      for (auto it = g.begin(); it != g.end(); ++it) {
        const std::string name = it->first.Scalar();
        for (const auto& [b, c] : builtin_region_groups())
          if (b == name) throw p.err(it->first, "groups." + name, "'" + name + "' is a built-in group; choose another name");
        for (const auto& r : m.regions)
          if (text::iequals(r.code, name) || text::iequals(r.name, name))
            throw p.err(it->first, "groups." + name, "'" + name + "' is a region of the model; choose another name");
        p.groups[name] = it->second;
      }
      for (const auto& [name, node] : p.groups) p.attempt([&, n = name, nd = node] { p.regions(nd, "groups." + n); });
    });
  }

  // baseline: growth and productivity trends by region (default: the ONS trends for UK models)
  void read_baseline() {
      p.attempt([&] {
      const YAML::Node b = root["baseline"];
      if (b && !b.IsMap()) throw p.err(b, "baseline", "expected a map with growth and productivity");
      if (b) {
        yaml::Diagnostics d;
        yaml::check_keys(src, b, "baseline", {"growth", "productivity"}, d);
        d.throw_if_any();
      }
      const bool uk = !m.meta("level").empty();
      sc.baseline.growth = p.trend(b ? b["growth"] : YAML::Node(), "baseline.growth", uk ? "trend_2012_2019" : "",
                                   "gva", sc.baseline.growth_source);
      sc.baseline.productivity = p.trend(b ? b["productivity"] : YAML::Node(), "baseline.productivity",
                                         uk ? "trend_2012_2019" : "", "gva_per_job", sc.baseline.productivity_source);
    });
  }

  void read_appraisal() {
    p.attempt([&] {
      sc.appraisal_year = sc.first_year;
      const YAML::Node a = root["appraisal"];
      if (!a) return;
      if (!a.IsMap()) throw p.err(a, "appraisal", "expected {year: YEAR}");
      yaml::Diagnostics d;
      yaml::check_keys(src, a, "appraisal", {"year"}, d);
      d.throw_if_any();
      if (a["year"]) {
        const long long year = yaml::as_integer(src, a["year"], "appraisal.year");
        if (year < m.base_year || year > sc.first_year)
          throw p.err(a["year"], "appraisal.year", "the appraisal year must be between the model's base year " +
                                                       std::to_string(m.base_year) + " and the first scenario year " +
                                                       std::to_string(sc.first_year));
        sc.appraisal_year = int(year);
      }
    });
  }

  // profiles: the shipped file, then the scenario's own (which may replace shipped ones)
  void read_all_profiles(const std::string& profiles_dir) {
      const std::string file = (fs::path(profiles_dir.empty() ? shipped_scenarios_dir() : profiles_dir) / "profiles.yaml").string();
      if (fs::exists(file)) {
        const yaml::Source ps = yaml::load(file);
        yaml::Diagnostics d;
        yaml::check_keys(ps, ps.root, "", {"profiles"}, d);
        profiles = read_profiles(ps, ps.root["profiles"], "profiles", m, d, &broken_profiles);
        for (const auto& e : d.errors()) diag.add(e);
      }
      for (auto& [k, v] : read_profiles(src, root["profiles"], "profiles", m, diag)) {
        profiles[k] = v;
        broken_profiles.erase(k);
      }
  }

  void read_shocks() {
    const YAML::Node shocks = root["shocks"];
    if (!shocks) diag.add(yaml::error_at(src, root, "shocks", "missing required key 'shocks'"));
    else if (shocks.IsNull()) diag.add(yaml::error_at(src, yaml::key_node(root, "shocks"), "shocks", "expected a list of shocks, found nothing"));
    else if (!shocks.IsSequence()) diag.add(yaml::error_at(src, shocks, "shocks", "expected a list of shocks"));
    else if (shocks.size() == 0) diag.add(yaml::error_at(src, shocks, "shocks", "empty list of shocks: a scenario needs at least one"));
    for (std::size_t i = 0; shocks && shocks.IsSequence() && i < shocks.size(); ++i) {
      const YAML::Node s = shocks[i];
      const std::string key = yaml::item("shocks", i);
      p.attempt([&] { read_shock(s, key); });
    }
  }

  YAML::Node need(const YAML::Node& s, const std::string& key, const char* k) const {
    const std::string type = s["type"].Scalar();
    if (!s[k]) throw p.err(s, key, std::string("missing required key '") + k + "' for a " + type + " shock");
    return s[k];
  }

  // The shock's type and the keys it allows; false (errors recorded) if a key is not allowed.
  bool shock_type(const YAML::Node& s, const std::string& key, Shock& sh) {
    if (!s.IsMap()) throw p.err(s, key, "expected a map with type, label, ...");
    if (!s["type"]) throw p.err(s, key, "missing required key 'type' (spend, redirect, productivity, local_procurement)");
    const std::string type = p.str(s["type"], key + ".type");
    std::vector<std::string> allowed = {"type", "label", "phasing", "additionality"};
    if (type == "spend") {
      sh.type = Shock::Type::spend;
      for (auto k : {"amount", "regions", "split", "profile", "rd"}) allowed.push_back(k);
    } else if (type == "redirect") {
      sh.type = Shock::Type::redirect;
      for (auto k : {"amount", "from", "to", "split", "from_split", "profile", "rd"}) allowed.push_back(k);
    } else if (type == "productivity") {
      sh.type = Shock::Type::productivity;
      for (auto k : {"regions", "industries", "measure", "change", "target", "coverage"}) allowed.push_back(k);
    } else if (type == "local_procurement") {
      sh.type = Shock::Type::local_procurement;
      for (auto k : {"regions", "industries", "buyers", "share_increase"}) allowed.push_back(k);
    } else {
      throw p.err(s["type"], key + ".type",
                  "unknown shock type '" + type + "'" +
                      text::did_you_mean(type, {"spend", "redirect", "productivity", "local_procurement"}) +
                      " (known: spend, redirect, productivity, local_procurement)");
    }
    yaml::Diagnostics d;
    yaml::check_keys(src, s, key, allowed, d);
    for (const auto& e : d.errors()) diag.add(e);
    return d.empty();
  }

  void read_shock(const YAML::Node& s, const std::string& key) {
    Shock sh;
    if (!shock_type(s, key, sh)) return;
    sh.label = p.str(need(s, key, "label"), key + ".label");
    if (sh.label.empty()) throw p.err(s["label"], key + ".label", "empty label");
    if (!labels.insert(sh.label).second) throw p.err(s["label"], key + ".label", "duplicate label '" + sh.label + "'");
    sh.phase = p.phasing(s["phasing"], key + ".phasing", sc.first_year, sc.last_year);
    sh.additionality = additionality(s["additionality"], key + ".additionality", sc.additionality);
    sh.own_additionality = own_additionality(s["additionality"]);
    if (sh.type == Shock::Type::spend || sh.type == Shock::Type::redirect) read_demand(s, key, sh);
    else read_area(s, key, sh);
    if (sh.type == Shock::Type::productivity) read_productivity(s, key, sh);
    if (sh.type == Shock::Type::local_procurement) read_local_procurement(s, key, sh);
    sc.shocks.push_back(std::move(sh));
  }

  void use_profile(const YAML::Node& s, const std::string& key, Shock& sh) {
      const std::string name = p.str(need(s, key, "profile"), key + ".profile");
      auto it = profiles.find(name);
      if (auto b = broken_profiles.find(name); b != broken_profiles.end())
        throw p.err(s["profile"], key + ".profile", "shipped profile '" + name + "' does not fit model '" + m.id +
                                                        "': " + b->second.message());
      if (it == profiles.end()) {
        std::vector<std::string> known;
        for (const auto& [k, v] : profiles) known.push_back(k);
        throw p.err(s["profile"], key + ".profile", "unknown profile '" + name + "'" + text::did_you_mean(name, known) +
                                                        " (known: " + text::join(known) + ")");
      }
      sh.profile = name;
      sh.profile_shares = it->second.shares;
      sh.import_share = it->second.imports;
      sh.local_sourcing = it->second.local;
      FinalDemandRole role;
      if (!parse_role(it->second.category, role) || m.category_with_role(role) == Model::npos)
        throw p.err(s["profile"], key + ".profile", "profile '" + name + "' names category '" + it->second.category +
                                                        "', which model '" + m.id + "' does not have");
      sh.sourcing_category = m.category_with_role(role);
  }

  void read_demand(const YAML::Node& s, const std::string& key, Shock& sh) {
    sh.amount = p.per_year(need(s, key, "amount"), key + ".amount", sc.first_year, sc.last_year, true);
    use_profile(s, key, sh);
    double peak = 0;
    for (std::size_t t = 0; t < sh.amount.size(); ++t) peak = std::max(peak, sh.amount[t] * sh.phase[t]);
    const YAML::Node to = sh.type == Shock::Type::spend ? need(s, key, "regions") : need(s, key, "to");
    const std::string to_key = key + (sh.type == Shock::Type::spend ? ".regions" : ".to");
    sh.shock_regions = p.regions(to, to_key);
    sh.regions_text = YAML::Dump(to);
    sh.to_weights = p.split(s["split"], key + ".split", sh.shock_regions, peak);
    sh.per_head_split = s["split"] && s["split"].IsMap() && s["split"]["per_head"];
    if (sh.type == Shock::Type::redirect) {
      const auto donors = p.regions(need(s, key, "from"), key + ".from");
      for (auto d : donors)
        if (std::find(sh.shock_regions.begin(), sh.shock_regions.end(), d) != sh.shock_regions.end())
          throw p.err(s["from"], key + ".from", "region " + m.regions[d].code + " is both a donor and a recipient");
      if (s["from_split"] && s["from_split"].IsMap() && s["from_split"]["per_head"])
        throw p.err(s["from_split"], key + ".from_split", "per_head levels recipients up; donors give by population, gva, equal or weights");
      sh.from_weights = p.split(s["from_split"], key + ".from_split", donors, peak);
    }
    read_rd(s, key, sh);
  }

  // R&D dynamics: on by default for the public_rd profile; rd: false turns them off.
  void read_rd(const YAML::Node& s, const std::string& key, Shock& sh) {
    const YAML::Node rd = s["rd"];
    sh.rd.enabled = sh.profile == "public_rd";
    if (rd && rd.IsScalar()) sh.rd.enabled = yaml::as_bool(src, rd, key + ".rd");
    else if (rd) {
      if (!rd.IsMap()) throw p.err(rd, key + ".rd", "expected false, true, or a map of R&D parameters");
      yaml::Diagnostics d;
      yaml::check_keys(src, rd, key + ".rd",
                       {"leverage", "leverage_lag", "depreciation", "rate_of_return", "return_lag", "spillover_share"}, d);
      d.throw_if_any();
      sh.rd.enabled = true;
      const std::string rk = key + ".rd.";
      if (rd["leverage"]) sh.rd.leverage = p.input(rd["leverage"], rk + "leverage", "shocks[i].rd.leverage");
      if (rd["leverage_lag"]) sh.rd.leverage_lag = int(p.input(rd["leverage_lag"], rk + "leverage_lag", "shocks[i].rd.leverage_lag"));
      if (rd["depreciation"]) sh.rd.depreciation = p.input(rd["depreciation"], rk + "depreciation", "shocks[i].rd.depreciation");
      if (rd["rate_of_return"]) sh.rd.rate_of_return = p.input(rd["rate_of_return"], rk + "rate_of_return", "shocks[i].rd.rate_of_return");
      if (rd["return_lag"]) sh.rd.return_lag = int(p.input(rd["return_lag"], rk + "return_lag", "shocks[i].rd.return_lag"));
      if (rd["spillover_share"]) sh.rd.spillover_share = p.input(rd["spillover_share"], rk + "spillover_share", "shocks[i].rd.spillover_share");
    }
    if (sh.rd.enabled) {
      auto b = profiles.find("business_rd");
      if (b == profiles.end())
        throw p.err(rd ? rd : s["profile"], key + ".rd",
                    "R&D dynamics buy leveraged private R&D through the 'business_rd' profile, which is missing "
                    "or does not fit model '" + m.id + "' (set rd: false, or define the profile)");
      sh.private_rd_shares = b->second.shares;
      sh.private_import_share = b->second.imports;
      sh.private_local_sourcing = b->second.local;
      FinalDemandRole role;
      sh.private_category = parse_role(b->second.category, role) && m.category_with_role(role) != Model::npos
                                ? m.category_with_role(role)
                                : 0;
    }
  }

  void read_area(const YAML::Node& s, const std::string& key, Shock& sh) {
    sh.amount.assign(sc.years().size(), 0.0);
    sh.shock_regions = p.regions(need(s, key, "regions"), key + ".regions");
    sh.regions_text = YAML::Dump(s["regions"]);
    sh.region_mask.assign(R, false);
    for (auto r : sh.shock_regions) sh.region_mask[r] = true;
    sh.industry_mask = s["industries"] ? p.industries(s["industries"], key + ".industries")
                                       : std::vector<bool>(m.num_industries(), true);
  }

  void read_productivity(const YAML::Node& s, const std::string& key, Shock& sh) {
    sh.measure = p.str(need(s, key, "measure"), key + ".measure");
    if (sh.measure != "jobs" && sh.measure != "gva")
      throw p.err(s["measure"], key + ".measure", "expected jobs (output per job) or gva (GVA per unit of output), found '" + sh.measure + "'");
    if (s["change"] && s["target"]) throw p.err(s["target"], key + ".target", "give either change or target, not both");
    if (s["coverage"]) sh.coverage = p.input(s["coverage"], key + ".coverage", "shocks[i].coverage");
    if (s["target"]) {
      const std::string t = p.str(s["target"], key + ".target");
      if (t != "england_average")
        throw p.err(s["target"], key + ".target", "unknown target '" + t + "' (known: england_average)");
      if (sh.measure != "gva")
        throw p.err(s["target"], key + ".target", "target: england_average raises GVA per job: use measure: gva");
      sh.region_change = england_average(s, key, sh.shock_regions);
    } else {
      sh.change = p.input(need(s, key, "change"), key + ".change", "shocks[i].change");
    }
    double peak_phase = 0;
    for (double f : sh.phase) peak_phase = std::max(peak_phase, f);
    double worst = sh.change;
    for (double c : sh.region_change) worst = std::min(worst, c);
    if (1.0 + worst * sh.coverage * peak_phase <= 0.1)
      throw p.err(s["phasing"] ? s["phasing"] : s, key + ".phasing",
                  "the change times the phasing and coverage reaches " + text::num(worst * sh.coverage * peak_phase) +
                      ": output per job or GVA per output would fall by 90% or more");
  }

  // GVA per job of each region (GVA without allocated Extra-Regio) against England's: the change
  // that closes the gap for each of `regions`.
  std::vector<double> england_average(const YAML::Node& s, const std::string& key, const std::vector<std::size_t>& regions) const {
    bool has_jobs = false;
    for (const auto& ind : m.indicators) has_jobs = has_jobs || ind.code == "jobs";
    if (!has_jobs) throw p.err(s["target"], key + ".target", "model '" + m.id + "' has no jobs indicator to measure GVA per job");
    const std::size_t jobs = m.indicator_index("jobs");
    const Vector g = m.gva();
    std::vector<double> gva(R, 0.0), job(R, 0.0);
    for (std::size_t j = 0; j < m.num_sectors(); ++j) {
      gva[m.region_of(j)] += g[j];
      job[m.region_of(j)] += m.indicator_totals(jobs, j);
    }
    double eg = 0, ej = 0;
    const std::vector<std::string>& england = builtin_region_group("england");
    const std::vector<double> extra = m.extra_regio_gva();
    for (std::size_t r = 0; r < R; ++r) {
      gva[r] -= extra[r];
      for (const auto& c : england)
        if (m.regions[r].code.compare(0, c.size(), c) == 0) eg += gva[r], ej += job[r];
    }
    if (ej <= 0) throw p.err(s["target"], key + ".target", "model '" + m.id + "' has no English regions");
    std::vector<double> change(R, 0.0);
    for (auto r : regions)
      change[r] = job[r] > 0 ? std::max(0.0, (eg / ej) / (gva[r] / job[r]) - 1.0) : 0.0;
    return change;
  }

  void read_local_procurement(const YAML::Node& s, const std::string& key, Shock& sh) {
    sh.share_increase = p.input(need(s, key, "share_increase"), key + ".share_increase", "shocks[i].share_increase");
    sh.category_mask.assign(K, false);
    const YAML::Node b = s["buyers"];
    std::vector<std::pair<YAML::Node, std::string>> buyers;  // (node, key path)
    if (!b) sh.category_mask[m.category_with_role(FinalDemandRole::government) < K ? m.category_with_role(FinalDemandRole::government) : 0] = true;
    else if (b.IsSequence()) {
      if (b.size() == 0) throw p.err(b, key + ".buyers", "empty list of buyers (known: households, npish, government, gfcf)");
      for (std::size_t j = 0; j < b.size(); ++j) buyers.emplace_back(b[j], yaml::item(key + ".buyers", j));
    }
    else buyers.emplace_back(b, key + ".buyers");
    for (const auto& [node, k] : buyers) {
      const std::string name = p.str(node, k);
      FinalDemandRole role;
      if (!parse_role(name, role) || m.category_with_role(role) == Model::npos)
        throw p.err(node, k, "unknown buyer '" + name + "'" + text::did_you_mean(name, {"households", "npish", "government", "gfcf"}) +
                                 " (known: households, npish, government, gfcf)");
      if (role == FinalDemandRole::exports || role == FinalDemandRole::inventories)
        throw p.err(node, k, "buyer '" + name + "' cannot buy locally: exports and inventories are booked to the producer");
      sh.category_mask[m.category_with_role(role)] = true;
    }
  }
};

// The model: a shipped id, or a path relative to the scenario file.
void read_model_key(const yaml::Source& src, const ModelSettings& settings, Model& model, bool model_given, Scenario& sc) {
  std::string spec = sc.model_spec;
  const fs::path rel = fs::path(src.file).parent_path() / spec;
  if (fs::path(spec).is_relative() && fs::exists(rel)) spec = rel.string();  // relative to the scenario file
  sc.model_path = model_given ? model.id : resolve_model(spec, settings);
  if (!model_given) model = load_model(spec, settings);
}

}  // namespace

Scenario read_scenario_source(const yaml::Source& src, const ModelSettings& settings, Model& model, bool model_given,
                              std::vector<std::string>* errors,
                              const std::string& profiles_dir) {
  yaml::Diagnostics diag;
  auto finish = [&]() {
    if (errors)
      for (const auto& e : diag.errors()) errors->push_back(e.what());
    diag.throw_if_any();
  };
  const YAML::Node& root = src.root;
  if (!root.IsMap()) throw yaml::error_at(src, root, "", "expected a map of keys (name, model, years, shocks, ...)");
  yaml::check_keys(src, root, "",
                   {"name", "description", "model", "years", "type", "prices", "groups", "profiles", "additionality",
                    "baseline", "appraisal", "shocks"},
                   diag);
  Scenario sc;
  sc.file = src.file;
  sc.text = src.text;
  auto str_key = [&](const char* key, std::string& out, bool required) {
    if (!root[key]) {
      if (required) diag.add(yaml::error_at(src, root, key, std::string("missing required key '") + key + "'"));
      return;
    }
    try {
      out = yaml::as_string(src, root[key], key);
    } catch (const InputError& e) {
      diag.add(e);
    }
  };
  str_key("name", sc.name, true);
  str_key("description", sc.description, false);
  str_key("model", sc.model_spec, true);
  if (sc.model_spec.empty()) {
    finish();
    throw yaml::error_at(src, root, "model", "missing required key 'model'");
  }
  try {
    read_model_key(src, settings, model, model_given, sc);
  } catch (const InputError& e) {
    diag.add(yaml::error_at(src, root["model"], "model", std::string("cannot load the model: ") + e.message()));
    finish();
  }
  ScenarioReader r(src, model, data_dir(settings), diag, sc);
  if (!r.read_years()) {
    finish();  // the rest depends on the years: report what was found so far
    throw yaml::error_at(src, root, "years", "no valid years");
  }
  r.read_type_and_prices();
  r.p.attempt([&] { sc.additionality = r.additionality(root["additionality"], "additionality", {}); });
  r.read_groups();
  r.read_baseline();
  r.read_appraisal();
  r.read_all_profiles(profiles_dir);
  r.read_shocks();
  finish();
  return sc;
}

}  // namespace devolve
