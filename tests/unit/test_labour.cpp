// Who gets the jobs (docs/methodology.md, section 12): jobs by place of residence add up to jobs by
// workplace; the labour-supply account and the measures beyond GVA against hand computation.
#include <catch2/catch.hpp>

#include <cmath>

#include "devolve/model_cache.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"
#include "projection/beyond_gva.hpp"
#include "projection/labour_supply.hpp"
#include "projection/residence.hpp"

using namespace devolve;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

const Dimension years = integer_dimension("year", {2025, 2026, 2027});
const Dimension regions = label_dimension("region", {"A", "B", "C"});

// Results whose by_region holds jobs, gva and income changes (jobs first) for three regions.
ScenarioResults workplace_results() {
  ScenarioResults res;
  res.measures = {"jobs", "gva", "income"};
  res.measure_units = {"jobs", "GBP million", "GBP million"};
  res.by_region = LabelledArray({label_dimension("measure", res.measures), years, regions});
  const double v[3][3] = {{1200, -300, 50}, {800, 0, 4000}, {15.5, -2.25, 0.5}};
  for (std::size_t k = 0; k < 3; ++k)
    for (std::size_t t = 0; t < 3; ++t)
      for (std::size_t r = 0; r < 3; ++r) res.by_region(k, t, r) = v[t][r] * double(k + 1);
  return res;
}

// Three regions; M(r, w) the share of workplace w's workers living in r (columns sum to 1).
Model commuting_model() {
  Model m;
  m.id = "three";
  m.regions = {{"A", "A"}, {"B", "B"}, {"C", "C"}};
  m.residence_share = Matrix(3, 3);
  const double M[3][3] = {{0.8, 0.1, 0.0}, {0.15, 0.9, 0.3}, {0.05, 0.0, 0.7}};
  for (std::size_t r = 0; r < 3; ++r)
    for (std::size_t w = 0; w < 3; ++w) m.residence_share(r, w) = M[r][w];
  m.household_gdhi = {1, 1, 1};
  m.household_gross_income = {1, 1, 1};
  return m;
}

// Base labour market: E, U, A aged 16+, P and I aged 16-64 (persons).
Scenario labour_scenario(double unemployed, double inactive, double in_commuting, double in_migration, double displacement) {
  Scenario sc;
  LabourSupply& l = sc.labour;
  l.unemployed = unemployed, l.inactive = inactive, l.in_commuting = in_commuting, l.in_migration = in_migration;
  l.displacement = displacement;
  l.employed = {70000, 300000, 50000};
  l.unemployed_level = {5000, 12000, 1000};
  l.active = {75000, 312000, 51000};
  l.population_16_64 = {100000, 400000, 60000};
  l.inactive_16_64 = {25000, 88000, 9500};
  l.inactive_wanting_work = 0.2;
  return sc;
}

}  // namespace

TEST_CASE("Who gets the jobs: residence jobs, FTE and income add up to workplace ones every year", "[labour]") {
  const Model m = commuting_model();
  ScenarioResults res = workplace_results();
  projection::by_place_of_residence(m, res);
  REQUIRE(res.place_measures == std::vector<std::string>{"jobs", "income"});  // the model's gva is not a place measure
  for (std::size_t q = 0; q < 2; ++q)
    for (std::size_t t = 0; t < 3; ++t) {
      double work = 0, home = 0;
      for (std::size_t r = 0; r < 3; ++r) work += res.by_place(0u, q, t, r), home += res.by_place(1u, q, t, r);
      CHECK_THAT(home, WithinRel(work, 1e-14));
    }
  // Hand computation, 2025 jobs: workplace (1200, -300, 50); residents of B: 0.15 x 1200 + 0.9 x -300 + 0.3 x 50.
  CHECK_THAT(res.by_place(1u, 0u, 0u, 1u), WithinAbs(0.15 * 1200 - 0.9 * 300 + 0.3 * 50, 1e-9));
  CHECK_THAT(res.by_place(1u, 1u, 2u, 0u), WithinAbs(3 * (0.8 * 15.5 - 0.1 * 2.25), 1e-12));  // income 2027, A
  CHECK(res.by_place(0u, 1u, 1u, 2u) == 3 * 4000.0);
  // Without a household account, residence = workplace.
  Model plain = m;
  plain.household_gross_income.clear();
  ScenarioResults same = workplace_results();
  projection::by_place_of_residence(plain, same);
  CHECK(same.by_place.select("basis", 0).values() == same.by_place.select("basis", 1).values());
}

