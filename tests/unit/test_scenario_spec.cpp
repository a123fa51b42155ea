// Reading a scenario into a ScenarioSpec with no model, resolving it on the toy model, and a
// sweep's set-then-resolve against reading the same value from YAML.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "devolve/error.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_inputs.hpp"
#include "devolve/scenario_spec.hpp"

using namespace devolve;

namespace {

const std::string data = DEVOLVE_TEST_DATA;

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A spend shock on the toy model; `extra` is added to the shock's flow map.
std::string toy(const std::string& top, const std::string& extra) {
  return "name: t\nmodel: toy\nyears: [2024, 2026]\n" + top +
         "profiles:\n  mix: {sourcing: local, category: government, shares: {AGR: 0.5, MAN: 0.5}}\n"
         "  business_rd: {sourcing: local, category: gfcf, shares: {AGR: 0.2, MAN: 0.8}}\n"
         "shocks:\n  - {type: spend, label: s, regions: [N, S], profile: mix, split: population" + extra + "}\n";
}

// The resolved fields a sweep can change.
void check_same(const Scenario& a, const Scenario& b) {
  REQUIRE(a.shocks.size() == b.shocks.size());
  CHECK(a.additionality.deadweight == b.additionality.deadweight);
  CHECK(a.baseline.growth == b.baseline.growth);
  for (std::size_t i = 0; i < a.shocks.size(); ++i) {
    const Shock &x = a.shocks[i], &y = b.shocks[i];
    CHECK(x.amount == y.amount);
    CHECK(x.phase == y.phase);
    CHECK(x.to_weights == y.to_weights);
    CHECK(x.additionality.deadweight == y.additionality.deadweight);
    CHECK(x.own_additionality == y.own_additionality);
    CHECK(x.rd.enabled == y.rd.enabled);
    CHECK(x.rd.leverage == y.rd.leverage);
    CHECK(x.rd.leverage_lag == y.rd.leverage_lag);
  }
}

Scenario set_and_resolve(const std::string& text, const std::string& path, double v, const Model& m, const ScenarioData& d) {
  ScenarioSpec spec = read_scenario_spec_text(text, "sweep.yaml");
  std::vector<long long> numbers;
  std::string why;
  const ScenarioInput* in = match_scenario_input(path, numbers, why);
  REQUIRE(in != nullptr);
  REQUIRE(set_scenario_input(spec, *in, numbers, path, v, why));
  return resolve_scenario(spec, m, d);
}

}  // namespace

TEST_CASE("scenario spec: read with no model, each value at the place it was written", "[scenario]") {
  // The file claims a folder that does not exist: reading must not look for the model.
  const ScenarioSpec s = read_scenario_spec_text(file_text(data + "/scenarios/toy-spend.yaml"), "/nowhere/toy-spend.yaml");
  CHECK(s.model.value == "../models/toy-2x2");
  CHECK(s.model.at.line == 3);
  CHECK(s.first_year.value == 2024);
  CHECK(s.last_year.value == 2026);
  CHECK(s.first_year.at.key == "years.first");
  CHECK(s.first_year.at.line == 4);
  CHECK(s.first_year.at.column == 9);
  CHECK(s.type.value == "II");
  CHECK(s.additionality.deadweight.value == 0.2);
  CHECK(s.additionality.deadweight.at.line == 6);
  CHECK(s.additionality.deadweight.at.column == 29);
  CHECK(s.additionality.deadweight.at.source_line == "additionality: {deadweight: 0.2}");
  CHECK_FALSE(s.additionality.displacement.given);
  REQUIRE(s.shocks.size() == 3);
  CHECK(s.shocks[0].type.value == "spend");
  CHECK_FALSE(s.shocks[0].amount.is_map);
  CHECK(s.shocks[0].amount.every.value == 10);
  CHECK(s.shocks[0].amount.every.at.key == "shocks[0].amount");
  CHECK(s.shocks[0].amount.every.at.line == 21);
  REQUIRE(s.shocks[0].phasing.kind == PhasingSpec::Kind::list);
  CHECK(s.shocks[0].phasing.factors.at(0).value == 0.5);
  CHECK(s.shocks[0].phasing.factors.at(0).at.key == "shocks[0].phasing[0]");
  CHECK(s.shocks[1].amount.is_map);
  CHECK(s.shocks[1].amount.by_year.at(2025).value == 4);
  CHECK(s.shocks[1].amount.by_year.at(2025).at.key == "shocks[1].amount.2025");
  CHECK(s.shocks[1].additionality.deadweight.given);
  CHECK(s.shocks[2].change.value == 0.1);
  CHECK(s.shocks[2].phasing.kind == PhasingSpec::Kind::ramp);
  CHECK(s.shocks[2].phasing.ramp_full.value == 2026);

  // A limit of the table of scenario inputs, also without a model: located on the value.
  try {
    read_scenario_spec_text("name: t\nmodel: none\nyears: [2024, 2026]\nadditionality: {deadweight: 2}\nshocks: []\n", "x.yaml");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.line() == 4);
    CHECK(e.column() == 29);
    CHECK(e.key() == "additionality.deadweight");
    CHECK(e.message() == "must be at least 0 and below 1, found 2");
  }
}

