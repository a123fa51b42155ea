// The stages of a scenario run (model/projection) and the labelled array that carries results,
// against published or hand-computed answers.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

#include "devolve/build_config.hpp"
#include "devolve/labelled_array.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model_csv.hpp"
#include "devolve/regionalise.hpp"
#include "projection/appraisal.hpp"
#include "projection/decomposition.hpp"
#include "projection/impact.hpp"
#include "projection/rd_dynamics.hpp"
#include "projection/redirects.hpp"

using namespace devolve;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("LabelledArray: indexing, slices and sums by dimension name", "[labelled_array]") {
  // a(x, y) = 10 x + y over x = {a, b}, y = {2024, 2025, 2026}
  LabelledArray a({label_dimension("x", {"a", "b"}), integer_dimension("y", {2024, 2025, 2026})});
  REQUIRE(a.size() == 6);
  for (std::size_t x = 0; x < 2; ++x)
    for (std::size_t y = 0; y < 3; ++y) a(x, y) = 10.0 * double(x) + double(y);
  CHECK(a.values() == std::vector<double>{0, 1, 2, 10, 11, 12});  // row-major: y fastest
  CHECK(a.at({{"y", 2}, {"x", 1}}) == 12);
  CHECK(a.axis("y") == 1);
  CHECK(a.position("y", "2025") == 1);
  CHECK(a.dim("y").integer);
  CHECK_THROWS_AS(a.axis("z"), std::out_of_range);
  CHECK_THROWS_AS(a.at({{"x", 2}, {"y", 0}}), std::out_of_range);

  const LabelledArray sx = a.sum_over({"x"});  // (y): 0 + 10, 1 + 11, 2 + 12
  CHECK(sx.dim_names() == std::vector<std::string>{"y"});
  CHECK(sx.values() == std::vector<double>{10, 12, 14});
  const LabelledArray sy = a.sum_over({"y"});  // (x): 0 + 1 + 2, 10 + 11 + 12
  CHECK(sy.values() == std::vector<double>{3, 33});
  CHECK(a.sum_over({"x", "y"})() == 36);
  CHECK(a.select("x", 1).values() == std::vector<double>{10, 11, 12});
  CHECK(a.select("y", 2).values() == std::vector<double>{2, 12});
  CHECK(a.scaled_along("y", {1, 2, 3}).values() == std::vector<double>{0, 2, 6, 10, 22, 36});
  CHECK(a.weighted_sum_over("y", {1, 2, 3}).values() == std::vector<double>{8, 68});  // 0 + 2 + 6, 10 + 22 + 36
  CHECK(a.weighted_sum_over("x", {2, -1}).values() == std::vector<double>{-10, -9, -8});
  CHECK((a + a).values() == std::vector<double>{0, 2, 4, 20, 22, 24});
  CHECK_THROWS_AS(a + sx, std::invalid_argument);
  CHECK_THROWS_AS(LabelledArray({label_dimension("x", {"a"})}, std::vector<double>{1, 2}), std::invalid_argument);

  // A middle dimension summed out of a rank-3 array: b(i, j, k) = 100 i + 10 j + k.
  LabelledArray b({label_dimension("i", {"0", "1"}), label_dimension("j", {"0", "1", "2"}), label_dimension("k", {"0", "1"})});
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t j = 0; j < 3; ++j)
      for (std::size_t k = 0; k < 2; ++k) b(i, j, k) = 100.0 * double(i) + 10.0 * double(j) + double(k);
  const LabelledArray bj = b.sum_over({"j"});  // 3 (100 i + k) + 30
  CHECK(bj.values() == std::vector<double>{30, 33, 330, 333});
}

TEST_CASE("Green Book discount factors follow HM Treasury's declining schedule", "[appraisal]") {
  // HM Treasury, The Green Book (2022), Annex A6: 3.5% a year for years 0-30, 3.0% for 31-75,
  // 2.5% for 76-125, 2.0% for 126-200.
  using projection::green_book_discount_factor;
  CHECK(green_book_discount_factor(0) == 1.0);
  CHECK(green_book_discount_factor(-2) == 1.0);
  CHECK_THAT(green_book_discount_factor(1), WithinAbs(0.966184, 1e-6));   // 1/1.035
  CHECK_THAT(green_book_discount_factor(10), WithinAbs(0.708919, 1e-6));  // 1.035^-10
  const double y30 = std::pow(1.035, -30);
  CHECK_THAT(y30, WithinAbs(0.356278, 1e-6));
  CHECK_THAT(green_book_discount_factor(30), WithinRel(y30, 1e-13));
  CHECK_THAT(green_book_discount_factor(31), WithinRel(y30 / 1.03, 1e-13));
  const double y75 = y30 * std::pow(1.03, -45);
  CHECK_THAT(green_book_discount_factor(75), WithinRel(y75, 1e-13));
  CHECK_THAT(green_book_discount_factor(76), WithinRel(y75 / 1.025, 1e-13));
  const double y125 = y75 * std::pow(1.025, -50);
  CHECK_THAT(green_book_discount_factor(126), WithinRel(y125 / 1.02, 1e-13));
}

