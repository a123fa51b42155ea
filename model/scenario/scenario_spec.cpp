// Reading a scenario file into a ScenarioSpec (docs/scenarios.md): no model, no shipped data.
#include "devolve/scenario_spec.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "base/text.hpp"
#include "scenario/purchases_csv.hpp"
#include "devolve/context.hpp"
#include "devolve/file_kind.hpp"
#include "devolve/scenario_inputs.hpp"
#include "scenario/scenario_source.hpp"

namespace devolve {

SourceLocation location_of(const yaml::Source& src, const YAML::Node& node, const std::string& key) {
  const InputError e = yaml::error_at(src, node, key, "");
  const std::size_t line = std::size_t(e.line());
  return {e.file(), e.line(), e.column(), key, line >= 1 && line <= src.lines.size() ? src.lines[line - 1] : ""};
}

InputError spec_error(const SourceLocation& at, const std::string& message) {
  return InputError(at.file, at.line, at.column, at.key, message, at.source_line);
}

namespace {

constexpr long long horizon = 2070;
constexpr double max_amount = 1e6;  // GBP million a year: GBP 1 trillion, half of UK GVA

// Reads the parts of a scenario that need no model, one method per part, recording every error.
struct SpecReader {
  const yaml::Source& src;
  yaml::Diagnostics& diag;
  ScenarioSpec& spec;
  std::set<std::string> labels;

  template <class F>
  bool attempt(F&& f) {
    return record_errors(diag, f);
  }
  InputError err(const YAML::Node& n, const std::string& key, const std::string& msg) const {
    return yaml::error_at(src, n, key, msg);
  }
  template <class T>
  Given<T> given(T v, const YAML::Node& n, const std::string& key) const {
    return {std::move(v), true, location_of(src, n, key)};
  }
  void keys(const YAML::Node& n, const std::string& key, const std::vector<std::string>& allowed) const {
    yaml::Diagnostics d;
    yaml::check_keys(src, n, key, allowed, d);
    d.throw_if_any();
  }
  // A value of the table of scenario inputs (scenario_inputs.hpp), checked against its limits.
  Given<double> input(const YAML::Node& n, const std::string& key, std::string_view pattern) const {
    const ScenarioInput& in = scenario_input(pattern);
    const double v = in.type == ScenarioInput::Type::integer ? double(yaml::as_integer(src, n, key)) : yaml::as_number(src, n, key);
    if (const std::string why = limit_violation(in, v); !why.empty()) throw err(n, key, why);
    return given(v, n, key);
  }
  Given<double> fraction(const YAML::Node& n, const std::string& key, double lo, double hi) const {
    const double v = yaml::as_number(src, n, key);
    if (v < lo || v > hi)
      throw err(n, key, "must be at least " + text::num(lo) + " and at most " + text::num(hi) + ", found " + text::num(v));
    return given(v, n, key);
  }
  Given<std::string> str(const YAML::Node& n, const std::string& key) const { return given(yaml::as_string(src, n, key), n, key); }
  Given<long long> integer(const YAML::Node& n, const std::string& key) const { return given(yaml::as_integer(src, n, key), n, key); }
  long long year_in_scenario(const YAML::Node& n, const std::string& key, const std::string& at_key) const {
    const long long year = yaml::as_integer(src, n, key);
    const long long first = spec.first_year.value, last = spec.last_year.value;
    if (year < first || year > last)
      throw err(n, at_key, "year " + std::to_string(year) + " is outside the scenario's years " + std::to_string(first) + "-" +
                               std::to_string(last));
    return year;
  }

  void read_text_keys() {
    auto str_key = [&](const char* key, Given<std::string>& out, bool required) {
      if (!src.root[key]) {
        if (required) diag.add(err(src.root, key, std::string("missing required key '") + key + "'"));
        return;
      }
      attempt([&] { out = str(src.root[key], key); });
    };
    str_key("name", spec.name, true);
    str_key("description", spec.description, false);
    str_key("model", spec.model, true);
  }

