// The factored regionalisation (docs/model-format.md, "Factored models"): building the flows in
// factored form gives the factors of the dense build, and a factored model passes the same checks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <string>
#include <utility>

#include "devolve/household_closure.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model_check.hpp"
#include "devolve/model_h5.hpp"
#include "devolve/model_io.hpp"
#include "devolve/mrio_structure.hpp"
#include "devolve/multipliers.hpp"
#include "devolve/regionalise.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_run.hpp"
#include "devolve/scenario_spec.hpp"
#include "devolve/version.hpp"

using namespace devolve;

namespace {

// |a - b| <= tol * max(|a|, |b|), with an absolute floor for entries that are zero in one build
bool close(double a, double b, double tol, double floor) {
  return std::abs(a - b) <= tol * std::max(std::abs(a), std::abs(b)) + floor;
}

// ras: DenseRas::factors for a sweep's variant (RAS on the factors with Newton steps in both forms),
// at delta and beta (negative: the configuration's own)
// at delta and beta (negative: the configuration's own); returns the two builds (dense, factored)
std::pair<Model, Model> require_same_build(const std::string& config_file, DenseRas ras = DenseRas::matrix, double delta = -1,
                                           double beta = -1) {
  BuildConfig c = read_build_config(config_file);
  if (delta >= 0) c.params.delta = delta;
  if (beta >= 0) c.params.beta = beta;
  const auto inputs = read_regional_inputs(c);
  const Model dense = regionalise(c, *inputs, FlowForm::dense, ras);
  const Model fact = regionalise(c, *inputs, FlowForm::factored, ras);
  REQUIRE_FALSE(dense.factored());
  REQUIRE(fact.factored());
  REQUIRE(fact.z.empty());
  REQUIRE(fact.final_demand.empty());
  CHECK(check_model(fact).empty());
  MrioStructure ref;
  REQUIRE(factor_coefficients(dense, ref));
  const MrioStructure& a = *fact.coefficients;
  const std::size_t R = dense.num_regions(), S = dense.num_industries(), K = dense.num_categories(), n = R * S;
  std::size_t bad = 0;
  for (std::size_t e = 0; e < a.own.size(); ++e) bad += !close(a.own[e], ref.own[e], 1e-10, 1e-18);
  for (std::size_t e = 0; e < a.bought.size(); ++e) bad += !close(a.bought[e], ref.bought[e], 1e-10, 1e-18);
  CHECK(bad == 0);
  // Trade shares where region s buys industry i from other regions for intermediate use (elsewhere
  // factor_coefficients has no share to read): the same.
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t s = 0; s < R; ++s) {
      double m = 0;
      for (std::size_t j = 0; j < S; ++j) m += ref.bought[s * S * S + i + j * S];
      if (m > 0)
        for (std::size_t u = 0; u < R; ++u)
          bad += !close(a.trade[i * R * R + u + s * R], ref.trade[i * R * R + u + s * R], 1e-10, 1e-18);
    }
  CHECK(bad == 0);
  // Final demand, every cell, and every other table
  for (std::size_t row = 0; row < n; ++row)
    for (std::size_t col = 0; col < R * K; ++col) bad += !close(fact.final_use(row, col), dense.final_demand(row, col), 1e-10, 1e-12);
  CHECK(bad == 0);
  for (std::size_t p = 0; p < dense.primary.rows(); ++p)
    for (std::size_t j = 0; j < n; ++j) bad += !close(fact.primary(p, j), dense.primary(p, j), 1e-10, 1e-9);
  CHECK(bad == 0);
  CHECK(fact.output == dense.output);
  CHECK(fact.metadata.size() == dense.metadata.size());
  return {dense, fact};
}

// Every entry of got within tol of want, relative to the largest |want|
std::size_t differ(const double* got, const double* want, std::size_t count, double tol) {
  double scale = 0;
  for (std::size_t e = 0; e < count; ++e) scale = std::max(scale, std::abs(want[e]));
  std::size_t bad = 0;
  for (std::size_t e = 0; e < count; ++e) bad += !close(got[e], want[e], tol, tol * scale);
  return bad;
}

}  // namespace

TEST_CASE("Factored build equals the factors of the dense build: uk-itl1-2022", "[factored]") {
  require_same_build(std::string(DEVOLVE_TEST_DATA) + "/../../data/models/uk-itl1-2022.yaml");
}

