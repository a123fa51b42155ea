// Running a sweep (docs/sweeps.md): sample the inputs, evaluate every run (fast linear path or a
// new model and factorisation per run), journal finished runs, write quantiles and Sobol indices.
#include <fcntl.h>
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>

#include "devolve/atomic_output.hpp"
#include "devolve/error.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model_check.hpp"
#include "devolve/model_io.hpp"
#include "devolve/regionalise.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"
#include "devolve/sweep.hpp"
#include "devolve/version.hpp"
#include "base/h5file.hpp"
#include "output/output_common.hpp"
#include "projection/rd_dynamics.hpp"
#include "sweep/sweep_internal.hpp"
#include "base/text.hpp"


namespace fs = std::filesystem;

namespace devolve {

namespace {

std::atomic<bool> stop_requested{false};
extern "C" void on_signal(int) { stop_requested = true; }

// ---------------------------------------------------------------------------------------------
// Sample values: runs x inputs.
std::vector<double> sample_values(const SweepSpec& s) {
  const std::size_t k = s.inputs.size(), runs = s.runs();
  std::vector<double> v(runs * k);
  if (s.sampler == Sampler::grid) {
    for (std::size_t r = 0; r < runs; ++r) {
      std::size_t rest = r;
      for (std::size_t i = k; i-- > 0;) {
        const auto& in = s.inputs[i];
        const std::size_t level = rest % std::size_t(in.levels);
        rest /= std::size_t(in.levels);
        v[r * k + i] = in.distribution.kind == Distribution::Kind::values
                           ? in.distribution.params[level]
                           : in.distribution.quantile((double(level) + 0.5) / double(in.levels));
      }
    }
    return v;
  }
  if (s.sampler == Sampler::sobol) {
    // Saltelli design: per base sample j, runs A_j, B_j, then AB_j^i (A_j with input i from B_j).
    const auto u = unit_points(Sampler::sobol, s.samples, 2 * k, s.seed);
    for (std::size_t j = 0; j < s.samples; ++j)
      for (std::size_t row = 0; row < k + 2; ++row)
        for (std::size_t i = 0; i < k; ++i) {
          const double a = u[j * 2 * k + i], b = u[j * 2 * k + k + i];
          const double x = row == 0 ? a : row == 1 ? b : (i == row - 2 ? b : a);
          v[(j * (k + 2) + row) * k + i] = s.inputs[i].distribution.quantile(x);
        }
    return v;
  }
  const auto u = unit_points(s.sampler, s.samples, k, s.seed);
  for (std::size_t r = 0; r < runs; ++r)
    for (std::size_t i = 0; i < k; ++i) v[r * k + i] = s.inputs[i].distribution.quantile(u[r * k + i]);
  return v;
}

// ---------------------------------------------------------------------------------------------
// The fast path: every input only scales final demand, so each run is a weighted sum of unit
// responses (one per demand shock and year), computed once with one factorisation.
struct LinearModel {
  Scenario base;
  std::vector<std::size_t> out_measures;  // indices into the scenario's measures
  std::size_t Y = 0, R = 0, M = 0, gva = 0;
  bool has_gva = false;
  std::vector<double> constant;                     // (out measure, year, region)
  std::map<std::pair<std::size_t, std::size_t>, std::vector<double>> unit_public, unit_private;  // (shock, year) -> (out measure, region)
  std::vector<double> region_gva;
};

LinearModel linear_model(const Scenario& sc, const Model& m, const std::vector<std::string>& outputs) {
  LinearModel lm;
  lm.base = sc;
  lm.Y = sc.years().size();
  lm.R = m.num_regions();
  Scenario unit = sc;
  unit.shocks.clear();
  std::vector<std::pair<std::size_t, std::size_t>> pub_index, priv_index;
  std::vector<std::size_t> kept;
  for (std::size_t h = 0; h < sc.shocks.size(); ++h) {
    const Shock& s = sc.shocks[h];
    if (s.type != Shock::Type::spend && s.type != Shock::Type::redirect) {
      kept.push_back(unit.shocks.size());
      unit.shocks.push_back(s);
      continue;
    }
    for (std::size_t t = 0; t < lm.Y; ++t) {
      Shock u = s;
      u.label = s.label + " @" + std::to_string(t);
      u.amount.assign(lm.Y, 0.0);
      u.amount[t] = 1.0;
      u.phase.assign(lm.Y, 1.0);
      u.additionality = {};
      u.rd.enabled = false;
      pub_index.emplace_back(h, t);
      unit.shocks.push_back(u);
      if (s.rd.enabled) {
        Shock p = u;
        p.label = s.label + " private @" + std::to_string(t);
        p.profile_shares = s.private_rd_shares;
        p.import_share = s.private_import_share;
        p.local_sourcing = s.private_local_sourcing;
        p.sourcing_category = s.private_category;
        priv_index.emplace_back(h, t);
        unit.shocks.push_back(p);
      }
    }
  }
  const ScenarioResults res = run_scenario(unit, m);
  lm.M = res.measures.size();
  for (const auto& o : outputs)
    lm.out_measures.push_back(std::size_t(std::find(res.measures.begin(), res.measures.end(), o) - res.measures.begin()));
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

// Applies an input's value to a scenario on the fast path.
void apply_linear(Scenario& sc, const std::string& path, double v) {
  auto set_add = [&](Additionality& a, const std::string& field) {
    if (field == "deadweight") a.deadweight = v;
    else if (field == "displacement") a.displacement = v;
    else a.substitution = v;
  };
  if (path.rfind("additionality.", 0) == 0) {
    const std::string field = path.substr(14);
    const int f = field == "deadweight" ? 0 : field == "displacement" ? 1 : 2;
    for (auto& s : sc.shocks)
      if (!s.own_additionality[std::size_t(f)]) set_add(s.additionality, field);
    return;
  }
  const std::size_t close = path.find(']');
  Shock& s = sc.shocks[std::stoul(path.substr(7, close - 7))];
  const std::string rest = path.substr(close + 2);
  if (rest == "amount") std::fill(s.amount.begin(), s.amount.end(), v);
  else if (rest.rfind("amount.", 0) == 0) s.amount[std::size_t(std::stoi(rest.substr(7)) - sc.first_year)] = v;
  else if (rest.rfind("phasing[", 0) == 0) s.phase[std::stoul(rest.substr(8))] = v;
  else if (rest.rfind("additionality.", 0) == 0) set_add(s.additionality, rest.substr(14));
  else if (rest == "rd.leverage") s.rd.leverage = v;
  else if (rest == "rd.depreciation") s.rd.depreciation = v;
  else if (rest == "rd.rate_of_return") s.rd.rate_of_return = v;
  else if (rest == "rd.spillover_share") s.rd.spillover_share = v;
}

// Checks a sampled value against the rules a scenario file would apply.
void check_linear_value(const std::string& path, double v, std::size_t run) {
  // The limits of docs/scenarios.md for each kind of key.
  double lo = 0, hi = 10;
  bool open_hi = false;
  if (path.find("amount") != std::string::npos) hi = 1e6;
  else if (path.find("additionality") != std::string::npos) hi = 1, open_hi = true;
  else if (path.find("depreciation") != std::string::npos || path.find("spillover") != std::string::npos) hi = 1;
  else if (path.find("rate_of_return") != std::string::npos) hi = 2;
  if (v < lo || v > hi || (open_hi && v >= hi))
    throw InputError("sweep", "run " + std::to_string(run) + ": input '" + path + "' takes the value " + text::num(v) +
                                  ", outside what the scenario allows; narrow or truncate its distribution");
}

void linear_run(const LinearModel& lm, const SweepSpec& spec, const double* values, std::size_t run, double* out) {
  Scenario sc = lm.base;
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    check_linear_value(spec.inputs[i].path, values[i], run);
    apply_linear(sc, spec.inputs[i].path, values[i]);
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
      const double wp = int(t) - s.rd.leverage_lag >= 0 ? s.rd.leverage * w[t - std::size_t(s.rd.leverage_lag)] : 0.0;
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
}

// ---------------------------------------------------------------------------------------------
// The journal: OUT.h5.partial, a header then records (run index, values, checksum), appended as
// runs finish and synced in batches; a truncated or corrupt tail is ignored on resume.
constexpr char journal_magic[16] = "DEVOLVE-SWEEP1\n";

std::uint64_t fnv(const void* p, std::size_t n, std::uint64_t h = 1469598103934665603ull) {
  const auto* b = static_cast<const unsigned char*>(p);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  return h;
}

struct JournalHeader {
  char magic[16];
  std::uint64_t key, runs, width;
};

}  // namespace

void run_sweep(const SweepSpec& spec, const std::string& out, const SweepOptions& opt) {
  namespace sd = sweep_detail;
  const std::string partial = out + ".partial";
  std::error_code ec;
  if (!opt.resume && fs::exists(partial, ec) && !opt.overwrite)
    throw UsageError(partial + ": error: an interrupted sweep is here; pass --resume to finish it, or --overwrite to start again");
  { AtomicOutput probe(out, opt.overwrite); }

  // Base scenario and model.
  Model model;
  const Scenario base = read_scenario_text(spec.scenario_text, spec.scenario_file, model, false);
  const std::vector<int> years = base.years();
  const std::size_t k = spec.inputs.size(), runs = spec.runs(), Y = years.size(), R = model.num_regions();
  const std::size_t O = spec.outputs.size(), width = O * Y * R;
  // DEVOLVE_SWEEP_PATH=coefficients forces the general path (the tests compare the two paths).
  const char* force = std::getenv("DEVOLVE_SWEEP_PATH");
  const bool linear = spec.linear() && !(force && std::string(force) == "coefficients");
  const std::vector<double> values = sample_values(spec);

  const std::uint64_t key = fnv(spec.text.data(), spec.text.size(),
                                fnv(spec.scenario_text.data(), spec.scenario_text.size(),
                                    fnv(version, std::strlen(version),
                                        fnv(model_checksum(model).data(), model_checksum(model).size()))));
  // Resume: read what finished.
  std::vector<double> results(runs * width, 0.0);
  std::vector<char> done(runs, 0);
  std::size_t finished = 0;
  if (opt.resume) {
    std::ifstream in(partial, std::ios::binary);
    if (!in) throw UsageError(partial + ": error: nothing to resume (no journal of an interrupted sweep)");
    JournalHeader hdr{};
    in.read(reinterpret_cast<char*>(&hdr), sizeof hdr);
    if (!in || std::memcmp(hdr.magic, journal_magic, 16) != 0)
      throw InputError(partial, "not a devolve sweep journal");
    if (hdr.key != key || hdr.runs != runs || hdr.width != width)
      throw InputError(partial, "the journal belongs to a different sweep, scenario, model or devolve version; "
                                "start again with --overwrite");
    std::vector<double> rec(width);
    while (true) {
      std::uint64_t idx = 0, sum = 0;
      if (!in.read(reinterpret_cast<char*>(&idx), 8)) break;
      if (!in.read(reinterpret_cast<char*>(rec.data()), std::streamsize(width * 8))) break;
      if (!in.read(reinterpret_cast<char*>(&sum), 8)) break;
      if (idx >= runs || sum != fnv(rec.data(), width * 8, idx)) break;
      if (!done[idx]) ++finished;
      done[idx] = 1;
      std::copy(rec.begin(), rec.end(), results.begin() + std::ptrdiff_t(idx * width));
    }
  }
  // (Re)write the journal with what is kept, then append.
  {
    std::ofstream j(partial, std::ios::binary | std::ios::trunc);
    JournalHeader hdr{};
    std::memcpy(hdr.magic, journal_magic, 16);
    hdr.key = key, hdr.runs = runs, hdr.width = width;
    j.write(reinterpret_cast<const char*>(&hdr), sizeof hdr);
    for (std::size_t r = 0; r < runs; ++r)
      if (done[r]) {
        const std::uint64_t idx = r, sum = fnv(results.data() + r * width, width * 8, idx);
        j.write(reinterpret_cast<const char*>(&idx), 8);
        j.write(reinterpret_cast<const char*>(results.data() + r * width), std::streamsize(width * 8));
        j.write(reinterpret_cast<const char*>(&sum), 8);
      }
    if (!j) throw Error(partial + ": error: cannot write the sweep journal");
  }
  const int fd = ::open(partial.c_str(), O_WRONLY | O_APPEND);
  if (fd < 0) throw Error(partial + ": error: cannot open the sweep journal");

  // Deterministic whatever the thread count: runs are independent, BLAS single-threaded.
  single_threaded_linear_algebra();
  const int threads = opt.threads > 0 ? opt.threads : omp_get_num_procs();
  stop_requested = false;
  auto old_int = std::signal(SIGINT, on_signal), old_term = std::signal(SIGTERM, on_signal);

  std::string path_text = linear ? "linear: every input scales final demand or the R&D dynamics; one factorisation, "
                                   "unit responses combined per run"
                                 : "coefficients: a new scenario (and, for model.*, a new regionalised table) and "
                                   "factorisation per run";
  if (opt.progress)
    std::fprintf(stderr, "sweep: %zu runs of %zu inputs (%s sampler); path: %s\n", runs, k, to_string(spec.sampler).c_str(),
                 path_text.c_str());
  LinearModel lm;
  if (linear) lm = linear_model(base, model, spec.outputs);
  std::optional<BuildConfig> build;
  std::shared_ptr<const RegionalInputs> regional;
  for (const auto& in : spec.inputs)
    if (sd::is_model_path(in.path)) build = read_build_config(base.model_path);
  if (build) regional = read_regional_inputs(*build);

  std::mutex journal_mutex;
  std::vector<char> buffer;
  std::size_t unsynced = 0;
  auto flush = [&]() {
    if (!buffer.empty()) {
      if (::write(fd, buffer.data(), buffer.size()) != ssize_t(buffer.size())) throw Error(partial + ": error: cannot append to the journal");
      buffer.clear();
    }
    ::fsync(fd);
    unsynced = 0;
  };
  const auto t0 = std::chrono::steady_clock::now();
  auto last_report = t0, last_flush = t0;
  const bool tty = ::isatty(2);
  std::size_t next_line = finished + std::max<std::size_t>(1, runs / 10);
  const std::size_t start_finished = finished;
  std::string failure;
  std::atomic<bool> failed{false};

  std::vector<std::size_t> pending;
  for (std::size_t r = 0; r < runs; ++r)
    if (!done[r]) pending.push_back(r);

#pragma omp parallel for schedule(dynamic, 16) num_threads(threads)
  for (std::size_t q = 0; q < pending.size(); ++q) {
    if (stop_requested || failed) continue;
    const std::size_t r = pending[q];
    std::vector<double> row(width, 0.0);
    try {
      if (linear) {
        linear_run(lm, spec, values.data() + r * k, r, row.data());
      } else {
        YAML::Node tree = YAML::Clone(YAML::Load(spec.scenario_text));
        std::optional<BuildConfig> cfg = build;
        for (std::size_t i = 0; i < k; ++i) {
          const std::string& p = spec.inputs[i].path;
          const double v = values[r * k + i];
          if (p == "model.delta") cfg->params.delta = v;
          else if (p == "model.beta") cfg->params.beta = v;
          else {
            std::string why;
            if (!sd::set_path(tree, p, text::num(v), why)) throw InputError(spec.file, "input '" + p + "': " + why);
          }
        }
        YAML::Emitter e;
        e << tree;
        Model m = cfg ? regionalise(*cfg, *regional) : model;
        if (cfg) require_consistent(m, cfg->path);
        const Scenario sc = read_scenario_text(e.c_str(), spec.scenario_file, m, true);
        const ScenarioResults res = run_scenario(sc, m);
        const LabelledArray& br = res.by_region;
        for (std::size_t o = 0; o < O; ++o) {
          const std::size_t mi = std::size_t(std::find(res.measures.begin(), res.measures.end(), spec.outputs[o]) - res.measures.begin());
          for (std::size_t t = 0; t < Y; ++t)
            for (std::size_t g = 0; g < R; ++g) row[(o * Y + t) * R + g] = br(mi, t, g);
        }
      }
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(journal_mutex);
      if (failure.empty()) failure = e.what();
      failed = true;
      continue;
    }
    std::lock_guard<std::mutex> lock(journal_mutex);
    std::copy(row.begin(), row.end(), results.begin() + std::ptrdiff_t(r * width));
    done[r] = 1;
    ++finished;
    const std::uint64_t idx = r, sum = fnv(row.data(), width * 8, idx);
    const char* a = reinterpret_cast<const char*>(&idx);
    buffer.insert(buffer.end(), a, a + 8);
    const char* b = reinterpret_cast<const char*>(row.data());
    buffer.insert(buffer.end(), b, b + width * 8);
    const char* c = reinterpret_cast<const char*>(&sum);
    buffer.insert(buffer.end(), c, c + 8);
    ++unsynced;
    const auto now = std::chrono::steady_clock::now();
    if (unsynced >= 256 || now - last_flush > std::chrono::milliseconds(250)) {
      flush();  // finished runs reach the disk at least four times a second
      last_flush = now;
    }
    if (opt.progress && (now - last_report > std::chrono::milliseconds(tty ? 200 : 5000) || finished >= next_line)) {
      const double el = std::chrono::duration<double>(now - t0).count();
      const double rate = double(finished - start_finished) / std::max(el, 1e-9);
      const double left = rate > 0 ? double(runs - finished) / rate : 0;
      std::fprintf(stderr, tty ? "\rsweep: %zu/%zu runs (%.0f%%), %.0f runs/s, %.0f s left   " : "sweep: %zu/%zu runs (%.0f%%), %.0f runs/s, %.0f s left\n",
                   finished, runs, 100.0 * double(finished) / double(runs), rate, left);
      last_report = now;
      while (next_line <= finished) next_line += std::max<std::size_t>(1, runs / 10);
    }
  }
  flush();
  ::close(fd);
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  if (opt.progress && tty) std::fprintf(stderr, "\n");
  if (!failure.empty()) throw Error(spec.file + ": error: " + failure + " (finished runs are kept in " + partial + ")");
  if (finished < runs) {
    throw Interrupted(spec.file + ": interrupted: " + std::to_string(finished) + " of " + std::to_string(runs) +
                     " runs are saved in " + partial + "; run the same command with --resume to finish");
  }

  // Statistics and the output file.
  const std::vector<double> qs = {0.05, 0.25, 0.5, 0.75, 0.95};
  std::vector<std::size_t> stat_runs;  // Sobol: the A and B rows (independent samples)
  for (std::size_t r = 0; r < runs; ++r)
    if (spec.sampler != Sampler::sobol || r % (k + 2) < 2) stat_runs.push_back(r);
  auto quantile_of = [&](std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    const double pos = q * double(v.size() - 1);
    const std::size_t lo = std::size_t(pos);
    const double frac = pos - double(lo);
    return lo + 1 < v.size() ? v[lo] * (1 - frac) + v[lo + 1] * frac : v[lo];
  };
  std::vector<double> national(runs * O * Y, 0.0);
  for (std::size_t r = 0; r < runs; ++r)
    for (std::size_t i = 0; i < O * Y; ++i)
      for (std::size_t g = 0; g < R; ++g) national[r * O * Y + i] += results[r * width + i * R + g];
  std::vector<double> quant(qs.size() * width), nquant(qs.size() * O * Y);
  std::vector<double> col(stat_runs.size());
  for (std::size_t c = 0; c < width; ++c) {
    for (std::size_t s = 0; s < stat_runs.size(); ++s) col[s] = results[stat_runs[s] * width + c];
    for (std::size_t q = 0; q < qs.size(); ++q) quant[q * width + c] = quantile_of(col, qs[q]);
  }
  for (std::size_t c = 0; c < O * Y; ++c) {
    for (std::size_t s = 0; s < stat_runs.size(); ++s) col[s] = national[stat_runs[s] * O * Y + c];
    for (std::size_t q = 0; q < qs.size(); ++q) nquant[q * O * Y + c] = quantile_of(col, qs[q]);
  }
  // Sobol indices of the national totals: first order (Saltelli et al. 2010, eq. b) and total
  // (Jansen 1999), with the variance of the A and B runs.
  // Sobol indices (first order: Saltelli et al. 2010; total: Jansen 1999), with the variance of
  // the A and B runs, for each column of a (run x width) array; (input, column), NaN where the
  // variance is 0.
  auto sobol_indices = [&](const std::vector<double>& v, std::size_t w, std::vector<double>& first, std::vector<double>& total) {
    const std::size_t N = spec.samples;
    first.assign(k * w, std::nan(""));
    total.assign(k * w, std::nan(""));
    for (std::size_t c = 0; c < w; ++c) {
      auto f = [&](std::size_t j, std::size_t row) { return v[(j * (k + 2) + row) * w + c]; };
      double mean = 0, var = 0;
      for (std::size_t j = 0; j < N; ++j) mean += f(j, 0) + f(j, 1);
      mean /= double(2 * N);
      for (std::size_t j = 0; j < N; ++j) var += (f(j, 0) - mean) * (f(j, 0) - mean) + (f(j, 1) - mean) * (f(j, 1) - mean);
      var /= double(2 * N - 1);
      if (!(var > 1e-24 * (mean * mean + 1))) continue;
      for (std::size_t i = 0; i < k; ++i) {
        double s1 = 0, st = 0;
        for (std::size_t j = 0; j < N; ++j) {
          const double a = f(j, 0), b = f(j, 1), ab = f(j, 2 + i);
          s1 += b * (ab - a);
          st += (a - ab) * (a - ab);
        }
        first[i * w + c] = s1 / double(N) / var;
        total[i * w + c] = st / (2.0 * double(N)) / var;
      }
    }
  };
  std::vector<double> first, total, first_r, total_r;
  if (spec.sampler == Sampler::sobol) {
    sobol_indices(national, O * Y, first, total);
    sobol_indices(results, width, first_r, total_r);
  }

  AtomicOutput target(out, opt.overwrite);
  {
    H5File h = H5File::create(target.temp_path());
    write_root_attributes(h, "devolve-sweep-results", sweep_format_major, sweep_format_minor, model, base.model_path);
    h.attr("/", "sweep_yaml", spec.text);
    h.attr("/", "scenario_yaml", spec.scenario_text);
    h.attr("/", "scenario_name", base.name);
    h.attr("/", "sampler", to_string(spec.sampler));
    h.attr("/", "seed", std::int64_t(spec.seed));
    h.attr("/", "samples", std::int64_t(spec.samples));
    h.attr("/", "runs", std::int64_t(runs));
    h.attr("/", "path", path_text);
    if (spec.sampler == Sampler::sobol)
      h.attr("/", "design", "Saltelli: for base sample j, run j*(k+2) is A_j, the next B_j, then AB_j^i for each input i");
    const std::string g = "/sweep";
    std::vector<std::int64_t> run_ids(runs), yrs(years.begin(), years.end());
    for (std::size_t r = 0; r < runs; ++r) run_ids[r] = std::int64_t(r);
    h.dimension(g, "run", run_ids, "run number");
    std::vector<std::string> names, dists, paths;
    for (const auto& in : spec.inputs) names.push_back(in.path), dists.push_back(in.distribution.text()),
                                       paths.push_back(in.linear ? "linear" : "coefficients");
    h.dimension(g, "input", names, "key path of the varied input in the scenario (model.* : regionalisation)");
    h.strings(g, "input_distribution", {"input"}, dists, "distribution sampled");
    h.strings(g, "input_path", {"input"}, paths, "linear (scales final demand) or coefficients (a new table per run)");
    h.dimension(g, "measure", spec.outputs, "headline measure");
    std::vector<std::string> units;
    for (const auto& o : spec.outputs) {
      std::string u = model.currency;
      for (const auto& ind : model.indicators)
        if (ind.code == o) u = ind.unit;
      units.push_back(u);
    }
    h.strings(g, "measure_unit", {"measure"}, units, "unit of the measure");
    h.dimension(g, "year", yrs, "calendar year");
    std::vector<std::string> rc, rn;
    for (const auto& rg : model.regions) rc.push_back(rg.code), rn.push_back(rg.name);
    h.dimension(g, "region", rc, "region code");
    h.strings(g, "region_name", {"region"}, rn, "region name");
    h.dimension(g, "quantile", std::vector<std::string>{"0.05", "0.25", "0.5", "0.75", "0.95"}, "quantile");
    h.dataset(g, "inputs", {"run", "input"}, values, "see the scenario", "sampled value of each input in each run");
    h.dataset(g, "headline", {"run", "measure", "year", "region"}, results, "see measure_unit",
              "net change (all components) by region and year in each run");
    h.dataset(g, "national", {"run", "measure", "year"}, national, "see measure_unit", "UK total of headline");
    h.dataset(g, "quantiles", {"quantile", "measure", "year", "region"}, quant, "see measure_unit",
              "quantiles over the runs (Sobol: over the A and B runs)");
    h.dataset(g, "national_quantiles", {"quantile", "measure", "year"}, nquant, "see measure_unit", "quantiles of the UK total");
    if (spec.sampler == Sampler::sobol) {
      h.dataset(g, "sobol_first", {"input", "measure", "year"}, first, "1",
                "first-order Sobol index of the UK total (Saltelli et al. 2010 estimator); NaN where the variance is 0");
      h.dataset(g, "sobol_total", {"input", "measure", "year"}, total, "1",
                "total Sobol index of the UK total (Jansen 1999 estimator); NaN where the variance is 0");
      h.dataset(g, "sobol_first_by_region", {"input", "measure", "year", "region"}, first_r, "1",
                "first-order Sobol index of each region's result (Saltelli et al. 2010); NaN where the variance is 0");
      h.dataset(g, "sobol_total_by_region", {"input", "measure", "year", "region"}, total_r, "1",
                "total Sobol index of each region's result (Jansen 1999); NaN where the variance is 0");
    }
  }
  target.commit();
  fs::remove(partial, ec);
  if (opt.progress)
    std::fprintf(stderr, "sweep: %zu runs in %.1f s\n", runs,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

}  // namespace devolve