  // years: [FIRST, LAST] or {first: F, last: L}; at most 2070 (the model's base year: resolve_scenario).
  void read_years() {
    attempt([&] {
      const YAML::Node y = src.root["years"];
      if (!y) throw err(src.root, "years", "missing required key 'years'");
      YAML::Node a, b;
      if (y.IsSequence() && y.size() == 2) a = y[0], b = y[1];
      else if (y.IsMap()) {
        keys(y, "years", {"first", "last"});
        a = y["first"], b = y["last"];
        if (!a || !b) throw err(y, "years", "expected {first: YEAR, last: YEAR}");
      } else {
        throw err(y, "years", "expected [FIRST, LAST] or {first: YEAR, last: YEAR}");
      }
      // Checked as read (64-bit), before narrowing: 4294969321 must not become 2025.
      const Given<long long> first = integer(a, "years.first"), last = integer(b, "years.last");
      spec.first_year = first, spec.last_year = last;
      if (first.value > horizon)
        throw err(a, "years.first", "year " + std::to_string(first.value) + " is beyond the projection horizon " + std::to_string(horizon));
      if (last.value > horizon)
        throw err(b, "years.last", "year " + std::to_string(last.value) + " is beyond the projection horizon " + std::to_string(horizon));
      if (last.value < first.value) throw err(b, "years.last", "the last year is before the first");
      spec.years_readable = true;
    });
  }

  void read_type_prices_appraisal() {
    const YAML::Node& root = src.root;
    attempt([&] {
      if (!root["type"]) return;
      spec.type = str(root["type"], "type");
      if (spec.type.value != "I" && spec.type.value != "II")
        throw err(root["type"], "type", "expected I or II, found '" + spec.type.value + "'");
    });
    attempt([&] {
      if (root["prices"]) spec.prices = integer(root["prices"], "prices");
    });
    attempt([&] {
      const YAML::Node a = root["appraisal"];
      if (!a) return;
      if (!a.IsMap()) throw err(a, "appraisal", "expected {year: YEAR}");
      keys(a, "appraisal", {"year"});
      if (a["year"]) spec.appraisal_year = integer(a["year"], "appraisal.year");
    });
  }

  // Leakage and the multiplier are what the model computes (docs/scenarios.md, "additionality").
  void not_model_factors(const YAML::Node& n, const std::string& key) const {
    if (n["leakage"])
      throw err(yaml::key_node(n, "leakage"), key + ".leakage",
                "leakage is not an input: the model computes it (imports, purchases from other regions, and effects "
                "landing in other regions); applying an assumed share as well would count it twice");
    if (n["multiplier"])
      throw err(yaml::key_node(n, "multiplier"), key + ".multiplier",
                "the multiplier is not an input: the model computes the supply-chain (Type I) and household-spending "
                "(Type II) effects; applying an assumed multiplier as well would count them twice");
  }
  // The Additionality Guide's ready-reckoner levels are not shipped (docs/scenarios.md, "additionality").
  InputError no_preset(const YAML::Node& n, const std::string& key) const {
    return err(n, key,
               "ready-reckoner presets are not shipped: devolve could not read the Additionality Guide's tables from "
               "its sources and does not invent them; give the fraction of your appraisal (at least 0 and below 1) "
               "and cite its source in a comment");
  }
  Given<double> factor(const YAML::Node& n, const std::string& key, const std::string& pattern) const {
    static const std::vector<std::string> words = {"none", "low", "medium", "high", "very_high", "very high", "total", "all"};
    if (n.IsScalar() && std::find(words.begin(), words.end(), n.Scalar()) != words.end()) throw no_preset(n, key);
    return input(n, key, pattern);
  }
  template <class A>
  void fractions(const YAML::Node& n, const std::string& key, const std::string& pattern, A& a) const {
    if (n["deadweight"]) a.deadweight = factor(n["deadweight"], key + ".deadweight", pattern + ".deadweight");
    if (n["displacement"]) a.displacement = factor(n["displacement"], key + ".displacement", pattern + ".displacement");
    if (n["substitution"]) a.substitution = factor(n["substitution"], key + ".substitution", pattern + ".substitution");
  }
  static const std::vector<std::string>& spatial_levels() {
    static const std::vector<std::string> v = {"local", "sub_regional", "regional", "national"};
    return v;
  }
  Given<std::string> spatial_level(const YAML::Node& n, const std::string& key) const {
    Given<std::string> g = str(n, key);
    const auto& known = spatial_levels();
    if (std::find(known.begin(), known.end(), g.value) == known.end())
      throw err(n, key, "unknown spatial level '" + g.value + "'" + text::did_you_mean(g.value, known) +
                            " (known: local, sub_regional, regional, national)");
    return g;
  }
  AdditionalitySpec additionality(const YAML::Node& n, const std::string& key, const std::string& pattern) const {
    AdditionalitySpec a;
    if (!n) return a;
    if (!n.IsMap()) throw err(n, key, "expected a map with deadweight, displacement, substitution");
    not_model_factors(n, key);
    if (n["preset"]) throw no_preset(yaml::key_node(n, "preset"), key + ".preset");
    keys(n, key, {"deadweight", "displacement", "substitution", "level", "levels"});
    fractions(n, key, pattern, a);
    if (n["level"]) a.level = spatial_level(n["level"], key + ".level");
    const YAML::Node lv = n["levels"];
    if (!lv) return a;
    a.levels_at = location_of(src, yaml::key_node(n, "levels"), key + ".levels");
    if (!lv.IsMap() || lv.size() == 0)
      throw err(lv, key + ".levels", "expected a map of spatial level: {deadweight, displacement, substitution}");
    for (auto it = lv.begin(); it != lv.end(); ++it) {
      const std::string k = key + ".levels." + it->first.Scalar();
      const std::string name = spatial_level(it->first, k).value;
      const YAML::Node v = it->second;
      if (!v.IsMap()) throw err(v, k, "expected a map with deadweight, displacement, substitution");
      not_model_factors(v, k);
      if (v["preset"]) throw no_preset(yaml::key_node(v, "preset"), k + ".preset");
      keys(v, k, {"deadweight", "displacement", "substitution"});
      AdditionalityLevelSpec l;
      l.at = location_of(src, it->first, k);
      fractions(v, k, pattern, l);
      a.levels[name] = l;
    }
    return a;
  }

