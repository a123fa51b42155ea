// The structured solver (docs/methodology.md, "The structured solver"): the factored product
// against the dense matrix it stands for, and the two solvers against each other.
#include <catch2/catch.hpp>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "devolve/error.hpp"
#include "devolve/household_closure.hpp"
#include "devolve/leontief.hpp"
#include "devolve/mrio_structure.hpp"
#include "devolve/multipliers.hpp"
#include "solve/block_product.hpp"
#include "solve/structured_solver.hpp"
#include "support.hpp"

using namespace devolve;

namespace {

// A seeded table of the factored form: R regions x S industries, own-region and other-region
// coefficients uniform on [0, 0.1) and [0, 0.08), trade shares normalised over the other regions.
MrioStructure random_structure(std::size_t R, std::size_t S, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  MrioStructure a{R, S, std::vector<double>(R * S * S), std::vector<double>(R * S * S), std::vector<double>(S * R * R, 0.0)};
  for (double& v : a.own) v = 0.1 * u(rng);
  for (double& v : a.bought) v = 0.08 * u(rng);
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t s = 0; s < R; ++s) {
      double sum = 0;
      for (std::size_t r = 0; r < R; ++r)
        if (r != s) sum += a.trade[i * R * R + r + s * R] = u(rng);
      for (std::size_t r = 0; r < R; ++r) a.trade[i * R * R + r + s * R] /= sum;
    }
  return a;
}

// A model whose Z is A diag(x), with compensation (half the column residual) and household
// consumption (a fifth of the row residual, by the region that owns the sector) for Type II.
Model model_of(const MrioStructure& a) {
  const std::size_t n = a.sectors(), S = a.industries;
  const Matrix d = dense_coefficients(a);
  std::vector<double> x(n);
  for (std::size_t j = 0; j < n; ++j) x[j] = 100.0 + 10.0 * double(j % 7);
  test::Rows z(n, std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) z[i][j] = d(i, j) * x[j];
  Model m = test::from_published(z, x, a.regions);
  m.primary_inputs.push_back({"COE", "Compensation", PrimaryRole::compensation});
  Matrix p(2, n);
  for (std::size_t j = 0; j < n; ++j) p(0, j) = 0.5 * m.primary(0, j), p(1, j) = 0.5 * m.primary(0, j);
  m.primary = p;
  m.final_demand_categories = {{"HH", "Households", FinalDemandRole::households}, {"FD", "Other", FinalDemandRole::other}};
  Matrix f(n, 2 * a.regions);
  for (std::size_t i = 0; i < n; ++i) {
    const double res = x[i] - m.z.row_sum(i);
    f(i, 2 * (i / S)) = 0.2 * res, f(i, 2 * (i / S) + 1) = 0.8 * res;
  }
  m.final_demand = f;
  return m;
}

double max_abs(const Matrix& m) {
  double v = 0;
  for (std::size_t j = 0; j < m.cols(); ++j)
    for (std::size_t i = 0; i < m.rows(); ++i) v = std::max(v, std::abs(m(i, j)));
  return v;
}

// max |a - b| / max |b|
double relative_difference(const Matrix& a, const Matrix& b) {
  double d = 0;
  for (std::size_t j = 0; j < a.cols(); ++j)
    for (std::size_t i = 0; i < a.rows(); ++i) d = std::max(d, std::abs(a(i, j) - b(i, j)));
  return d / max_abs(b);
}

Matrix seeded(std::size_t rows, std::size_t cols, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Matrix m(rows, cols);
  for (std::size_t j = 0; j < cols; ++j)
    for (std::size_t i = 0; i < rows; ++i) m(i, j) = u(rng);
  return m;
}

// y and yt are the factored products d x and d' x, to rounding.
void check_products(const Matrix& d, const Matrix& x, const Matrix& y, const Matrix& yt) {
  for (std::size_t c = 0; c < x.cols(); ++c)
    for (std::size_t i = 0; i < d.rows(); ++i) {
      double dx = 0, dtx = 0;
      for (std::size_t j = 0; j < d.cols(); ++j) dx += d(i, j) * x(j, c), dtx += d(j, i) * x(j, c);
      CHECK(std::abs(y(i, c) - dx) < 1e-15);
      CHECK(std::abs(yt(i, c) - dtx) < 1e-15);
    }
}

}  // namespace

