// The base labour market of models made of local authorities (model/scenario/labour_market.cpp)
// on the shipped derived data (data/uk/{lad,itl2,itl3}/labour_market.csv, tools/labour_market.py;
// docs/data.md, "Labour market"), without building a LAD or ITL3 model: models are made here with
// only the regions and metadata the reader uses.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "base/csv.hpp"
#include "scenario/labour_market.hpp"

using namespace devolve;

namespace {

const std::string data = std::string(DEVOLVE_TEST_DATA) + "/../../data";

struct Lad {
  std::string code, itl3, itl2, itl1;
};

std::vector<Lad> lads() {
  const csv::Table t = csv::read(data + "/uk/lad/regions.csv");
  const std::size_t c = csv::column(t, "code"), i3 = csv::column(t, "itl3_code"), i2 = csv::column(t, "itl2_code"),
                    i1 = csv::column(t, "itl1_code");
  std::vector<Lad> out;
  for (const auto& r : t.rows) out.push_back({r.fields[c].text, r.fields[i3].text, r.fields[i2].text, r.fields[i1].text});
  return out;
}

// A model at `level` whose regions are the given codes; with members, a model of areas made of
// LADs (level lad, metadata area.<code> = "L1, L2, ..."), as regionalise.cpp writes it.
Model areas_model(const std::string& level, const std::map<std::string, std::vector<std::string>>& members) {
  Model m;
  m.metadata.emplace_back("level", level);
  for (const auto& [code, list] : members) {
    m.regions.push_back({code, code});
    if (list.empty()) continue;
    std::string joined;
    for (const auto& l : list) joined += (joined.empty() ? "" : ", ") + l;
    m.metadata.emplace_back("area." + code, joined);
  }
  return m;
}

// The levels of a labour_market.csv by region code (persons), in the reader's order.
std::map<std::string, std::vector<double>> file_levels(const std::string& level) {
  const csv::Table t = csv::read(data + "/uk/" + level + "/labour_market.csv");
  std::map<std::string, std::vector<double>> out;
  for (const auto& r : t.rows)
    for (const char* k : {"in_employment", "ilo_unemployed", "economically_active", "population_16_64_est", "inactive_16_64_est"})
      out[r.fields[csv::column(t, "region_code")].text].push_back(1000.0 * csv::number(t, r, csv::column(t, k), k));
  return out;
}

std::vector<double> levels(const LabourSupply& l, std::size_t r) {
  return {l.employed[r], l.unemployed_level[r], l.active[r], l.population_16_64[r], l.inactive_16_64[r]};
}

// The model's areas' levels against a file's rows of the same codes, to `rel` (the files hold 6
// significant figures: a sum of rounded LAD rows and the rounded total each err by up to 5e-6).
void require_levels_equal(const Model& m, const LabourSupply& l, const std::string& level, double rel) {
  const auto want = file_levels(level);
  REQUIRE(want.size() == m.num_regions());
  for (std::size_t r = 0; r < m.num_regions(); ++r) {
    INFO(level << " " << m.regions[r].code);
    const auto& w = want.at(m.regions[r].code);
    const auto got = levels(l, r);
    for (std::size_t k = 0; k < w.size(); ++k) CHECK_THAT(got[k], Catch::Matchers::WithinRel(w[k], rel));
  }
}

}  // namespace

TEST_CASE("labour market: every LAD has base levels, with rates in range (uk-lad-2022's regions)", "[labour]") {
  std::map<std::string, std::vector<std::string>> each;
  for (const auto& l : lads()) each[l.code] = {};
  REQUIRE(each.size() == 361);
  const Model m = areas_model("lad", each);  // one region per LAD, read by its own code
  const LabourSupply l = resolve_labour_supply(LabourSupplySpec{}, m, data);
  REQUIRE(l.employed.size() == 361);
  CHECK(l.source.rfind("derived: ", 0) == 0);
  for (std::size_t r = 0; r < 361; ++r) {
    INFO(m.regions[r].code);
    const double e = 100 * l.employed[r] / l.population_16_64[r], u = 100 * l.unemployed_level[r] / l.active[r],
                 i = 100 * l.inactive_16_64[r] / l.population_16_64[r];
    CHECK((e > 50 && e < 95));  // APS LAD employment rates 2022-23 run from about 59% to 89%
    CHECK((u > 1 && u < 10));   // model-based unemployment rates about 1.7% to 7.5%
    CHECK((i > 5 && i < 45));
    // active is calibrated on its own to ITL1's; it stays employed + unemployed to 0.1%
    CHECK_THAT(l.active[r], Catch::Matchers::WithinRel(l.employed[r] + l.unemployed_level[r], 1e-3));
  }
}

TEST_CASE("labour market: the LADs of each ITL1 region add up to its LFS 2022 levels", "[labour]") {
  std::map<std::string, std::vector<std::string>> by_itl1;
  for (const auto& l : lads()) by_itl1[l.itl1].push_back(l.code);
  REQUIRE(by_itl1.size() == 12);
  const Model m = areas_model("lad", by_itl1);
  const LabourSupply l = resolve_labour_supply(LabourSupplySpec{}, m, data);
  require_levels_equal(m, l, "itl1", 1e-5);
}

TEST_CASE("labour market: ITL2 and ITL3 areas summed from LADs equal the shipped ITL2 and ITL3 files", "[labour]") {
  std::map<std::string, std::vector<std::string>> by_itl2, by_itl3;
  for (const auto& l : lads()) by_itl2[l.itl2].push_back(l.code), by_itl3[l.itl3].push_back(l.code);
  REQUIRE(by_itl3.size() == 182);
  const Model m3 = areas_model("lad", by_itl3);  // uk-itl3-2022: rest itl3, each area its LADs
  require_levels_equal(m3, resolve_labour_supply(LabourSupplySpec{}, m3, data), "itl3", 1e-5);
  const Model m2 = areas_model("lad", by_itl2);
  require_levels_equal(m2, resolve_labour_supply(LabourSupplySpec{}, m2, data), "itl2", 1e-5);
  // the ITL2 model (level itl2) reads its own file, row for row
  std::map<std::string, std::vector<std::string>> itl2_codes;
  for (const auto& [code, list] : by_itl2) itl2_codes[code] = {};
  const Model itl2 = areas_model("itl2", itl2_codes);
  require_levels_equal(itl2, resolve_labour_supply(LabourSupplySpec{}, itl2, data), "itl2", 1e-15);
}

TEST_CASE("labour market: an area naming a LAD without a row is a located error", "[labour]") {
  const Model m = areas_model("lad", {{"X", {"E08000003", "E99999999"}}});
  CHECK_THROWS_WITH(resolve_labour_supply(LabourSupplySpec{}, m, data),
                    Catch::Matchers::Contains("no row for E99999999 (region X)"));
}
