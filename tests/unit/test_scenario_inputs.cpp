// The table of scenario inputs, its key-path matching, and the docs that list it.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "devolve/scenario_inputs.hpp"

using namespace devolve;

namespace {

// The backticked paths of the table between the markers in a docs page.
std::set<std::string> documented_paths(const std::string& page) {
  std::ifstream in(std::string(DEVOLVE_TEST_DATA) + "/../../docs/" + page);
  REQUIRE(in);
  std::set<std::string> out;
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("<!-- scenario-inputs-table", 0) == 0) inside = true;
    else if (line.rfind("<!-- end scenario-inputs-table", 0) == 0) inside = false;
    else if (inside && line.rfind("| `", 0) == 0) out.insert(line.substr(3, line.find('`', 3) - 3));
  }
  return out;
}

}  // namespace

TEST_CASE("scenario inputs: key paths match their rows, with the numbers in them", "[inputs]") {
  std::vector<long long> n;
  std::string why;
  const ScenarioInput* in = match_scenario_input("shocks[12].amount.2026", n, why);
  REQUIRE(in);
  CHECK(in->pattern == "shocks[i].amount.YEAR");
  CHECK(n == std::vector<long long>{12, 2026});
  in = match_scenario_input("shocks[0].phasing[3]", n, why);
  REQUIRE(in);
  CHECK(in->pattern == "shocks[i].phasing[t]");
  CHECK(n == std::vector<long long>{0, 3});
  CHECK(match_scenario_input("additionality.deadweight", n, why)->linear);
  CHECK_FALSE(match_scenario_input("years.last", n, why)->sweepable);
  CHECK(match_scenario_input("shocks[0].split", n, why) == nullptr);
  CHECK(match_scenario_input("shocks[0].amount.20260", n, why) == nullptr);
  // A 20-digit index is refused with a reason, not thrown out of std::stol.
  CHECK(match_scenario_input("shocks[12345678901234567890].amount", n, why) == nullptr);
  CHECK(why == "index [12345678901234567890] is too large");
  CHECK(match_scenario_input("shocks[0.amount", n, why) == nullptr);
  CHECK(why == "unclosed [ in the path");
}

TEST_CASE("scenario inputs: limits in the scenario reader's words", "[inputs]") {
  CHECK(limit_violation(scenario_input("additionality.deadweight"), 0.5).empty());
  CHECK(limit_violation(scenario_input("additionality.deadweight"), 1) == "must be at least 0 and below 1, found 1");
  CHECK(limit_violation(scenario_input("shocks[i].change"), 3) == "must be at least -0.5 and at most 2, found 3");
  CHECK(limit_violation(scenario_input("shocks[i].rd.leverage_lag"), 1.5) == "expected a whole number, found 1.5");
  CHECK(limit_violation(scenario_input("shocks[i].rd.leverage_lag"), 21) == "must be at least 0 and at most 20, found 21");
}

TEST_CASE("scenario inputs: docs/scenarios.md and docs/sweeps.md list exactly the table's rows", "[inputs][docs]") {
  std::set<std::string> all, sweepable;
  for (const auto& in : scenario_inputs()) {
    all.emplace(in.pattern);
    if (in.sweepable) sweepable.emplace(in.pattern);
  }
  CHECK(documented_paths("scenarios.md") == all);
  CHECK(documented_paths("sweeps.md") == sweepable);
}
