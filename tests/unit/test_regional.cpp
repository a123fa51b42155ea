// The stages of the regionalisation (model/regional), each against numbers worked by hand here.
#include <catch2/catch.hpp>
#include <cmath>

#include "regional/compensation.hpp"
#include "regional/final_demand.hpp"
#include "regional/gravity.hpp"
#include "regional/indicators.hpp"
#include "regional/location_quotients.hpp"
#include "regional/ras.hpp"
#include "support.hpp"

using namespace devolve;
using namespace devolve::regional;
using Catch::Matchers::WithinRel;
using Catch::Matchers::WithinAbs;

namespace {

// A hand-made economy of 2 regions x 2 industries (A, B), output in GBP million:
//            A    B   total
//   r1      30   10     40
//   r2      20   40     60
//   nation  50   50    100
Matrix toy_output() {
  Matrix x(2, 2);
  x(0, 0) = 30, x(0, 1) = 10, x(1, 0) = 20, x(1, 1) = 40;
  return x;
}
const std::vector<double> toy_region{40, 60}, toy_nation{50, 50};

}  // namespace

// Miller and Blair (2009), Input-Output Analysis, 2nd ed., section 8.3: SLQ_ri = (x_ri/x_r)/(x_i/x_n),
// CILQ_ij = SLQ_i/SLQ_j; Flegg and Webber (1997, Regional Studies 31(8)): FLQ_ij = CILQ_ij x lambda,
// lambda = [log2(1 + x_r/x_n)]^delta.
TEST_CASE("Simple location quotients of the 2-region table", "[regional]") {
  const Matrix slq = simple_lq(toy_output(), toy_region, toy_nation, 100);
  CHECK_THAT(slq(0, 0), WithinRel(1.5, 1e-15));      // (30/40)/(50/100)
  CHECK_THAT(slq(0, 1), WithinRel(0.5, 1e-15));      // (10/40)/(50/100)
  CHECK_THAT(slq(1, 0), WithinRel(2.0 / 3, 1e-15));  // (20/60)/(50/100)
  CHECK_THAT(slq(1, 1), WithinRel(4.0 / 3, 1e-15));  // (40/60)/(50/100)
}

TEST_CASE("Flegg's lambda", "[regional]") {
  // log2(1.4) = 0.485426827, ^0.3 = 0.805076467; log2(1.6) = 0.678071905, ^0.3 = 0.889985078
  CHECK_THAT(flegg_lambda(40, 100, 0.3), WithinRel(0.8050764672407148, 1e-14));
  CHECK_THAT(flegg_lambda(60, 100, 0.3), WithinRel(0.8899850780984493, 1e-14));
  CHECK(flegg_lambda(40, 100, 0.0) == 1.0);  // delta = 0: FLQ is CILQ
}

TEST_CASE("Own-region purchase shares by SLQ, CILQ and FLQ", "[regional]") {
  const Matrix slq = simple_lq(toy_output(), toy_region, toy_nation, 100);
  const std::vector<double> lambda{flegg_lambda(40, 100, 0.3), flegg_lambda(60, 100, 0.3)};
  const double cap = 0.99;
  // SLQ: the supplier's SLQ whatever the purchaser; r1's A (1.5) is capped.
  CHECK(own_share(LocationQuotient::slq, slq, lambda, 0, 0, 1, cap) == cap);
  CHECK_THAT(own_share(LocationQuotient::slq, slq, lambda, 0, 1, 0, cap), WithinRel(0.5, 1e-15));
  // CILQ: r1, supplier B, purchaser A: 0.5/1.5 = 1/3; r2, supplier A, purchaser B: (2/3)/(4/3) = 0.5;
  // r1, supplier A, purchaser B: 1.5/0.5 = 3, capped; the diagonal uses the SLQ.
  CHECK_THAT(own_share(LocationQuotient::cilq, slq, lambda, 0, 1, 0, cap), WithinRel(1.0 / 3, 1e-15));
  CHECK_THAT(own_share(LocationQuotient::cilq, slq, lambda, 1, 0, 1, cap), WithinRel(0.5, 1e-15));
  CHECK(own_share(LocationQuotient::cilq, slq, lambda, 0, 0, 1, cap) == cap);
  CHECK_THAT(own_share(LocationQuotient::cilq, slq, lambda, 1, 0, 0, cap), WithinRel(2.0 / 3, 1e-15));
  // FLQ = CILQ x lambda: (1/3) x 0.805076467 = 0.268358822; 0.5 x 0.889985078 = 0.444992539;
  // on the diagonal SLQ x lambda: (2/3) x 0.889985078 = 0.593323385.
  CHECK_THAT(own_share(LocationQuotient::flq, slq, lambda, 0, 1, 0, cap), WithinRel(0.2683588224135716, 1e-14));
  CHECK_THAT(own_share(LocationQuotient::flq, slq, lambda, 1, 0, 1, cap), WithinRel(0.44499253904922464, 1e-14));
  CHECK_THAT(own_share(LocationQuotient::flq, slq, lambda, 1, 0, 0, cap), WithinRel(2.0 / 3 * 0.8899850780984493, 1e-14));
  // r2, supplier B, purchaser A: CILQ 2, FLQ 1.78: capped.
  CHECK(own_share(LocationQuotient::flq, slq, lambda, 1, 1, 0, cap) == cap);
}