TEST_CASE("R&D: leveraged private R&D, the knowledge stock and its supply-side GVA", "[rd]") {
  RdDynamics rd;
  rd.enabled = true;
  rd.leverage = 0.5, rd.leverage_lag = 1, rd.depreciation = 0.1, rd.rate_of_return = 0.2, rd.return_lag = 1;
  rd.spillover_share = 0.25;
  // Two regions; public R&D of 100 in region 0 in years 0 and 1.
  const std::vector<Dimension> dims = {integer_dimension("year", {0, 1, 2, 3}), label_dimension("region", {"A", "B"})};
  const LabelledArray pub(dims, std::vector<double>{100, 0, 100, 0, 0, 0, 0, 0});
  LabelledArray priv(dims);
  for (std::size_t t = 0; t < 4; ++t)
    for (std::size_t r = 0; r < 2; ++r) priv(t, r) = projection::leveraged_private_rd(rd, pub, t, r);
  // Private R&D = 0.5 x public R&D one year before: 0, 50, 50, 0.
  CHECK(priv.values() == std::vector<double>{0, 0, 50, 0, 50, 0, 0, 0});

  // K_t = 0.9 K_{t-1} + public_t + private_t: 100; 90 + 100 + 50 = 240; 216 + 50 = 266; 239.4.
  std::vector<double> stock, gva_a(4, 0.0), gva_b(4, 0.0);
  rd_supply_side(rd, 4, {300, 100}, pub.values(), priv.values(), stock, [&](std::size_t t, std::size_t u, double g) {
    (u == 0 ? gva_a : gva_b)[t] += g;
  });
  REQUIRE(stock.size() == 8);
  CHECK_THAT(stock[0], WithinAbs(100, 1e-12));
  CHECK_THAT(stock[2], WithinAbs(240, 1e-12));
  CHECK_THAT(stock[4], WithinAbs(266, 1e-12));
  CHECK_THAT(stock[6], WithinAbs(239.4, 1e-12));
  CHECK(stock[1] == 0);
  // GVA_t = 0.2 K_{t-1}: 0, 20, 48, 53.2; 75% in region A, 25% spills to B (the only other region).
  const double yield[] = {0, 20, 48, 53.2};
  for (std::size_t t = 0; t < 4; ++t) {
    CHECK_THAT(gva_a[t], WithinAbs(0.75 * yield[t], 1e-12));
    CHECK_THAT(gva_b[t], WithinAbs(0.25 * yield[t], 1e-12));
  }
}