  // labour_supply: the shares of who fills new resident jobs (docs/scenarios.md)
  void read_labour_supply() {
    attempt([&] {
      const YAML::Node b = src.root["labour_supply"];
      if (!b) return;
      spec.labour_supply.at = location_of(src, b, "labour_supply");
      if (!b.IsMap())
        throw err(b, "labour_supply", "expected a map with unemployed, inactive, in_commuting, in_migration, displacement");
      keys(b, "labour_supply",
           {"unemployed", "inactive", "in_commuting", "in_migration", "displacement", "inactive_wanting_work"});
      auto& l = spec.labour_supply;
      for (const auto& entry : {std::pair{"unemployed", &LabourSupplySpec::unemployed},
                                 {"inactive", &LabourSupplySpec::inactive},
                                 {"in_commuting", &LabourSupplySpec::in_commuting},
                                 {"in_migration", &LabourSupplySpec::in_migration},
                                 {"displacement", &LabourSupplySpec::displacement},
                                 {"inactive_wanting_work", &LabourSupplySpec::inactive_wanting_work}}) {
        const char* name = entry.first;  // not a structured binding: clang 14 cannot capture one in a lambda
        const auto field = entry.second;
        const std::string key = std::string("labour_supply.") + name;
        if (b[name]) attempt([&] { l.*field = input(b[name], key, key); });
      }
    });
  }

  // baseline: its keys, and a rate given as one number (names and maps are resolved with the data)
  void read_baseline() {
    attempt([&] {
      const YAML::Node b = src.root["baseline"];
      if (!b) return;
      if (!b.IsMap()) throw err(b, "baseline", "expected a map with growth and productivity");
      keys(b, "baseline", {"growth", "productivity"});
      attempt([&] { spec.growth = rate(b["growth"], "baseline.growth"); });
      attempt([&] { spec.productivity = rate(b["productivity"], "baseline.productivity"); });
    });
  }
  Given<double> rate(const YAML::Node& n, const std::string& key) const {
    if (!n || n.IsNull() || !n.IsScalar()) return {};
    const std::string name = n.Scalar();
    if (name == "trend_2012_2019" || name == "trend_2015_2023") return {};
    try {
      yaml::as_number(src, n, key);
    } catch (const InputError&) {
      throw err(n, key, "expected trend_2012_2019, trend_2015_2023, a yearly rate, or a map of region: rate" +
                            text::did_you_mean(name, {"trend_2012_2019", "trend_2015_2023"}));
    }
    return fraction(n, key, -0.2, 0.2);  // a yearly rate between -20% and +20%
  }

  void read_shocks() {
    const YAML::Node& root = src.root;
    const YAML::Node shocks = root["shocks"];
    if (!shocks) diag.add(err(root, "shocks", "missing required key 'shocks'"));
    else if (shocks.IsNull()) diag.add(err(yaml::key_node(root, "shocks"), "shocks", "expected a list of shocks, found nothing"));
    else if (!shocks.IsSequence()) diag.add(err(shocks, "shocks", "expected a list of shocks"));
    else if (shocks.size() == 0) diag.add(err(shocks, "shocks", "empty list of shocks: a scenario needs at least one"));
    for (std::size_t i = 0; shocks && shocks.IsSequence() && i < shocks.size(); ++i) {
      ShockSpec sh;
      sh.at = location_of(src, shocks[i], yaml::item("shocks", i));
      bool keys_ok = true;
      sh.readable = attempt([&] { keys_ok = read_shock(shocks[i], sh.at.key, sh); }) && keys_ok;
      spec.shocks.push_back(std::move(sh));
    }
  }

