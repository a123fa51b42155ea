// Local procurement's changes of the table (model/projection/procurement.cpp; docs/scenarios.md,
// "local_procurement", and docs/methodology.md, "Local procurement") against hand computations on a
// toy table of 3 regions x 2 industries: two shocks on one buying column in one year, the second
// moving what the first left; and the first-round change in sales (procurement_direct) of a shock
// whose suppliers are one industry.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "devolve/scenario.hpp"
#include "projection/procurement.hpp"
#include "support.hpp"

using namespace devolve;
using Catch::Matchers::WithinAbs;

namespace {

// Regions R1..R3 of industries S1, S2 (sector r * 2 + i). Column 1, (R1, S2), buys 30 of its 60 of
// S1 and 60 of its 70 of S2 from R1 itself: for S2 the cap T - O binds at a share increase of 0.2
// (0.2 T = 14 > T - O = 10).
Model toy() {
  const test::Rows z = {
      {8, 30, 4, 6, 2, 3},   // R1 S1
      {5, 60, 3, 2, 1, 4},   // R1 S2
      {3, 10, 9, 12, 2, 2},  // R2 S1
      {2, 5, 6, 15, 3, 1},   // R2 S2
      {1, 20, 2, 4, 10, 9},  // R3 S1
      {4, 5, 1, 3, 6, 14},   // R3 S2
  };
  Model m = test::from_published(z, {60, 250, 70, 90, 50, 80}, 3);
  m.base_year = 2023;
  return m;
}

Scenario scenario(const Model& m, const std::string& shocks, const std::string& more = "") {
  Model given = m;
  return read_scenario_text("name: t\nmodel: toy\nyears: [2024, 2025]\n" + more + "shocks:\n" + shocks, "t.yaml",
                            ModelSettings{}, given, true);
}

// The documented move of one shock on column c (region r) of z, in place: for each supplying
// industry i with T the column's purchases of i and O those from r, moved = min(s T, T - O), added
// to r's supplier and taken from the others pro rata to what each supplied.
void move_by_hand(const Model& m, Matrix& z, std::size_t c, std::size_t r, double s, const std::vector<bool>& suppliers) {
  for (std::size_t i = 0; i < m.num_industries(); ++i) {
    if (!suppliers[i]) continue;
    double total = 0;
    for (std::size_t u = 0; u < m.num_regions(); ++u) total += z(m.sector(u, i), c);
    const double own = z(m.sector(r, i), c), others = total - own;
    if (total <= 0 || others <= 0) continue;
    const double moved = std::min(s * total, others);
    for (std::size_t u = 0; u < m.num_regions(); ++u)
      if (u != r) z(m.sector(u, i), c) -= moved * z(m.sector(u, i), c) / others;
    z(m.sector(r, i), c) = own + moved;
  }
}

}  // namespace

