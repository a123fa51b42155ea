// Reading a sweep file (docs/sweeps.md): the sweep's own keys, then each input against the table of
// scenario inputs and against the base scenario.
#include <cmath>
#include <filesystem>
#include <functional>
#include <unistd.h>

#include <algorithm>

#include "devolve/error.hpp"
#include "devolve/model.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_inputs.hpp"
#include "devolve/sweep.hpp"
#include "base/text.hpp"
#include "projection/labour_supply.hpp"
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

}  // namespace sweep_detail

namespace {

using Attempt = std::function<void(const std::function<void()>&)>;

void read_scenario_ref(const yaml::Source& src, SweepSpec& s) {
  const YAML::Node sc = src.root["scenario"];
  if (!sc) throw yaml::error_at(src, src.root, "scenario", "missing required key 'scenario' (a path, or the scenario inline)");
  if (sc.IsScalar()) {
    const fs::path p = fs::path(s.file).parent_path() / sc.Scalar();
    s.scenario_file = fs::exists(p) ? p.string() : sc.Scalar();
    if (!fs::exists(s.scenario_file)) throw yaml::error_at(src, sc, "scenario", "no scenario file '" + sc.Scalar() + "'");
    s.scenario_text = yaml::load(s.scenario_file).text;
  } else if (sc.IsMap()) {
    s.scenario_file = s.file;
    YAML::Emitter e;
    e << sc;
    s.scenario_text = e.c_str();
  } else {
    throw yaml::error_at(src, sc, "scenario", "expected a scenario file path or the scenario inline");
  }
}

void read_sampler(const yaml::Source& src, SweepSpec& s) {
  const YAML::Node n = src.root["sampler"];
  if (!n) return;
  const std::string v = yaml::as_string(src, n, "sampler");
  static const std::vector<std::string> names = {"monte_carlo", "latin_hypercube", "sobol", "grid"};
  const auto it = std::find(names.begin(), names.end(), v);
  if (it == names.end())
    throw yaml::error_at(src, n, "sampler", "unknown sampler '" + v + "'" + text::did_you_mean(v, names) +
                                                " (known: monte_carlo, latin_hypercube, sobol, grid)");
  s.sampler = Sampler(it - names.begin());
}

void read_samples(const yaml::Source& src, SweepSpec& s) {
  if (s.sampler == Sampler::grid) return;
  if (!src.root["samples"]) throw yaml::error_at(src, src.root, "samples", "missing required key 'samples'");
  const long long n = yaml::as_integer(src, src.root["samples"], "samples");
  if (n < 2 || n > 10000000) throw yaml::error_at(src, src.root["samples"], "samples", "must be 2 to 10,000,000");
  s.samples = std::size_t(n);
}

void read_seed(const yaml::Source& src, SweepSpec& s) {
  if (!src.root["seed"]) return;
  const long long v = yaml::as_integer(src, src.root["seed"], "seed");
  if (v < 0) throw yaml::error_at(src, src.root["seed"], "seed", "must be 0 or more");
  s.seed = std::uint64_t(v);
}

void read_outputs(const yaml::Source& src, SweepSpec& s) {
  s.outputs = {"jobs", "gva", "income"};
  const YAML::Node o = src.root["outputs"];
  if (!o) return;
  if (!o.IsSequence() || o.size() == 0) throw yaml::error_at(src, o, "outputs", "expected a list of measures, e.g. [jobs, gva]");
  s.outputs.clear();
  for (std::size_t i = 0; i < o.size(); ++i) s.outputs.push_back(yaml::as_string(src, o[i], yaml::item("outputs", i)));
}

Distribution read_distribution(const yaml::Source& src, const YAML::Node& dn, const std::string& key) {
  if (!dn.IsMap() || dn.size() != 1)
    throw yaml::error_at(src, dn, key,
                         "expected one of {uniform: [A, B]}, {triangular: [A, MODE, B]}, {normal: [MEAN, SD]}, "
                         "{lognormal: [MU, SIGMA]}, {values: [V, ...]}");
  const std::string kind = dn.begin()->first.Scalar();
  const YAML::Node ps = dn.begin()->second;
  const std::string dk = key + "." + kind;
  static const std::vector<std::string> kinds = {"uniform", "triangular", "normal", "lognormal", "values"};
  const auto k = std::find(kinds.begin(), kinds.end(), kind);
  if (k == kinds.end())
    throw yaml::error_at(src, dn.begin()->first, dk, "unknown distribution '" + kind + "'" + text::did_you_mean(kind, kinds));
  Distribution d;
  d.kind = Distribution::Kind(k - kinds.begin());
  if (!ps.IsSequence()) throw yaml::error_at(src, ps, dk, "expected a list of numbers");
  for (std::size_t j = 0; j < ps.size(); ++j) d.params.push_back(yaml::as_number(src, ps[j], yaml::item(dk, j)));
  const auto& p = d.params;
  const std::size_t want[] = {2, 3, 2, 2, 0};
  if (want[k - kinds.begin()] && p.size() != want[k - kinds.begin()])
    throw yaml::error_at(src, ps, dk, kind + " takes " + std::to_string(want[k - kinds.begin()]) + " numbers");
  if (d.kind == Distribution::Kind::values && p.empty()) throw yaml::error_at(src, ps, dk, "no values");
  if (d.kind == Distribution::Kind::uniform && !(p[0] < p[1])) throw yaml::error_at(src, ps, dk, "needs A < B");
  if (d.kind == Distribution::Kind::triangular && !(p[0] <= p[1] && p[1] <= p[2] && p[0] < p[2]))
    throw yaml::error_at(src, ps, dk, "needs A <= MODE <= B and A < B");
  if ((d.kind == Distribution::Kind::normal || d.kind == Distribution::Kind::lognormal) && !(p[1] > 0))
    throw yaml::error_at(src, ps, dk, "needs a positive spread");
  return d;
}

// The path's row in the table of scenario inputs: known, and one a sweep may vary.
void match_input_path(const yaml::Source& src, const YAML::Node& at, const std::string& key, SweepInput& x) {
  std::string why;
  x.input = match_scenario_input(x.path, x.numbers, why);
  if (!x.input && !why.empty()) throw yaml::error_at(src, at, key, "'" + x.path + "': " + why);
  if (!x.input) {
    std::vector<std::string> known;
    for (const auto& in : scenario_inputs())
      if (in.sweepable) known.emplace_back(in.pattern);
    throw yaml::error_at(src, at, key, "'" + x.path + "' is not an input a sweep can vary (known: " + text::join(known, 40) +
                                           "; i a shock's index, t a year's, YEAR a year)");
  }
  if (!x.input->sweepable)
    throw yaml::error_at(src, at, key, "'" + x.path + "' would change the number of years, and with it the shape of every "
                                           "result; a sweep cannot vary it (run one sweep per choice)");
  x.linear = x.input->linear;
}

SweepInput read_input(const yaml::Source& src, const YAML::Node& in, const std::string& key, const std::vector<SweepInput>& before) {
  if (!in.IsMap()) throw yaml::error_at(src, in, key, "expected a map with path and distribution");
  yaml::Diagnostics d;
  yaml::check_keys(src, in, key, {"path", "distribution", "levels"}, d);
  d.throw_if_any();
  if (!in["path"]) throw yaml::error_at(src, in, key, "missing required key 'path'");
  if (!in["distribution"]) throw yaml::error_at(src, in, key, "missing required key 'distribution'");
  SweepInput x;
  x.path = yaml::as_string(src, in["path"], key + ".path");
  for (const auto& other : before)
    if (other.path == x.path) throw yaml::error_at(src, in["path"], key + ".path", "input '" + x.path + "' is varied twice");
  match_input_path(src, in["path"], key + ".path", x);
  x.distribution = read_distribution(src, in["distribution"], key + ".distribution");
  const bool values = x.distribution.kind == Distribution::Kind::values;
  x.levels = values ? int(x.distribution.params.size()) : 5;
  if (in["levels"] && values)
    throw yaml::error_at(src, in["levels"], key + ".levels", "a values distribution has one level per value; drop levels");
  if (in["levels"]) {
    const long long l = yaml::as_integer(src, in["levels"], key + ".levels");
    if (l < 2 || l > 1000) throw yaml::error_at(src, in["levels"], key + ".levels", "must be 2 to 1000");
    x.levels = int(l);
  }
  return x;
}

void read_inputs(const yaml::Source& src, SweepSpec& s, yaml::Diagnostics& diag, const Attempt& attempt) {
  const YAML::Node ins = src.root["inputs"];
  if (!ins) diag.add(yaml::error_at(src, src.root, "inputs", "missing required key 'inputs'"));
  else if (!ins.IsSequence() || ins.size() == 0) diag.add(yaml::error_at(src, ins, "inputs", "expected a non-empty list of inputs"));
  for (std::size_t i = 0; ins && ins.IsSequence() && i < ins.size(); ++i)
    attempt([&] { s.inputs.push_back(read_input(src, ins[i], yaml::item("inputs", i), s.inputs)); });
  if (s.sampler == Sampler::sobol && s.inputs.size() * 2 > sobol_max_dims())
    diag.add(yaml::error_at(src, ins, "inputs",
                            "a Sobol design of " + std::to_string(s.inputs.size()) + " inputs needs " +
                                std::to_string(2 * s.inputs.size()) + " dimensions; devolve has " +
                                std::to_string(sobol_max_dims()) + " (at most " + std::to_string(sobol_max_dims() / 2) + " inputs)"));
  if (s.sampler == Sampler::grid && s.runs() > 1000000)
    diag.add(yaml::error_at(src, ins, "inputs", "the grid has " + std::to_string(s.runs()) + " points (limit 1,000,000)"));
}

// Every output must be a measure of the model, or a labour output on a model with jobs and base
// labour market data.
void check_outputs(const yaml::Source& src, const SweepSpec& s, const Model& model, const Scenario& base,
                   yaml::Diagnostics& diag) {
  std::string known_ind;
  bool jobs = false;
  for (const auto& ind : model.indicators) known_ind += (known_ind.empty() ? "" : ", ") + ind.code, jobs = jobs || ind.code == "jobs";
  const bool labour = jobs && base.labour.employed.size() == model.num_regions();
  if (labour) known_ind += ", " + text::join(projection::labour_outputs, projection::labour_outputs.size());
  for (const auto& o : s.outputs) {
    bool known = o == "output" || o == "gva" || o == "income";
    for (const auto& ind : model.indicators) known = known || ind.code == o;
    if (projection::is_labour_output(o)) {
      if (!labour)
        diag.add(yaml::error_at(src, src.root["outputs"], "outputs",
                                "'" + o + "' needs jobs and a base labour market, which model '" + model.id +
                                    "' lacks (" + (jobs ? base.labour.source : std::string("no jobs indicator")) + ")"));
      continue;
    }
    if (!known)
      diag.add(yaml::error_at(src, src.root["outputs"], "outputs",
                              "unknown measure '" + o + "' (known: output, gva, income, " + known_ind + ")"));
  }
}

// The results must fit in memory: runs x width values, held about three times over (results,
// the journal buffer, the statistics' copies), within half the machine's physical memory.
void check_memory(const yaml::Source& src, const SweepSpec& s, const Scenario& base, const Model& model, yaml::Diagnostics& diag) {
  const double width = double(s.outputs.size() * base.years().size() * model.num_regions() + s.inputs.size());
  const double need = 3.0 * 8.0 * width * double(s.runs());
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  const double limit = pages > 0 && page > 0 ? 0.5 * double(pages) * double(page) : 8e9;
  if (need <= limit) return;
  const YAML::Node at = src.root["samples"] ? src.root["samples"] : src.root["inputs"];
  const std::size_t max_runs = std::size_t(limit / (3.0 * 8.0 * width));
  diag.add(yaml::error_at(src, at, src.root["samples"] ? "samples" : "inputs",
                          std::to_string(s.runs()) + " runs of " + text::num(width) + " values each need about " +
                              text::num(std::round(need / 1e9)) + " GB; the limit is half this machine's memory, " +
                              text::num(std::round(limit / 1e9)) + " GB, or about " + std::to_string(max_runs) + " runs"));
}

// A model.* input varies the regionalisation: the model must be one devolve builds, and the
// distribution must stay within the table's limits.
void check_model_input(const yaml::Source& src, std::size_t i, const SweepInput& x, const Scenario& base, yaml::Diagnostics& diag) {
  const YAML::Node in = src.root["inputs"][i];
  if (fs::path(base.model_path).extension() != ".yaml")
    diag.add(yaml::error_at(src, in["path"], yaml::item("inputs", i) + ".path",
                            "'" + x.path + "' varies the regionalisation, so the scenario's model must be a "
                            "shipped UK model id or a build configuration; it is '" + base.model_spec + "'"));
  const double lo = x.distribution.quantile(0.0), hi = x.distribution.quantile(1.0 - 1e-12);
  const bool delta = x.path == "model.delta";
  if (lo < x.input->lo || hi >= x.input->hi)
    diag.add(yaml::error_at(src, in["distribution"], yaml::item("inputs", i) + ".distribution",
                            std::string(delta ? "delta" : "beta") + " must stay in [" + text::num(x.input->lo) + ", " +
                                text::num(x.input->hi) + "); this distribution reaches " + text::num(lo < x.input->lo ? lo : hi)));
}

// A linear input stays linear only where the scenario allows it: scenario-level additionality
// also scales productivity and local-procurement shocks that do not set their own (not linear in
// final demand); a shock's inputs need a spend or redirect shock, R&D inputs R&D dynamics on in the
// scenario itself, and amounts and phasing weights over regions that do not depend on the amount
// (a per-head split levels up, so its regional weights move with the amount).
bool stays_linear(const SweepInput& x, const Scenario& base) {
  const std::string_view p = x.input->pattern;
  if (p.rfind("additionality.", 0) == 0) {
    const std::size_t f = p == "additionality.deadweight" ? 0 : p == "additionality.displacement" ? 1 : 2;
    for (const auto& sh : base.shocks)
      if (sh.type != Shock::Type::spend && sh.type != Shock::Type::redirect && !sh.own_additionality[f]) return false;
    return true;
  }
  if (p.rfind("shocks[i].", 0) != 0) return true;
  const Shock& b = base.shocks.at(std::size_t(x.numbers.at(0)));
  if (b.type != Shock::Type::spend && b.type != Shock::Type::redirect) return false;
  if (p.rfind("shocks[i].rd.", 0) == 0 && !b.rd.enabled) return false;
  const bool amount_or_phase = p.rfind("shocks[i].amount", 0) == 0 || p.rfind("shocks[i].phasing", 0) == 0;
  return !(b.per_head_split && amount_or_phase);
}

// Sets the input to its median in the scenario's spec and resolves it, as every run will.
void check_scenario_input(const yaml::Source& src, std::size_t i, SweepInput& x, const SweepSpec& s, const Model& model,
                          const ScenarioData& data, const Scenario& base, yaml::Diagnostics& diag) {
  const YAML::Node at = src.root["inputs"][i]["path"];
  const std::string key = yaml::item("inputs", i) + ".path";
  ScenarioSpec spec = s.scenario;
  std::string why;
  const double median = x.distribution.quantile(0.5);
  try {
    const std::string_view pat = x.input->pattern;
    const bool by_level = pat.rfind("additionality.", 0) == 0 ? !spec.additionality.levels.empty()
                          : pat.rfind("shocks[i].additionality.", 0) == 0 && std::size_t(x.numbers.at(0)) < spec.shocks.size()
                              ? !spec.shocks[std::size_t(x.numbers.at(0))].additionality.levels.empty()
                              : false;
    if (by_level) {
      diag.add(yaml::error_at(src, at, key, "the scenario gives '" + std::string(pat.substr(0, pat.rfind('.'))) +
                                                ".levels', whose values for the level that applies replace '" + x.path +
                                                "': vary a scenario without levels"));
      return;
    }
    if (!set_scenario_input(spec, *x.input, x.numbers, x.path, median, why)) {
      diag.add(yaml::error_at(src, at, key, "the scenario has no '" + x.path + "': " + why));
      return;
    }
    resolve_scenario(spec, model, data);
    x.linear = x.linear && stays_linear(x, base);
  } catch (const InputError& err) {
    diag.add(yaml::error_at(src, at, key, "setting '" + x.path + "' to " + text::num(median) +
                                              " gives a scenario that does not read: " + err.message()));
  }
}

void report_errors(const yaml::Diagnostics& diag, std::vector<std::string>* errors) {
  if (errors)
    for (const auto& e : diag.errors()) errors->push_back(e.what());
  diag.throw_if_any();
}

}  // namespace

