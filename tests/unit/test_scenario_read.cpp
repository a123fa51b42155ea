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