TEST_CASE("Labour supply: all from unemployment moves unemployment by the residence jobs change", "[labour]") {
  ScenarioResults res = workplace_results();
  projection::by_place_of_residence(commuting_model(), res);
  const Scenario sc = labour_scenario(1, 0, 0, 0, 0);
  projection::labour_supply_account(sc, res);
  const LabourSupply& l = sc.labour;
  for (std::size_t t = 0; t < 3; ++t)
    for (std::size_t r = 0; r < 3; ++r) {
      const double dE = res.by_place(1u, 0u, t, r);
      CHECK(res.labour_supply(0u, t, r) == dE);  // from the unemployed: all of it
      for (std::size_t x = 1; x < 5; ++x) CHECK(res.labour_supply(x, t, r) == 0.0);
      // unemployed U - dE over an unchanged labour force; employed E + dE over an unchanged population
      const double U = l.unemployed_level[r], A = l.active[r];
      CHECK_THAT(res.labour_rates(1u, 1u, t, r) - res.labour_rates(1u, 0u, t, r), WithinAbs(-100.0 * dE / A, 1e-12));
      CHECK_THAT(res.labour_rates(1u, 1u, t, r) * A / 100.0, WithinRel(U - dE, 1e-12));
      CHECK_THAT(res.labour_rates(0u, 1u, t, r) - res.labour_rates(0u, 0u, t, r),
                 WithinAbs(100.0 * dE / l.population_16_64[r], 1e-12));
    }
}

TEST_CASE("Labour supply: shares, rates by hand, and the reserve flag", "[labour]") {
  ScenarioResults res = workplace_results();
  projection::by_place_of_residence(commuting_model(), res);
  // weights 1 : 1 : 0 : 2 after a displacement of 0.2: shares 0.2, 0.2, 0, 0.4, 0.2
  const Scenario sc = labour_scenario(1, 1, 0, 2, 0.2);
  const auto s = sc.labour.shares();
  CHECK_THAT(s[0], WithinAbs(0.2, 1e-15));
  CHECK_THAT(s[3], WithinAbs(0.4, 1e-15));
  CHECK_THAT(s[0] + s[1] + s[2] + s[3] + s[4], WithinAbs(1.0, 1e-15));
  projection::labour_supply_account(sc, res);
  // 2026, region B: residence jobs 0.15 x 800 + 0.9 x 0 + 0.3 x 4000 = 1320
  const double dE = 0.15 * 800 + 0.3 * 4000;
  REQUIRE_THAT(res.by_place(1u, 0u, 1u, 1u), WithinRel(dE, 1e-14));
  CHECK_THAT(res.labour_supply(3u, 1u, 1u), WithinRel(0.4 * dE, 1e-14));
  // employment rate: (300000 + 0.8 dE) / (400000 + 0.4 dE); unemployment: (12000 - 0.2 dE) / (312000 + 0.6 dE)
  CHECK_THAT(res.labour_rates(0u, 1u, 1u, 1u), WithinRel(100.0 * (300000 + 0.8 * dE) / (400000 + 0.4 * dE), 1e-14));
  CHECK_THAT(res.labour_rates(1u, 1u, 1u, 1u), WithinRel(100.0 * (12000 - 0.2 * dE) / (312000 + 0.6 * dE), 1e-14));
  CHECK(res.labour_rates(0u, 0u, 1u, 1u) == 75.0);
  // Reserve: U + 0.2 I. Region C (1000 + 0.2 x 9500 = 2900) gets 0.05 x 800 + 0.7 x 4000 = 2840
  // residence jobs in 2026: within its reserve; region B's 1320 within 12000 + 17600.
  CHECK_THAT(res.labour_reserve(2u), WithinRel(2900.0, 1e-15));
  CHECK_THAT(res.labour_reserve(1u), WithinRel(29600.0, 1e-15));
  CHECK(res.labour_reserve_exceeded(1u, 2u) == 0.0);
  CHECK(res.labour_reserve_exceeded(1u, 1u) == 0.0);
  // A scenario built to exceed it: 100 more resident jobs in C (100 / 0.7 more in its workplaces): 2940 > 2900.
  ScenarioResults more = workplace_results();
  more.by_region(0u, 1u, 2u) = 4000 + 100 / 0.7;
  projection::by_place_of_residence(commuting_model(), more);
  projection::labour_supply_account(sc, more);
  CHECK(more.labour_reserve_exceeded(1u, 2u) == 1.0);
  CHECK(more.labour_reserve_exceeded(1u, 1u) == 0.0);
  // Without base levels: flows still, rates and flag NaN.
  Scenario bare = sc;
  bare.labour.employed.clear();
  projection::labour_supply_account(bare, more);
  CHECK(std::isnan(more.labour_rates(0u, 0u, 0u, 0u)));
  CHECK(std::isnan(more.labour_reserve_exceeded(1u, 2u)));
  CHECK(more.labour_supply(0u, 1u, 2u) != 0.0);
}