  YAML::Node need(const YAML::Node& s, const std::string& key, const char* k) const {
    if (!s[k]) throw err(s, key, std::string("missing required key '") + k + "' for a " + s["type"].Scalar() + " shock");
    return s[k];
  }

  // The shock's type and the keys it allows; false (errors recorded) if a key is not allowed.
  bool shock_type(const YAML::Node& s, const std::string& key, ShockSpec& sh) {
    if (!s.IsMap()) throw err(s, key, "expected a map with type, label, ...");
    if (!s["type"]) throw err(s, key, "missing required key 'type' (spend, redirect, productivity, local_procurement, employment, labour_income, household_income, custom_spending)");
    sh.type = str(s["type"], key + ".type");
    const std::string& type = sh.type.value;
    std::vector<std::string> allowed = {"type", "label", "phasing", "additionality"};
    if (type == "spend") {
      for (auto k : {"amount", "regions", "split", "profile", "rd"}) allowed.push_back(k);
    } else if (type == "redirect") {
      for (auto k : {"amount", "from", "to", "split", "from_split", "profile", "rd"}) allowed.push_back(k);
    } else if (type == "productivity") {
      for (auto k : {"regions", "industries", "measure", "change", "target", "coverage"}) allowed.push_back(k);
    } else if (type == "local_procurement") {
      for (auto k : {"regions", "buyers", "suppliers", "share_increase", "local_area"}) allowed.push_back(k);
      if (s["industries"])  // the final-demand form's key (docs/scenarios.md, "local_procurement")
        throw err(yaml::key_node(s, "industries"), key + ".industries",
                  "local_procurement moves the intermediate purchases of buying industries: name the supplying "
                  "industries under 'suppliers' (e.g. suppliers: all) and the buying ones under 'buyers' (e.g. buyers: "
                  "[O84, P85, Q86])");
    } else if (const auto* event_keys = event_shock_keys(type)) {
      for (const auto& k : *event_keys) allowed.push_back(k);
    } else {
      throw err(s["type"], key + ".type",
                "unknown shock type '" + type + "'" +
                    text::did_you_mean(type, {"spend", "redirect", "productivity", "local_procurement", "employment",
                                              "labour_income", "household_income", "custom_spending"}) +
                    " (known: spend, redirect, productivity, local_procurement, employment, labour_income, "
                    "household_income, custom_spending)");
    }
    yaml::Diagnostics d;
    yaml::check_keys(src, s, key, allowed, d);
    for (const auto& e : d.errors()) diag.add(e);
    return d.empty();
  }

  // False (errors recorded) when the shock has a key its type does not take.
  bool read_shock(const YAML::Node& s, const std::string& key, ShockSpec& sh) {
    if (!shock_type(s, key, sh)) return false;
    sh.label = str(need(s, key, "label"), key + ".label");
    if (sh.label.value.empty()) throw err(s["label"], key + ".label", "empty label");
    if (!labels.insert(sh.label.value).second) throw err(s["label"], key + ".label", "duplicate label '" + sh.label.value + "'");
    sh.phasing = phasing(s["phasing"], key + ".phasing");
    sh.additionality = additionality(s["additionality"], key + ".additionality", "shocks[i].additionality");
    const std::string& type = sh.type.value;
    if (type == "spend" || type == "redirect") {
      sh.amount = per_year(need(s, key, "amount"), key + ".amount");
      read_need(s, key, sh);
      read_rd(s, key, sh);
    } else if (type == "productivity") {
      read_productivity(s, key, sh);
    } else if (event_shock_keys(type)) {
      read_event(s, key, sh);
    } else {
      read_local_procurement(s, key, sh);
    }
    return true;
  }