// A sweep over delta and beta builds each sample's table in factored form (docs/methodology.md,
// "Which solver"): the same table as the sweep's dense variant, whose RAS also takes Newton steps.
// A sample's run solves on the factored variant by the structured solver; the same scenario
// (scenarios/example.yaml: Type II, spend and local procurement) on the dense variant by the dense
// LU agrees to 1e-10 (docs/methodology.md, "A sweep's samples").
TEST_CASE("A sweep's factored variant equals its dense variant: uk-itl1-2022", "[factored]") {
  const auto [dense, fact] =
      require_same_build(std::string(DEVOLVE_TEST_DATA) + "/../../data/models/uk-itl1-2022.yaml", DenseRas::factors, 0.17, 1.8);
  ModelSettings settings;
  settings.data_dir = std::string(source_dir) + "/data";
  const Scenario sc = resolve_scenario(read_scenario_spec(std::string(source_dir) + "/scenarios/example.yaml"), dense,
                                       load_scenario_data(settings));
  const RegionTotals d = run_scenario_totals(sc, dense), f = run_scenario_totals(sc, fact);
  REQUIRE(d.measures == f.measures);
  REQUIRE(f.by_region.size() == d.by_region.size());
  REQUIRE(d.by_region.size() > 0);
  CHECK(differ(f.by_region.values().data(), d.by_region.values().data(), d.by_region.size(), 1e-10) == 0);
  double largest = 0;
  for (double v : d.by_region.values()) largest = std::max(largest, std::abs(v));
  CHECK(largest > 0);
}

TEST_CASE("Factored build equals the factors of the dense build: a geography of LADs", "[factored]") {
  require_same_build(std::string(DEVOLVE_TEST_DATA) + "/geographies/west-yorkshire.yaml");
}

TEST_CASE("A factored model survives the HDF5 form and its checksum", "[factored]") {
  const BuildConfig c = read_build_config(std::string(DEVOLVE_TEST_DATA) + "/geographies/west-yorkshire.yaml");
  const Model m = regionalise(c, FlowForm::factored);
  const std::string file = "factored-model-test.h5";
  write_model_h5(m, file, true);
  std::string stored;
  const Model back = read_model_h5(file, &stored);
  REQUIRE(back.factored());
  CHECK(back.coefficients->own == m.coefficients->own);
  CHECK(back.coefficients->trade == m.coefficients->trade);
  CHECK(back.factored_final_demand->bought == m.factored_final_demand->bought);
  CHECK(check_model(back).empty());
  CHECK(stored == model_checksum(m));
  CHECK(model_checksum(back) == model_checksum(m));
  // A changed coefficient changes the checksum
  Model changed = back;
  auto a = std::make_shared<MrioStructure>(*back.coefficients);
  a->own[7] *= 1.5;
  changed.coefficients = a;
  CHECK(model_checksum(changed) != model_checksum(m));
  std::remove(file.c_str());
}

// Type II on a factored model is the bordered system with the households' purchases read from the
// factored final demand (no n x R closure, no W); it must give the dense LU's Type II answers.
TEST_CASE("Type II of a factored model equals the dense Type II: uk-itl1-2022", "[factored]") {
  const BuildConfig c = read_build_config(std::string(DEVOLVE_TEST_DATA) + "/../../data/models/uk-itl1-2022.yaml");
  const auto inputs = read_regional_inputs(c);
  const Model dense = regionalise(c, *inputs, FlowForm::dense);
  const Model fact = regionalise(c, *inputs, FlowForm::factored);
  const std::size_t R = dense.num_regions(), n = dense.num_sectors();
  // The households' purchases: own-region and bought parts, all shared with A's trade shares
  const HouseholdStructure h = factor_households(fact, *fact.coefficients);
  CHECK(h.alone.empty());
  const HouseholdClosure hc = household_closure(dense);
  for (std::size_t r = 0; r < R; ++r) CHECK(differ(household_consumption(fact, r).data(), hc.col.data() + r * n, n, 1e-10) == 0);
  // Solves and left solves of the Type II system
  const Leontief di(dense, Closure::type_i, Solver::dense), dii = di.with_households(dense);
  const Leontief fi(fact, Closure::type_i), fii = fi.with_households(fact);
  REQUIRE(fii.bordered());
  REQUIRE(fii.size() == n + R);
  Matrix b(n + R, 3, 0.0);
  for (std::size_t j = 0; j < n; ++j) b(j, 0) = dense.final_use_total(j);
  for (std::size_t j = 0; j < n; j += 7) b(j, 1) = 1.0;
  b(n + R - 1, 2) = 1e3;  // income paid to one region's households
  const Matrix xd = dii.solve(b), xf = fii.solve(b);
  CHECK(differ(xf.data(), xd.data(), (n + R) * 3, 1e-10) == 0);
  Matrix rows(3, n + R);
  for (std::size_t k = 0; k < 3; ++k)
    for (std::size_t j = 0; j < n + R; ++j) rows(k, j) = b(j, k);
  const Matrix ld = dii.left_solve(rows), lf = fii.left_solve(rows);
  CHECK(differ(lf.data(), ld.data(), (n + R) * 3, 1e-10) == 0);
  // Type II multipliers (from the Type I rows on the structured solver)
  const Multipliers md = compute_multipliers(dense, di, &dii), mf = compute_multipliers(fact, fi, &fii);
  REQUIRE(mf.type_ii_by_destination.size() == md.type_ii_by_destination.size());
  CHECK(differ(mf.type_ii_by_destination.data(), md.type_ii_by_destination.data(), md.type_ii_by_destination.size(), 1e-10) == 0);
}
