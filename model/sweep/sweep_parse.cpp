// Reading a sweep file (docs/sweeps.md).
#include <filesystem>
#include <regex>

#include "devolve/error.hpp"
#include "devolve/model.hpp"
#include "devolve/scenario.hpp"
#include "devolve/sweep.hpp"
#include "base/text.hpp"
#include "sweep/sweep_internal.hpp"
#include "base/yaml_support.hpp"

namespace fs = std::filesystem;

namespace devolve {

bool SweepSpec::linear() const {
  for (const auto& i : inputs)
    if (!i.linear) return false;
  return true;
}

std::size_t SweepSpec::runs() const {
  if (sampler == Sampler::sobol) return samples * (inputs.size() + 2);
  if (sampler == Sampler::grid) {
    std::size_t n = 1;
    for (const auto& i : inputs) n *= std::size_t(i.levels);
    return n;
  }
  return samples;
}

namespace sweep_detail {

bool is_model_path(const std::string& p) { return p == "model.delta" || p == "model.beta"; }

bool set_path(YAML::Node node, const std::string& path, const std::string& value, std::string& why) {
  // Tokens: names separated by '.', each optionally followed by [index] parts.
  std::vector<std::pair<std::string, long>> tokens;  // (key, -1) or ("", index)
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string::npos) return why = "unclosed [ in the path", false;
      const std::string digits = path.substr(i + 1, close - i - 1);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
        return why = "[" + digits + "] is not an index", false;
      tokens.emplace_back("", std::stol(digits));
      i = close + 1;
      continue;
    }
    const std::size_t end = path.find_first_of(".[", i);
    tokens.emplace_back(path.substr(i, end - i), -1);
    i = end == std::string::npos ? path.size() : end;
  }
  if (tokens.empty()) return why = "empty path", false;
  // Walk with fresh handles: assigning to a yaml-cpp handle would rebind, not replace, the node.
  std::vector<YAML::Node> stack{node};
  for (std::size_t t = 0; t + 1 < tokens.size(); ++t) {
    const auto& [key, index] = tokens[t];
    YAML::Node cur = stack.back();
    if (index >= 0) {
      if (!cur.IsSequence() || std::size_t(index) >= cur.size()) return why = "no item [" + std::to_string(index) + "]", false;
      stack.push_back(cur[std::size_t(index)]);
    } else {
      if (!cur.IsMap() && !cur.IsNull()) return why = "'" + key + "' is not inside a map", false;
      if (!cur[key] || cur[key].IsNull()) cur[key] = YAML::Node(YAML::NodeType::Map);
      if (cur[key].IsScalar() && tokens[t + 1].second < 0) {
        // e.g. rd: true, or amount: 500 extended to amount.2026: replace a scalar by a map
        if (key != "rd") return why = "'" + key + "' is a single value, not a map", false;
        cur[key] = YAML::Node(YAML::NodeType::Map);
      }
      stack.push_back(cur[key]);
    }
  }
  YAML::Node last = stack.back();
  const auto& [key, index] = tokens.back();
  if (index >= 0) {
    if (!last.IsSequence() || std::size_t(index) >= last.size()) return why = "no item [" + std::to_string(index) + "]", false;
    last[std::size_t(index)] = value;
  } else {
    if (!last.IsMap() && !last.IsNull()) return why = "not a map", false;
    last[key] = value;
  }
  return true;
}

}  // namespace sweep_detail

namespace {

// Paths whose values only scale final demand or the R&D dynamics (the fast path).
bool linear_path(const std::string& p) {
  static const std::regex re(
      R"(^(additionality\.(deadweight|displacement|substitution)|shocks\[\d+\]\.(amount(\.\d{4})?|phasing\[\d+\]|additionality\.(deadweight|displacement|substitution)|rd\.(leverage|depreciation|rate_of_return|spillover_share)))$)");
  return std::regex_match(p, re);
}

}  // namespace