  // local_procurement: buyers are industries (resolved against the model); a final-demand role there
  // is the removed final-demand form, refused with the new form in the message.
  void read_local_procurement(const YAML::Node& s, const std::string& key, ShockSpec& sh) const {
    if (!s["buyers"])
      throw err(s, key, "missing required key 'buyers' for a local_procurement shock: the buying industries, e.g. "
                        "buyers: [O84, P85, Q86] (councils, universities, hospitals)");
    const YAML::Node b = s["buyers"];
    auto role_check = [&](const YAML::Node& x, const std::string& k) {
      if (!x.IsScalar()) return;
      for (const char* role : {"households", "npish", "government", "gfcf", "inventories", "exports"})
        if (x.Scalar() == role)
          throw err(x, k, "'" + x.Scalar() + "' is a final-demand category: local_procurement now moves the intermediate "
                          "purchases of buying industries, e.g. buyers: [O84, P85, Q86] (public administration, education, "
                          "health); to move final demand between regions, use a redirect shock");
    };
    if (b.IsSequence())
      for (std::size_t i = 0; i < b.size(); ++i) role_check(b[i], yaml::item(key + ".buyers", i));
    else role_check(b, key + ".buyers");
    sh.share_increase = input(need(s, key, "share_increase"), key + ".share_increase", "shocks[i].share_increase");
    if (const YAML::Node a = s["local_area"]) {  // each region its own local area, or the shock's regions as one
      sh.local_area = str(a, key + ".local_area");
      const std::string& v = sh.local_area.value;
      if (v != "each" && v != "together")
        throw err(a, key + ".local_area", "unknown local_area '" + v + "'" + text::did_you_mean(v, {"each", "together"}) +
                                              " (known: each: every region of the shock buys more from its own suppliers; "
                                              "together: from suppliers anywhere in the shock's regions)");
    }
  }

  // Amounts: a number (every year), or a map year -> amount (other years 0) [GBP million a year].
  PerYearSpec per_year(const YAML::Node& n, const std::string& key) const {
    auto value = [&](const YAML::Node& x, const std::string& k) {
      const Given<double> v = given(yaml::as_number(src, x, k), x, k);
      if (v.value < 0)
        throw err(x, k, "negative amount " + text::num(v.value) +
                            " (amounts are spending added; to move money from some regions to others, use a redirect shock)");
      if (v.value > max_amount)
        throw err(x, k, "amount " + text::num(v.value) + " GBP million a year is implausibly large (limit " + text::num(max_amount) + ")");
      return v;
    };
    PerYearSpec out;
    out.at = location_of(src, n, key);
    out.is_map = n.IsMap();
    if (!out.is_map) {
      out.every = value(n, key);
      return out;
    }
    for (auto it = n.begin(); it != n.end(); ++it) {
      const std::string k = key + "." + it->first.Scalar();
      out.by_year[year_in_scenario(it->first, key, k)] = value(it->second, k);
    }
    return out;
  }

  // Phasing: absent, a list of factors (one per year), a map year -> factor, or {ramp: [FROM, TO]}.
  PhasingSpec phasing(const YAML::Node& n, const std::string& key) const {
    PhasingSpec ph;
    if (!n) return ph;
    ph.at = location_of(src, n, key);
    const long long first = spec.first_year.value, last = spec.last_year.value, Y = last - first + 1;
    if (n.IsSequence()) {
      if (n.size() != std::size_t(Y))
        throw err(n, key, "phasing has " + std::to_string(n.size()) + " factors but the scenario has " + std::to_string(Y) +
                              " years (" + std::to_string(first) + "-" + std::to_string(last) + ")");
      ph.kind = PhasingSpec::Kind::list;
      for (std::size_t i = 0; i < n.size(); ++i) ph.factors.push_back(fraction(n[i], yaml::item(key, i), 0.0, 10.0));
      return ph;
    }
    if (n.IsMap() && n["ramp"]) {
      keys(n, key, {"ramp"});
      const YAML::Node r = n["ramp"];
      if (!r.IsSequence() || r.size() != 2) throw err(r, key + ".ramp", "expected [FIRST_YEAR, FULL_YEAR]");
      ph.kind = PhasingSpec::Kind::ramp;
      ph.ramp_first = integer(r[0], key + ".ramp[0]"), ph.ramp_full = integer(r[1], key + ".ramp[1]");
      const long long a = ph.ramp_first.value, b = ph.ramp_full.value;
      if (b < a) throw err(r, key + ".ramp", "the ramp ends before it starts");
      if (a < first || b > last)
        throw err(r, key + ".ramp", "the ramp " + std::to_string(a) + "-" + std::to_string(b) + " does not fit the scenario's years " +
                                        std::to_string(first) + "-" + std::to_string(last));
      return ph;
    }
    if (!n.IsMap()) throw err(n, key, "expected a list of factors, a map of year: factor, or {ramp: [FIRST_YEAR, FULL_YEAR]}");
    ph.kind = PhasingSpec::Kind::by_year;
    for (auto it = n.begin(); it != n.end(); ++it) {
      const long long year = year_in_scenario(it->first, key, key);
      ph.by_year[year] = fraction(it->second, key + "." + it->first.Scalar(), 0.0, 10.0);
    }
    return ph;
  }