TEST_CASE("Decomposition: direct + indirect + induced is the Type II output (toy model)", "[decomposition]") {
  const Model m = read_model_csv(std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2");
  const std::size_t n = m.num_sectors();
  Matrix y(n, 2);
  y(0, 0) = 10;             // GBP 10m of demand for the first sector
  y(1, 1) = 4, y(3, 1) = -2;  // a mixed column
  const projection::Systems sys = projection::leontief_systems(m, Closure::type_ii);
  const projection::Decomposition dec = projection::decompose(sys, y);
  const Leontief t2(m, Closure::type_ii);
  Matrix y2(n + m.num_regions(), 2);
  for (std::size_t c = 0; c < 2; ++c)
    for (std::size_t j = 0; j < n; ++j) y2(j, c) = y(j, c);
  const Matrix x2 = t2.solve(y2);
  for (std::size_t c = 0; c < 2; ++c) {
    for (std::size_t j = 0; j < n; ++j) {
      CHECK(dec.direct(j, c) == y(j, c));
      CHECK_THAT(dec.direct(j, c) + dec.indirect(j, c) + dec.induced(j, c), WithinAbs(x2(j, c), 1e-9));
      // Type I output x1 = direct + indirect solves x1 - A x1 = y, with A = Z diag(x)^-1 from the table.
      double ax = 0;
      for (std::size_t i = 0; i < n; ++i) ax += m.z(j, i) / m.output[i] * (dec.direct(i, c) + dec.indirect(i, c));
      CHECK_THAT(dec.direct(j, c) + dec.indirect(j, c) - ax, WithinAbs(y(j, c), 1e-9));
    }
  }
  // Demand for the first sector induces more output everywhere through household spending.
  for (std::size_t j = 0; j < n; ++j) CHECK(dec.induced(j, 0) > 0);
  // Without a Type II system there is no induced effect.
  projection::Systems t1_only;
  t1_only.type_i.emplace(m, Closure::type_i);
  const projection::Decomposition d1 = projection::decompose(t1_only, y);
  for (std::size_t j = 0; j < n; ++j) CHECK(d1.induced(j, 0) == 0);
}

// A factored model's run solves Type I and borders and solves Type II on two threads
// (decompose_years without procurement): the same numbers, bit for bit, as the serial decompose.
TEST_CASE("Decomposition: a factored model's two closures on two threads equal the serial ones", "[decomposition]") {
  const BuildConfig c = read_build_config(std::string(DEVOLVE_TEST_DATA) + "/geographies/west-yorkshire.yaml");
  const Model m = regionalise(c, FlowForm::factored);
  REQUIRE(m.factored());
  const std::size_t n = m.num_sectors();
  projection::DemandColumns cols;
  cols.sources = {0};
  cols.years = 3;
  cols.y = Matrix(n, 3, 0.0);
  for (std::size_t j = 0; j < n; j += 5) cols.y(j, 0) = 1.0 + double(j % 11), cols.y(j, 2) = -0.5 * double(j % 3);
  cols.y(n - 1, 1) = 7.0;
  for (Closure headline : {Closure::type_i, Closure::type_ii}) {
    projection::Systems threaded;
    const projection::Decomposition got = projection::decompose_years(m, headline, threaded, cols, {});
    const projection::Systems serial = projection::leontief_systems(m, headline);
    const projection::Decomposition want = projection::decompose(serial, cols.y);
    REQUIRE(threaded.type_i);
    REQUIRE(threaded.type_ii);
    CHECK(threaded.type_ii_note == "yes");
    CHECK(threaded.solver == serial.solver);
    CHECK(threaded.type_ii->productive_by() == serial.type_ii->productive_by());
    std::size_t differ = 0;
    for (std::size_t k = 0; k < 3; ++k)
      for (std::size_t j = 0; j < n; ++j)
        differ += got.indirect(j, k) != want.indirect(j, k) || got.induced(j, k) != want.induced(j, k);
    CHECK(differ == 0);
    double induced = 0;
    for (std::size_t j = 0; j < n; ++j) induced += got.induced(j, 0);
    CHECK(induced > 0);
  }
}

TEST_CASE("Appraisal: totals, cumulative values and present values computed once", "[appraisal]") {
  ScenarioResults res;
  res.measures = {"output", "gva"};
  const Dimension component = label_dimension("component", res.components), measure = label_dimension("measure", res.measures),
                  year = integer_dimension("year", {2025, 2026}), region = label_dimension("region", {"N", "S"}),
                  industry = label_dimension("industry", {"A", "B"});
  res.impact = LabelledArray({component, measure, year, region, industry});
  res.baseline = LabelledArray({measure, year, region}, 100.0);
  res.discount_factor = LabelledArray({year}, std::vector<double>{1.0, 1.0 / 1.035});
  // GVA in N: 10 direct in industry A in both years; 4 supply-side in industry B in 2026.
  res.impact(std::size_t(projection::direct), 1, 0, 0, 0) = 10;
  res.impact(std::size_t(projection::direct), 1, 1, 0, 0) = 10;
  res.impact(std::size_t(projection::supply_side), 1, 1, 0, 1) = 4;
  projection::appraise(res);
  CHECK(res.total.dim_names() == std::vector<std::string>{"measure", "year", "region", "industry"});
  CHECK(res.by_region(1, 0, 0) == 10);
  CHECK(res.by_region(1, 1, 0) == 14);
  CHECK(res.by_region(1, 1, 1) == 0);
  CHECK(res.cumulative_by_region(1, 0) == 24);
  CHECK(res.scenario_by_region(1, 1, 0) == 114);
  CHECK_THAT(res.present_value(1, 0), WithinRel(10 + 14 / 1.035, 1e-15));
  CHECK_THAT(res.present_value_supply_side_gva(0), WithinRel(4 / 1.035, 1e-15));
  CHECK(res.present_value_supply_side_gva(1) == 0);
  CHECK(res.present_value(0, 0) == 0);
}

TEST_CASE("Redirect terms: the midpoint split adds up to recipients less donors (hand-computed)", "[redirect]") {
  // Per GBP 1 moved: recipients make 1.5 of Type I output and 2.0 in all, with 0.4 of the measure;
  // donors 1.2, 1.8 and 0.3. rho_P = 0.2, rho_N = 1/6, their mean 11/60.
  const projection::RedirectSide p{1.5, 2.0, 0.4}, n{1.2, 1.8, 0.3};
  const auto t = projection::redirect_terms(p, n);
  CHECK_THAT(t[0], WithinAbs(0.3 * 11.0 / 60.0, 1e-15));             // import leakage: 0.055
  CHECK_THAT(t[1], WithinAbs(-0.1 * 11.0 / 60.0, 1e-15));            // household spending: 0.5 - 0.6 induced
  CHECK_THAT(t[2], WithinAbs(1.9 * (0.2 - 1.0 / 6.0), 1e-15));       // productivity: 0.06333
  CHECK_THAT(t[0] + t[1] + t[2], WithinAbs(0.4 - 0.3, 1e-15));
  // Output measured by output: rho = 1 on both sides, so no productivity term.
  const auto o = projection::redirect_terms({1.5, 2.0, 2.0}, {1.2, 1.8, 1.8});
  CHECK(o[2] == 0.0);
  CHECK_THAT(o[0] + o[1], WithinAbs(0.2, 1e-15));
  // A side with no output takes the other side's rho: the whole total is the output difference.
  const auto z = projection::redirect_terms({0, 0, 0}, {1.2, 1.8, 0.3});
  CHECK(z[2] == 0.0);
  CHECK_THAT(z[0] + z[1], WithinAbs(-0.3, 1e-15));
}