// Flegg and Webber (2000, Regional Studies 34(6)): AFLQ_ij = FLQ_ij x log2(1 + SLQ_j) when the
// purchasing industry j is specialised in the region (SLQ_j > 1), FLQ_ij otherwise.
TEST_CASE("Own-region purchase shares by AFLQ", "[regional]") {
  const Matrix slq = simple_lq(toy_output(), toy_region, toy_nation, 100);
  const std::vector<double> lambda{flegg_lambda(40, 100, 0.3), flegg_lambda(60, 100, 0.3)};
  const double cap = 0.99;
  // r1, supplier B, purchaser A (SLQ 1.5 > 1): FLQ 0.268358822 x log2(2.5) = 0.268358822 x 1.321928095
  // = 0.354751067.
  CHECK_THAT(own_share(LocationQuotient::aflq, slq, lambda, 0, 1, 0, cap), WithinRel(0.35475106685938873, 1e-14));
  // r2, supplier A, purchaser B (SLQ 4/3 > 1): FLQ 0.444992539 x log2(7/3) = 0.444992539 x 1.222392421
  // = 0.543955507.
  CHECK_THAT(own_share(LocationQuotient::aflq, slq, lambda, 1, 0, 1, cap), WithinRel(0.5439555072850356, 1e-14));
  // r2 diagonal A (SLQ 2/3 < 1): no adjustment, AFLQ = FLQ = 0.593323385.
  CHECK(own_share(LocationQuotient::aflq, slq, lambda, 1, 0, 0, cap) == own_share(LocationQuotient::flq, slq, lambda, 1, 0, 0, cap));
  // r1, supplier A, purchaser B (SLQ 0.5): FLQ 3 x 0.805 = 2.42, capped either way.
  CHECK(own_share(LocationQuotient::aflq, slq, lambda, 0, 0, 1, cap) == cap);
}

TEST_CASE("Gravity shares of supplier regions", "[regional]") {
  // Three regions with output 10, 20, 30 of industry 0; distances d12 = 1, d13 = 2, d23 = 1; beta = 1.
  Matrix d(3, 3), x(3, 1);
  d(0, 1) = d(1, 0) = 1, d(0, 2) = d(2, 0) = 2, d(1, 2) = d(2, 1) = 1;
  x(0, 0) = 10, x(1, 0) = 20, x(2, 0) = 30;
  const Matrix k = gravity_kernel(d, 1.0);
  CHECK(k(0, 0) == 0);
  CHECK(k(0, 2) == 0.5);
  const auto w = gravity_shares(x, 0, k);
  // Buyers in region 1: 20/1 from region 2 and 30/2 from region 3: 20/35 and 15/35.
  CHECK(w[0] == 0);
  CHECK_THAT(w[1], WithinRel(4.0 / 7, 1e-15));
  CHECK_THAT(w[2], WithinRel(3.0 / 7, 1e-15));
  // Buyers in region 2: 10/1 and 30/1: 1/4 and 3/4.
  CHECK_THAT(w[3], WithinRel(0.25, 1e-15));
  CHECK_THAT(w[5], WithinRel(0.75, 1e-15));
}