  // A need split, split: {need: MEASURE, share: S}: the measure's name and the share (the regions'
  // gaps are resolved with the shipped context data). Donors give by other splits.
  void read_need(const YAML::Node& s, const std::string& key, ShockSpec& sh) const {
    const YAML::Node from = s["from_split"];
    if (from && from.IsMap() && from["need"])
      throw err(from["need"], key + ".from_split.need",
                "need shares recipients by how far each is below the benchmark; donors give by population, gva, equal or weights");
    const YAML::Node n = s["split"];
    if (!n || !n.IsMap() || !n["need"]) return;
    keys(n, key + ".split", {"need", "share"});
    const std::string k = key + ".split.need";
    sh.need.measure = str(n["need"], k);
    const std::string& name = sh.need.measure.value;
    std::vector<std::string> known;
    for (const auto& m : need_measures()) known.push_back(m.name);
    if (!need_measure(name)) {
      std::string hint = text::did_you_mean(name, known);
      for (const auto& m : need_measures())  // the indicator itself, or a measure's start: its gap
        if (hint.empty() && !name.empty() && (name == m.indicator || m.name.rfind(name, 0) == 0))
          hint = " (did you mean '" + m.name + "'?)";
      throw err(n["need"], k, "unknown need measure '" + name + "'" + hint + " (known: " + text::join(known) + ")");
    }
    if (n["share"]) sh.need.share = input(n["share"], key + ".split.share", "shocks[i].split.share");
  }

  // R&D dynamics: rd: true/false, or a map of parameters (which turns them on).
  void read_rd(const YAML::Node& s, const std::string& key, ShockSpec& sh) const {
    const YAML::Node rd = s["rd"];
    if (!rd) return;
    sh.rd.at = location_of(src, rd, key + ".rd");
    if (rd.IsScalar()) {
      sh.rd.enabled = given(yaml::as_bool(src, rd, key + ".rd"), rd, key + ".rd");
      return;
    }
    if (!rd.IsMap()) throw err(rd, key + ".rd", "expected false, true, or a map of R&D parameters");
    keys(rd, key + ".rd", {"leverage", "leverage_lag", "depreciation", "rate_of_return", "return_lag", "spillover_share"});
    sh.rd.is_map = true;
    const std::string rk = key + ".rd.";
    auto whole = [](const Given<double>& g) { return Given<long long>{(long long)g.value, g.given, g.at}; };
    if (rd["leverage"]) sh.rd.leverage = input(rd["leverage"], rk + "leverage", "shocks[i].rd.leverage");
    if (rd["leverage_lag"]) sh.rd.leverage_lag = whole(input(rd["leverage_lag"], rk + "leverage_lag", "shocks[i].rd.leverage_lag"));
    if (rd["depreciation"]) sh.rd.depreciation = input(rd["depreciation"], rk + "depreciation", "shocks[i].rd.depreciation");
    if (rd["rate_of_return"]) sh.rd.rate_of_return = input(rd["rate_of_return"], rk + "rate_of_return", "shocks[i].rd.rate_of_return");
    if (rd["return_lag"]) sh.rd.return_lag = whole(input(rd["return_lag"], rk + "return_lag", "shocks[i].rd.return_lag"));
    if (rd["spillover_share"]) sh.rd.spillover_share = input(rd["spillover_share"], rk + "spillover_share", "shocks[i].rd.spillover_share");
  }

  void read_productivity(const YAML::Node& s, const std::string& key, ShockSpec& sh) const {
    sh.measure = str(need(s, key, "measure"), key + ".measure");
    if (sh.measure.value != "jobs" && sh.measure.value != "gva")
      throw err(s["measure"], key + ".measure",
                "expected jobs (output per job rises, output held: jobs released) or gva (output per job rises, jobs held: output and GVA rise), found '" + sh.measure.value + "'");
    if (s["change"] && s["target"]) throw err(s["target"], key + ".target", "give either change or target, not both");
    if (s["coverage"]) sh.coverage = input(s["coverage"], key + ".coverage", "shocks[i].coverage");
    if (s["target"]) {
      sh.target = str(s["target"], key + ".target");
      if (sh.target.value != "england_average")
        throw err(s["target"], key + ".target", "unknown target '" + sh.target.value + "' (known: england_average)");
      if (sh.measure.value != "gva")
        throw err(s["target"], key + ".target", "target: england_average raises GVA per job: use measure: gva");
    } else {
      sh.change = input(need(s, key, "change"), key + ".change", "shocks[i].change");
    }
  }