SweepSpec read_sweep(const std::string& path, std::vector<std::string>* errors) {
  const yaml::Source src = yaml::load(path);
  const YAML::Node& root = src.root;
  if (!root.IsMap()) throw yaml::error_at(src, root, "", "expected a map with scenario, inputs, sampler, samples, seed");
  yaml::Diagnostics diag;
  yaml::check_keys(src, root, "", {"name", "description", "scenario", "inputs", "sampler", "samples", "seed", "outputs"}, diag);
  SweepSpec s;
  s.file = path;
  s.text = src.text;
  auto attempt = [&](auto&& f) {
    try {
      f();
    } catch (const InputError& e) {
      diag.add(e);
    }
  };
  attempt([&] {
    const YAML::Node sc = root["scenario"];
    if (!sc) throw yaml::error_at(src, root, "scenario", "missing required key 'scenario' (a path, or the scenario inline)");
    if (sc.IsScalar()) {
      const fs::path p = fs::path(path).parent_path() / sc.Scalar();
      s.scenario_file = fs::exists(p) ? p.string() : sc.Scalar();
      if (!fs::exists(s.scenario_file)) throw yaml::error_at(src, sc, "scenario", "no scenario file '" + sc.Scalar() + "'");
      s.scenario_text = yaml::load(s.scenario_file).text;
    } else if (sc.IsMap()) {
      s.scenario_file = path;
      YAML::Emitter e;
      e << sc;
      s.scenario_text = e.c_str();
    } else {
      throw yaml::error_at(src, sc, "scenario", "expected a scenario file path or the scenario inline");
    }
  });
  attempt([&] {
    if (!root["sampler"]) return;
    const std::string v = yaml::as_string(src, root["sampler"], "sampler");
    if (v == "monte_carlo") s.sampler = Sampler::monte_carlo;
    else if (v == "latin_hypercube") s.sampler = Sampler::latin_hypercube;
    else if (v == "sobol") s.sampler = Sampler::sobol;
    else if (v == "grid") s.sampler = Sampler::grid;
    else
      throw yaml::error_at(src, root["sampler"], "sampler",
                           "unknown sampler '" + v + "'" + text::did_you_mean(v, {"monte_carlo", "latin_hypercube", "sobol", "grid"}) +
                               " (known: monte_carlo, latin_hypercube, sobol, grid)");
  });
  attempt([&] {
    if (s.sampler == Sampler::grid) return;
    if (!root["samples"]) throw yaml::error_at(src, root, "samples", "missing required key 'samples'");
    const long long n = yaml::as_integer(src, root["samples"], "samples");
    if (n < 2 || n > 10000000) throw yaml::error_at(src, root["samples"], "samples", "must be 2 to 10,000,000");
    s.samples = std::size_t(n);
  });
  attempt([&] {
    if (!root["seed"]) return;
    const long long v = yaml::as_integer(src, root["seed"], "seed");
    if (v < 0) throw yaml::error_at(src, root["seed"], "seed", "must be 0 or more");
    s.seed = std::uint64_t(v);
  });
  s.outputs = {"jobs", "gva", "income"};
  attempt([&] {
    const YAML::Node o = root["outputs"];
    if (!o) return;
    if (!o.IsSequence() || o.size() == 0) throw yaml::error_at(src, o, "outputs", "expected a list of measures, e.g. [jobs, gva]");
    s.outputs.clear();
    for (std::size_t i = 0; i < o.size(); ++i) s.outputs.push_back(yaml::as_string(src, o[i], yaml::item("outputs", i)));
  });
  const YAML::Node ins = root["inputs"];
  if (!ins) diag.add(yaml::error_at(src, root, "inputs", "missing required key 'inputs'"));
  else if (!ins.IsSequence() || ins.size() == 0) diag.add(yaml::error_at(src, ins, "inputs", "expected a non-empty list of inputs"));
  for (std::size_t i = 0; ins && ins.IsSequence() && i < ins.size(); ++i) {
    const std::string key = yaml::item("inputs", i);
    attempt([&] {
      const YAML::Node in = ins[i];
      if (!in.IsMap()) throw yaml::error_at(src, in, key, "expected a map with path and distribution");
      yaml::Diagnostics d;
      yaml::check_keys(src, in, key, {"path", "distribution", "levels"}, d);
      d.throw_if_any();
      if (!in["path"]) throw yaml::error_at(src, in, key, "missing required key 'path'");
      if (!in["distribution"]) throw yaml::error_at(src, in, key, "missing required key 'distribution'");
      SweepInput x;
      x.path = yaml::as_string(src, in["path"], key + ".path");
      for (const auto& other : s.inputs)
        if (other.path == x.path) throw yaml::error_at(src, in["path"], key + ".path", "input '" + x.path + "' is varied twice");
      const YAML::Node dn = in["distribution"];
      if (!dn.IsMap() || dn.size() != 1)
        throw yaml::error_at(src, dn, key + ".distribution",
                             "expected one of {uniform: [A, B]}, {triangular: [A, MODE, B]}, {normal: [MEAN, SD]}, "
                             "{lognormal: [MU, SIGMA]}, {values: [V, ...]}");
      const std::string kind = dn.begin()->first.Scalar();
      const YAML::Node ps = dn.begin()->second;
      const std::string dk = key + ".distribution." + kind;
      static const std::vector<std::string> kinds = {"uniform", "triangular", "normal", "lognormal", "values"};
      const auto k = std::find(kinds.begin(), kinds.end(), kind);
      if (k == kinds.end())
        throw yaml::error_at(src, dn.begin()->first, dk, "unknown distribution '" + kind + "'" + text::did_you_mean(kind, kinds));
      x.distribution.kind = Distribution::Kind(k - kinds.begin());
      if (!ps.IsSequence()) throw yaml::error_at(src, ps, dk, "expected a list of numbers");
      for (std::size_t j = 0; j < ps.size(); ++j) x.distribution.params.push_back(yaml::as_number(src, ps[j], yaml::item(dk, j)));
      const auto& p = x.distribution.params;
      const std::size_t want[] = {2, 3, 2, 2, 0};
      if (want[k - kinds.begin()] && p.size() != want[k - kinds.begin()])
        throw yaml::error_at(src, ps, dk, kind + " takes " + std::to_string(want[k - kinds.begin()]) + " numbers");
      if (x.distribution.kind == Distribution::Kind::values && p.empty()) throw yaml::error_at(src, ps, dk, "no values");
      if (x.distribution.kind == Distribution::Kind::uniform && !(p[0] < p[1]))
        throw yaml::error_at(src, ps, dk, "needs A < B");
      if (x.distribution.kind == Distribution::Kind::triangular && !(p[0] <= p[1] && p[1] <= p[2] && p[0] < p[2]))
        throw yaml::error_at(src, ps, dk, "needs A <= MODE <= B and A < B");
      if ((x.distribution.kind == Distribution::Kind::normal || x.distribution.kind == Distribution::Kind::lognormal) &&
          !(p[1] > 0))
        throw yaml::error_at(src, ps, dk, "needs a positive spread");
      x.levels = x.distribution.kind == Distribution::Kind::values ? int(p.size()) : 5;
      if (in["levels"] && x.distribution.kind == Distribution::Kind::values)
        throw yaml::error_at(src, in["levels"], key + ".levels", "a values distribution has one level per value; drop levels");
      if (in["levels"]) {
        const long long l = yaml::as_integer(src, in["levels"], key + ".levels");
        if (l < 2 || l > 1000) throw yaml::error_at(src, in["levels"], key + ".levels", "must be 2 to 1000");
        x.levels = int(l);
      }
      x.linear = linear_path(x.path);
      s.inputs.push_back(x);
    });
  }
  if (s.sampler == Sampler::sobol && s.inputs.size() * 2 > sobol_max_dims())
    diag.add(yaml::error_at(src, root["inputs"], "inputs",
                            "a Sobol design of " + std::to_string(s.inputs.size()) + " inputs needs " +
                                std::to_string(2 * s.inputs.size()) + " dimensions; devolve has " +
                                std::to_string(sobol_max_dims()) + " (at most " + std::to_string(sobol_max_dims() / 2) + " inputs)"));
  if (s.sampler == Sampler::grid && s.runs() > 1000000)
    diag.add(yaml::error_at(src, root["inputs"], "inputs", "the grid has " + std::to_string(s.runs()) + " points (limit 1,000,000)"));
  if (errors) for (const auto& e : diag.errors()) errors->push_back(e.what());
  diag.throw_if_any();
  if (s.sampler == Sampler::grid) s.samples = s.runs();

  // Every input must fit the scenario: set it to its median and parse the result.
  Model model;
  const Scenario base = read_scenario_text(s.scenario_text, s.scenario_file, model, false);
  for (const auto& o : s.outputs) {
    bool known = o == "output" || o == "gva" || o == "income";
    for (const auto& ind : model.indicators) known = known || ind.code == o;
    if (!known)
      diag.add(yaml::error_at(src, root["outputs"], "outputs", "unknown measure '" + o + "' (known: output, gva, income, " +
                                                                   [&] {
                                                                     std::string k;
                                                                     for (const auto& ind : model.indicators) k += (k.empty() ? "" : ", ") + ind.code;
                                                                     return k;
                                                                   }() + ")"));
  }
  for (std::size_t i = 0; i < s.inputs.size(); ++i) {
    auto& x = s.inputs[i];
    const YAML::Node at = ins[i]["path"];
    const std::string key = yaml::item("inputs", i) + ".path";
    if (sweep_detail::is_model_path(x.path)) {
      if (fs::path(base.model_path).extension() != ".yaml")
        diag.add(yaml::error_at(src, at, key, "'" + x.path + "' varies the regionalisation, so the scenario's model must be a "
                                                   "shipped UK model id or a build configuration; it is '" + base.model_spec + "'"));
      const double lo = x.distribution.quantile(0.0), hi = x.distribution.quantile(1.0 - 1e-12);
      const bool delta = x.path == "model.delta";
      if (lo < 0 || hi >= (delta ? 1.0 : 10.0))
        diag.add(yaml::error_at(src, ins[i]["distribution"], yaml::item("inputs", i) + ".distribution",
                                std::string(delta ? "delta" : "beta") + " must stay in " + (delta ? "[0, 1)" : "[0, 10)") +
                                    "; this distribution reaches " + text::num(lo < 0 ? lo : hi)));
      continue;
    }
    YAML::Node tree = YAML::Clone(YAML::Load(s.scenario_text));
    std::string why;
    if (!sweep_detail::set_path(tree, x.path, text::num(x.distribution.quantile(0.5)), why)) {
      diag.add(yaml::error_at(src, at, key, "the scenario has no '" + x.path + "': " + why));
      continue;
    }
    YAML::Emitter e;
    e << tree;
    try {
      Model same = model;
      const Scenario v = read_scenario_text(e.c_str(), s.scenario_file, same, true);
      // Scenario-level additionality also scales productivity and local-procurement shocks that do
      // not set their own, which is not linear in final demand.
      if (x.linear && x.path.rfind("additionality.", 0) == 0) {
        const std::string field = x.path.substr(14);
        const std::size_t f = field == "deadweight" ? 0 : field == "displacement" ? 1 : 2;
        for (const auto& sh : v.shocks)
          if (sh.type != Shock::Type::spend && sh.type != Shock::Type::redirect && !sh.own_additionality[f]) x.linear = false;
      }
      // The fast path needs a spend or redirect shock (amount, phasing, additionality, R&D), with
      // R&D dynamics on in the scenario itself, and weights over regions that do not depend on the
      // amount (a per-head split levels up, so its regional weights move with the amount).
      if (x.linear && x.path.rfind("shocks[", 0) == 0) {
        const std::size_t idx = std::stoul(x.path.substr(7));
        const Shock& b = base.shocks.at(idx);
        if (b.type != Shock::Type::spend && b.type != Shock::Type::redirect) x.linear = false;
        if (x.path.find(".rd.") != std::string::npos && !b.rd.enabled) x.linear = false;
        if (b.per_head_split && (x.path.find(".amount") != std::string::npos || x.path.find(".phasing") != std::string::npos))
          x.linear = false;
      }
      (void)v;
    } catch (const InputError& err) {
      diag.add(yaml::error_at(src, at, key, "setting '" + x.path + "' to " + text::num(x.distribution.quantile(0.5)) +
                                                " gives a scenario that does not read: " + err.message()));
    }
  }
  if (errors) for (const auto& e : diag.errors()) errors->push_back(e.what());
  diag.throw_if_any();
  return s;
}

}  // namespace devolve
