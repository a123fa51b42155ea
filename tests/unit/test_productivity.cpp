// Productivity shocks keep the accounts (docs/methodology.md, section 9, "Productivity: two forms
// that keep the accounts"), on the hand-made toy model (tests/data/models/toy-2x2).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>

#include "devolve/model_check.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/model_csv.hpp"
#include "devolve/results_h5.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"

using namespace devolve;
using Catch::Matchers::WithinAbs;

namespace {

// North manufacturing (N/MAN): output 150, jobs 30, compensation 45, surplus 23 (GVA 68). The base
// year, no baseline growth or trend (a model other than the UK ones), no additionality, Type I.
ScenarioResults run_toy(Model& m, const std::string& measure) {
  const std::string text = "name: p\nmodel: toy\nyears: [2022, 2022]\ntype: I\nshocks:\n"
                           "  - {type: productivity, label: p, regions: N, industries: [MAN], measure: " +
                           measure + ", change: 0.1}\n";
  return run_scenario(read_scenario_text(text, "p.yaml", ModelSettings{}, m, true), m);
}

std::size_t at(const ScenarioResults& r, const std::string& code) {
  return std::size_t(std::find(r.measures.begin(), r.measures.end(), code) - r.measures.begin());
}

}  // namespace

TEST_CASE("Productivity, jobs held (measure gva): no job change in the sector, GVA up by g x GVA, accounts balance",
          "[productivity]") {
  Model m = read_model_csv(std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2");
  const ScenarioResults res = run_toy(m, "gva");
  const std::size_t j = m.sector(0, 1), jobs = at(res, "jobs"), gva = at(res, "gva"), output = at(res, "output");
  enum { direct, indirect, induced, productivity };
  auto cell = [&](int c, std::size_t k, std::size_t s) { return res.impact(std::size_t(c), k, 0, m.region_of(s), m.industry_of(s)); };
  // Extra output sold: g x = 0.1 x 150 = 15 (direct output).
  CHECK_THAT(cell(direct, output, j), WithinAbs(15.0, 1e-12));
  // Jobs per output 30/150 = 0.2 becomes 0.2/1.1: released on baseline output (0.2/1.1 - 0.2) x 150
  // = -30/11 = -2.72727..., taken back by the direct jobs of the extra output 0.2/1.1 x 15 = +30/11.
  CHECK_THAT(cell(productivity, jobs, j), WithinAbs(-30.0 / 11.0, 1e-12));
  CHECK_THAT(cell(direct, jobs, j), WithinAbs(30.0 / 11.0, 1e-12));
  CHECK_THAT(cell(direct, jobs, j) + cell(productivity, jobs, j), WithinAbs(0.0, 1e-12));
  // Direct GVA: (45 + 23) / 150 x 15 = 6.8 = g x GVA of the sector; no productivity component on GVA.
  CHECK_THAT(cell(direct, gva, j), WithinAbs(6.8, 1e-12));
  CHECK(cell(productivity, gva, j) == 0.0);
  // The extra inputs raise output and jobs in the supply chain (Type I: no induced effect).
  for (std::size_t s = 0; s < m.num_sectors(); ++s) {
    CHECK(cell(indirect, output, s) > 0);
    CHECK(cell(induced, output, s) == 0);
  }

  // The shocked table: base plus the Type I solution dx of the extra demand, made with each sector's
  // input structure, its primary inputs per output and the extra output sold as exports of N/MAN.
  Model shocked = m;
  const std::size_t n = m.num_sectors();
  double gva_total = 0, imports_and_taxes = 0;
  for (std::size_t s = 0; s < n; ++s) {
    const double dx = cell(direct, output, s) + cell(indirect, output, s);
    for (std::size_t i = 0; i < n; ++i) shocked.z(i, s) += m.z(i, s) / m.output[s] * dx;
    for (std::size_t p = 0; p < m.primary_inputs.size(); ++p) {
      shocked.primary(p, s) += m.primary(p, s) / m.output[s] * dx;
      if (!is_value_added(m.primary_inputs[p].role)) imports_and_taxes += m.primary(p, s) / m.output[s] * dx;
    }
    for (std::size_t k = 0; k < m.indicators.size(); ++k) shocked.indicator_totals(k, s) += m.indicator_totals(k, s) / m.output[s] * dx;
    shocked.output[s] += dx;
    gva_total += cell(direct, gva, s) + cell(indirect, gva, s);
  }
  const std::size_t exports = m.category_with_role(FinalDemandRole::exports);
  shocked.final_demand(j, 0 * m.num_categories() + exports) += 15.0;
  CHECK(check_model(shocked).empty());
  // Expenditure = income: the 15 of extra final demand is GVA plus imports and taxes on products.
  CHECK_THAT(gva_total + imports_and_taxes, WithinAbs(15.0, 1e-9));
}

TEST_CASE("Productivity, output held (measure jobs): jobs released, output and GVA unchanged", "[productivity]") {
  Model m = read_model_csv(std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2");
  const ScenarioResults res = run_toy(m, "jobs");
  const std::size_t jobs = at(res, "jobs"), gva = at(res, "gva"), output = at(res, "output");
  // -0.2 x 0.1 / 1.1 x 150 = -30/11 jobs in N/MAN; nothing else in the whole economy moves.
  CHECK_THAT(res.impact(std::size_t(3), jobs, 0, 0, 1), WithinAbs(-30.0 / 11.0, 1e-12));
  for (std::size_t c = 0; c < res.components.size(); ++c)
    for (std::size_t r = 0; r < m.num_regions(); ++r)
      for (std::size_t i = 0; i < m.num_industries(); ++i) {
        CHECK(res.impact(c, gva, 0, r, i) == 0.0);
        CHECK(res.impact(c, output, 0, r, i) == 0.0);
      }
}

namespace {

// Spend in two regions, a redirect, a productivity shock with jobs held and local procurement
// phased in: five sources, three of them every year, and a shocked table in two of the years.
std::string totals_scenario(const std::string& type, bool procurement) {
  std::string text = "name: t\nmodel: toy\nyears: [2024, 2026]\ntype: " + type +
                     "\nadditionality: {deadweight: 0.2}\nprofiles:\n"
                     "  mix: {sourcing: local, category: government, shares: {AGR: 0.25, MAN: 0.75}}\n"
                     "  pattern: {sourcing: pattern, category: households, imports: 0.1, shares: {AGR: 0.5, MAN: 0.5}}\n"
                     "shocks:\n"
                     "  - {type: spend, label: a, regions: N, amount: 10, profile: mix, phasing: [0.5, 1, 1]}\n"
                     "  - {type: spend, label: b, regions: S, amount: {2024: 3, 2026: 7}, profile: pattern}\n"
                     "  - {type: redirect, label: c, from: S, to: N, amount: {2025: 4}, profile: pattern}\n"
                     "  - {type: productivity, label: d, regions: [N], industries: [MAN], measure: gva, change: 0.05}\n";
  if (procurement)
    text += "  - {type: local_procurement, label: e, regions: S, buyers: [MAN], share_increase: 0.2, "
            "phasing: {ramp: [2025, 2026]}}\n";
  return text;
}

// Largest |a - b| over the largest |a|, and that largest |a|.
std::pair<double, double> difference(const LabelledArray& a, const LabelledArray& b) {
  REQUIRE(a.size() == b.size());
  double top = 0, diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    top = std::max(top, std::abs(a.values()[i]));
    diff = std::max(diff, std::abs(a.values()[i] - b.values()[i]));
  }
  return {diff / top, top};
}

}  // namespace

TEST_CASE("A sweep's run (run_scenario_totals) gives run_scenario's by_region to rounding", "[sweep][procurement]") {
  Model m = read_model_csv(std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2");
  for (const std::string type : {"I", "II"})
    for (const bool procurement : {false, true}) {
      INFO("type " << type << ", procurement " << procurement);
      const Scenario sc = read_scenario_text(totals_scenario(type, procurement), "t.yaml", ModelSettings{}, m, true);
      const ScenarioResults full = run_scenario(sc, m);
      const RegionTotals totals = run_scenario_totals(sc, m);
      CHECK(totals.measures == full.measures);
      const auto [diff, top] = difference(full.by_region, totals.by_region);
      CHECK(top > 1.0);
      CHECK(diff < 1e-14);
      if (!procurement) {  // the factorisation shared by the runs
        const SharedSystems shared = share_systems(m);
        CHECK(difference(full.by_region, run_scenario_totals(sc, m, &shared).by_region).first < 1e-14);
      }
    }
  // Type I keeps no induced effect: the totals differ from Type II's.
  const Scenario one = read_scenario_text(totals_scenario("I", true), "t.yaml", ModelSettings{}, m, true);
  const Scenario two = read_scenario_text(totals_scenario("II", true), "t.yaml", ModelSettings{}, m, true);
  CHECK(difference(run_scenario_totals(two, m).by_region, run_scenario_totals(one, m).by_region).first > 1e-3);
}

// run_scenario's FinalArray (the results file's compression started during the run): impact and
// total are given once each, and are final then: the arrays the run returns hold the same values at
// the same addresses (so the file's compression of them, prepare_results_array, is the one used).
TEST_CASE("Scenario run: impact and total given to FinalArray are final", "[productivity][results]") {
  Model m = read_model_csv(std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2");
  const std::string text = "name: p\nmodel: toy\nyears: [2022, 2024]\ntype: II\n"
                           "profiles: {c: {category: government, shares: {MAN: 1}}}\nshocks:\n"
                           "  - {type: spend, label: s, regions: N, amount: 10, profile: c}\n"
                           "  - {type: productivity, label: p, regions: N, industries: [MAN], measure: gva, change: 0.1}\n";
  const Scenario sc = read_scenario_text(text, "p.yaml", ModelSettings{}, m, true);
  std::vector<std::pair<const double*, std::vector<double>>> given;
  const ScenarioResults res = run_scenario(sc, m, Solver::automatic, [&](ScenarioResults& r, const LabelledArray& a) {
    CHECK((&a == &r.impact || &a == &r.total));
    given.emplace_back(a.values().data(), a.values());
  });
  REQUIRE(given.size() == 2);
  CHECK(given[0].first == res.impact.values().data());
  CHECK(given[0].second == res.impact.values());
  CHECK(given[1].first == res.total.values().data());
  CHECK(given[1].second == res.total.values());
  const ScenarioResults plain = run_scenario(sc, m);
  CHECK(plain.impact.values() == res.impact.values());
  CHECK(plain.total.values() == res.total.values());
}

// ScenarioResults::prepared: a copy never adopts the source's compression jobs (they read the
// source's arrays, freed with it), and results written twice compress again the second time.
TEST_CASE("Scenario results with prepared compressions: copied, the source destroyed, and written twice",
          "[productivity][results]") {
  // The toy model with a second indicator, and 49 years: impact and total above the file's 4096 values compressed (so prepared on threads).
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("devolve-prepared-model-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::copy(std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2", dir);
  {
    std::ifstream in(dir / "model.yaml");
    std::string yaml(std::istreambuf_iterator<char>(in), {});
    const std::string jobs = "  - {code: jobs, name: Employment, unit: jobs, description: hand-made test numbers}\n";
    REQUIRE(yaml.find(jobs) != std::string::npos);
    yaml.insert(yaml.find(jobs) + jobs.size(), "  - {code: water, name: Water, unit: m3, description: hand-made test numbers}\n");
    std::ofstream(dir / "model.yaml") << yaml;
    std::ofstream(dir / "indicators.csv", std::ios::app) << "water,N,AGR,5\nwater,N,MAN,7\nwater,S,AGR,3\nwater,S,MAN,2\n";
  }
  Model m = read_model_csv(dir.string());
  const std::string text = "name: p\nmodel: toy\nyears: [2022, 2070]\ntype: II\n"
                           "profiles: {c: {category: government, shares: {MAN: 1}}}\nshocks:\n"
                           "  - {type: spend, label: s, regions: N, amount: 10, profile: c}\n"
                           "  - {type: spend, label: t, regions: S, amount: 5, profile: c}\n";
  const Scenario sc = read_scenario_text(text, "p.yaml", ModelSettings{}, m, true);
  const auto temp = [](const char* what) {
    return (std::filesystem::temp_directory_path() /
            ("devolve-prepared-" + std::string(what) + "-" + std::to_string(::getpid()) + ".h5"))
        .string();
  };
  const auto bytes = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string first = temp("first"), again = temp("again"), copied = temp("copied");
  // The files carry their creation time to the second (the `created` attribute, HDF5's object
  // times, the seal over them): the three are compared byte for byte only when written within one
  // second, else written again (a loaded machine can straddle a second's end).
  bool same_second = false;
  for (int attempt = 0; attempt < 20 && !same_second; ++attempt) {
    const std::time_t start = std::time(nullptr);
    auto source = std::make_unique<ScenarioResults>(run_scenario(sc, m, Solver::automatic, prepare_results_array));
    REQUIRE(source->prepared.jobs);
    REQUIRE(source->impact.values().size() > 4096);
    write_results_h5(sc, m, *source, first, true, true);
    write_results_h5(sc, m, *source, again, true, true);  // the jobs' chunks taken: compressed again
    ScenarioResults copy = *source;
    CHECK(!copy.prepared.jobs);
    source.reset();
    write_results_h5(sc, m, copy, copied, true, true);
    same_second = std::time(nullptr) == start;
  }
  REQUIRE(same_second);
  const std::string want = bytes(first);
  CHECK(!want.empty());
  CHECK(bytes(again) == want);
  CHECK(bytes(copied) == want);
  for (const auto& p : {first, again, copied}) std::remove(p.c_str());
  std::filesystem::remove_all(dir);
}