  // price_year, price_basis and deflator_growth (docs/scenarios.md, "price_year and price_basis").
  void read_price() {
    const YAML::Node& root = src.root;
    PriceSpec& p = spec.price;
    attempt([&] {
      if (!root["price_year"]) return;
      const Given<double> y = input(root["price_year"], "price_year", "price_year");
      p.price_year = {(long long)y.value, true, y.at};
    });
    attempt([&] {
      if (root["deflator_growth"]) p.deflator_growth = input(root["deflator_growth"], "deflator_growth", "deflator_growth");
    });
    attempt([&] { read_price_basis(root["price_basis"], p); });
    attempt([&] {
      if (p.price_year.given && p.money.given && p.money.value == "cash")
        throw spec_error(p.price_year.at, "cash amounts are in the prices of the year they are spent; price_year is for "
                                          "real amounts (drop price_year, or say price_basis: real)");
      if (spec.prices.given && (p.price_year.given || p.money.given || p.valuation.given))
        throw spec_error(spec.prices.at, "give price_year and price_basis, not prices (the older key, which only "
                                         "accepts the model's base year)");
    });
  }
  // price_basis: one word or a list of two: cash or real (the money), purchasers or basic (the valuation).
  void read_price_basis(const YAML::Node& b, PriceSpec& p) const {
    if (!b) return;
    std::vector<std::pair<YAML::Node, std::string>> words;
    if (b.IsSequence()) {
      if (b.size() == 0 || b.size() > 2)
        throw err(b, "price_basis", "expected one or two words: cash or real, and purchasers or basic");
      for (std::size_t i = 0; i < b.size(); ++i) words.emplace_back(b[i], yaml::item("price_basis", i));
    } else {
      words.emplace_back(b, "price_basis");
    }
    for (const auto& [n, k] : words) {
      const Given<std::string> w = str(n, k);
      const bool money = w.value == "cash" || w.value == "real";
      if (!money && w.value != "purchasers" && w.value != "basic")
        throw err(n, k, "unknown price basis '" + w.value + "'" + text::did_you_mean(w.value, {"cash", "real", "purchasers", "basic"}) +
                            " (known: cash, real, purchasers, basic)");
      Given<std::string>& slot = money ? p.money : p.valuation;
      if (slot.given)
        throw err(n, k, "price_basis names both '" + slot.value + "' and '" + w.value +
                            "': give one of cash or real and one of purchasers or basic");
      slot = w;
    }
  }

  // Event shocks (docs/scenarios.md, "Event shocks"): the keys each takes, beside type, label,
  // phasing and additionality; nullptr for a type that is not an event.
  static const std::vector<std::string>* event_shock_keys(const std::string& type) {
    static const std::map<std::string, std::vector<std::string>> keys = {
        {"employment", {"regions", "split", "industry", "jobs"}},
        {"labour_income", {"regions", "industries", "pay", "uplift"}},
        {"household_income", {"regions", "split", "income"}},
        {"custom_spending", {"purchases", "purchases_file", "category"}}};
    const auto it = keys.find(type);
    return it == keys.end() ? nullptr : &it->second;
  }

  void read_event(const YAML::Node& s, const std::string& key, ShockSpec& sh) const {
    const std::string& type = sh.type.value;
    if (type == "employment") {
      sh.industry = str(need(s, key, "industry"), key + ".industry");
      sh.amount = event_per_year(need(s, key, "jobs"), key + ".jobs", "shocks[i].jobs");
    } else if (type == "labour_income") {
      if (s["pay"] && s["uplift"]) throw err(s["uplift"], key + ".uplift", "give either pay or uplift, not both");
      if (s["uplift"]) sh.uplift = input(s["uplift"], key + ".uplift", "shocks[i].uplift");
      else if (s["pay"]) sh.amount = event_per_year(s["pay"], key + ".pay", "shocks[i].pay");
      else throw err(s, key, "missing required key 'pay' (GBP million a year) or 'uplift' (a share of pay) for a labour_income shock");
    } else if (type == "household_income") {
      sh.amount = event_per_year(need(s, key, "income"), key + ".income", "shocks[i].income");
    } else {
      read_custom_spending(s, key, sh);
    }
  }

  // Values of an event: one number for every year, or a map year -> value, each within its row's limits.
  PerYearSpec event_per_year(const YAML::Node& n, const std::string& key, const std::string& pattern) const {
    PerYearSpec out;
    out.at = location_of(src, n, key);
    out.is_map = n.IsMap();
    if (!out.is_map) {
      out.every = input(n, key, pattern);
      return out;
    }
    for (auto it = n.begin(); it != n.end(); ++it) {
      const std::string k = key + "." + it->first.Scalar();
      out.by_year[year_in_scenario(it->first, key, k)] = input(it->second, k, pattern + ".YEAR");
    }
    return out;
  }