TEST_CASE("Regional shares of national final demand", "[regional]") {
  Matrix coe(2, 2);
  coe(0, 0) = 10, coe(0, 1) = 5, coe(1, 0) = 15, coe(1, 1) = 20;  // r1 earns 15, r2 35 of 50
  const RegionalShares s = regional_shares({1, 3}, toy_region, 100, coe);
  CHECK(s.population == std::vector<double>{0.25, 0.75});
  CHECK(s.output == std::vector<double>{0.4, 0.6});
  CHECK_THAT(s.income[0], WithinRel(0.3, 1e-15));
  CHECK_THAT(s.income[1], WithinRel(0.7, 1e-15));
  CHECK(&s.households(HouseholdShare::income) == &s.income);
}

// RAS keeps the cross-product ratio t11 t22 / (t12 t21) of the prior (Miller and Blair 2009, section
// 7.4; Bacharach 1970). Prior [[1, 2], [3, 4]] (ratio 2/3) to row and column sums all 5: the result
// is [[a, 5 - a], [5 - a, a]] with (a / (5 - a))^2 = 2/3, so a = 5 sqrt2 / (sqrt3 + sqrt2) = 5 (sqrt6 - 2).
TEST_CASE("RAS converges to the biproportional fixed point", "[regional]") {
  std::vector<double> t{1, 3, 2, 4};  // column by column
  const double err = ras(t, 2, 2, {5, 5}, {5, 5}, 1e-13, 1000);
  CHECK(err <= 1e-13);
  const double a = 5 * (std::sqrt(6.0) - 2);  // 2.2474487139...
  CHECK_THAT(t[0], WithinRel(a, 1e-12));
  CHECK_THAT(t[3], WithinRel(a, 1e-12));
  CHECK_THAT(t[1], WithinRel(5 - a, 1e-12));
  CHECK_THAT(t[2], WithinRel(5 - a, 1e-12));
  CHECK_THAT(t[0] * t[3] / (t[1] * t[2]), WithinRel(2.0 / 3, 1e-12));
}

TEST_CASE("RAS returns a balanced matrix unchanged", "[regional]") {
  const std::vector<double> prior{1, 3, 2, 4};  // rows sum to 3 and 7, columns to 4 and 6
  std::vector<double> t = prior;
  CHECK(ras(t, 2, 2, {3, 7}, {4, 6}, 1e-12, 100) == 0.0);
  CHECK(t == prior);
}

TEST_CASE("RAS that cannot converge reports its error and ends on the columns", "[regional]") {
  // Row targets sum to 9, column targets to 10: no matrix meets both.
  std::vector<double> t{1, 1, 1, 1};
  const double err = ras(t, 2, 2, {4, 5}, {5, 5}, 1e-12, 50);
  CHECK(err > 0.05);
  CHECK_THAT(t[0] + t[1], WithinRel(5.0, 1e-14));
  CHECK_THAT(t[2] + t[3], WithinRel(5.0, 1e-14));
}