TEST_CASE("structured: A x and A' x equal the dense products", "[structured]") {
  const MrioStructure a = random_structure(4, 3, 1);
  const Matrix d = dense_coefficients(a), x = seeded(12, 2, 2);
  Matrix y(12, 2), yt(12, 2);
  multiply(a, x.data(), y.data(), 2, false);
  multiply(a, x.data(), yt.data(), 2, true);
  check_products(d, x, y, yt);
  // Column sums: the off-diagonal shares of each (industry, buyer region) add up to 1.
  const Vector sums = column_sums(a);
  for (std::size_t j = 0; j < 12; ++j) CHECK(std::abs(sums[j] - d.col_sum(j)) < 1e-15);
}

TEST_CASE("structured: the factors are read back from a model's Z, and a Z without them is refused", "[structured]") {
  const MrioStructure a = random_structure(3, 4, 3);
  Model m = model_of(a);
  MrioStructure back;
  REQUIRE(factor_coefficients(m, back));
  CHECK(relative_difference(dense_coefficients(back), dense_coefficients(a)) < 1e-14);
  m.z(0, 5) *= 1.5;  // region 1's purchase of industry 1 by region 2's industry 2: no longer rank one
  CHECK_FALSE(factor_coefficients(m, back));
  CHECK_THROWS_WITH(Leontief(m, Closure::type_i, Solver::structured), Catch::Contains("factored form"));
  CHECK(Leontief(m, Closure::type_i).solver() == Solver::dense);
}

// Leontief::left_solve_trailing solves rows zero before their lead on U's trailing block (the dense
// multipliers by destination): n = 360 > 256 columns, so the blocked solve takes two segments.
TEST_CASE("left solve of rows zero before their lead equals the full left solve; multipliers agree", "[structured]") {
  const std::size_t R = 6, S = 60;
  MrioStructure a = random_structure(R, S, 11);
  for (double& v : a.own) v *= 0.1;  // column sums of A about 0.5 with 60 industries
  for (double& v : a.bought) v *= 0.1;
  const Model m = model_of(a);
  const std::size_t n = m.num_sectors();
  const Leontief d1(m, Closure::type_i, Solver::dense), s1(m, Closure::type_i, Solver::structured);
  Matrix c = seeded(2 * R, n, 12);
  std::vector<std::size_t> lead(2 * R);
  for (std::size_t r = 0; r < 2 * R; ++r) {
    lead[r] = r / 2 * S + (r % 2) * 7;
    for (std::size_t j = 0; j < lead[r]; ++j) c(r, j) = 0.0;
  }
  Matrix t = c;
  d1.left_solve_trailing(t, lead);
  CHECK(relative_difference(t, d1.left_solve(c)) < 1e-13);
  Matrix z(2, n, 0.0);
  CHECK_THROWS_WITH(d1.left_solve_trailing(z, {S, 0}), Catch::Contains("leads must not decrease"));
  z(1, 0) = 1.0;
  CHECK_THROWS_WITH(d1.left_solve_trailing(z, {0, 1}), Catch::Contains("not zero before its lead"));
  const Leontief d2 = d1.with_households(m), s2 = s1.with_households(m);
  const Multipliers md = compute_multipliers(m, d1, &d2), ms = compute_multipliers(m, s1, &s2);
  double scale = 0;
  for (double v : md.type_ii_by_destination) scale = std::max(scale, std::abs(v));
  for (std::size_t k = 0; k < md.type_ii_by_destination.size(); ++k) {
    CHECK(std::abs(md.type_i_by_destination[k] - ms.type_i_by_destination[k]) < 1e-12 * scale);
    CHECK(std::abs(md.type_ii_by_destination[k] - ms.type_ii_by_destination[k]) < 1e-12 * scale);
  }
}

