// Context indicators and the need split (docs/scenarios.md, "Splits"): shares against a hand
// computation, the shipped context files, and reading a need split without a model.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "devolve/context.hpp"
#include "devolve/error.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_inputs.hpp"
#include "devolve/scenario_spec.hpp"
#include "devolve/version.hpp"

using namespace devolve;

TEST_CASE("need split: shares by population times the gap below the population-weighted mean", "[context]") {
  // Three regions, x = 70, 72, 80 and population 1, 2, 1: B = (70 + 144 + 80) / 4 = 73.5; gaps 3.5,
  // 1.5, 0; population x gap 3.5, 3, 0 of 6.5.
  const std::vector<double> x = {70, 72, 80}, pop = {1, 2, 1};
  const NeedShares all = need_shares(x, pop, {0, 1, 2}, 1.0);
  CHECK(all.benchmark == Approx(73.5));
  CHECK(all.gap == std::vector<double>{3.5, 1.5, 0});
  REQUIRE(all.weights.size() == 3);
  CHECK(all.weights[0] == Approx(3.5 / 6.5));
  CHECK(all.weights[1] == Approx(3.0 / 6.5));
  CHECK(all.weights[2] == 0);
  CHECK(all.weights[0] + all.weights[1] + all.weights[2] == Approx(1).epsilon(1e-15));
  // The biggest gap gets the most per head: 3.5/6.5 per person against 1.5/6.5.
  CHECK(all.weights[0] / pop[0] > all.weights[1] / pop[1]);

  // Half by need, half by population (1/4, 2/4, 1/4).
  const NeedShares half = need_shares(x, pop, {0, 1, 2}, 0.5);
  CHECK(half.weights[0] == Approx(0.5 * 3.5 / 6.5 + 0.125));
  CHECK(half.weights[1] == Approx(0.5 * 3.0 / 6.5 + 0.25));
  CHECK(half.weights[2] == Approx(0.125));

  // The benchmark is over every region with a value; the shares only over the shock's regions.
  const NeedShares two = need_shares(x, pop, {1, 2}, 1.0);
  CHECK(two.benchmark == Approx(73.5));
  CHECK(two.weights == std::vector<double>{0, 1, 0});
  // A region without a value (NaN) is left out of the benchmark.
  const NeedShares nan = need_shares({70, 72, std::nan("")}, pop, {0, 1}, 1.0);
  CHECK(nan.benchmark == Approx((70 + 144) / 3.0));
  // Every region at or above the benchmark: nothing to share.
  const NeedShares none = need_shares(x, pop, {2}, 1.0);
  CHECK_FALSE(none.any_gap);
  CHECK(none.weights.empty());
}

TEST_CASE("context: the shipped ITL1 file, each indicator for every region", "[context]") {
  const std::vector<std::string> codes = {"TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK", "TLL", "TLM", "TLN"};
  const ContextData c = read_context(std::string(source_dir) + "/data/uk/itl1/context.csv", codes);
  REQUIRE(c.indicators.size() == 7);
  const ContextIndicator* e = c.find("employment_rate");
  REQUIRE(e);
  CHECK(e->unit == "percent");
  CHECK(e->value[0] == 72.3);  // ONS LFS 2023, North East
  CHECK(e->value[7] == 78.8);  // South East
  const ContextIndicator* g = c.find("gdhi_per_head");
  REQUIRE(g);
  CHECK(g->value[0] == Approx(49320e6 / 2683040).epsilon(1e-5));  // households.csv GDHI / regions.csv population
  for (const auto& i : c.indicators)
    for (std::size_t r = 0; r < codes.size(); ++r) CHECK(std::isfinite(i.value[r]));
  // A region the file does not have: NaN, coverage 0; no region at all: no indicators.
  const ContextData part = read_context(std::string(source_dir) + "/data/uk/itl1/context.csv", {"TLC", "TLX"});
  REQUIRE(part.indicators.size() == 7);
  CHECK(part.indicators[0].value[0] == 72.3);
  CHECK(std::isnan(part.indicators[0].value[1]));
  CHECK(part.indicators[0].coverage[1] == 0);
  CHECK(read_context(std::string(source_dir) + "/data/uk/itl1/context.csv", {"X1", "X2"}).indicators.empty());
}

TEST_CASE("need split: read without a model, and a sweep sets its share", "[context][scenario]") {
  const std::string head = "name: t\nmodel: none\nyears: [2025, 2026]\nshocks:\n";
  const ScenarioSpec s = read_scenario_spec_text(
      head + "  - {type: spend, label: s, regions: north, amount: 5, profile: p, split: {need: employment_rate_gap, share: 0.5}}\n",
      "x.yaml");
  REQUIRE(s.shocks.size() == 1);
  CHECK(s.shocks[0].need.measure.value == "employment_rate_gap");
  CHECK(s.shocks[0].need.measure.at.key == "shocks[0].split.need");
  CHECK(s.shocks[0].need.share.value == 0.5);
  try {
    read_scenario_spec_text(head + "  - {type: spend, label: s, regions: north, amount: 5, profile: p, split: {need: employment_rate}}\n",
                            "x.yaml");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.key() == "shocks[0].split.need");
    CHECK(e.line() == 5);
    CHECK(e.message().find("unknown need measure 'employment_rate' (did you mean 'employment_rate_gap'?)") == 0);
  }
  ScenarioSpec spec = s;
  std::vector<long long> numbers;
  std::string why;
  const ScenarioInput* in = match_scenario_input("shocks[0].split.share", numbers, why);
  REQUIRE(in);
  CHECK_FALSE(in->linear);
  REQUIRE(set_scenario_input(spec, *in, numbers, "shocks[0].split.share", 0.25, why));
  CHECK(spec.shocks[0].need.share.value == 0.25);
  CHECK_THROWS_AS(set_scenario_input(spec, *in, numbers, "shocks[0].split.share", 1.5, why), InputError);
}

TEST_CASE("need split: a model without shipped context data is a located error", "[context][scenario]") {
  const Model m = load_model(std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2", ModelSettings{});
  const ScenarioSpec spec = read_scenario_spec_text(
      "name: t\nmodel: toy\nyears: [2024, 2026]\nprofiles: {p: {category: government, shares: {AGR: 1}}}\nshocks:\n"
      "  - {type: spend, label: s, regions: [N, S], amount: 5, profile: p, split: {need: gdhi_per_head_gap}}\n",
      "toy.yaml");
  try {
    resolve_scenario(spec, m, load_scenario_data(ModelSettings{}));
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.key() == "shocks[0].split.need");
    CHECK(e.line() == 6);
    CHECK(e.message().find("has no shipped context data") != std::string::npos);
  }
}