// RAS on the factors of a prior (ras_on_factors) against ras() on the same prior written out: 3
// regions, 6 columns bought by regions 0, 0, 1, 1, 2, 2 (one with a zero target), each with an own
// part and a bought part spread over the other regions by shares w.
namespace {
struct SmallFactoredPrior {
  std::vector<std::size_t> buyer{0, 0, 1, 1, 2, 2};
  std::vector<double> own{3, 1, 2, 4, 0, 5}, bought{1, 2, 2, 1, 0, 1};
  std::vector<double> w{0, 0.4, 0.6, 0.7, 0, 0.3, 0.5, 0.5, 0};  // row s: buyer s's suppliers u
  std::vector<double> dense() const {  // 3 x 6, column by column
    std::vector<double> t(18, 0.0);
    for (std::size_t c = 0; c < 6; ++c)
      for (std::size_t u = 0; u < 3; ++u) t[c * 3 + u] = u == buyer[c] ? own[c] : bought[c] * w[buyer[c] * 3 + u];
    return t;
  }
};

// ras() on the prior written out (its table t and error) and ras_on_factors() on its factors.
struct BothRas {
  std::vector<double> t;
  double error;
  RasFactors f;
};

BothRas both_ras(const SmallFactoredPrior& p, const std::vector<double>& rows, const std::vector<double>& cols,
                 double tol, int max_iter) {
  BothRas b{p.dense(), 0.0, {}};
  b.error = ras(b.t, 3, 6, rows, cols, tol, max_iter);
  b.f = ras_on_factors(FactoredPrior{p.buyer, p.own, p.bought, p.w, rows, cols}, tol, max_iter);
  return b;
}

// The factors' table rho_u gamma_c prior(u, c) is ras()'s, cell by cell, to 1e-11.
void check_same_table(const SmallFactoredPrior& p, const BothRas& b) {
  const std::vector<double> prior = p.dense();
  for (std::size_t c = 0; c < 6; ++c)
    for (std::size_t u = 0; u < 3; ++u)
      CHECK_THAT(b.f.rho[u] * b.f.gamma[c] * prior[c * 3 + u], WithinRel(b.t[c * 3 + u], 1e-11));
}
}  // namespace

TEST_CASE("RAS on the factors of a prior gives the table of RAS on the prior", "[regional]") {
  const SmallFactoredPrior p;
  for (const std::vector<double>& rows : {std::vector<double>{8, 8, 6}, std::vector<double>{9, 9, 6}}) {
    // Column targets sum to 22; the second row targets sum to 24: no solution.
    const BothRas b = both_ras(p, rows, {4, 3, 4, 5, 0, 6}, 1e-12, 200);
    // Converged (first targets), both errors are rounding below the 1e-12 tolerance; not converged
    // (second), the same error to 1e-9. The tables agree to the tolerance (Newton steps and plain
    // rounds take other paths to it), and the factors take a few rounds where ras() took many.
    CHECK_THAT(b.f.error, WithinRel(b.error, 1e-9) || WithinAbs(b.error, 1e-12));
    CHECK(b.f.rounds <= 12);
    check_same_table(p, b);
  }
}

TEST_CASE("RAS on factors stops at the limit where the targets disagree by a little more than tol", "[regional]") {
  // Row targets 2e-8 above the column targets' total (a published table's rounding): no round meets
  // 1e-8; ras() runs its 500 rounds, ras_on_factors stops at the same table in a few.
  const SmallFactoredPrior p;
  const BothRas b = both_ras(p, {8 * (1 + 2e-8), 8 * (1 + 2e-8), 6 * (1 + 2e-8)}, {4, 3, 4, 5, 0, 6}, 1e-8, 500);
  CHECK(b.error > 1e-8);
  CHECK_THAT(b.f.error, WithinRel(b.error, 1e-3));
  CHECK(b.f.rounds <= 12);
  check_same_table(p, b);
}

TEST_CASE("RAS on factors balances the other rows in a few rounds where a row has no prior entry", "[regional]") {
  // Region 2 sells to no one (no own part, no share of any buyer's bought part) but has a target of
  // 6: no table meets it (relative error 1). ras() runs its 500 rounds to the table whose other rows
  // are in proportion to their targets (22 / 16 of 8 each); ras_on_factors leaves the dead row out
  // of its Newton steps' gap and stops at the same table in a few rounds, not 500.
  SmallFactoredPrior p;
  p.own[4] = p.own[5] = 0;
  p.w = {0, 1, 0, 1, 0, 0, 0.5, 0.5, 0};
  const BothRas b = both_ras(p, {8, 8, 6}, {4, 3, 4, 5, 0, 6}, 1e-8, 500);
  CHECK(b.error == 1.0);
  CHECK(b.f.error == 1.0);
  CHECK(b.f.rounds <= 12);
  check_same_table(p, b);
  const std::vector<double> prior = p.dense();
  for (std::size_t u = 0; u < 2; ++u) {
    double row = 0;
    for (std::size_t c = 0; c < 6; ++c) row += b.f.rho[u] * b.f.gamma[c] * prior[c * 3 + u];
    CHECK_THAT(row, WithinRel(11.0, 1e-10));
  }
}