TEST_CASE("structured: solves, left solves and multipliers agree with the dense LU, Type I and II", "[structured]") {
  const Model m = model_of(random_structure(5, 4, 4));
  const Leontief d1(m, Closure::type_i, Solver::dense), s1(m, Closure::type_i, Solver::structured);
  REQUIRE(d1.solver() == Solver::dense);
  REQUIRE(s1.solver() == Solver::structured);
  CHECK_THAT(s1.solver_description(), Catch::StartsWith("structured (GMRES"));
  const Leontief d2 = d1.with_households(m), s2 = s1.with_households(m);
  REQUIRE(s2.solver() == Solver::structured);
  const Matrix b1 = seeded(20, 3, 5), b2 = seeded(25, 3, 6), c1 = seeded(4, 20, 7), c2 = seeded(4, 25, 8);
  CHECK(relative_difference(s1.solve(b1), d1.solve(b1)) < 1e-12);
  CHECK(relative_difference(s2.solve(b2), d2.solve(b2)) < 1e-12);
  CHECK(relative_difference(s1.left_solve(c1), d1.left_solve(c1)) < 1e-12);
  CHECK(relative_difference(s2.left_solve(c2), d2.left_solve(c2)) < 1e-12);
  const Multipliers md = compute_multipliers(m, d1, &d2), ms = compute_multipliers(m, s1, &s2);
  for (std::size_t k = 0; k < md.type_ii_by_destination.size(); ++k) {
    CHECK(std::abs(md.type_i_by_destination[k] - ms.type_i_by_destination[k]) < 1e-12);
    CHECK(std::abs(md.type_ii_by_destination[k] - ms.type_ii_by_destination[k]) < 1e-12);
  }
}

TEST_CASE("structured: trade shares of the gravity form are one kernel, and products and solves on it agree", "[structured]") {
  // T_i(u, s) = a_i(u) K(u, s) b_i(s), K a gravity kernel (zero diagonal), columns summing to 1;
  // industry 2 is produced in no region but 0 (its row factors are zero elsewhere).
  const std::size_t R = 6, S = 4;
  MrioStructure a = random_structure(R, S, 31);
  std::mt19937_64 rng(32);
  std::uniform_real_distribution<double> u(0.5, 2.0);
  for (std::size_t i = 0; i < S; ++i) {
    std::vector<double> row(R);
    for (std::size_t r = 0; r < R; ++r) row[r] = i == 2 && r > 0 ? 0.0 : u(rng);
    for (std::size_t s = 0; s < R; ++s) {
      double sum = 0;
      for (std::size_t r = 0; r < R; ++r)
        sum += a.trade[i * R * R + r + s * R] = r == s ? 0.0 : row[r] / (1.0 + std::abs(double(r) - double(s)));
      for (std::size_t r = 0; r < R; ++r) a.trade[i * R * R + r + s * R] = sum > 0 ? a.trade[i * R * R + r + s * R] / sum : 0.0;
    }
  }
  TradeKernel t = factor_trade(a);
  REQUIRE(t.kernel.size() == R * R);
  CHECK(std::count(t.fits.begin(), t.fits.end(), 1) == int(S));
  const Matrix d = dense_coefficients(a), x = seeded(R * S, 6, 33);
  Matrix y(R * S, 6), yt(R * S, 6);
  multiply(a, t, nullptr, x.data(), y.data(), 6, false);
  multiply(a, t, nullptr, x.data(), yt.data(), 6, true);
  check_products(d, x, y, yt);
  // Industry 1 off the form: left out, and its T_1 used as stored.
  a.trade[1 * R * R + 2 + 3 * R] *= 1.01, a.trade[1 * R * R + 4 + 3 * R] -= 0.01 * a.trade[1 * R * R + 2 + 3 * R] / 1.01;
  t = factor_trade(a);
  CHECK(t.fits == std::vector<char>{1, 0, 1, 1});
  const auto sa = std::make_shared<const MrioStructure>(a);
  const Matrix d2 = dense_coefficients(a);
  multiply(a, t, nullptr, x.data(), y.data(), 6, false);
  multiply(a, t, nullptr, x.data(), yt.data(), 6, true);
  check_products(d2, x, y, yt);
  // Solves on it: the true residual with the stored A meets the tolerance; the dense LU agrees.
  const Model m = model_of(a);
  const Leontief dense(m, Closure::type_i, Solver::dense), structured(m, sa, Closure::type_i);
  CHECK(relative_difference(structured.solve(x), dense.solve(x)) < 1e-12);
  const Matrix c = seeded(3, R * S, 34);
  CHECK(relative_difference(structured.left_solve(c), dense.left_solve(c)) < 1e-12);
}