  // custom_spending: purchases inline, or a CSV file (relative to the scenario file).
  void read_custom_spending(const YAML::Node& s, const std::string& key, ShockSpec& sh) const {
    if (s["category"]) sh.category = str(s["category"], key + ".category");
    const YAML::Node inl = s["purchases"], file = s["purchases_file"];
    if (inl && file) throw err(file, key + ".purchases_file", "give either purchases or purchases_file, not both");
    if (!inl && !file)
      throw err(s, key, "missing required key 'purchases' (a list of {region, industry, amount}) or 'purchases_file' "
                        "(a CSV file) for a custom_spending shock");
    if (file) {
      sh.purchases_file = str(file, key + ".purchases_file");
      std::filesystem::path path = sh.purchases_file.value;
      if (path.is_relative()) path = std::filesystem::path(spec.file).parent_path() / path;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(path, ec))
        throw err(file, key + ".purchases_file", "no such file '" + path.string() + "' (a path relative to the scenario file)");
      sh.purchases = read_purchases_csv(path.string(), key + ".purchases_file");
      return;
    }
    const std::string what = "expected a list of {region: REGION, industry: INDUSTRY, amount: GBP million a year}";
    if (!inl.IsSequence() || inl.size() == 0) throw err(inl, key + ".purchases", what);
    for (std::size_t i = 0; i < inl.size(); ++i) {
      const YAML::Node e = inl[i];
      const std::string k = yaml::item(key + ".purchases", i);
      if (!e.IsMap()) throw err(e, k, what);
      keys(e, k, {"region", "industry", "amount"});
      for (const char* field : {"region", "industry", "amount"})
        if (!e[field]) throw err(e, k, std::string("missing required key '") + field + "' of a purchase");
      PurchaseSpec p;
      p.region = str(e["region"], k + ".region");
      p.industry = str(e["industry"], k + ".industry");
      p.amount = input(e["amount"], k + ".amount", "shocks[i].purchases[k].amount");
      sh.purchases.push_back(std::move(p));
    }
  }
};

}  // namespace

ScenarioSpec read_scenario_spec_source(yaml::Source source, yaml::Diagnostics& diag) {
  auto shared = std::make_shared<ScenarioSource>(ScenarioSource{std::move(source)});
  const yaml::Source& src = shared->src;
  ScenarioSpec spec;
  spec.file = src.file;
  spec.text = src.text;
  spec.source = shared;
  if (!src.root.IsMap()) {
    diag.add(yaml::error_at(src, src.root, "", "expected a map of keys (name, model, years, shocks, ...)"));
    return spec;
  }
  // Another kind of file given as a scenario (a sweep, a profiles file, a geography's build
  // configuration: file_kind, as devolve validate recognises them): say what it is and what to do.
  if (const FileKind kind = file_kind(src.text); kind != FileKind::scenario) {
    const char* key = kind == FileKind::build ? "format" : kind == FileKind::profiles ? "profiles" : src.root["sampler"] ? "sampler" : "inputs";
    const YAML::Node at = yaml::key_node(src.root, key);
    diag.add(yaml::error_at(src, at ? at : src.root, key,
                            std::string("this is ") + describe(kind) + (kind == FileKind::build ? " (format: devolve-build)" : "") +
                                ", not a scenario: " + use_instead(kind, src.file)));
    return spec;
  }
  yaml::check_keys(src, src.root, "",
                   {"name", "description", "model", "years", "type", "prices", "groups", "profiles", "additionality",
                    "baseline", "appraisal", "shocks", "price_year", "price_basis", "deflator_growth",
                    "labour_supply"},
                   diag);
  SpecReader r{src, diag, spec, {}};
  r.read_text_keys();
  r.read_years();
  if (!spec.years_readable) return spec;  // the rest depends on the years
  r.read_type_prices_appraisal();
  r.read_price();
  spec.additionality_readable =
      r.attempt([&] { spec.additionality = r.additionality(src.root["additionality"], "additionality", "additionality"); });
  r.read_baseline();
  r.read_labour_supply();
  r.read_shocks();
  return spec;
}

namespace {

ScenarioSpec finish(yaml::Source src, std::vector<std::string>* errors) {
  yaml::Diagnostics diag;
  ScenarioSpec spec = read_scenario_spec_source(std::move(src), diag);
  if (errors)
    for (const auto& e : diag.errors()) errors->push_back(e.what());
  diag.throw_if_any();
  return spec;
}

}  // namespace

ScenarioSpec read_scenario_spec(const std::string& path, std::vector<std::string>* errors) {
  return finish(yaml::load(path), errors);
}

ScenarioSpec read_scenario_spec_text(const std::string& text, const std::string& file) {
  return finish(yaml::parse(text, file), nullptr);
}

}  // namespace devolve