TEST_CASE("Jobs that cannot be balanced to a region's filled jobs name that region", "[regional]") {
  // Region B has no output and no BRES employees, so no pattern can give it its 10 filled jobs:
  // RAS ends with all 40 jobs in A (relative errors: A 10/30, B 1) and the error names B, not A.
  devolve::RegionalInputs in;
  in.industries = {{"I1", "One"}, {"I2", "Two"}};
  in.bres_section = {"", ""};
  in.jobs = {15, 5}, in.fte = {12, 4}, in.ghg = {1, 1}, in.output = {100, 50};
  in.regions = {{"A", "Region A"}, {"B", "Region B"}};
  in.filled_jobs = {30, 10};
  in.region_gva = devolve::Matrix(2, 2, 0.0);
  devolve::Matrix x(2, 2, 0.0);
  x(0, 0) = 60, x(0, 1) = 40;
  const devolve::RegionalisationParameters prm;
  const auto ind = devolve::regional::regional_indicators(in, x, prm);
  CHECK(ind.ras_error == Approx(1.0));
  CHECK(ind.worst_row == "B (Region B)");
}

TEST_CASE("Capped scaling spreads what passes a cap over the other cells", "[regional]") {
  std::vector<double> a{4, 4, 2, 0};
  std::vector<double*> v{&a[0], &a[1], &a[2], &a[3]};
  const std::vector<double> u{5, 3, 10, 10};
  devolve::regional::scale_capped(v, u, 12);  // x1.2 passes 3; then x1.5 passes 5; then x2
  CHECK(a[0] == 5);
  CHECK(a[1] == 3);
  CHECK(a[2] == Approx(4));
  CHECK(a[3] == 0);  // a cell at 0 stays 0
  devolve::regional::scale_capped(v, u, 30);  // more than the caps hold: every cell with a value at its cap
  CHECK((a[0] == 5 && a[1] == 3 && a[2] == 10 && a[3] == 0));
}

// Step 6 (docs/methodology.md): two industries of one income group, I1 with a UK CoE/GVA of 0.9 and
// I2 of 0.4, GVA 5 of each in regions A and B; the group's published CoE/GVA is 0.8 in A and 0.5 in B
// (UK 0.65). The seed gives I1 in A 0.9 x 5 x 0.8 / 0.65 = 5.54 on GVA 5 (the rule before the fit,
// scaled to the national CoE, kept it there); the fit caps it at 5 and meets A's group total of 8,
// B's of 5 and the national CoE of each industry: A 5 and 3, B 4 and 1.
TEST_CASE("Regional compensation: group totals and national totals, never above GVA", "[regional]") {
  devolve::RegionalInputs in;
  in.industries = {{"I1", "One"}, {"I2", "Two"}};
  in.income_group = {"G", "G"};
  in.coe = {9, 4}, in.gva = {10, 10};
  in.regions = {{"A", "Region A"}, {"B", "Region B"}};
  in.region_gva = devolve::Matrix(2, 2, 5.0);
  in.comp[{"A", "G"}] = {8, 10};
  in.comp[{"B", "G"}] = {5, 10};
  const auto fit = devolve::regional::regional_compensation(in);
  CHECK(0.9 * 5 * 0.8 / 0.65 > 5);
  CHECK(fit.coe(0, 0) == 5);
  CHECK(fit.coe(0, 1) == Approx(3));
  CHECK(fit.coe(1, 0) == Approx(4));
  CHECK(fit.coe(1, 1) == Approx(1));
  CHECK(fit.coe(0, 0) + fit.coe(1, 0) == Approx(9).epsilon(1e-12));
  CHECK(fit.coe(0, 1) + fit.coe(1, 1) == Approx(4).epsilon(1e-12));
  CHECK(fit.group_error < devolve::regional::coe_group_tolerance);
  // Compensation equal to GVA nationally (T97, households as employers): every cell at its GVA,
  // whatever the published group totals ask (the national total wins).
  in.coe = {10, 4};
  const auto t = devolve::regional::regional_compensation(in);
  CHECK((t.coe(0, 0) == 5 && t.coe(1, 0) == 5));
  CHECK(t.coe(0, 1) + t.coe(1, 1) == Approx(4).epsilon(1e-12));
}