TEST_CASE("structured: zero and proportional columns are solved once, and every column meets the tolerance",
          "[structured]") {
  const auto a = std::make_shared<const MrioStructure>(random_structure(5, 4, 21));
  const Matrix d = dense_coefficients(*a), base = seeded(20, 2, 22);
  const solve::StructuredSolver solver(a);
  // Columns: a, 3a, 0, b, -1e6 a, 1e-9 b, and a with one entry moved by 1e-8 of the column (not a multiple).
  Matrix b(20, 7, 0.0);
  for (std::size_t i = 0; i < 20; ++i) {
    b(i, 0) = base(i, 0), b(i, 1) = 3.0 * base(i, 0), b(i, 3) = base(i, 1);
    b(i, 4) = -1e6 * base(i, 0), b(i, 5) = 1e-9 * base(i, 1), b(i, 6) = base(i, 0);
  }
  b(7, 6) += 1e-8;
  for (bool transposed : {false, true}) {
    Matrix x = b;
    CHECK(solver.solve(x.data(), 7, transposed) > 0);
    for (std::size_t c = 0; c < 7; ++c) {
      double res = 0, norm = 0;  // max |b - (I - A) x| against max |b|, with the dense A
      for (std::size_t i = 0; i < 20; ++i) {
        double ax = 0;
        for (std::size_t j = 0; j < 20; ++j) ax += (transposed ? d(j, i) : d(i, j)) * x(j, c);
        res = std::max(res, std::abs(b(i, c) - x(i, c) + ax));
        norm = std::max(norm, std::abs(b(i, c)));
      }
      CHECK(res <= solve::StructuredSolver::tolerance * norm);
      if (c == 2) CHECK(norm == 0.0);
      if (c == 2) CHECK(res == 0.0);
    }
    // The multiple's solution is the representative's, scaled: the same numbers to rounding.
    for (std::size_t i = 0; i < 20; ++i) CHECK(x(i, 4) == -1e6 * x(i, 0));
  }
}

namespace {

// model_of(a) with a household account (residence shares mixing regions) and households buying 0.3
// of residents' gross income, 0.6 of it from their own region and 0.4 from other regions in a's
// trade shares (as regionalisation sources them), or, with `traded` false, in uniform shares.
Model with_households(const MrioStructure& a, bool traded) {
  Model m = model_of(a);
  const std::size_t R = a.regions, S = a.industries;
  m.residence_share = Matrix(R, R);
  for (std::size_t w = 0; w < R; ++w)
    for (std::size_t r = 0; r < R; ++r) m.residence_share(r, w) = r == w ? 0.8 : 0.2 / double(R - 1);
  m.household_gross_income.assign(R, 0.0);
  for (std::size_t j = 0; j < m.num_sectors(); ++j) m.household_gross_income[j / S] += 2.0 * m.primary(1, j);
  m.household_gdhi = m.household_gross_income;
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t u = 0; u < R; ++u)
      for (std::size_t i = 0; i < S; ++i) {
        const double share = u == r ? 0.6 : 0.4 * (traded ? a.trade[i * R * R + u + r * R] : 1.0 / double(R - 1));
        m.final_demand(u * S + i, 2 * r) = 0.3 * m.household_gross_income[r] * share / double(S) * (1.0 + 0.1 * double(i));
      }
  return m;
}

}  // namespace

TEST_CASE("structured: the bordered Type II product equals the dense [A C; H 0]", "[structured]") {
  const MrioStructure a = random_structure(4, 3, 11);
  for (bool traded : {true, false}) {
    const Model m = with_households(a, traded);
    const HouseholdStructure h = factor_households(m, a);
    CHECK(h.alone.size() == (traded ? 0 : 3));  // uniform shares are not A's: every industry has its own
    const HouseholdClosure hc = household_closure(m);
    const Matrix d = dense_coefficients(a), x = seeded(16, 2, 12);
    Matrix b(16, 16);  // [A C; H 0]
    for (std::size_t j = 0; j < 12; ++j)
      for (std::size_t i = 0; i < 12; ++i) b(i, j) = d(i, j);
    for (std::size_t r = 0; r < 4; ++r)
      for (std::size_t i = 0; i < 12; ++i) b(i, 12 + r) = hc.col(i, r), b(12 + r, i) = hc.row(r, i);
    Matrix y(16, 2), yt(16, 2);
    multiply(a, h, x.data(), y.data(), 2, false);
    multiply(a, h, x.data(), yt.data(), 2, true);
    check_products(b, x, y, yt);
  }
}