TEST_CASE("local procurement: two shocks on one buying column compose, the second on the table the first left",
          "[procurement]") {
  const Model m = toy();
  // All suppliers at 0.2, then all at 0.1, both on column (R1, S2).
  const std::string a = "  - {type: local_procurement, label: a, regions: R1, buyers: [S2], share_increase: 0.2}\n";
  const std::string b = "  - {type: local_procurement, label: b, regions: R1, buyers: [S2], share_increase: 0.1}\n";
  const Scenario sc = scenario(m, a + b);
  REQUIRE(sc.shocks[0].phase[0] == 1.0);
  REQUIRE(sc.shocks[1].phase[0] == 1.0);
  REQUIRE(sc.shocks[0].additionality.factor() == 1.0);
  const projection::ProcurementYear py = projection::procurement_year(sc, m, 0);
  REQUIRE(py.any());
  const auto& moves = py.moves();
  REQUIRE(moves.size() == 2);
  // Shock a moves 0.2 x 60 = 12 of S1 (of 30 elsewhere) and S2 up to the cap, all 10 bought
  // elsewhere. Shock b finds S1's purchases at 42 from R1 and 18 elsewhere and moves 0.1 x 60 = 6;
  // it finds none of S2 bought elsewhere, and moves none.
  REQUIRE(moves[0].size() == 2);
  REQUIRE(moves[1].size() == 1);
  CHECK(moves[0][0].col == 1);
  CHECK(moves[0][0].moved == Approx(12).epsilon(1e-15));
  CHECK(moves[0][1].moved == Approx(10).epsilon(1e-15));
  CHECK(moves[1][0].industry == 0);
  CHECK(moves[1][0].moved == Approx(6).epsilon(1e-15));
  CHECK(moves[1][0].others == Approx(18).epsilon(1e-15));

  Matrix by_hand = m.z;
  move_by_hand(m, by_hand, 1, 0, 0.2, {true, true});
  move_by_hand(m, by_hand, 1, 0, 0.1, {true, true});
  Matrix z = m.z;
  projection::apply_procurement(m, py, z);
  double total = 0, base_total = 0;
  for (std::size_t i = 0; i < m.num_sectors(); ++i) {
    for (std::size_t j = 0; j < m.num_sectors(); ++j) CHECK_THAT(z(i, j), WithinAbs(by_hand(i, j), 1e-12));
    total += z(i, 1), base_total += m.z(i, 1);
  }
  CHECK_THAT(total, WithinAbs(base_total, 1e-12));  // the column keeps its total
  // In numbers: R1's S1 from 30 to 42 to 48, R2's (10) and R3's (20) losing 12 and then 6 pro rata
  // (to 4 and 8); R1's S2 from 60 to 70, R2's and R3's (5 each) to 0.
  CHECK_THAT(z(0, 1), WithinAbs(48, 1e-12));
  CHECK_THAT(z(2, 1), WithinAbs(4, 1e-12));
  CHECK_THAT(z(4, 1), WithinAbs(8, 1e-12));
  CHECK_THAT(z(1, 1), WithinAbs(70, 1e-12));
  CHECK_THAT(z(3, 1), WithinAbs(0, 1e-12));
  CHECK_THAT(z(5, 1), WithinAbs(0, 1e-12));

  // Moves pro rata keep the others' proportions, so without additionality the total moved is
  // min((0.2 + 0.1) T, T - O) in either order: the other file order gives the same table, by other
  // moves (b first moves 7 of S2, a then the 3 left).
  const projection::ProcurementYear swapped = projection::procurement_year(scenario(m, b + a), m, 0);
  REQUIRE(swapped.moves()[0].size() == 2);
  CHECK(swapped.moves()[0][1].moved == Approx(7).epsilon(1e-15));
  CHECK(swapped.moves()[1][1].moved == Approx(3).epsilon(1e-14));
  Matrix z2 = m.z;
  projection::apply_procurement(m, swapped, z2);
  for (std::size_t i = 0; i < m.num_sectors(); ++i) CHECK_THAT(z2(i, 1), WithinAbs(z(i, 1), 1e-12));
}

TEST_CASE("local procurement: procurement_direct of a shock whose suppliers are one industry, by hand", "[procurement]") {
  const Model m = toy();
  // R2's S1 column (sector 2) buys more S2 from R2: 0.3 at half phase in 2025, additionality 0.8;
  // R2 grows 5% a year (x_t = x 1.05^2 in 2025, base year 2023).
  const Scenario sc = scenario(m,
                               "  - {type: local_procurement, label: p, regions: R2, buyers: [S1], suppliers: [S2], "
                               "share_increase: 0.3, phasing: [1, 0.5], additionality: {deadweight: 0.2}}\n",
                               "baseline: {growth: {R2: 0.05}}\n");
  REQUIRE(sc.shocks[0].phase[1] == 0.5);
  REQUIRE(sc.shocks[0].additionality.factor() == Approx(0.8).epsilon(1e-15));
  const projection::ProcurementYear py = projection::procurement_year(sc, m, 1);
  REQUIRE(py.moves()[0].size() == 1);
  Matrix y(m.num_sectors(), 2, 0.0);
  std::vector<std::vector<double>> moved(1, std::vector<double>(m.num_regions(), 0.0));
  projection::procurement_direct(sc, m, py, 0, {1}, y, {1}, moved);
  // Column 2's S2: T = 3 + 6 + 1 = 10, O = 6, moved = min(0.15 x 10, 4) x 0.8 = 1.2, taken 3/4 from
  // R1's S2 and 1/4 from R3's. dA = dZ / 70, times x_t = 70 x 1.05^2: the moves themselves, scaled.
  const double g = 1.05 * 1.05;
  const std::vector<double> expect = {0, -0.9 * g, 0, 1.2 * g, 0, -0.3 * g};
  for (std::size_t i = 0; i < m.num_sectors(); ++i) {
    CHECK_THAT(y(i, 1), WithinAbs(expect[i], 1e-12));
    CHECK(y(i, 0) == 0.0);  // other columns untouched
  }
  double sum = 0;
  for (std::size_t i = 0; i < m.num_sectors(); ++i) sum += y(i, 1);
  CHECK_THAT(sum, WithinAbs(0, 1e-12));  // zero-sum before multiplier effects
  // What R2's own suppliers gained, at the year's output; no other region's.
  CHECK_THAT(moved[0][1], WithinAbs(1.2 * g, 1e-12));
  CHECK(moved[0][0] == 0.0);
  CHECK(moved[0][2] == 0.0);
  // The other industry (S1) and the other columns of R2 and elsewhere: no move.
  const auto& mv = py.moves()[0][0];
  CHECK(mv.col == 2);
  CHECK(mv.industry == 1);
}
