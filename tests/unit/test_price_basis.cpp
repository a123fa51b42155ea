// Price conversion (docs/methodology.md, "Prices") against the published values it is built from,
// and the event and price keys read into a spec and set by a sweep.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "devolve/scenario_inputs.hpp"
#include "devolve/scenario_spec.hpp"
#include "scenario/price_basis.hpp"

using namespace devolve;

namespace {

const std::string shipped = std::string(DEVOLVE_TEST_DATA) + "/../../data";

}  // namespace

TEST_CASE("prices: the ONS GDP deflator YBGB as published, extended only at a stated rate", "[prices]") {
  const DeflatorSeries d = read_gdp_deflator(shipped);
  std::string why;
  CHECK(deflator_of(d, 2019, false, 0, why) == 84.3);  // ONS YBGB, 2023 = 100 (deflators_uk/PROVENANCE.md)
  CHECK(deflator_of(d, 2022, false, 0, why) == 94.0);
  CHECK(deflator_of(d, 2023, false, 0, why) == 100.0);
  CHECK(why.empty());
  CHECK(deflator_of(d, 2027, true, 0.02, why) == Approx(107.8 * 1.02 * 1.02).epsilon(1e-15));
  deflator_of(d, 2027, false, 0, why);
  CHECK(why.find("give deflator_growth") != std::string::npos);
  deflator_of(d, 1900, true, 0.02, why);
  CHECK(why == "the GDP deflator (ONS YBGB) is published for 1948-2025, not 1900");
}

TEST_CASE("prices: purchasers' to basic prices of a final-demand column of the UK IOAT 2022", "[prices]") {
  std::string why;
  // Households: domestic 1,093,039 + imports 299,513 over that plus product taxes 142,192 (GBP m).
  CHECK(purchasers_to_basic(shipped, FinalDemandRole::households, why) == Approx(1392552.0 / 1534744.0).epsilon(1e-15));
  CHECK(purchasers_to_basic(shipped, FinalDemandRole::government, why) == 1.0);  // no product taxes
  CHECK(why.empty());
}

TEST_CASE("prices and events: read into the spec, set by a sweep through the table of inputs", "[prices][events]") {
  const std::string text =
      "name: t\nmodel: toy\nyears: [2024, 2026]\nprice_basis: [cash, purchasers]\ndeflator_growth: 0.02\nshocks:\n"
      "  - {type: employment, label: e, regions: N, industry: AGR, jobs: {2025: 10}}\n"
      "  - {type: labour_income, label: l, regions: N, uplift: 0.05}\n";
  ScenarioSpec spec = read_scenario_spec_text(text, "t.yaml");
  CHECK(spec.price.money.value == "cash");
  CHECK(spec.price.valuation.value == "purchasers");
  CHECK_FALSE(spec.price.price_year.given);
  CHECK(spec.price.deflator_growth.value == 0.02);
  CHECK(spec.shocks[0].industry.value == "AGR");
  CHECK(spec.shocks[0].amount.by_year.at(2025).value == 10);
  CHECK(spec.shocks[1].uplift.value == 0.05);
  std::vector<long long> n;
  std::string why;
  const ScenarioInput* in = match_scenario_input("shocks[0].jobs.2026", n, why);
  REQUIRE(in);
  CHECK(set_scenario_input(spec, *in, n, "shocks[0].jobs.2026", 20, why));
  CHECK(spec.shocks[0].amount.by_year.at(2026).value == 20);
  in = match_scenario_input("shocks[1].pay", n, why);
  CHECK_FALSE(set_scenario_input(spec, *in, n, "shocks[1].pay", 20, why));
  CHECK(why == "it gives uplift, not pay");
  in = match_scenario_input("shocks[0].uplift", n, why);
  CHECK_FALSE(set_scenario_input(spec, *in, n, "shocks[0].uplift", 0.1, why));
  CHECK(why == "a employment shock has no uplift");
}
