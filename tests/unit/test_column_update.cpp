// Rank-k updates of the Leontief factorisation (Sherman-Morrison-Woodbury; docs/methodology.md,
// "Local procurement"): solves on the updated system equal those of a fresh factorisation of the
// changed table, Type I and Type II, right and left, on the toy model and on uk-itl1-2022.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "devolve/leontief.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/model_csv.hpp"
#include "devolve/mrio_structure.hpp"
#include "devolve/version.hpp"
#include "solve/changed_columns.hpp"

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
  ModelSettings settings;
  settings.data_dir = std::string(source_dir) + "/data";
  const Model m = load_model("uk-itl1-2022", settings);
  const std::size_t tld = m.region_index("TLD");
  std::vector<std::size_t> anchors;
  for (const char* code : {"O84", "P85", "Q86"}) anchors.push_back(m.sector(tld, m.industry_index(code)));
  check_against_fresh(m, moved(m, anchors, 0.05), anchors);
  // Every region's hospitals buying a quarter more locally: k = 12.
  std::vector<std::size_t> q86;
  for (std::size_t r = 0; r < m.num_regions(); ++r) q86.push_back(m.sector(r, m.industry_index("Q86")));
  check_against_fresh(m, moved(m, q86, 0.25), q86);
}

// The structured solver takes the same change as the change of A's columns (a factored model has no
// Z): base GMRES solves plus the rank-k correction, Type I and the bordered Type II.
TEST_CASE("column update: on the structured solver, equals the dense fresh factorisation on uk-itl1-2022",
          "[leontief][procurement][uk]") {
  ModelSettings settings;
  settings.data_dir = std::string(source_dir) + "/data";
  const Model m = load_model("uk-itl1-2022", settings);
  const std::size_t n = m.num_sectors(), R = m.num_regions(), tld = m.region_index("TLD");
  std::vector<std::size_t> cols;
  for (const char* code : {"O84", "P85", "Q86"}) cols.push_back(m.sector(tld, m.industry_index(code)));
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
  const std::optional<Leontief> up = s.with_changed_coefficients(m, cols, d);
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