TEST_CASE("structured: Type II as one bordered system agrees with the dense LU, households sourced like A or not",
          "[structured]") {
  const MrioStructure a = random_structure(5, 4, 13);
  for (bool traded : {true, false}) {
    const Model m = with_households(a, traded);
    const Leontief d1(m, Closure::type_i, Solver::dense), s1(m, Closure::type_i, Solver::structured);
    const Leontief d2 = d1.with_households(m), s2 = s1.with_households(m);
    CHECK(s2.bordered());
    CHECK_THAT(s2.solver_description(), Catch::Contains("bordered Type II system"));
    const Matrix b = seeded(25, 3, 14), c = seeded(4, 25, 15);
    CHECK(relative_difference(s2.solve(b), d2.solve(b)) < 1e-12);
    CHECK(relative_difference(s2.left_solve(c), d2.left_solve(c)) < 1e-12);
    const Multipliers md = compute_multipliers(m, d1, &d2), ms = compute_multipliers(m, s1, &s2);
    for (std::size_t k = 0; k < md.type_ii_by_destination.size(); ++k)
      CHECK(std::abs(md.type_ii_by_destination[k] - ms.type_ii_by_destination[k]) < 1e-12);
  }
}

TEST_CASE("structured: a table that is not productive is an error, not a hang", "[structured]") {
  MrioStructure a = random_structure(3, 2, 9);
  for (double& v : a.bought) v *= 30.0;  // every column of A sums to well over 1
  const Model m = model_of(random_structure(3, 2, 9));
  CHECK_THROWS_AS(Leontief(m, std::make_shared<const MrioStructure>(a), Closure::type_i), ModelError);
  CHECK_THROWS_WITH(Leontief(m, std::make_shared<const MrioStructure>(a), Closure::type_i),
                    Catch::Contains("not productive") && Catch::Contains("columns of A summing to 1 or more"));
}

// The productiveness bound's column sums from the factors (factored_column_sums) against the dense
// [A C; H 0], and the structured check proved by them without a GMRES solve.
TEST_CASE("structured: column sums of A and of the bordered B from the factors; the check by the bound", "[structured]") {
  const MrioStructure a = random_structure(4, 3, 11);
  for (bool traded : {true, false}) {
    const Model m = with_households(a, traded);
    const HouseholdStructure h = factor_households(m, a);
    const HouseholdClosure hc = household_closure(m);
    const Matrix d = dense_coefficients(a);
    const FactoredColumnSums fa = factored_column_sums(a, nullptr), fb = factored_column_sums(a, &h);
    REQUIRE(fa.sums.size() == 12);
    REQUIRE(fb.sums.size() == 16);
    CHECK(fa.nonnegative);
    CHECK(fb.nonnegative);
    for (std::size_t j = 0; j < 12; ++j) {
      double sa = 0, sb = 0;
      for (std::size_t i = 0; i < 12; ++i) sa += d(i, j);
      for (std::size_t r = 0; r < 4; ++r) sb += hc.row(r, j);
      CHECK(std::abs(fa.sums[j] - sa) < 1e-14);
      CHECK(std::abs(fb.sums[j] - (sa + sb)) < 1e-14);
    }
    for (std::size_t r = 0; r < 4; ++r) {
      double c = 0;
      for (std::size_t i = 0; i < 12; ++i) c += hc.col(i, r);
      CHECK(std::abs(fb.sums[12 + r] - c) < 1e-14);
    }
    const Leontief s1(m, Closure::type_i, Solver::structured);
    CHECK_THAT(s1.productive_by(), Catch::StartsWith("column sums of A at most 0."));
    CHECK_THAT(s1.solver_description(), Catch::Contains("productive by the column-sum bound"));
    CHECK_THAT(s1.with_households(m).productive_by(), Catch::StartsWith("column sums of B at most 0."));
  }
  MrioStructure neg = a;
  neg.own[0] = -1e-3;  // a negative entry: no bound, the GMRES solve decides (and accepts)
  const Leontief s(model_of(a), std::make_shared<const MrioStructure>(neg), Closure::type_i);
  CHECK(s.productive_by() == "solve of (I - A) v = 1");
  CHECK_THAT(s.solver_description(), Catch::Contains("steps for (I - A) v = 1"));
}

