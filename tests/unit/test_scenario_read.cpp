// Reading a scenario and resolving it against the toy model (tests/data/models/toy-2x2).
#include <catch2/catch.hpp>

#include <string>

#include "devolve/error.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/model_io.hpp"
#include "devolve/scenario.hpp"

using namespace devolve;

namespace {

const std::string data = DEVOLVE_TEST_DATA;

// A spend shock of 10 on `regions` with the given groups, on the toy model.
std::string spend_scenario(const std::string& groups, const std::string& regions, const std::string& years = "[2024, 2026]") {
  return "name: t\nmodel: toy\nyears: " + years + "\n" + groups +
         "profiles:\n  mix: {sourcing: local, category: government, shares: {AGR: 0.5, MAN: 0.5}}\n"
         "shocks:\n  - {type: spend, label: s, regions: " + regions + ", amount: 10, profile: mix, split: equal}\n";
}

}  // namespace

TEST_CASE("scenario: toy-spend resolved against the toy model", "[scenario]") {
  Model m;
  const Scenario sc = read_scenario(data + "/scenarios/toy-spend.yaml", ModelSettings{}, m);
  CHECK(m.num_regions() == 2);
  CHECK(sc.years() == std::vector<int>{2024, 2025, 2026});
  REQUIRE(sc.shocks.size() == 3);
  CHECK(sc.shocks[0].amount == std::vector<double>{10, 10, 10});
  CHECK(sc.shocks[0].phase == std::vector<double>{0.5, 1, 1});
  CHECK(sc.shocks[0].additionality.deadweight == 0.2);       // the scenario's
  CHECK(sc.shocks[1].additionality.deadweight == 0.0);       // the shock's own
  CHECK(sc.shocks[1].amount == std::vector<double>{0, 4, 0});
  CHECK(sc.shocks[1].to_weights == std::vector<double>{1, 0});  // N receives, S gives
  CHECK(sc.shocks[1].from_weights == std::vector<double>{0, 1});
  CHECK(sc.shocks[2].phase == std::vector<double>{0, 0.5, 1});  // ramp 2025-2026
}

TEST_CASE("scenario: group references resolve without recursion and with memoisation", "[scenario]") {
  Model m = read_model_file(data + "/models/toy-2x2");
  // A chain of 30,000 groups: g1 -> g0 -> N.
  std::string chain = "groups:\n  g0: [N]\n";
  for (int i = 1; i < 30000; ++i) chain += "  g" + std::to_string(i) + ": [g" + std::to_string(i - 1) + "]\n";
  Scenario sc = read_scenario_text(spend_scenario(chain, "g29999"), "chain.yaml", ModelSettings{}, m, true);
  CHECK(sc.shocks[0].shock_regions == std::vector<std::size_t>{0});
  // 24 levels of g: [g', g']: 2^24 references if expanded naively.
  std::string doubling = "groups:\n  d0: [N, S]\n";
  for (int i = 1; i <= 24; ++i)
    doubling += "  d" + std::to_string(i) + ": [d" + std::to_string(i - 1) + ", d" + std::to_string(i - 1) + "]\n";
  sc = read_scenario_text(spend_scenario(doubling, "d24"), "doubling.yaml", ModelSettings{}, m, true);
  CHECK(sc.shocks[0].shock_regions == std::vector<std::size_t>{0, 1});
  // A cycle is a located error naming it.
  try {
    read_scenario_text(spend_scenario("groups:\n  a: [b]\n  b: [a]\n", "a"), "cycle.yaml", ModelSettings{}, m, true);
    FAIL("no error");
  } catch (const InputError& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find("recursive group 'b' (b -> a -> b)") != std::string::npos);
  }
}

TEST_CASE("scenario: years beyond 32 bits are an error, not wrapped to 2025", "[scenario]") {
  Model m = read_model_file(data + "/models/toy-2x2");
  try {
    read_scenario_text(spend_scenario("", "N", "[4294969321, 4294969330]"), "years.yaml", ModelSettings{}, m, true);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("years.yaml:3:") != std::string::npos);
    CHECK(std::string(e.what()).find("beyond the projection horizon 2070") != std::string::npos);
  }
}

TEST_CASE("scenario: additionality by spatial level (the HCA guide's levels; leakage and multiplier the model's)", "[scenario]") {
  Model m = read_model_file(data + "/models/toy-2x2");
  auto with = [](const std::string& top, const std::string& shock) {
    return "name: t\nmodel: toy\nyears: [2024, 2025]\n" + top +
           "profiles:\n  mix: {sourcing: local, category: government, shares: {AGR: 0.5, MAN: 0.5}}\n"
           "shocks:\n  - {type: spend, label: a, regions: N, amount: 10, profile: mix}\n"
           "  - {type: spend, label: b, regions: S, amount: 10, profile: mix" + shock + "}\n";
  };
  const std::string levels =
      "additionality:\n  deadweight: 0.1\n  displacement: 0.9\n  level: regional\n  levels:\n"
      "    regional: {displacement: 0.25, substitution: 0.2}\n    national: {displacement: 0.5}\n";
  Scenario sc = read_scenario_text(with(levels, ""), "l.yaml", ModelSettings{}, m, true);
  // The regional level's values replace the flat displacement; deadweight stays the flat 0.1.
  CHECK(sc.shocks[0].additionality.level == "regional");
  CHECK(sc.shocks[0].additionality.deadweight == 0.1);
  CHECK(sc.shocks[0].additionality.displacement == 0.25);
  CHECK(sc.shocks[0].additionality.substitution == 0.2);
  CHECK(sc.shocks[0].additionality.factor() == Approx(0.9 * 0.75 * 0.8).epsilon(1e-15));
  // A shock naming another level takes the scenario's values for it.
  sc = read_scenario_text(with(levels, ", additionality: {level: national}"), "l.yaml", ModelSettings{}, m, true);
  CHECK(sc.shocks[1].additionality.level == "national");
  CHECK(sc.shocks[1].additionality.displacement == 0.5);
  CHECK(sc.shocks[1].additionality.substitution == 0.0);  // not given for national: the flat value (none: 0)
  CHECK(sc.shocks[1].additionality.deadweight == 0.1);    // the flat value
  CHECK(sc.shocks[1].own_additionality == std::array<bool, 3>{true, true, true});
  // The flat triple alone is unchanged (no level).
  sc = read_scenario_text(with("additionality: {deadweight: 0.2}\n", ""), "f.yaml", ModelSettings{}, m, true);
  CHECK(sc.shocks[0].additionality.level.empty());
  CHECK(sc.shocks[0].additionality.factor() == 0.8);
  // The toy model has no spatial level: a levels map needs level.
  try {
    read_scenario_text(with("additionality:\n  levels: {local: {displacement: 0.5}}\n", ""), "n.yaml", ModelSettings{}, m, true);
    FAIL("no error");
  } catch (const InputError& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find("has no spatial level") != std::string::npos);
    CHECK(e.key() == "additionality.levels");
  }
}
