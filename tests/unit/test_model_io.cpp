// Model files: both forms round-trip, identities hold, and broken copies are refused by name.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>

#include "devolve/error.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model_check.hpp"
#include "devolve/model_csv.hpp"
#include "devolve/model_h5.hpp"
#include "devolve/model_io.hpp"
#include "devolve/multipliers.hpp"

using namespace devolve;
namespace fs = std::filesystem;

namespace {

const std::string toy = std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2";

struct TempDir {
  fs::path path;
  TempDir() : path(fs::temp_directory_path() / ("devolve-test-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

void require_same(const Model& a, const Model& b) {
  REQUIRE(a.id == b.id);
  REQUIRE(a.num_sectors() == b.num_sectors());
  for (std::size_t r = 0; r < a.num_regions(); ++r) CHECK(a.regions[r].name == b.regions[r].name);
  CHECK(a.z.row_major() == b.z.row_major());
  CHECK(a.final_demand.row_major() == b.final_demand.row_major());
  CHECK(a.primary.row_major() == b.primary.row_major());
  CHECK(a.indicator_totals.row_major() == b.indicator_totals.row_major());
  CHECK(a.output == b.output);
  CHECK(a.population == b.population);
  CHECK(a.population_source == b.population_source);
  CHECK(a.metadata == b.metadata);
  CHECK(model_checksum(a) == model_checksum(b));
}

}  // namespace

TEST_CASE("The toy CSV model loads with labels and passes every check", "[model_io]") {
  const Model m = read_model_file(toy);
  CHECK(m.num_regions() == 2);
  CHECK(m.industries[1].name == "Manufacturing");
  CHECK(m.region_index("South") == 1);
  CHECK(m.region_index("n") == 0);
  CHECK(m.industry_index("MAN") == 1);
  CHECK_THROWS_WITH(m.region_index("Sout"), Catch::Contains("did you mean 'S'") || Catch::Contains("unknown region 'Sout'"));
  CHECK(m.final_demand(m.sector(0, 0), 0) == 20);  // N/AGR bought by households of N
  CHECK(m.z(m.sector(1, 1), m.sector(0, 1)) == 14);
  CHECK(check_model(m).empty());
}

TEST_CASE("CSV -> HDF5 -> CSV round trip keeps every number and label", "[model_io]") {
  TempDir tmp;
  const Model m = read_model_file(toy);
  const std::string h5 = (tmp.path / "toy.h5").string(), csv = (tmp.path / "toy-csv").string();
  write_model_h5(m, h5, false);
  const Model b = read_model_file(h5);
  require_same(m, b);
  write_model_csv(b, csv, false);
  require_same(m, read_model_file(csv));
  // Replacing a folder: refused without overwrite; with it, the new folder takes the old one's place.
  CHECK_THROWS_AS(write_model_csv(b, csv, false), UsageError);
  write_model_csv(b, csv, true);
  require_same(m, read_model_file(csv));
  // An existing output is never overwritten unless asked, and nothing temporary is left behind.
  CHECK_THROWS_AS(write_model_h5(m, h5, false), UsageError);
  write_model_h5(m, h5, true);
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(tmp.path)) files += e.path().filename().string()[0] == '.' ? 100 : 1;
  CHECK(files == 2);
}

TEST_CASE("Identity checks name the region, industry and size on a broken copy", "[checks]") {
  Model m = read_model_file(toy);
  m.z(m.sector(1, 0), m.sector(0, 1)) += 3;  // South/AGR sells 3 more to North/MAN: row and column break
  const auto v = check_model(m);
  REQUIRE(v.size() == 2);  // the row of S/AGR and the column of N/MAN (the macro total is unaffected)
  CHECK(v[0].check.find("row identity") == 0);
  CHECK(v[0].where == "South (S) / AGR Agriculture");
  CHECK(v[0].actual - v[0].expected == 3);
  CHECK(v[1].check.find("column identity") == 0);
  CHECK(v[1].where == "North (N) / MAN Manufacturing");
  CHECK_THROWS_AS(require_consistent(m, "broken"), ModelError);
  CHECK_THROWS_WITH(require_consistent(m, "broken"),
                    Catch::Contains("row identity") && Catch::Contains("South (S) / AGR") &&
                        Catch::Contains("relative error"));

  Model neg = read_model_file(toy);
  neg.output[0] = -1;
  CHECK(check_model(neg).at(0).check == "non-negative output");

  // The one pass over Z (model_check.cpp, scan_z) finds the first non-finite entry in storage
  // order, and the first negative entry of each column that has one.
  Model bad = read_model_file(toy);
  bad.z(m.sector(1, 1), m.sector(1, 0)) = std::numeric_limits<double>::quiet_NaN();
  bad.z(m.sector(0, 1), m.sector(1, 1)) = std::numeric_limits<double>::infinity();
  bad.z(m.sector(1, 0), m.sector(0, 0)) = -1;
  bad.z(m.sector(1, 1), m.sector(0, 0)) = -2;
  bad.z(m.sector(0, 0), m.sector(1, 1)) = -4;
  const auto w = check_model(bad);
  REQUIRE(w.size() == 3);
  CHECK(w[0].check == "finite Z");
  CHECK(w[0].where == "row " + std::to_string(m.sector(1, 1) + 1) + ", column " + std::to_string(m.sector(1, 0) + 1));
  CHECK(w[1].check == "non-negative Z");
  CHECK(w[1].where == "from South (S) / AGR Agriculture to North (N) / AGR Agriculture");
  CHECK(w[1].actual == -1);
  CHECK(w[2].where == "from North (N) / AGR Agriculture to South (S) / MAN Manufacturing");
  CHECK(w[2].actual == -4);
}

TEST_CASE("Multipliers of the toy model obey the accounting of their parts", "[multipliers]") {
  const Model m = read_model_file(toy);
  const Leontief t1(m, Closure::type_i), t2(m, Closure::type_ii);
  const Multipliers mu = compute_multipliers(m, t1, &t2);
  for (std::size_t k = 0; k < mu.measures.size(); ++k)
    for (std::size_t j = 0; j < m.num_sectors(); ++j) {
      // Type II >= Type I >= direct, and landing regions add up to the total.
      CHECK(mu.type_ii(k, j) >= mu.type_i(k, j));
      CHECK(mu.type_i(k, j) >= mu.direct(k, j));
      double sum = 0;
      for (std::size_t d = 0; d < m.num_regions(); ++d) sum += mu.type_ii_in(k, d, j);
      CHECK(sum == Approx(mu.type_ii(k, j)).epsilon(1e-12));
    }
  // Solving the base final demand reproduces the base output (x = L y): the closure is consistent.
  Matrix y(m.num_sectors(), 1);
  for (std::size_t i = 0; i < m.num_sectors(); ++i) y(i, 0) = m.final_demand.row_sum(i);
  const Matrix x = t1.solve(y);
  for (std::size_t i = 0; i < m.num_sectors(); ++i) CHECK(x(i, 0) == Approx(m.output[i]).epsilon(1e-12));
}

TEST_CASE("A -0.0 cell survives conversion to CSV with the same checksum", "[model_io]") {
  // The CSV form writes only non-zero cells, so a -0.0 comes back as +0.0; the checksum hashes
  // -0.0 as +0.0 (docs/model-format.md, "Model checksum") so the two forms agree.
  TempDir tmp;
  Model m = read_model_file(toy);
  const std::string before = model_checksum(m);
  const std::size_t i = m.sector(1, 1), j = m.sector(0, 1);  // S/MAN -> N/MAN, 14 in z.csv
  double& cell = m.z(i, j);
  const double kept = cell;
  cell = 0.0;
  const std::string plus = model_checksum(m);
  cell = -0.0;
  CHECK(std::signbit(m.z(i, j)));
  CHECK(model_checksum(m) == plus);
  const std::string csv = (tmp.path / "neg-zero").string();
  write_model_csv(m, csv, false);
  const Model back = read_model_csv(csv);
  CHECK_FALSE(std::signbit(back.z(i, j)));
  CHECK(model_checksum(back) == model_checksum(m));
  cell = kept;
  CHECK(model_checksum(m) == before);
  CHECK(plus != before);
}

TEST_CASE("A solver file's factors are mapped from the file, bit for bit, and solve as the fresh ones", "[model_io]") {
  TempDir tmp;
  const Model m = read_model_file(toy);
  const Leontief fresh(m, Closure::type_i);
  const ModelCacheFacts facts = [&] {
    ModelCacheFacts f = fresh.factors();
    f.checksum = model_checksum(m);
    return f;
  }();
  const std::string file = (tmp.path / "toy.solver.h5").string();
  write_model_h5(m, file, false, &facts);
  const std::size_t n = m.num_sectors();
  auto same_factors = [&](const ModelCacheFacts& kept) {
    REQUIRE(kept.lu_mapped);  // write_model_h5 recorded where the factors' bytes are
    CHECK(kept.lu.rows() == 0);
    REQUIRE(kept.lu_order() == n);
    CHECK(std::memcmp(kept.lu_data(), facts.lu.data(), n * n * sizeof(double)) == 0);
    CHECK(kept.pivots == facts.pivots);
    CHECK(kept.blas == facts.blas);
  };
  const Model solver = read_solver_h5(file);
  REQUIRE(solver.cache_facts);
  same_factors(*solver.cache_facts);
  const auto alone = read_solver_factors(file, m.id, n, facts.blas);
  REQUIRE(alone);
  same_factors(*alone);
  // Solved on the mapped factors: the same multipliers as on the fresh factorisation, bit for bit.
  const Multipliers a = compute_multipliers(m, fresh), b = compute_multipliers(solver, Leontief(solver, Closure::type_i));
  CHECK(a.type_i_by_destination == b.type_i_by_destination);
  CHECK(a.type_ii_by_destination == b.type_ii_by_destination);
}

TEST_CASE("A solver file keeps A's column sums and the Type II border, and reads z's columns from the model file",
          "[model_io]") {
  TempDir tmp;
  const Model m = read_model_file(toy);
  const std::size_t n = m.num_sectors(), R = m.num_regions();
  const Leontief fresh(m, Closure::type_i), fresh_ii = fresh.with_households(m);
  ModelCacheFacts facts = fresh_ii.factors();
  facts.checksum = model_checksum(m);
  REQUIRE(facts.a_column_sums.size() == n);  // the toy's A is non-negative
  REQUIRE(facts.type_ii_w.rows() == n);
  REQUIRE(facts.type_ii_w.cols() == R);
  const std::string model_file = (tmp.path / "toy.h5").string(), solver_file = (tmp.path / "toy.solver.h5").string();
  write_model_h5(m, model_file, false);
  write_model_h5(m, solver_file, false, &facts);
  const Model solver = read_solver_h5(solver_file, {}, model_file);
  REQUIRE(solver.cache_facts);
  CHECK(solver.z.rows() == 0);
  CHECK(solver.cache_facts->a_column_sums == facts.a_column_sums);
  CHECK(solver.cache_facts->type_ii_w.row_major() == facts.type_ii_w.row_major());
  CHECK(solver.cache_facts->type_ii_hc.row_major() == facts.type_ii_hc.row_major());
  // Columns of z, in the order asked, from the model file's z (stored row-major: every n-th value).
  REQUIRE(solver.has_z_columns());
  const Matrix cols = solver.z_columns({n - 1, 0});
  for (std::size_t i = 0; i < n; ++i) {
    CHECK(cols(i, 0) == m.z(i, n - 1));
    CHECK(cols(i, 1) == m.z(i, 0));
  }
  CHECK(m.z_columns({n - 1, 0}).row_major() == cols.row_major());
  CHECK_THROWS_AS(solver.z_columns({n}), Error);
  // The kept sums prove the system productive by the bound, as the fresh factorisation did, and
  // the kept W solves as the fresh Type II system, bit for bit.
  const Leontief kept(solver, Closure::type_i), kept_ii = kept.with_households(solver);
  CHECK(kept.productive_by() == fresh.productive_by());
  CHECK(kept.productive_by().rfind("column sums", 0) == 0);
  Matrix y(n + R, 2, 0.0);
  for (std::size_t i = 0; i < n; ++i) y(i, 0) = 1.0 + double(i), y(i, 1) = i == 1 ? 5.0 : 0.0;
  CHECK(kept_ii.solve(y).row_major() == fresh_ii.solve(y).row_major());
  // Type II from the Type I answer on the kept factors and W: solve()'s industry rows, bit for bit.
  Matrix yi(n, 2);
  for (std::size_t c = 0; c < 2; ++c)
    for (std::size_t i = 0; i < n; ++i) yi(i, c) = y(i, c);
  const Matrix from_x1 = kept_ii.solve_from_type_i(yi, kept.solve(yi)), full = kept_ii.solve(y);
  for (std::size_t c = 0; c < 2; ++c)
    for (std::size_t i = 0; i < n; ++i) CHECK(from_x1(i, c) == full(i, c));
  // A model file that holds other numbers than the solver file is refused when z is first read.
  Model other = m;
  other.z(0, 0) += 1.0;
  other.output[0] += 1.0;
  const std::string other_file = (tmp.path / "other.h5").string();
  write_model_h5(other, other_file, false);
  const Model mismatched = read_solver_h5(solver_file, {}, other_file);
  CHECK_THROWS_AS(mismatched.z_columns({0}), InputError);
}