SweepSpec read_sweep(const std::string& path, const ModelSettings& settings, std::vector<std::string>* errors,
                     const std::string& profiles_dir) {
  const yaml::Source src = yaml::load(path);
  if (!src.root.IsMap()) throw yaml::error_at(src, src.root, "", "expected a map with scenario, inputs, sampler, samples, seed");
  yaml::Diagnostics diag;
  yaml::check_keys(src, src.root, "", {"name", "description", "scenario", "inputs", "sampler", "samples", "seed", "outputs"}, diag);
  SweepSpec s;
  s.file = path;
  s.text = src.text;
  s.profiles_dir = profiles_dir;
  s.model_settings = settings;
  const Attempt attempt = [&](const std::function<void()>& f) {
    try {
      f();
    } catch (const InputError& e) {
      diag.add(e);
    }
  };
  attempt([&] { read_scenario_ref(src, s); });
  attempt([&] { read_sampler(src, s); });
  attempt([&] { read_samples(src, s); });
  attempt([&] { read_seed(src, s); });
  attempt([&] { read_outputs(src, s); });
  read_inputs(src, s, diag, attempt);
  report_errors(diag, errors);
  if (s.sampler == Sampler::grid) s.samples = s.runs();

  // Every input must fit the scenario: set it to its median and read the result.
  Model model;
  const Scenario base = read_scenario_text(s.scenario_text, s.scenario_file, s.model_settings, model, false, s.profiles_dir);
  s.scenario = read_scenario_spec_text(s.scenario_text, s.scenario_file);
  s.local_area_notes = local_area_notes(base);
  const ScenarioData data = load_scenario_data(s.model_settings, s.profiles_dir);
  check_outputs(src, s, model, base, diag);
  check_memory(src, s, base, model, diag);
  for (std::size_t i = 0; i < s.inputs.size(); ++i) {
    if (sweep_detail::is_model_path(s.inputs[i].path)) check_model_input(src, i, s.inputs[i], base, diag);
    else check_scenario_input(src, i, s.inputs[i], s, model, data, base, diag);
  }
  report_errors(diag, errors);
  return s;
}

}  // namespace devolve