// Which ITL1 regions a region lies in (Model::itl1s_of_regions, regions_inside_itl1): the gaps'
// North and Greater South East, the built-in groups, England's GVA per job and London's Living Wage
// all read them (docs/methodology.md, "Gaps between regions"; docs/data.md).
TEST_CASE("Regions inside ITL1 regions: ITL areas by code, areas of local authorities by their LADs") {
  Model m = test::from_published({{1, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}, {0, 0, 1, 0, 0, 0}, {0, 0, 0, 1, 0, 0},
                                  {0, 0, 0, 0, 1, 0}, {0, 0, 0, 0, 0, 1}},
                                 {10, 10, 10, 10, 10, 10}, 6);
  const std::vector<std::string> codes = {"CAM", "PEN", "MID", "TLH1", "TLI-rest", "XX"};
  for (std::size_t r = 0; r < 6; ++r) m.regions[r].code = m.regions[r].name = codes[r];
  m.metadata = {{"area.CAM", "E09000007"}, {"area_itl1.CAM", "TLI"},  // a London borough
                {"area.PEN", "E08000035, E08000003"}, {"area_itl3_list.PEN", "TLE42, TLD33"},  // Leeds + Manchester
                {"area.MID", "E08000035, E06000018"}, {"area_itl3_list.MID", "TLE42, TLF14"},  // Leeds + Nottingham
                {"area_itl1.XX", "TLC"}};  // not an area of LADs: its area_itl1 is not read
  const auto of = m.itl1s_of_regions();
  CHECK(of[0] == std::vector<std::string>{"TLI"});
  CHECK(of[1] == std::vector<std::string>{"TLE", "TLD"});
  CHECK(of[2] == std::vector<std::string>{"TLE", "TLF"});
  CHECK(of[3] == std::vector<std::string>{"TLH"});
  CHECK(of[4] == std::vector<std::string>{"TLI"});
  CHECK(of[5].empty());
  std::vector<std::size_t> straddling;
  CHECK(m.regions_inside_itl1({"TLC", "TLD", "TLE"}, &straddling) == std::vector<std::size_t>{1});  // the North
  CHECK(straddling == std::vector<std::size_t>{2});  // Leeds + Nottingham crosses its boundary
  CHECK(m.regions_inside_itl1({"TLH", "TLI", "TLJ"}) == std::vector<std::size_t>{0, 3, 4});  // the Greater South East
  CHECK(m.regions_inside_itl1({"TLI"}) == std::vector<std::size_t>{0, 4});  // London
  // places(): the one reader of area_itl1/2/3 and area_itl3_list (the scenario reader's ITL codes
  // and names use it too); from places already read, the same ITL1 regions and groups.
  m.metadata.push_back({"area_itl2.CAM", "TLI3"});
  m.metadata.push_back({"area_itl3.CAM", "TLI36"});
  const auto places = m.places();
  CHECK(places[0].of_lads);
  CHECK(places[0].itl == std::array<std::string, 3>{"TLI", "TLI3", "TLI36"});
  CHECK(places[1].itl3s == std::vector<std::string>{"TLE42", "TLD33"});
  CHECK(places[1].itl[0].empty());
  CHECK(!places[3].of_lads);
  CHECK(!places[5].of_lads);
  CHECK(places[5].itl[0] == "TLC");  // read, though itl1s_of_regions does not use it
  CHECK(m.itl1s_of_regions(places) == of);
  straddling.clear();
  CHECK(Model::regions_inside_itl1(of, {"TLC", "TLD", "TLE"}, &straddling) == std::vector<std::size_t>{1});
  CHECK(straddling == std::vector<std::size_t>{2});
}