TEST_CASE("scenario spec: resolved on the toy model", "[scenario]") {
  const ScenarioSpec spec = read_scenario_spec(data + "/scenarios/toy-spend.yaml");
  const Model m = load_model(data + "/models/toy-2x2", ModelSettings{});
  const Scenario sc = resolve_scenario(spec, m, load_scenario_data(ModelSettings{}));
  CHECK(sc.years() == std::vector<int>{2024, 2025, 2026});
  REQUIRE(sc.shocks.size() == 3);
  CHECK(sc.shocks[0].amount == std::vector<double>{10, 10, 10});
  CHECK(sc.shocks[0].phase == std::vector<double>{0.5, 1, 1});
  CHECK(sc.shocks[0].additionality.deadweight == 0.2);
  CHECK(sc.shocks[0].profile_shares == std::vector<double>{0.25, 0.75});
  CHECK(sc.shocks[1].amount == std::vector<double>{0, 4, 0});
  CHECK(sc.shocks[1].to_weights == std::vector<double>{1, 0});
  CHECK(sc.shocks[1].from_weights == std::vector<double>{0, 1});
  CHECK(sc.shocks[2].region_mask == std::vector<bool>{true, false});
  CHECK(sc.shocks[2].phase == std::vector<double>{0, 0.5, 1});

  // An error found only against the model points at the place the spec recorded.
  const ScenarioSpec bad = read_scenario_spec_text(
      "name: t\nmodel: toy\nyears: [2024, 2026]\nprofiles: {p: {category: government, shares: {AGR: 1}}}\nshocks:\n  - {type: spend, label: s, regions: [N, Z], amount: 5, profile: p}\n",
      "bad.yaml");
  try {
    resolve_scenario(bad, m, load_scenario_data(ModelSettings{}));
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.file() == "bad.yaml");
    CHECK(e.line() == 6);
    CHECK(e.column() == 42);
    CHECK(e.key() == "shocks[0].regions[1]");
    CHECK(e.message().find("unknown region 'Z'") == 0);
  }
}

TEST_CASE("scenario spec: a sweep's set-then-resolve equals reading the value from YAML", "[scenario]") {
  const Model m = load_model(data + "/models/toy-2x2", ModelSettings{});
  const ScenarioData d = load_scenario_data(ModelSettings{});
  const std::string base = toy("", ", amount: 10");
  auto read = [&](const std::string& text) { return resolve_scenario(read_scenario_spec_text(text, "y.yaml"), m, d); };
  check_same(set_and_resolve(base, "shocks[0].amount", 25, m, d), read(toy("", ", amount: 25")));
  check_same(set_and_resolve(base, "additionality.deadweight", 0.3, m, d), read(toy("additionality: {deadweight: 0.3}\n", ", amount: 10")));
  check_same(set_and_resolve(base, "shocks[0].additionality.deadweight", 0.4, m, d),
             read(toy("", ", amount: 10, additionality: {deadweight: 0.4}")));
  check_same(set_and_resolve(base, "shocks[0].rd.leverage_lag", 3, m, d), read(toy("", ", amount: 10, rd: {leverage_lag: 3}")));
  check_same(set_and_resolve(toy("", ", amount: {2025: 4}"), "shocks[0].amount.2026", 7, m, d),
             read(toy("", ", amount: {2025: 4, 2026: 7}")));
  check_same(set_and_resolve(base, "baseline.growth", 0.01, m, d), read(toy("baseline: {growth: 0.01}\n", ", amount: 10")));

  // No place for the value: false with the reason; a value outside the limits: an InputError.
  ScenarioSpec spec = read_scenario_spec_text(base, "y.yaml");
  std::vector<long long> numbers;
  std::string why;
  const ScenarioInput* year = match_scenario_input("shocks[0].amount.2025", numbers, why);
  CHECK_FALSE(set_scenario_input(spec, *year, numbers, "shocks[0].amount.2025", 1, why));
  CHECK(why == "'amount' is a single value, not a map");
  const ScenarioInput* other = match_scenario_input("shocks[3].amount", numbers, why);
  CHECK_FALSE(set_scenario_input(spec, *other, numbers, "shocks[3].amount", 1, why));
  CHECK(why == "no item [3]");
  const ScenarioInput* dw = match_scenario_input("additionality.deadweight", numbers, why);
  CHECK_THROWS_AS(set_scenario_input(spec, *dw, numbers, "additionality.deadweight", 2, why), InputError);
}
