// Type II: a hand-checked closed model, derived in full below.
#include <limits>
#include <catch2/catch.hpp>

#include "devolve/error.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model_check.hpp"
#include "devolve/multipliers.hpp"

using namespace devolve;
using Catch::Matchers::WithinAbs;

namespace {

// Miller and Blair's two-sector flows (Z = [[150, 500], [200, 100]], x = [1000, 2000]) with a
// household sector added by hand: compensation [300, 500] (income W = 800), household consumption
// [100, 200], other final demand [250, 1500], other value added [350, 900]. Rows and columns balance.
Model closed_example() {
  Model m;
  m.id = "hand-type-ii";
  m.regions = {{"R", "Region"}};
  m.industries = {{"S1", "Sector 1"}, {"S2", "Sector 2"}};
  m.final_demand_categories = {{"HH", "Households", FinalDemandRole::households}, {"OTH", "Other", FinalDemandRole::other}};
  m.primary_inputs = {{"COE", "Compensation", PrimaryRole::compensation}, {"OVA", "Other value added", PrimaryRole::surplus}};
  m.z = Matrix(2, 2);
  m.z(0, 0) = 150, m.z(0, 1) = 500, m.z(1, 0) = 200, m.z(1, 1) = 100;
  m.output = {1000, 2000};
  m.final_demand = Matrix(2, 2);
  m.final_demand(0, 0) = 100, m.final_demand(1, 0) = 200, m.final_demand(0, 1) = 250, m.final_demand(1, 1) = 1500;
  m.primary = Matrix(2, 2);
  m.primary(0, 0) = 300, m.primary(0, 1) = 500, m.primary(1, 0) = 350, m.primary(1, 1) = 900;
  m.indicator_totals = Matrix(0, 2);
  return m;
}

}  // namespace

TEST_CASE("Type II: hand-checked closed two-sector model", "[type_ii]") {
  const Model m = closed_example();
  REQUIRE(check_model(m).empty());

  // Household row h = compensation / x = [0.3, 0.25]; column c = consumption / W = [0.125, 0.25].
  const HouseholdClosure h = household_closure(m);
  CHECK_THAT(h.row(0, 0), WithinAbs(0.3, 1e-15));
  CHECK_THAT(h.row(0, 1), WithinAbs(0.25, 1e-15));
  CHECK_THAT(h.col(0, 0), WithinAbs(0.125, 1e-15));
  CHECK_THAT(h.col(1, 0), WithinAbs(0.25, 1e-15));

  // I - Abar = [[0.85, -0.25, -0.125], [-0.2, 0.95, -0.25], [-0.3, -0.25, 1]], det = 0.64375 = 103/160.
  // Cofactors: C11 = 0.8875, C12 = 0.275, C13 = 0.335, C21 = 0.28125, C22 = 0.8125, C23 = 0.2875.
  // Lbar = adj / det, so the industry block's column sums (Type II output multipliers) are
  // (0.8875 + 0.275) / 0.64375 = 186/103 and (0.28125 + 0.8125) / 0.64375 = 175/103, and the
  // household row (Type II income multipliers) is 0.335 / 0.64375 = 53.6/103 and 0.2875 / 0.64375 = 46/103.
  const Leontief t1(m, Closure::type_i), t2(m, Closure::type_ii);
  REQUIRE(t2.size() == 3);
  const Multipliers mu = compute_multipliers(m, t1, &t2);
  REQUIRE(mu.has_type_ii);
  CHECK_THAT(mu.type_ii(0, 0), WithinAbs(186.0 / 103.0, 1e-12));
  CHECK_THAT(mu.type_ii(0, 1), WithinAbs(175.0 / 103.0, 1e-12));
  REQUIRE(mu.measures[2].code == "income");
  CHECK_THAT(mu.type_ii(2, 0), WithinAbs(53.6 / 103.0, 1e-12));
  CHECK_THAT(mu.type_ii(2, 1), WithinAbs(46.0 / 103.0, 1e-12));

  // Type I (Miller and Blair): output [1.51815, 1.45215]; income h L = [0.44224422, 0.37953795].
  CHECK_THAT(mu.type_i(0, 0), WithinAbs(1.51815182, 1e-8));
  CHECK_THAT(mu.type_i(0, 1), WithinAbs(1.45214521, 1e-8));
  CHECK_THAT(mu.type_i(2, 0), WithinAbs(0.44224422, 1e-8));
  CHECK_THAT(mu.type_i(2, 1), WithinAbs(0.37953795, 1e-8));

  // Direct + indirect + induced = Type II; direct output is the unit of demand itself.
  CHECK(mu.direct(0, 0) == 1.0);
  CHECK_THAT(mu.direct(2, 0), WithinAbs(0.3, 1e-15));
  const double induced0 = mu.type_ii(0, 0) - mu.type_i(0, 0);
  CHECK_THAT(induced0, WithinAbs(186.0 / 103.0 - 1.51815182, 1e-8));
  CHECK(induced0 > 0);

  // The household row of the Type II solve equals the income measure: solve with e_1.
  Matrix e1(3, 1);
  e1(0, 0) = 1;
  const Matrix x = t2.solve(e1);
  CHECK_THAT(x(2, 0), WithinAbs(53.6 / 103.0, 1e-12));
}

TEST_CASE("Type II needs compensation and households", "[type_ii]") {
  Model m = closed_example();
  m.final_demand_categories[0].role = FinalDemandRole::other;
  CHECK_FALSE(supports_type_ii(m));
  CHECK_THROWS_AS(Leontief(m, Closure::type_ii), ModelError);
  CHECK_THROWS_WITH(Leontief(m, Closure::type_ii), Catch::Contains("no households category"));
}

