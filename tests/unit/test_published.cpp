// Published worked examples: each expectation is copied from the source named above it.
#include <catch2/catch.hpp>

#include "devolve/leontief.hpp"
#include "devolve/model_check.hpp"
#include "devolve/multipliers.hpp"
#include "support.hpp"

using namespace devolve;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

Matrix identity(std::size_t n) {
  Matrix m(n, n);
  for (std::size_t i = 0; i < n; ++i) m(i, i) = 1.0;
  return m;
}

std::size_t measure(const Multipliers& mu, const std::string& code) {
  for (std::size_t k = 0; k < mu.measures.size(); ++k)
    if (mu.measures[k].code == code) return k;
  FAIL("no measure " << code);
  return 0;
}

}  // namespace

// Miller, R.E. and Blair, P.D. (2009) Input-Output Analysis: Foundations and Extensions, 2nd ed.,
// Cambridge University Press, chapter 2 (the two-sector example of sections 2.2-2.3).
TEST_CASE("Miller and Blair chapter 2: two-sector coefficients, inverse, multipliers", "[published]") {
  const Model m = test::from_published({{150, 500}, {200, 100}}, {1000, 2000});
  REQUIRE(check_model(m).empty());
  const Leontief lt(m, Closure::type_i);

  // L = (I - A)^-1 column by column (a 2x2 test: solving against the identity is cheap here).
  const Matrix L = lt.solve(identity(2));
  CHECK_THAT(L(0, 0), WithinAbs(1.25412541, 1e-8));
  CHECK_THAT(L(0, 1), WithinAbs(0.33003300, 1e-8));
  CHECK_THAT(L(1, 0), WithinAbs(0.26402640, 1e-8));
  CHECK_THAT(L(1, 1), WithinAbs(1.12211221, 1e-8));

  // A = Z diag(x)^-1, read back as (I - L^-1): check through A x = Z 1.
  CHECK_THAT(m.z(0, 0) / m.output[0], WithinAbs(0.15, 1e-12));
  CHECK_THAT(m.z(0, 1) / m.output[1], WithinAbs(0.25, 1e-12));
  CHECK_THAT(m.z(1, 0) / m.output[0], WithinAbs(0.20, 1e-12));
  CHECK_THAT(m.z(1, 1) / m.output[1], WithinAbs(0.05, 1e-12));

  const Multipliers mu = compute_multipliers(m, lt, nullptr);
  CHECK_THAT(mu.type_i(0, 0), WithinAbs(1.51815, 1e-5));
  CHECK_THAT(mu.type_i(0, 1), WithinAbs(1.45215, 1e-5));

  Matrix f(2, 1);
  f(0, 0) = 600;
  f(1, 0) = 1500;
  const Matrix x = lt.solve(f);
  CHECK_THAT(x(0, 0), WithinAbs(1247.52475, 1e-5));
  CHECK_THAT(x(1, 0), WithinAbs(1841.58416, 1e-5));
}

