// The household closure with a household account (residence shares, residents' GDHI and gross
// income): its identities and the zero-propensity limit (docs/methodology.md, section 5).
#include <catch2/catch.hpp>

#include <cmath>

#include "devolve/household_closure.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/multipliers.hpp"

using namespace devolve;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// The toy 2 x 2 model with a household account: 30% of the compensation earned in region 1's
// workplaces goes to residents of region 2 and 10% of region 2's to residents of region 1;
// gross income is twice the compensation received (other income), GDHI 70% of gross income.
Model toy_with_account() {
  Model m = load_model(std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2", ModelSettings{});
  REQUIRE(m.num_regions() == 2);
  m.residence_share = Matrix(2, 2);
  m.residence_share(0, 0) = 0.7, m.residence_share(1, 0) = 0.3;
  m.residence_share(0, 1) = 0.1, m.residence_share(1, 1) = 0.9;
  std::vector<double> earned(2, 0.0);
  const Vector comp = m.compensation();
  for (std::size_t j = 0; j < m.num_sectors(); ++j) earned[m.region_of(j)] += comp[j];
  const Vector received = residents_compensation(m, earned);
  m.household_gross_income = {2.0 * received[0], 2.0 * received[1]};
  m.household_gdhi = {0.7 * m.household_gross_income[0], 0.7 * m.household_gross_income[1]};
  return m;
}

}  // namespace

TEST_CASE("Household closure: residents' compensation adds up to the compensation earned", "[households]") {
  const Model m = toy_with_account();
  const Vector comp = m.compensation();
  Vector earned(2, 0.0);
  double uk = 0;
  for (std::size_t j = 0; j < m.num_sectors(); ++j) earned[m.region_of(j)] += comp[j], uk += comp[j];
  const Vector received = residents_compensation(m, earned);
  CHECK_THAT(received[0] + received[1], WithinRel(uk, 1e-14));
  CHECK_THAT(received[0], WithinRel(0.7 * earned[0] + 0.1 * earned[1], 1e-14));

  // The household rows of the closure, summed over residence regions, are compensation per unit
  // of output: income is moved between regions, never created.
  const HouseholdClosure h = household_closure(m);
  for (std::size_t j = 0; j < m.num_sectors(); ++j)
    CHECK_THAT(h.row(0, j) + h.row(1, j), WithinAbs(comp[j] / m.output[j], 1e-15));
  // The consumption column of each region sums to household consumption / gross income.
  const Vector p = consumption_propensity(m);
  const std::size_t hh = m.category_with_role(FinalDemandRole::households), K = m.num_categories();
  for (std::size_t r = 0; r < 2; ++r) {
    double c = 0;
    for (std::size_t i = 0; i < m.num_sectors(); ++i) c += m.final_demand(i, r * K + hh);
    CHECK_THAT(p[r], WithinRel(c / m.household_gross_income[r], 1e-14));
  }
}

TEST_CASE("Household closure: Type II income multipliers add up over residence regions", "[households]") {
  const Model m = toy_with_account();
  const Leontief t1(m, Closure::type_i);
  const Leontief t2 = t1.with_households(m);
  const Multipliers mu = compute_multipliers(m, t1, &t2);
  REQUIRE(mu.has_type_ii);
  for (std::size_t j = 0; j < m.num_sectors(); ++j) {
    CHECK(mu.type_ii(0, j) > mu.type_i(0, j));  // positive propensities: some induced output
    CHECK(mu.type_ii(0, j) < 2 * mu.type_i(0, j));
  }
}

// compute_multipliers gets Type II by destination from the Type I answer and R household rows
// (model/solve/multipliers.cpp); the bordered system's own left solve must agree up to rounding.
TEST_CASE("Household closure: Type II multipliers by destination equal the bordered left solve", "[households]") {
  const Model m = toy_with_account();
  const Leontief t1(m, Closure::type_i);
  const Leontief t2 = t1.with_households(m);
  const Multipliers mu = compute_multipliers(m, t1, &t2);
  const std::size_t n = m.num_sectors(), R = m.num_regions(), S = m.num_industries();
  Matrix c(mu.measures.size() * R, t2.size(), 0.0);
  for (std::size_t k = 0; k < mu.measures.size(); ++k)
    for (std::size_t j = 0; j < n; ++j) c(k * R + j / S, j) = mu.measures[k].coefficient[j];
  const Matrix x = t2.left_solve(c);
  for (std::size_t row = 0; row < c.rows(); ++row)
    for (std::size_t j = 0; j < n; ++j)
      CHECK_THAT(mu.type_ii_by_destination[row * n + j], WithinAbs(x(row, j), 1e-13 * std::abs(x(row, j)) + 1e-15));
}

TEST_CASE("Household closure: induced effects are zero when the propensity to consume is zero", "[households]") {
  Model m = toy_with_account();
  const std::size_t hh = m.category_with_role(FinalDemandRole::households), K = m.num_categories();
  for (std::size_t r = 0; r < m.num_regions(); ++r)
    for (std::size_t i = 0; i < m.num_sectors(); ++i) m.final_demand(i, r * K + hh) = 0.0;
  const Vector p = consumption_propensity(m);
  CHECK(p[0] == 0.0);
  CHECK(p[1] == 0.0);
  const Leontief t1(m, Closure::type_i);
  const Leontief t2 = t1.with_households(m);
  const Multipliers mu = compute_multipliers(m, t1, &t2);
  for (std::size_t k = 0; k < mu.measures.size(); ++k)
    for (std::size_t j = 0; j < m.num_sectors(); ++j) CHECK_THAT(mu.type_ii(k, j), WithinAbs(mu.type_i(k, j), 1e-14));
}

TEST_CASE("Household closure: a malformed account is a located model error", "[households]") {
  Model m = toy_with_account();
  m.residence_share(1, 0) = 0.5;  // workplace region 1's shares add up to 1.2
  CHECK_THROWS_WITH(household_closure(m), Catch::Contains("add up to") && Catch::Contains("not 1"));
}
