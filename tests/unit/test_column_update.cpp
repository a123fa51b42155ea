// Rank-k updates of the Leontief factorisation (Sherman-Morrison-Woodbury; docs/methodology.md,
// "Local procurement"): solves on the updated system equal those of a fresh factorisation of the
// changed table, Type I and Type II, right and left, on the toy model and on uk-itl1-2022.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "devolve/error.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/model_csv.hpp"
#include "devolve/mrio_structure.hpp"
#include "devolve/version.hpp"
#include "solve/changed_columns.hpp"
#include "support.hpp"

using namespace devolve;

namespace {

// The model with each column in `cols` buying `share` more of every industry from its own region's
// supplier, taken pro rata from the other regions' (the column keeps its total, like procurement).
Model moved(const Model& m, const std::vector<std::size_t>& cols, double share) {
  Model c = m;
  c.cache_facts.reset();
  const std::size_t R = m.num_regions(), S = m.num_industries();
  for (std::size_t j : cols) {
    const std::size_t r = m.region_of(j);
    for (std::size_t i = 0; i < S; ++i) {
      double others = 0;
      for (std::size_t u = 0; u < R; ++u)
        if (u != r) others += m.z(m.sector(u, i), j);
      if (!(others > 0)) continue;
      for (std::size_t u = 0; u < R; ++u)
        if (u != r) c.z(m.sector(u, i), j) -= share * m.z(m.sector(u, i), j);
      c.z(m.sector(r, i), j) += share * others;
    }
  }
  return c;
}

Model itl1() {
  ModelSettings settings;
  settings.data_dir = std::string(source_dir) + "/data";
  return load_model("uk-itl1-2022", settings);
}

// The North West's (TLD) public administration, education and health buying columns.
std::vector<std::size_t> north_west_public(const Model& m) {
  std::vector<std::size_t> cols;
  for (const char* code : {"O84", "P85", "Q86"}) cols.push_back(m.sector(m.region_index("TLD"), m.industry_index(code)));
  return cols;
}

// The change of A's columns `cols` from m to c, n x k.
Matrix column_change(const Model& m, const Model& c, const std::vector<std::size_t>& cols) {
  Matrix d(m.num_sectors(), cols.size());
  for (std::size_t q = 0; q < cols.size(); ++q)
    for (std::size_t i = 0; i < m.num_sectors(); ++i)
      d(i, q) = c.z(i, cols[q]) / m.output[cols[q]] - m.z(i, cols[q]) / m.output[cols[q]];
  return d;
}

// The largest relative residual over columns, max_c |b_c - (I - A) x_c|_inf / |b_c|_inf, with A = Z
// diag(x)^-1 of c (Type I), or of the same transposed.
double residual(const Model& c, const Matrix& b, const Matrix& x, bool transposed) {
  const std::size_t n = c.num_sectors();
  double worst = 0;
  for (std::size_t col = 0; col < b.cols(); ++col) {
    double r = 0, s = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double ax = 0;
      for (std::size_t j = 0; j < n; ++j)
        ax += transposed ? c.z(j, i) / c.output[i] * x(j, col) : c.z(i, j) / c.output[j] * x(j, col);
      r = std::max(r, std::abs(b(i, col) - x(i, col) + ax));
      s = std::max(s, std::abs(b(i, col)));
    }
    worst = std::max(worst, r / s);
  }
  return worst;
}

Matrix transposed(const Matrix& a) {
  Matrix t(a.cols(), a.rows());
  for (std::size_t i = 0; i < a.rows(); ++i)
    for (std::size_t j = 0; j < a.cols(); ++j) t(j, i) = a(i, j);
  return t;
}

// max |a - b| / max |b|
double relative_difference(const Matrix& a, const Matrix& b) {
  double d = 0, s = 0;
  for (std::size_t c = 0; c < b.cols(); ++c)
    for (std::size_t i = 0; i < b.rows(); ++i) {
      d = std::max(d, std::abs(a(i, c) - b(i, c)));
      s = std::max(s, std::abs(b(i, c)));
    }
  return d / s;
}

// Mixed-sign right-hand sides, rows x cols.
Matrix pattern(std::size_t rows, std::size_t cols) {
  Matrix b(rows, cols);
  for (std::size_t c = 0; c < cols; ++c)
    for (std::size_t i = 0; i < rows; ++i) b(i, c) = double((i * 7 + c * 3) % 11) - 4.0;
  return b;
}