// Where B's plain column sums reach 1 (compensation above value added, as on the shipped tables),
// the weighted ones w'B / w with w = (1 + 1'B) / 2 prove the Type II system productive without a
// solve (docs/methodology.md, section 3): the reported bound is that of the dense [A C; H 0], and
// where the weighted bound fails too, the GMRES solve decides.
TEST_CASE("structured: the weighted column-sum bound of the bordered B", "[structured]") {
  const MrioStructure a = random_structure(4, 3, 11);
  for (double scale : {3.0, 40.0}) {
    Model m = with_households(a, true);
    for (std::size_t j = 0; j < 12; ++j) {  // compensation (row 1) scale times half the residual, the rest negative
      const double comp = m.primary(1, j);
      m.primary(1, j) = scale * comp, m.primary(0, j) = (2.0 - scale) * comp;
    }
    const HouseholdClosure hc = household_closure(m);
    const Matrix d = dense_coefficients(a);
    Matrix b(16, 16, 0.0);  // [A C; H 0]
    for (std::size_t j = 0; j < 12; ++j)
      for (std::size_t i = 0; i < 12; ++i) b(i, j) = d(i, j);
    for (std::size_t r = 0; r < 4; ++r)
      for (std::size_t j = 0; j < 12; ++j) b(12 + r, j) = hc.row(r, j), b(j, 12 + r) = hc.col(j, r);
    std::vector<double> w(16, 0.5);
    double plain = 0, weighted = 0;
    for (std::size_t j = 0; j < 16; ++j) {
      for (std::size_t i = 0; i < 16; ++i) w[j] += 0.5 * b(i, j);
      plain = std::max(plain, 2.0 * w[j] - 1.0);
    }
    for (std::size_t j = 0; j < 16; ++j) {
      double wb = 0;
      for (std::size_t i = 0; i < 16; ++i) wb += w[i] * b(i, j);
      weighted = std::max(weighted, wb / w[j]);
    }
    CHECK(plain > 1.0);
    const Leontief s1(m, Closure::type_i, Solver::structured);
    if (scale == 3.0) {
      REQUIRE(weighted < 1.0);
      const Leontief s2 = s1.with_households(m);
      const std::string by = s2.productive_by(), head = "weighted column sums of B at most ";
      REQUIRE(by.rfind(head, 0) == 0);
      CHECK(std::abs(std::stod(by.substr(head.size())) - weighted) <= 1e-5 * weighted);
      CHECK_THAT(s2.solver_description(), Catch::Contains("productive by the column-sum bound") && Catch::Contains("no solve"));
    } else {
      CHECK(weighted > 1.0);  // not productive either: the solve decides and refuses
      CHECK_THROWS_WITH(s1.with_households(m), Catch::Contains("(Type II)"));
    }
  }
}

TEST_CASE("structured: a GMRES cycle ends on the max norm of the residual and not on its 2-norm", "[structured]") {
  // b = 1 spreads the residual over all n = 600 rows, so its 2-norm is many times its max norm: a
  // cycle ended on the 2-norm (below a tenth of the target) would leave a true residual whose 2-norm
  // is below a tenth of the max-norm target; ended on the max norm, it stops about when the max norm
  // is reached, with a 2-norm well above that.
  const auto a = std::make_shared<const MrioStructure>(random_structure(60, 10, 31));
  const Matrix d = dense_coefficients(*a);
  const solve::StructuredSolver solver(a);
  const std::size_t n = 600;
  for (bool transposed : {false, true}) {
    Matrix x(n, 1, 1.0);
    const int steps = solver.solve(x.data(), 1, transposed);
    CHECK(steps > 0);
    double largest = 0, squares = 0;  // of b - (I - A) x, with the dense A
    for (std::size_t i = 0; i < n; ++i) {
      double ax = 0;
      for (std::size_t j = 0; j < n; ++j) ax += (transposed ? d(j, i) : d(i, j)) * x(j, 0);
      const double r = 1.0 - x(i, 0) + ax;
      largest = std::max(largest, std::abs(r)), squares += r * r;
    }
    const double target = solve::StructuredSolver::tolerance;
    INFO("steps " << steps << ", max |r| " << largest / target << ", |r|_2 " << std::sqrt(squares) / target << " of the target");
    CHECK(largest <= target);
    CHECK(std::sqrt(squares) > 0.1 * target);
  }
}