// The small two-region, three-sector MRIO of pymrio's test suite (pymrio, tests/test_core.py and
// tests/test_hem.py, td_small_MRIO), with the Leontief inverse its tests expect.
TEST_CASE("pymrio small MRIO: two regions x three sectors", "[published]") {
  const test::Rows z = {{10, 5, 1, 6, 5, 7}, {0, 2, 0, 0, 5, 3}, {10, 3, 20, 4, 2, 0},
                        {5, 0, 0, 1, 10, 9}, {0, 10, 1, 0, 20, 1}, {5, 0, 0, 1, 10, 10}};
  const test::Rows y = {{14, 3}, {2.5, 2.5}, {13, 6}, {5, 20}, {10, 10}, {3, 10}};
  const std::vector<double> x_expected = {51, 15, 58, 50, 52, 39};
  const Model m = test::from_published(z, x_expected, 2);
  REQUIRE(check_model(m).empty());
  const Leontief lt(m, Closure::type_i);

  Matrix demand(6, 1);
  for (std::size_t i = 0; i < 6; ++i) demand(i, 0) = y[i][0] + y[i][1];
  const Matrix x = lt.solve(demand);
  for (std::size_t i = 0; i < 6; ++i) CHECK_THAT(x(i, 0), WithinAbs(x_expected[i], 1e-9));

  const Matrix L = lt.solve(identity(6));
  const double row0[] = {1.33871463, 0.96897625, 0.05036623, 0.17820960, 0.57520194, 0.49851791};
  for (std::size_t j = 0; j < 6; ++j) CHECK_THAT(L(0, j), WithinAbs(row0[j], 1e-7));
  const double diag[] = {1.33871, 1.37165, 1.54929, 1.05420, 1.95453, 1.48493};
  for (std::size_t j = 0; j < 6; ++j) CHECK_THAT(L(j, j), WithinAbs(diag[j], 1e-5));

  // Right-hand solves reproduce the column sums of L, and landing regions split them exactly.
  const Multipliers mu = compute_multipliers(m, lt, nullptr);
  for (std::size_t j = 0; j < 6; ++j) {
    double col = 0, own = 0;
    for (std::size_t i = 0; i < 6; ++i) {
      col += L(i, j);
      if (i / 3 == j / 3) own += L(i, j);
    }
    CHECK_THAT(mu.type_i(0, j), WithinAbs(col, 1e-12));
    CHECK_THAT(mu.type_i_in(0, j / 3, j), WithinAbs(own, 1e-12));
    CHECK_THAT(mu.type_i_in(0, 1 - j / 3, j), WithinAbs(col - own, 1e-12));
  }
}

// Eurostat (2008) Eurostat Manual of Supply, Use and Input-Output Tables, chapter 15 (J. Beutel):
// the six-sector domestic table of Germany 1995, output multipliers, GVA and employment effects.
TEST_CASE("Eurostat manual (Beutel): Germany 1995, six sectors", "[published]") {
  const test::Rows z = {{1131, 25480, 1, 607, 710, 762},
                        {7930, 304584, 64167, 41082, 11981, 30360},
                        {426, 7334, 3875, 5296, 23457, 9155},
                        {3559, 72717, 14190, 74399, 10835, 21008},
                        {3637, 96115, 31027, 65755, 193176, 34223},
                        {1552, 14986, 1747, 11225, 15058, 22070}};
  const std::vector<double> x = {43910, 1079446, 245606, 540063, 692487, 508918};
  const std::vector<double> gva = {21664, 395022, 115624, 311407, 415426, 365017};
  const std::vector<double> jobs = {1096, 8381, 3236, 9251, 4258, 10206};
  const Model m = test::from_published(z, x, 1, gva, jobs);
  REQUIRE(check_model(m).empty());
  const Leontief lt(m, Closure::type_i);
  const Multipliers mu = compute_multipliers(m, lt, nullptr);

  const double output[] = {1.7048, 1.8413, 1.8136, 1.6035, 1.5951, 1.3782};
  const double gva_effects[] = {0.8450, 0.7647, 0.8615, 0.9019, 0.9393, 0.9199};
  const double jobs_effects[] = {0.03263, 0.01617, 0.02068, 0.02373, 0.01118, 0.02422};
  const std::size_t g = measure(mu, "gva"), e = measure(mu, "jobs");
  for (std::size_t j = 0; j < 6; ++j) {
    CHECK_THAT(mu.type_i(0, j), WithinAbs(output[j], 1e-4));
    CHECK_THAT(mu.type_i(g, j), WithinAbs(gva_effects[j], 1e-4));
    CHECK_THAT(mu.type_i(e, j), WithinAbs(jobs_effects[j], 1e-5));
  }
  const Matrix L = lt.solve(identity(6));
  const double diag[] = {1.03387, 1.42915, 1.02894, 1.17840, 1.41256, 1.05149};
  for (std::size_t j = 0; j < 6; ++j) CHECK_THAT(L(j, j), WithinAbs(diag[j], 1e-5));
}