TEST_CASE("Unproductive systems are refused with the offending column named", "[checks]") {
  Model m = closed_example();
  // A = [[0.15, 0.95], [0.9, 0.05]] has spectral radius 0.1 + sqrt(0.01 + 0.8475) = 1.026 > 1.
  // (A column sum of 1 or more alone is not enough: [[0.15, 0.25], [0.9, 0.05]] is still productive.)
  // Final demand and primary inputs absorb the change so every identity still holds.
  m.z(0, 1) = 1900, m.z(1, 0) = 900;
  m.final_demand(0, 1) = -1150, m.final_demand(1, 1) = 800;
  m.primary(1, 0) = -350, m.primary(1, 1) = -500;
  REQUIRE(check_model(m).empty());
  CHECK_THROWS_AS(Leontief(m, Closure::type_i), ModelError);
  CHECK_THROWS_WITH(Leontief(m, Closure::type_i), Catch::Contains("not productive") && Catch::Contains("R/S1 (1.05)"));
}

// compute_multipliers(model, type_i) builds no Type II system on the dense LU: the same numbers, and
// the same refusal of a household closure that is not productive (Leontief::check_households).
TEST_CASE("Type II multipliers without a Type II system: the same numbers and checks", "[type_ii]") {
  Model m = closed_example();
  const Leontief t1(m, Closure::type_i), t2(m, Closure::type_ii);
  const Multipliers with = compute_multipliers(m, t1, &t2), without = compute_multipliers(m, t1);
  REQUIRE(without.has_type_ii);
  CHECK(without.type_ii_by_destination == with.type_ii_by_destination);
  CHECK_THAT(without.type_ii(0, 0), WithinAbs(186.0 / 103.0, 1e-12));
  // Households buying [1000, 3000] from an income of 800 (C = [1.25, 3.75]; H L C is about 2, so
  // (I - B)^-1 has negative entries). Only A, H and C matter here, not the balance of the rows.
  m.final_demand(0, 0) = 1000, m.final_demand(1, 0) = 3000;
  const Leontief u1(m, Closure::type_i);
  const auto type_ii = Catch::Contains("model 'hand-type-ii' (Type II)");
  const auto hint = Catch::Contains("households spending all their income or more in: R (5)");
  CHECK_THROWS_WITH(u1.with_households(m), type_ii && hint);
  CHECK_THROWS_AS(compute_multipliers(m, u1), ModelError);
  CHECK_THROWS_WITH(compute_multipliers(m, u1), type_ii && hint);
}

// The productiveness check (docs/methodology.md, section 3): the column-sum bound where it holds,
// the solve where it does not (the same answers and errors), and the household block for Type II.
TEST_CASE("Productiveness: the column-sum bound, the household block, else the solve", "[checks]") {
  const Model m = closed_example();
  const Leontief t1(m, Closure::type_i);  // A = [[0.15, 0.25], [0.2, 0.05]]: column sums 0.35, 0.3
  CHECK(t1.productive_by() == "column sums of A at most 0.35");
  CHECK_THAT(t1.with_households(m).productive_by(), Catch::StartsWith("household block"));
  // A column summing to 1.05 and still productive (rho about 0.577): the solve decides and accepts.
  Matrix a(2, 2);
  a(0, 0) = 0.15, a(0, 1) = 0.25, a(1, 0) = 0.9, a(1, 1) = 0.05;
  const Leontief p(a);
  CHECK(p.productive_by() == "solve of (I - A) v = 1");
  const Matrix v = p.solve(Matrix(2, 1, 1.0));  // (I - A)^-1 = [[0.95, 0.25], [0.9, 0.85]] / 0.5825
  CHECK_THAT(v(0, 0), WithinAbs(1.2 / 0.5825, 1e-12));
  CHECK_THAT(v(1, 0), WithinAbs(1.75 / 0.5825, 1e-12));
  // Not productive (rho about 1.026): the same error as before, v = (-40, -36.8).
  a(0, 1) = 0.95;
  CHECK_THROWS_AS(Leontief(a), ModelError);
  CHECK_THROWS_WITH(Leontief(a), Catch::Contains("is not productive") && Catch::Contains("is -40 at position 1"));
  // A negative entry: column sums below 1 prove nothing, the solve decides (here: productive).
  a(0, 1) = -0.05, a(1, 0) = 0.2, a(1, 1) = 0.1, a(0, 0) = 0.1;
  CHECK(Leontief(a).productive_by() == "solve of (I - A) v = 1");
  // A NaN in the last column, the other column's sum below 1: no bound (a NaN is neither >= 0 nor
  // < 1, and a largest sum taken past it would be 0.3), so the solve decides: not productive.
  a(0, 1) = std::numeric_limits<double>::quiet_NaN(), a(1, 0) = 0.2;
  CHECK_THROWS_WITH(Leontief(a), Catch::Contains("is not productive"));
  // A rank-1 update of column 0: its own new sum decides between the bound and the solve.
  Model changed = m;
  changed.z(1, 0) = 300;  // column 0 of A: [0.15, 0.3], sum 0.45
  auto up = t1.with_changed_columns(m, changed, {0});
  REQUIRE(up);
  CHECK(up->productive_by() == "column sums of A at most 0.45");
  changed.z(1, 0) = 900;  // [0.15, 0.9]: sums 1.05 and 0.3, productive
  up = t1.with_changed_columns(m, changed, {0});
  REQUIRE(up);
  CHECK(up->productive_by() == "solve of (I - A) v = 1");
  CHECK_THAT(up->solve(Matrix(2, 1, 1.0))(0, 0), WithinAbs(1.2 / 0.5825, 1e-12));
}