TEST_CASE("structured: a transposed solve of many chunks gives the same bits on two threads and on one", "[structured]") {
  // Large enough that the solver shares the chunks among threads (R S^2 32 > 2e7), trade shares of
  // the gravity form (the kernel's trade step); 70 columns are three chunks.
  const std::size_t R = 60, S = 105, n = R * S, k = 70;
  MrioStructure a = random_structure(R, S, 41);
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.5, 2.0);
  for (std::size_t i = 0; i < S; ++i) {
    std::vector<double> row(R);
    for (double& v : row) v = u(rng);
    for (std::size_t s = 0; s < R; ++s) {
      double sum = 0;
      for (std::size_t r = 0; r < R; ++r)
        sum += a.trade[i * R * R + r + s * R] = r == s ? 0.0 : row[r] / (1.0 + std::abs(double(r) - double(s)));
      for (std::size_t r = 0; r < R; ++r) a.trade[i * R * R + r + s * R] /= sum;
    }
  }
  for (double& v : a.bought) v *= 0.5;
  const auto sa = std::make_shared<const MrioStructure>(a);
  REQUIRE(parallel_worthwhile(a, 32));
  const solve::StructuredSolver solver(sa);
  const Matrix b = seeded(n, k, 43);
  Matrix one = b, two = b;
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  solver.solve(one.data(), k, true);
  omp_set_num_threads(2);
  solver.solve(two.data(), k, true);
  omp_set_num_threads(threads);
  CHECK(std::equal(one.data(), one.data() + n * k, two.data()));
  Matrix ax(n, k);  // the true residual with the stored A
  multiply(a, two.data(), ax.data(), k, true);
  for (std::size_t c = 0; c < k; ++c) {
    double res = 0, norm = 0;
    for (std::size_t i = 0; i < n; ++i) {
      res = std::max(res, std::abs(b(i, c) - two(i, c) + ax(i, c)));
      norm = std::max(norm, std::abs(b(i, c)));
    }
    CHECK(res <= solve::StructuredSolver::tolerance * norm);
  }
}

TEST_CASE("structured: the S x S block kernel equals the sum in order, with or without adding, columns apart",
          "[structured]") {
  for (std::size_t m : {1, 5, 17, 105})
    for (std::size_t k : {1, 3, 13, 22, 25})
      for (bool add : {false, true}) {
        const Matrix a = seeded(m, m, 41), b = seeded(m + 3, k, 42);  // b's columns m + 3 apart
        Matrix c = seeded(m + 2, k, 43);
        const Matrix before = c;
        if (!linalg::block_product(a.data(), m, b.data(), m + 3, c.data(), m + 2, k, add, a.data())) {
          WARN("the S x S block kernel test skipped: no AVX-512");
          return;
        }
        for (std::size_t j = 0; j < k; ++j)
          for (std::size_t i = 0; i < m + 2; ++i) {
            if (i >= m) {  // rows past the block untouched
              CHECK(c(i, j) == before(i, j));
              continue;
            }
            double sum = 0;
            for (std::size_t l = 0; l < m; ++l) sum = std::fma(a(i, l), b(l, j), sum);
            CHECK(c(i, j) == (add ? before(i, j) + sum : sum));
          }
      }
}