void check_against_fresh(const Model& base, const Model& changed, const std::vector<std::size_t>& cols) {
  const Leontief b(base, Closure::type_i, Solver::dense);
  const std::optional<Leontief> up = b.with_changed_columns(base, changed, cols);
  REQUIRE(up);
  const Leontief fresh(changed, Closure::type_i, Solver::dense);
  const std::size_t n = base.num_sectors(), R = base.num_regions();
  CHECK(relative_difference(up->solve(pattern(n, 3)), fresh.solve(pattern(n, 3))) < 1e-12);
  CHECK(relative_difference(up->left_solve(pattern(3, n)), fresh.left_solve(pattern(3, n))) < 1e-12);
  // The updated system differs from the base one where the columns changed.
  CHECK(relative_difference(b.solve(pattern(n, 3)), fresh.solve(pattern(n, 3))) > 1e-9);
  const Leontief up2 = up->with_households(changed), fresh2 = fresh.with_households(changed);
  CHECK(relative_difference(up2.solve(pattern(n + R, 3)), fresh2.solve(pattern(n + R, 3))) < 1e-12);
  CHECK(relative_difference(up2.left_solve(pattern(3, n + R)), fresh2.left_solve(pattern(3, n + R))) < 1e-12);
}

}  // namespace

TEST_CASE("column update: equals a fresh factorisation on the toy model", "[leontief][procurement]") {
  const Model m = read_model_csv(std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2");
  check_against_fresh(m, moved(m, {1}, 0.5), {1});
  check_against_fresh(m, moved(m, {0, 1, 3}, 0.3), {0, 1, 3});
  // No changed column: the base system itself.
  check_against_fresh(m, moved(m, {1}, 0.5), {1, 2});
}

TEST_CASE("column update: declines an ill-conditioned capacitance matrix", "[leontief][procurement]") {
  // Column 1 of (I - A') made equal to column 0 of (I - A): (I - A') is singular, and so is C.
  const Model m = read_model_csv(std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2");
  Model c = m;
  const std::size_t n = m.num_sectors();
  for (std::size_t i = 0; i < n; ++i) {
    const double ima0 = (i == 0 ? 1.0 : 0.0) - m.z(i, 0) / m.output[0];
    c.z(i, 1) = m.output[1] * ((i == 1 ? 1.0 : 0.0) - ima0);
  }
  const Leontief b(m, Closure::type_i, Solver::dense);
  CHECK_FALSE(b.with_changed_columns(m, c, {1}).has_value());
}

TEST_CASE("column update: equals a fresh factorisation on uk-itl1-2022", "[leontief][procurement][uk]") {
  const Model m = itl1();
  const std::vector<std::size_t> anchors = north_west_public(m);
  check_against_fresh(m, moved(m, anchors, 0.05), anchors);
  // Every region's hospitals buying a quarter more locally: k = 12.
  std::vector<std::size_t> q86;
  for (std::size_t r = 0; r < m.num_regions(); ++r) q86.push_back(m.sector(r, m.industry_index("Q86")));
  check_against_fresh(m, moved(m, q86, 0.25), q86);
}

namespace {

// Columns `cols` of c's Z, n x k.
Matrix z_columns(const Model& c, const std::vector<std::size_t>& cols) {
  Matrix z(c.num_sectors(), cols.size());
  for (std::size_t q = 0; q < cols.size(); ++q)
    for (std::size_t i = 0; i < c.num_sectors(); ++i) z(i, q) = c.z(i, cols[q]);
  return z;
}

// Several changed tables and right-hand sides in one solve (Leontief::with_changed_columns for
// several tables, then solve_from_base) against each table updated and solved on its own. Tables
// whose update is declined (`declined`) give nullopt.
void check_tables_at_once(const Model& m, const std::vector<Model>& tables, const std::vector<std::vector<std::size_t>>& cols,
                          const std::vector<bool>& declined) {
  const Leontief b(m, Closure::type_i, Solver::dense);
  const std::size_t n = m.num_sectors();
  std::vector<Matrix> changed;
  for (std::size_t t = 0; t < tables.size(); ++t) changed.push_back(z_columns(tables[t], cols[t]));
  const Matrix y = pattern(n, 5);
  Matrix u = y;
  std::vector<std::optional<Leontief>> up = b.with_changed_columns(m, changed, cols, u);
  REQUIRE(up.size() == tables.size());
  CHECK(relative_difference(u, b.solve(y)) < 1e-13);  // b holds (I - A)^-1 b
  CHECK(relative_difference(b.solve_from_base(u), b.solve(y)) < 1e-13);  // the base system: u itself
  for (std::size_t t = 0; t < tables.size(); ++t) {
    const std::optional<Leontief> one = b.with_changed_columns(m, tables[t], cols[t]);
    CHECK(up[t].has_value() == !declined[t]);
    CHECK(one.has_value() == !declined[t]);
    if (!up[t] || !one) continue;
    CHECK(relative_difference(up[t]->solve_from_base(u), one->solve(y)) < 1e-12);
    CHECK(relative_difference(up[t]->solve(y), one->solve(y)) < 1e-12);
    CHECK(relative_difference(up[t]->solve(y), b.solve(y)) > 1e-9);  // each its own table
  }
  CHECK_THROWS_AS(b.with_households(m).solve_from_base(u), Error);  // Type I only
}

}  // namespace

TEST_CASE("column update: several tables and right-hand sides in one solve", "[leontief][procurement]") {
  const Model m = read_model_csv(std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2");
  Model singular = m;  // (I - A') singular, as in the test above: its update is declined
  for (std::size_t i = 0; i < m.num_sectors(); ++i) {
    const double ima0 = (i == 0 ? 1.0 : 0.0) - m.z(i, 0) / m.output[0];
    singular.z(i, 1) = m.output[1] * ((i == 1 ? 1.0 : 0.0) - ima0);
  }
  check_tables_at_once(m, {moved(m, {1}, 0.5), singular, moved(m, {0, 1, 3}, 0.3)}, {{1}, {1}, {0, 1, 3}},
                       {false, true, false});
  // No table: b alone.
  check_tables_at_once(m, {}, {}, {});
}

// (I - A)^-1 1, solved once for a factorisation and kept (the productiveness check of every system
// on it starts with that solve), has the same bits whether the first to ask was a system's own check
// (a one-column solve) or a batch of shocked tables (whose solve of many columns takes other
// kernels): a run's results and messages do not depend on the order its commands solved in.
TEST_CASE("column update: the kept solve of (I - A) v = 1 has the same bits whichever solve asked first",
          "[leontief][procurement]") {
  // 300 sectors, A > 0 with column sums 0.6 (the base passes the column-sum bound: no solve of v),
  // and a shocked table whose column 5 sums to just over 1 (the bound fails: its check solves v).
  const std::size_t n = 300, j0 = 5;
  auto weight = [](std::size_t i, std::size_t j) { return double((i * 37 + j * 11) % 17 + 1) * (1.0 + 1e-3 * double(i % 7)); };
  test::Rows z(n, std::vector<double>(n));
  Matrix changed(n, 1);
  for (std::size_t j = 0; j < n; ++j) {
    double w = 0;
    for (std::size_t i = 0; i < n; ++i) w += weight(i, j);
    for (std::size_t i = 0; i < n; ++i) z[i][j] = 60.0 * weight(i, j) / w;
    if (j == j0)
      for (std::size_t i = 0; i < n; ++i) changed(i, 0) = 100.0 * weight(i, (j + 1) % n) / w;
  }
  double top = 0;
  for (std::size_t i = 0; i < n; ++i) top += changed(i, 0) / 100.0;
  const Model m = test::from_published(z, std::vector<double>(n, 100.0));
  const Matrix ones(n, 1, 1.0);
  // First a batch of the shocked table (and two other right-hand sides), then the base's own v.
  const Leontief batch_first(m, Closure::type_i, Solver::dense);
  CHECK(batch_first.productive_by().find("column sums") != std::string::npos);
  Matrix b = pattern(n, 2);
  const auto tables = batch_first.with_changed_columns(m, std::vector<Matrix>{changed}, {{j0}}, b);
  REQUIRE(tables.size() == 1);
  REQUIRE(tables[0]);
  INFO("the shocked column sums to " << top);
  CHECK(tables[0]->productive_by() == "solve of (I - A) v = 1");
  const Matrix after_batch = batch_first.solve(ones);
  // The base's v asked first, on the same factorisation made again.
  const Leontief alone(m, Closure::type_i, Solver::dense);
  const Matrix first = alone.solve(ones);
  CHECK(std::equal(after_batch.data(), after_batch.data() + n, first.data()));
  // And the shocked table's own v (the kept solve, corrected) is the same whichever came first.
  Matrix b2 = pattern(n, 2);
  const auto later = alone.with_changed_columns(m, std::vector<Matrix>{changed}, {{j0}}, b2);
  REQUIRE(later.size() == 1);
  REQUIRE(later[0]);
  const Matrix v1 = later[0]->solve(ones), v2 = tables[0]->solve(ones);
  CHECK(std::equal(v1.data(), v1.data() + n, v2.data()));
  CHECK(std::equal(b.data(), b.data() + 2 * n, b2.data()));
}

TEST_CASE("column update: several tables in one solve on uk-itl1-2022", "[leontief][procurement][uk]") {
  const Model m = itl1();
  const std::vector<std::size_t> anchors = north_west_public(m);
  check_tables_at_once(m, {moved(m, anchors, 0.01), moved(m, anchors, 0.03), moved(m, anchors, 0.05)},
                       {anchors, anchors, anchors}, {false, false, false});
}

// The structured solver takes the same change as the change of A's columns (a factored model has no
// Z): base GMRES solves plus the rank-k correction (ChangeMethod::woodbury), Type I and the bordered
// Type II.
TEST_CASE("column update: on the structured solver, equals the dense fresh factorisation on uk-itl1-2022",
          "[leontief][procurement][uk]") {
  const Model m = itl1();
  const std::size_t n = m.num_sectors(), R = m.num_regions();
  const std::vector<std::size_t> cols = north_west_public(m);
  const Model c = moved(m, cols, 0.05);
  // The columns of A from the factored form are those of the dense Z.
  MrioStructure a;
  REQUIRE(factor_coefficients(m, a));
  const Matrix ac = solve::coefficient_columns(a, cols);
  Matrix d(n, cols.size()), base(n, cols.size());
  for (std::size_t q = 0; q < cols.size(); ++q)
    for (std::size_t i = 0; i < n; ++i) {
      base(i, q) = m.z(i, cols[q]) / m.output[cols[q]];
      d(i, q) = c.z(i, cols[q]) / m.output[cols[q]] - base(i, q);
    }
  CHECK(relative_difference(ac, base) < 1e-12);
  const Leontief s(m, Closure::type_i, Solver::structured);
  const std::optional<Leontief> up = s.with_changed_coefficients(m, cols, d, ChangeMethod::woodbury);
  REQUIRE(up);
  CHECK(up->solver() == Solver::structured);
  const Leontief fresh(c, Closure::type_i, Solver::dense);
  CHECK(relative_difference(up->solve(pattern(n, 3)), fresh.solve(pattern(n, 3))) < 1e-10);
  CHECK(relative_difference(up->left_solve(pattern(3, n)), fresh.left_solve(pattern(3, n))) < 1e-10);
  CHECK(relative_difference(s.solve(pattern(n, 3)), fresh.solve(pattern(n, 3))) > 1e-9);
  const Leontief up2 = up->with_households(m), fresh2 = fresh.with_households(c);
  REQUIRE(up2.bordered());
  CHECK(relative_difference(up2.solve(pattern(n + R, 3)), fresh2.solve(pattern(n + R, 3))) < 1e-10);
  CHECK(relative_difference(up2.left_solve(pattern(3, n + R)), fresh2.left_solve(pattern(3, n + R))) < 1e-10);
}

// The default on the structured solver: the changed system solved by GMRES itself, the change applied
// beside the factored A in every step (no solves up front), Type I and Type II, right and left; every
// column reaches the solver's tolerance on the dense changed table.
TEST_CASE("column update: the direct change on the structured solver equals the dense fresh factorisation on "
          "uk-itl1-2022", "[leontief][procurement][uk]") {
  const Model m = itl1();
  const std::size_t n = m.num_sectors(), R = m.num_regions();
  const std::vector<std::size_t> cols = north_west_public(m);
  const Model c = moved(m, cols, 0.05);
  const Matrix d = column_change(m, c, cols);
  const Leontief s(m, Closure::type_i, Solver::structured);
  const std::optional<Leontief> up = s.with_changed_coefficients(m, cols, d);
  REQUIRE(up);
  CHECK(up->solver() == Solver::structured);
  const Leontief fresh(c, Closure::type_i, Solver::dense);
  const Matrix b = pattern(n, 3), x = up->solve(b), xl = up->left_solve(pattern(3, n));
  CHECK(relative_difference(x, fresh.solve(b)) < 1e-10);
  CHECK(relative_difference(xl, fresh.left_solve(pattern(3, n))) < 1e-10);
  CHECK(residual(c, b, x, false) <= 1.01e-13);
  CHECK(residual(c, transposed(pattern(3, n)), transposed(xl), true) <= 1.01e-13);
  CHECK(relative_difference(s.solve(b), fresh.solve(b)) > 1e-9);
  // Scaled: the change of the half-way table, sharing D.
  const Model half = moved(m, cols, 0.025);
  const std::optional<Leontief> scaled = up->with_scaled_change(m, column_change(m, half, cols)(0, 0) / d(0, 0));
  REQUIRE(scaled);
  CHECK(relative_difference(scaled->solve(b), Leontief(half, Closure::type_i, Solver::dense).solve(b)) < 1e-10);
  // Type II: the changed Type I system bordered, and the bordered base system changed.
  const Leontief fresh2 = fresh.with_households(c), up2 = up->with_households(m);
  const std::optional<Leontief> up2b = s.with_households(m).with_changed_coefficients(m, cols, d);
  REQUIRE(up2b);
  for (const Leontief* t2 : {&up2, &*up2b}) {
    REQUIRE(t2->bordered());
    CHECK(relative_difference(t2->solve(pattern(n + R, 3)), fresh2.solve(pattern(n + R, 3))) < 1e-10);
    CHECK(relative_difference(t2->left_solve(pattern(3, n + R)), fresh2.left_solve(pattern(3, n + R))) < 1e-10);
  }
}

// A changed table that is singular, or productive no more, fails the same way directly and by the
// rank-k update: no system (the caller's error), or the same ModelError.
TEST_CASE("column update: a singular or unproductive change fails alike directly and by Woodbury", "[leontief][procurement][uk]") {
  const Model m = itl1();
  const std::size_t n = m.num_sectors(), j0 = north_west_public(m)[0], j1 = north_west_public(m)[1];
  const Leontief s(m, Closure::type_i, Solver::structured);
  // Column j1 of (I - A') made equal to column j0 of (I - A): A'(., j1) = A(., j0) + e_j1 - e_j0.
  Matrix d(n, 1);
  for (std::size_t i = 0; i < n; ++i)
    d(i, 0) = m.z(i, j0) / m.output[j0] + (i == j1) - (i == j0) - m.z(i, j1) / m.output[j1];
  CHECK_FALSE(s.with_changed_coefficients(m, {j1}, d, ChangeMethod::direct).has_value());
  CHECK_FALSE(s.with_changed_coefficients(m, {j1}, d, ChangeMethod::woodbury).has_value());
  // Column j1 buying 1.2 more of its own output: nonsingular, but (I - A')^-1 1 is not positive.
  Matrix u(n, 1, 0.0);
  u(j1, 0) = 1.2;
  std::string direct, woodbury;
  try {
    s.with_changed_coefficients(m, {j1}, u, ChangeMethod::direct);
  } catch (const ModelError& e) {
    direct = e.what();
  }
  try {
    s.with_changed_coefficients(m, {j1}, u, ChangeMethod::woodbury);
  } catch (const ModelError& e) {
    woodbury = e.what();
  }
  CHECK(direct.find("(Type I) is not productive") != std::string::npos);
  CHECK(direct == woodbury);
}

// Several shocked tables' columns in one GMRES run (Leontief::solve_with_changes), each column on its
// own table, equal the same columns solved table by table (with_changed_coefficients) and the dense
// fresh factorisations, Type I and the bordered Type II; a table that is a multiple of an earlier one
// shares its D.
TEST_CASE("column update: several changed tables in one structured run equal separate runs on uk-itl1-2022",
          "[leontief][procurement][uk]") {
  const Model m = itl1();
  const std::size_t n = m.num_sectors();
  const std::vector<std::size_t> nw = north_west_public(m);
  std::vector<std::size_t> london;
  for (const char* code : {"O84", "Q86"}) london.push_back(m.sector(m.region_index("TLI"), m.industry_index(code)));
  const std::vector<Model> tables = {moved(m, nw, 0.05), moved(m, nw, 0.02), moved(m, london, 0.04)};
  const std::vector<std::vector<std::size_t>> cols = {nw, nw, london};
  solve::DirectChanges changes;
  // Table 1 given as 0.4 of table 0's change (0.02 of the pattern against 0.05; its own D equals that
  // to about 1e-14, the cancellation of the test's Z' - Z): it shares table 0's D.
  Matrix d1 = column_change(m, tables[0], nw);
  for (std::size_t i = 0; i < d1.rows() * d1.cols(); ++i) d1.data()[i] *= 0.4;
  CHECK(changes.add(nw, column_change(m, tables[0], nw)) == 0);
  CHECK(changes.add(nw, d1) == 1);
  CHECK(changes.add(london, column_change(m, tables[2], london)) == 2);
  CHECK(&changes.change(1).change() == &changes.change(0).change());
  CHECK(&changes.change(2).change() != &changes.change(0).change());
  const std::vector<std::size_t> set = {0, 2, 1, 0, 2, 1, 1};
  const Leontief s(m, Closure::type_i, Solver::structured);
  const Leontief s2 = s.with_households(m);
  CHECK(s2.productive_by().find("weighted column sums of B") == 0);
  for (const Leontief* base : {&s, &s2}) {
    const std::size_t N = base->size();
    const Matrix b = pattern(N, set.size());
    Matrix x = b;
    std::size_t solved_checks = 99;
    REQUIRE(base->solve_with_changes(m, changes, set, x, &solved_checks));
    // Type I by its column sums, the bordered Type II (whose plain column sums exceed 1) by the
    // weighted ones w'(B + D) < w': no table needs a check column
    CHECK(solved_checks == 0);
    for (std::size_t c = 0; c < set.size(); ++c) {
      const std::size_t g = set[c];
      Matrix bc(N, 1), xc(N, 1), sep(N, 1);
      std::copy(b.data() + c * N, b.data() + (c + 1) * N, bc.data());
      std::copy(x.data() + c * N, x.data() + (c + 1) * N, xc.data());
      const std::optional<Leontief> one = base->with_changed_coefficients(m, cols[g], column_change(m, tables[g], cols[g]));
      REQUIRE(one);
      sep = one->solve(bc);
      CHECK(relative_difference(xc, sep) < 1e-10);
      const Leontief fresh(tables[g], Closure::type_i, Solver::dense);
      const Matrix dense = N > n ? fresh.with_households(tables[g]).solve(bc) : fresh.solve(bc);
      CHECK(relative_difference(xc, dense) < 1e-10);
      if (N == n) CHECK(residual(tables[g], bc, xc, false) <= 1.01e-13);
    }
  }
  // The checks' readings of the changes made once for both systems (Leontief::change_facts, on
  // OpenMP threads): the same solutions bit for bit and the same checks as each system's own reading.
  const std::shared_ptr<const ChangeFacts> facts = Leontief::change_facts(changes, {&s, &s2});
  REQUIRE(facts);
  for (const Leontief* base : {&s, &s2}) {
    Matrix x = pattern(base->size(), set.size()), xf = x;
    std::size_t checks = 99, checks_given = 98;
    REQUIRE(base->solve_with_changes(m, changes, set, x, &checks));
    REQUIRE(base->solve_with_changes(m, changes, set, xf, &checks_given, facts.get()));
    CHECK(checks_given == checks);
    CHECK(std::memcmp(x.data(), xf.data(), x.rows() * x.cols() * sizeof(double)) == 0);
  }
  // A singular table: false, and b unchanged here: a check column is solved (without one,
  // solve_with_changes solves b in place and b then holds no solution); an unproductive one: the
  // same ModelError as alone.
  const std::size_t j0 = nw[0], j1 = nw[1];
  Matrix sing(n, 1), u(n, 1, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    sing(i, 0) = m.z(i, j0) / m.output[j0] + (i == j1) - (i == j0) - m.z(i, j1) / m.output[j1];
  u(j1, 0) = 1.2;
  solve::DirectChanges bad, unproductive;
  bad.add({j1}, sing);
  unproductive.add({j1}, u);
  const Matrix b = pattern(n, 2);
  Matrix x = b;
  CHECK_FALSE(s.solve_with_changes(m, bad, {0, 0}, x));
  CHECK(relative_difference(x, b) == 0);
  std::string alone, together;
  try {
    s.with_changed_coefficients(m, {j1}, u);
  } catch (const ModelError& e) {
    alone = e.what();
  }
  try {
    s.solve_with_changes(m, unproductive, {0, 0}, x);
  } catch (const ModelError& e) {
    together = e.what();
  }
  CHECK(together.find("(Type I) is not productive") != std::string::npos);
  CHECK(together == alone);
  // The bordered Type II: a change the weighted bound cannot prove (1.2 added to one column's
  // own-industry coefficient) gets its check column, which finds it unproductive as alone does.
  std::string alone2, together2;
  try {
    s2.with_changed_coefficients(m, {j1}, u);
  } catch (const ModelError& e) {
    alone2 = e.what();
  }
  Matrix x2 = pattern(s2.size(), 2);
  std::size_t solved2 = 0;
  try {
    s2.solve_with_changes(m, unproductive, {0, 0}, x2, &solved2);
  } catch (const ModelError& e) {
    together2 = e.what();
  }
  CHECK(together2.find("(Type II) is not productive") != std::string::npos);
  CHECK(together2 == alone2);
  std::string given2;  // the same with the readings made for both systems
  const std::shared_ptr<const ChangeFacts> facts2 = Leontief::change_facts(unproductive, {&s, &s2});
  REQUIRE(facts2);
  try {
    Matrix x4 = pattern(s2.size(), 2);
    s2.solve_with_changes(m, unproductive, {0, 0}, x4, nullptr, facts2.get());
  } catch (const ModelError& e) {
    given2 = e.what();
  }
  CHECK(given2 == alone2);
  // A small change the weighted bound does prove: no check column, and the same solution as alone.
  Matrix small(n, 1, 0.0);
  small(j1, 0) = 1e-3;
  solve::DirectChanges fine;
  fine.add({j1}, small);
  Matrix x3 = pattern(s2.size(), 1);
  const Matrix b3 = x3;
  std::size_t solved3 = 99;
  REQUIRE(s2.solve_with_changes(m, fine, {0}, x3, &solved3));
  CHECK(solved3 == 0);
  const std::optional<Leontief> alone3 = s2.with_changed_coefficients(m, {j1}, small);
  REQUIRE(alone3);
  CHECK(relative_difference(x3, alone3->solve(b3)) < 1e-10);
}

TEST_CASE("column update: the changes stored by blocks apply as the dense ones on uk-itl1-2022",
          "[leontief][procurement][uk]") {
  const Model m = itl1();
  const std::size_t n = m.num_sectors(), R = m.num_regions(), S = m.num_industries();
  const std::vector<std::size_t> nw = north_west_public(m);
  std::vector<std::size_t> london;
  for (const char* code : {"O84", "Q86"}) london.push_back(m.sector(m.region_index("TLI"), m.industry_index(code)));
  solve::DirectChanges dense;
  dense.add(nw, column_change(m, moved(m, nw, 0.05), nw));
  dense.add(nw, column_change(m, moved(m, nw, 0.02), nw));
  dense.add(london, column_change(m, moved(m, london, 0.04), london));
  solve::DirectChanges blocks = dense;
  REQUIRE(blocks.factor_by_blocks(S));
  CHECK(blocks.by_blocks());
  CHECK_FALSE(dense.by_blocks());
  const std::vector<std::size_t> set = {0, 2, 1, 0, 2, 1, 1}, ids = {0, 1, 2, 3, 4, 5, 6};
  for (const std::size_t ld : {n, n + R})
    for (const bool transposed : {false, true}) {
      const Matrix x = pattern(ld, set.size());
      Matrix a(ld, set.size(), 0.5), b(ld, set.size(), 0.5);
      dense.add(x.data(), a.data(), ids.data(), set.size(), ld, transposed, set);
      blocks.add(x.data(), b.data(), ids.data(), set.size(), ld, transposed, set);
      Matrix da = a, db = b;  // the changes alone
      for (std::size_t i = 0; i < ld * set.size(); ++i) da.data()[i] -= 0.5, db.data()[i] -= 0.5;
      CHECK(relative_difference(db, da) < 1e-13);
    }
  // The same solutions, Type I and the bordered Type II, to within the solver's tolerance.
  const Leontief s(m, Closure::type_i, Solver::structured);
  const Leontief s2 = s.with_households(m);
  for (const Leontief* base : {&s, &s2}) {
    const Matrix b = pattern(base->size(), set.size());
    Matrix xd = b, xb = b;
    REQUIRE(base->solve_with_changes(m, dense, set, xd));
    REQUIRE(base->solve_with_changes(m, blocks, set, xb));
    CHECK(relative_difference(xb, xd) < 1e-11);
  }
  // A block whose own-region entry is 0 and another not (a local area of several regions whose own
  // region sells none of the industry): its pattern is the block over its largest entry, and it
  // applies as the dense D.
  Matrix odd(n, 1, 0.0);
  odd(m.sector(0, 3), 0) = 0.01;
  odd(m.sector(2, 3), 0) = -0.004;
  solve::DirectChanges other = dense;
  other.add({nw[0]}, odd);
  solve::DirectChanges other_blocks = other;
  REQUIRE(other_blocks.factor_by_blocks(S));
  const std::vector<std::size_t> the_odd = {3}, first = {0};  // the column's change, its index
  const Matrix x = pattern(n, 1);
  Matrix a(n, 1, 0.0), b(n, 1, 0.0);
  other.add(x.data(), a.data(), first.data(), 1, n, false, the_odd);
  other_blocks.add(x.data(), b.data(), first.data(), 1, n, false, the_odd);
  CHECK(relative_difference(b, a) < 1e-14);
  // A block that is not finite: no blocks, the dense D's kept.
  odd(m.sector(1, 3), 0) = std::nan("");
  solve::DirectChanges bad = dense;
  bad.add({nw[0]}, odd);
  CHECK_FALSE(bad.factor_by_blocks(S));
  CHECK_FALSE(bad.by_blocks());
}

TEST_CASE("column update: changes given column by column make the blocks of their dense D's, bit for bit",
          "[leontief][procurement][uk]") {
  const Model m = itl1();
  const std::size_t n = m.num_sectors(), S = m.num_industries();
  const std::vector<std::size_t> nw = north_west_public(m);
  std::vector<std::size_t> london;
  for (const char* code : {"O84", "Q86"}) london.push_back(m.sector(m.region_index("TLI"), m.industry_index(code)));
  const std::vector<std::pair<std::vector<std::size_t>, Matrix>> tables = {
      {nw, column_change(m, moved(m, nw, 0.05), nw)}, {london, column_change(m, moved(m, london, 0.04), london)}};
  const auto fill = [](const Matrix& d) {  // adds column q of d, as a table's moves would
    return [&d](std::size_t q, double* col) {
      for (std::size_t i = 0; i < d.rows(); ++i) col[i] += d(i, q);
    };
  };
  solve::DirectChanges dense, given;
  for (const auto& [cols, d] : tables) {
    dense.add(cols, d);
    given.add(cols, n, fill(d));
  }
  CHECK_FALSE(given.change(0).dense());
  CHECK_THROWS_AS(given.change(0).change(), Error);
  REQUIRE(dense.factor_by_blocks(S));
  REQUIRE(given.factor_by_blocks(S));
  const std::vector<std::size_t> set = {0, 1, 1, 0}, ids = {0, 1, 2, 3};
  for (const bool transposed : {false, true}) {
    const Matrix x = pattern(n, set.size());
    Matrix a(n, set.size(), 0.5), b(n, set.size(), 0.5);
    dense.add(x.data(), a.data(), ids.data(), set.size(), n, transposed, set);
    given.add(x.data(), b.data(), ids.data(), set.size(), n, transposed, set);
    CHECK(std::equal(a.data(), a.data() + n * set.size(), b.data()));
  }
  // column(): the blocks' columns, within the pattern tolerance of the dense D's
  std::vector<double> col(n);
  for (std::size_t g = 0; g < tables.size(); ++g)
    for (std::size_t q = 0; q < tables[g].first.size(); ++q) {
      given.column(g, q, col.data());
      double top = 0, diff = 0;
      for (std::size_t i = 0; i < n; ++i)
        top = std::max(top, std::abs(tables[g].second(i, q))), diff = std::max(diff, std::abs(col[i] - tables[g].second(i, q)));
      CHECK(top > 0);
      CHECK(diff <= 1e-13 * top);
    }
  // No blocks (a block not finite): the changes given column by column are made dense, and apply as
  // the dense ones.
  Matrix odd(n, 1, 0.0);
  odd(m.sector(0, 3), 0) = std::numeric_limits<double>::infinity();
  solve::DirectChanges dense_odd = dense, given_odd = given;
  dense_odd.add({nw[0]}, odd);
  given_odd.add({nw[0]}, n, fill(odd));
  CHECK_FALSE(dense_odd.factor_by_blocks(S));
  CHECK_FALSE(given_odd.factor_by_blocks(S));
  CHECK(given_odd.change(0).dense());
  CHECK(given_odd.change(2).dense());
  const std::vector<std::size_t> set3 = {0, 2, 1};
  const Matrix x = pattern(n, set3.size());
  Matrix a(n, set3.size(), 0.0), b(n, set3.size(), 0.0);
  dense_odd.add(x.data(), a.data(), ids.data(), set3.size(), n, false, set3);
  given_odd.add(x.data(), b.data(), ids.data(), set3.size(), n, false, set3);
  CHECK(std::equal(a.data(), a.data() + n * set3.size(), b.data()));
}