TEST_CASE("Measures beyond GVA match a hand computation on the toy model", "[labour][beyond_gva]") {
  Model m = load_model(std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2", ModelSettings{});
  REQUIRE(m.num_sectors() == 4);
  // FTE by sector (N/AGR, N/MAN, S/AGR, S/MAN), with S renamed as a London area: compensation per
  // FTE 30e6/2000 = 15,000, 45e6/1000 = 45,000, 35e6/1700 = 20,588.24, 70e6/3000 = 23,333.33.
  m.regions[1].code = "TLI3";
  m.indicators.push_back({"fte", "FTE", "FTE", "hand-made"});
  Matrix totals(2, 4);
  const double fte[4] = {2000, 1000, 1700, 3000};
  for (std::size_t j = 0; j < 4; ++j) totals(0, j) = m.indicator_totals(0, j), totals(1, j) = fte[j];
  m.indicator_totals = totals;
  m.household_gdhi = {700, 1400};
  m.household_gross_income = {1000, 2000};

  ScenarioResults res;
  res.years = {2025};
  res.measures = {"gva", "income", "jobs", "ghg"};
  res.measure_units = {"GBP million", "GBP million", "jobs", "kt CO2e"};
  const Dimension year = integer_dimension("year", {2025}), region = label_dimension("region", {"N", "TLI3"}),
                  measure = label_dimension("measure", res.measures), industry = label_dimension("industry", {"AGR", "MAN"});
  res.baseline = LabelledArray({measure, year, region}, std::vector<double>{100, 200, 60, 90, 1000, 3000, 10, 12});
  res.by_region = LabelledArray({measure, year, region}, std::vector<double>{4, 2, 3, 1, 40, 8, 0.5, 0.1});
  res.scenario_by_region = res.baseline + res.by_region;
  res.total = LabelledArray({measure, year, region, industry});
  res.total(2u, 0u, 0u, 0u) = 30, res.total(2u, 0u, 0u, 1u) = 10;  // N: AGR, MAN jobs
  res.total(2u, 0u, 1u, 0u) = 6, res.total(2u, 0u, 1u, 1u) = 2;    // TLI3
  res.place_measures = {"jobs", "income"};
  res.by_place = LabelledArray({label_dimension("basis", {"workplace", "residence"}),
                                label_dimension("place_measure", res.place_measures), year, region});
  res.by_place(1u, 1u, 0u, 0u) = 50, res.by_place(1u, 1u, 0u, 1u) = 20;  // residents' income change
  projection::beyond_gva_measures(Scenario{}, m, res);

  // Low pay: below GBP 9.90 x 1950 = 19,305 (N), GBP 11.05 x 1950 = 21,547.50 (London).
  CHECK_THAT(res.compensation_per_fte(1u, 0u), WithinRel(35e6 / 1700, 1e-14));
  CHECK(res.low_pay_industry.values() == std::vector<double>{1, 0, 1, 0});
  CHECK_THAT(res.new_jobs_low_pay_share(0u, 0u), WithinAbs(30.0 / 40.0, 1e-15));
  CHECK_THAT(res.new_jobs_low_pay_share(0u, 1u), WithinAbs(6.0 / 8.0, 1e-15));
  // GDHI per head: N 700e6 / 2e6 = 350, plus 50 x 700/1000 of income: 367.5; TLI3 1400/3, (1400 + 14)/3.
  CHECK_THAT(res.beyond_gva(0u, 0u, 0u, 0u), WithinRel(350.0, 1e-14));
  CHECK_THAT(res.beyond_gva(0u, 1u, 0u, 0u), WithinRel(367.5, 1e-14));
  CHECK_THAT(res.beyond_gva(0u, 1u, 0u, 1u), WithinRel(1414.0 / 3.0, 1e-14));
  CHECK(std::isnan(res.beyond_gva(1u, 1u, 0u, 0u)));  // no labour account here
  // Jobs per 1,000 residents: 1000 / 2000 (thousands), then 1040 / 2000; TLI3 3008 / 3000.
  CHECK_THAT(res.beyond_gva(2u, 0u, 0u, 0u), WithinRel(0.5, 1e-14));
  CHECK_THAT(res.beyond_gva(2u, 1u, 0u, 0u), WithinRel(0.52, 1e-14));
  CHECK_THAT(res.beyond_gva(2u, 1u, 0u, 1u), WithinRel(3008.0 / 3000.0, 1e-14));
  // GHG per head (t): 10.5 kt / 2e6 people; per GBP million GVA: 10,000 t / 100, then 10,500 / 104.
  CHECK_THAT(res.beyond_gva(3u, 1u, 0u, 0u), WithinRel(10500.0 / 2e6, 1e-14));
  CHECK_THAT(res.beyond_gva(4u, 0u, 0u, 0u), WithinRel(100.0, 1e-14));
  CHECK_THAT(res.beyond_gva(4u, 1u, 0u, 0u), WithinRel(10500.0 / 104.0, 1e-14));
  CHECK_THAT(res.beyond_gva(4u, 1u, 0u, 1u), WithinRel(12100.0 / 202.0, 1e-14));

  // Gaps (indicator, case, year, region / spread). GDHI per head, baseline: the value of both regions
  // together is (700 + 1400)e6 / (2e6 + 3e6) = 420, the ratio of the totals; N 350 - 420 = -70,
  // TLI3 1400/3 - 420 = 46.67; max - min 1400/3 - 350; coefficient of variation
  // sqrt((2e6 x 70^2 + 3e6 x 46.67^2) / 5e6) / 420 = sqrt(3266.67) / 420 = 0.13608.
  const double up = 1400.0 / 3.0 - 420.0;
  CHECK_THAT(res.beyond_gva_spread(0u, 0u, 0u, 0u), WithinRel(420.0, 1e-14));
  CHECK_THAT(res.beyond_gva_gap(0u, 0u, 0u, 0u), WithinRel(-70.0, 1e-13));
  CHECK_THAT(res.beyond_gva_gap(0u, 0u, 0u, 1u), WithinRel(up, 1e-13));
  CHECK_THAT(res.beyond_gva_spread(0u, 0u, 0u, 1u), WithinRel(1400.0 / 3.0 - 350.0, 1e-13));
  CHECK_THAT(res.beyond_gva_spread(0u, 0u, 0u, 2u), WithinRel(std::sqrt((2 * 70.0 * 70.0 + 3 * up * up) / 5) / 420.0, 1e-13));
  CHECK_THAT(res.beyond_gva_spread(0u, 0u, 0u, 2u), WithinAbs(0.13608, 1e-5));
  // GHG per GBP million GVA, scenario, weighted by GVA: (10,500 + 12,100) t / (104 + 202) = 73.856.
  CHECK_THAT(res.beyond_gva_spread(4u, 1u, 0u, 0u), WithinRel(22600.0 / 306.0, 1e-14));
  CHECK_THAT(res.beyond_gva_gap(4u, 1u, 0u, 0u), WithinRel(10500.0 / 104.0 - 22600.0 / 306.0, 1e-13));
  // The gaps sum to zero with the weights (population here): 2e6 x (-70) + 3e6 x 46.67 = 0.
  CHECK_THAT(2 * res.beyond_gva_gap(2u, 1u, 0u, 0u) + 3 * res.beyond_gva_gap(2u, 1u, 0u, 1u), WithinAbs(0.0, 1e-12));
  // No labour account: the employment rate has no gaps.
  CHECK(std::isnan(res.beyond_gva_spread(1u, 1u, 0u, 0u)));
  CHECK(std::isnan(res.beyond_gva_gap(1u, 0u, 0u, 1u)));
}