TEST_CASE("structured: O z from G_s = M_s (I - D_s)^-1 and the household rows equals O z, Type I and II",
          "[structured]") {
  // Trade shares of the gravity form (every industry on the kernel), households sourced like A or not.
  const std::size_t R = 6, S = 4, n = R * S, N = n + R, k = 3;
  MrioStructure a = random_structure(R, S, 51);
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t s = 0; s < R; ++s) {
      double sum = 0;
      for (std::size_t r = 0; r < R; ++r)
        sum += a.trade[i * R * R + r + s * R] = r == s ? 0.0 : (1.0 + double(i + r)) / (1.0 + std::abs(double(r) - double(s)));
      for (std::size_t r = 0; r < R; ++r) a.trade[i * R * R + r + s * R] /= sum;
    }
  const TradeKernel t = factor_trade(a);
  REQUIRE(std::count(t.fits.begin(), t.fits.end(), 1) == int(S));
  // The inverses (I - D_s)^-1 by Gauss-Jordan, and G_s = M_s (I - D_s)^-1, column-major S x S
  std::vector<double> g(R * S * S, 0.0), inv(R * S * S, 0.0);
  for (std::size_t s = 0; s < R; ++s) {
    std::vector<double> p(S * 2 * S, 0.0);  // [I - D_s | I], row-major
    for (std::size_t i = 0; i < S; ++i) {
      for (std::size_t j = 0; j < S; ++j) p[i * 2 * S + j] = (i == j) - a.own[s * S * S + i + j * S];
      p[i * 2 * S + S + i] = 1.0;
    }
    for (std::size_t c = 0; c < S; ++c) {  // diagonally dominant: no pivoting
      const double d = p[c * 2 * S + c];
      for (std::size_t j = 0; j < 2 * S; ++j) p[c * 2 * S + j] /= d;
      for (std::size_t i = 0; i < S; ++i)
        if (i != c) {
          const double f = p[i * 2 * S + c];
          for (std::size_t j = 0; j < 2 * S; ++j) p[i * 2 * S + j] -= f * p[c * 2 * S + j];
        }
    }
    for (std::size_t i = 0; i < S; ++i)
      for (std::size_t j = 0; j < S; ++j) inv[s * S * S + i + j * S] = p[i * 2 * S + S + j];
    for (std::size_t i = 0; i < S; ++i)
      for (std::size_t j = 0; j < S; ++j)
        for (std::size_t l = 0; l < S; ++l) g[s * S * S + i + j * S] += a.bought[s * S * S + i + l * S] * inv[s * S * S + l + j * S];
  }
  const Matrix v = seeded(N, k, 52);  // v's industry rows; its household rows stand for z's
  for (bool traded : {true, false})
    for (bool households : {false, true}) {
      const Model m = with_households(a, traded);
      const HouseholdStructure h = factor_households(m, a);
      const std::size_t rows = households ? N : n;
      // z_s = (I - D_s)^-1 v_s + w_s zh_s, w_s = (I - D_s)^-1 own(., s); zh = v's household rows
      Matrix z(rows, k);
      std::vector<double> shared(n, 0.0);
      for (std::size_t s = 0; s < R; ++s) {
        const double* p = inv.data() + s * S * S;
        std::vector<double> w(S, 0.0);  // w_s, then M_s w_s in shared
        for (std::size_t i = 0; i < S; ++i)
          for (std::size_t l = 0; l < S; ++l) w[i] += p[i + l * S] * h.own[s * S + l];
        for (std::size_t i = 0; i < S; ++i) {
          const bool alone = std::find(h.alone.begin(), h.alone.end(), i) != h.alone.end();
          double mw = 0;
          for (std::size_t l = 0; l < S; ++l) mw += a.bought[s * S * S + i + l * S] * w[l];
          shared[s * S + i] = mw + (alone ? 0.0 : h.bought[s * S + i]);
        }
        for (std::size_t c = 0; c < k; ++c)
          for (std::size_t i = 0; i < S; ++i) {
            double sum = households ? w[i] * v(n + s, c) : 0.0;
            for (std::size_t l = 0; l < S; ++l) sum += p[i + l * S] * v(s * S + l, c);
            z(s * S + i, c) = sum;
          }
        if (households)
          for (std::size_t c = 0; c < k; ++c) z(n + s, c) = v(n + s, c);
      }
      Matrix want(rows, k), got(rows, k, 7.0);
      multiply_between(a, t, households ? &h : nullptr, z.data(), want.data(), k, false);
      REQUIRE(multiply_between_from(a, t, households ? &h : nullptr, g.data(), households ? shared.data() : nullptr,
                                    v.data(), N, v.data() + n, N, got.data(), rows, k));
      CHECK(relative_difference(got, want) < 1e-14);
      // The solver's steps on G_s (no change) and on z (a change that adds nothing and names no
      // rows it reads): the same operator, so the same steps and solutions
      const solve::StructuredSolver one(std::make_shared<const MrioStructure>(a));
      const solve::StructuredSolver solver =
          households ? solve::StructuredSolver(one, std::make_shared<const HouseholdStructure>(h)) : one;
      Matrix x1 = seeded(rows, k, 53), x2 = x1;
      const int fused = solver.solve(x1.data(), k, false);
      const std::vector<std::size_t> group(k, 0);
      const int plain = solver.solve(
          x2.data(), k, false, [](const double*, double*, const std::size_t*, std::size_t, bool) {}, group.data());
      CHECK(fused > 0);
      CHECK(std::abs(fused - plain) <= 1);
      CHECK(relative_difference(x1, x2) < 1e-12);
    }
}
