// Regional inputs of a LAD-level build: each area is the sum of its LADs (docs/data.md).
#include "regional/lad_inputs.hpp"

#include <array>
#include <cmath>
#include <filesystem>
#include <memory>

#include "base/csv.hpp"
#include "base/text.hpp"
#include "devolve/error.hpp"

namespace fs = std::filesystem;

namespace devolve::regional {

namespace {

std::size_t lookup(const std::map<std::string, std::size_t>& index, const csv::Table& t, const csv::Row& r, std::size_t col,
                   const char* what) {
  auto it = index.find(r.fields[col].text);
  if (it == index.end()) csv::fail(t, r, col, t.header.fields[col].text, std::string("unknown ") + what + " '" + r.fields[col].text + "'");
  return it->second;
}

// Great-circle distance [km] (haversine, mean Earth radius 6371.0088 km, as data/uk/itl2).
double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  const double rad = M_PI / 180.0;
  const double a = std::pow(std::sin((lat2 - lat1) * rad / 2), 2) +
                   std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::pow(std::sin((lon2 - lon1) * rad / 2), 2);
  return 2 * 6371.0088 * std::asin(std::sqrt(a));
}

// Population and filled jobs of the LADs (`lads`, regions in file order; `lad` indexes their codes)
// and of their areas (`in`, with in.area_of_lad); the areas' population-weighted centroids and the
// distances between them.
void read_areas_table(RegionalInputs& in, RegionalInputs& lads, std::map<std::string, std::size_t>& lad, const fs::path& dir,
                      const std::map<std::string, std::size_t>& area) {
  const std::size_t R = in.regions.size();
  std::vector<double> lat(R, 0.0), lon(R, 0.0);
  const auto t = csv::read((dir / "regions.csv").string());
  const auto c = csv::column(t, "code"), n = csv::column(t, "name"), p = csv::column(t, "population_2022"),
             j = csv::column(t, "filled_jobs_2021"), la = csv::column(t, "centroid_lat"), lo = csv::column(t, "centroid_lon");
  for (const auto& r : t.rows) {
    const std::size_t a = lookup(area, t, r, c, "LAD");
    const double pop = csv::number(t, r, p, "population_2022"), jobs = csv::number(t, r, j, "filled_jobs_2021");
    lad[r.fields[c].text] = lads.regions.size();
    lads.regions.push_back({r.fields[c].text, r.fields[n].text});
    lads.population.push_back(pop);
    lads.filled_jobs.push_back(jobs);
    in.area_of_lad.push_back(a);
    in.population[a] += pop;
    in.filled_jobs[a] += jobs;
    lat[a] += pop * csv::number(t, r, la, "centroid_lat");
    lon[a] += pop * csv::number(t, r, lo, "centroid_lon");
  }
  in.distance = Matrix(R, R);
  for (std::size_t a = 0; a < R; ++a) lat[a] /= in.population[a], lon[a] /= in.population[a];
  for (std::size_t a = 0; a < R; ++a)
    for (std::size_t b = 0; b < R; ++b)
      if (a != b) in.distance(a, b) = std::max(0.1, haversine_km(lat[a], lon[a], lat[b], lon[b]));
}

// Residents' income by area and, for each workplace area, the share of its commuters living in each
// area; an area with no commuting data as a workplace (Scotland, Northern Ireland) keeps its own.
void read_households(RegionalInputs& in, const fs::path& dir, const std::map<std::string, std::size_t>& area) {
  const std::size_t R = in.regions.size();
  HouseholdInputs& h = in.households;
  h.gdhi.assign(R, 0.0);
  h.gross.assign(R, 0.0);
  {
    const auto t = csv::read((dir / "households.csv").string());
    const auto c = csv::column(t, "region_code"), g = csv::column(t, "gdhi"), gr = csv::column(t, "gross_resources");
    for (const auto& r : t.rows) {
      const std::size_t a = lookup(area, t, r, c, "LAD");
      h.gdhi[a] += csv::number(t, r, g, "gdhi");
      h.gross[a] += csv::number(t, r, gr, "gross_resources");
    }
  }
  h.residence_share = Matrix(R, R);
  const auto t = csv::read((dir / "commuting.csv").string());
  const auto rc = csv::column(t, "residence_code"), wc = csv::column(t, "workplace_code"), n = csv::column(t, "commuters_2021");
  for (const auto& r : t.rows) {
    const double v = csv::number(t, r, n, "commuters_2021");
    if (!(v >= 0)) csv::fail(t, r, n, "commuters_2021", "a number of commuters cannot be negative");
    h.residence_share(lookup(area, t, r, rc, "LAD"), lookup(area, t, r, wc, "LAD")) += v;
  }
  for (std::size_t w = 0; w < R; ++w) {
    double sum = 0;
    for (std::size_t r = 0; r < R; ++r) sum += h.residence_share(r, w);
    if (sum > 0)
      for (std::size_t r = 0; r < R; ++r) h.residence_share(r, w) /= sum;
    else
      h.residence_share(w, w) = 1.0;
  }
  for (std::size_t a = 0; a < R; ++a)
    if (!(h.gdhi[a] > 0)) throw InputError((dir / "households.csv").string(), "no GDHI for area " + in.regions[a].code);
}

// Real GVA trend of each area: compound growth of its LADs' chained-volume GVA summed (an
// approximation: chained volumes are not additive), 2012-2019 and 2015-2023, as data/uk/itl2.
void read_trends(RegionalInputs& in, const fs::path& dir, const std::map<std::string, std::size_t>& area) {
  const std::size_t R = in.regions.size();
  const char* cols[] = {"gva_cvm_2012", "gva_cvm_2015", "gva_cvm_2019", "gva_cvm_2023"};
  std::vector<std::array<double, 4>> v(R, {0, 0, 0, 0});
  const auto t = csv::read((dir / "gva_real_trend.csv").string());
  const auto rc = csv::column(t, "region_code");
  for (const auto& r : t.rows) {
    const std::size_t a = lookup(area, t, r, rc, "LAD");
    for (int k = 0; k < 4; ++k) v[a][k] += csv::number(t, r, csv::column(t, cols[k]), cols[k]);
  }
  for (std::size_t a = 0; a < R; ++a) {
    if (!(v[a][0] > 0 && v[a][1] > 0)) throw InputError((dir / "gva_real_trend.csv").string(), "no real GVA for area " + in.regions[a].code);
    in.area_metadata.emplace_back("trend.cagr_2012_2019." + in.regions[a].code, text::sig(std::pow(v[a][2] / v[a][0], 1.0 / 7) - 1, 10));
    in.area_metadata.emplace_back("trend.cagr_2015_2023." + in.regions[a].code, text::sig(std::pow(v[a][3] / v[a][1], 1.0 / 8) - 1, 10));
  }
}

// GVA by industry and Extra-Regio of the LADs and their areas; compensation and BRES of the LADs
// only (their areas' are the sums of what is computed from them: regionalise.cpp).
void read_gva_and_groups(RegionalInputs& in, RegionalInputs& lads, const std::map<std::string, std::size_t>& lad,
                         const fs::path& dir, const std::map<std::string, std::size_t>& industry) {
  const std::size_t R = in.regions.size(), L = lads.regions.size(), S = in.industries.size();
  in.region_gva = Matrix(R, S), lads.region_gva = Matrix(L, S);
  in.extra_regio.assign(R, 0.0), lads.extra_regio.assign(L, 0.0);
  in.extra_regio_gva = Matrix(R, S), lads.extra_regio_gva = Matrix(L, S);
  {
    const auto t = csv::read((dir / "gva_by_ioat_industry.csv").string());
    const auto rc = csv::column(t, "region_code"), c = csv::column(t, "code"), g = csv::column(t, "gva"),
               e = csv::column(t, "gva_extra_regio");
    for (const auto& r : t.rows) {
      const std::size_t l = lookup(lad, t, r, rc, "LAD"), a = in.area_of_lad[l], i = lookup(industry, t, r, c, "industry");
      const double v = csv::number(t, r, g, "gva"), x = csv::number(t, r, e, "gva_extra_regio");
      in.region_gva(a, i) += v, lads.region_gva(l, i) += v;
      in.extra_regio[a] += x, lads.extra_regio[l] += x;
      in.extra_regio_gva(a, i) += x, lads.extra_regio_gva(l, i) += x;
    }
  }
  {
    const auto t = csv::read((dir / "compensation.csv").string());
    const auto rc = csv::column(t, "region_code"), g = csv::column(t, "income_group"), c = csv::column(t, "coe_2022"),
               v = csv::column(t, "gva_2022_apr2024");
    for (const auto& r : t.rows) {
      auto& cell = lads.comp[{lads.regions[lookup(lad, t, r, rc, "LAD")].code, r.fields[g].text}];
      cell.first += csv::number(t, r, c, "coe_2022");
      cell.second += csv::number(t, r, v, "gva_2022_apr2024");
    }
  }
  const auto t = csv::read((dir / "employment.csv").string());
  const auto rc = csv::column(t, "region_code"), s = csv::column(t, "sic07_section"), e = csv::column(t, "full_time_employees_2022");
  for (const auto& r : t.rows)
    lads.bres[{lads.regions[lookup(lad, t, r, rc, "LAD")].code, r.fields[s].text}] += csv::number(t, r, e, "full_time_employees_2022");
}

}  // namespace

void read_lad_regional(RegionalInputs& in, const BuildConfig& config, const std::map<std::string, std::size_t>& industry) {
  const fs::path dir = fs::path(config.inputs) / "lad";
  std::map<std::string, std::size_t> area;  // LAD code -> area
  for (std::size_t a = 0; a < config.regions.size(); ++a) {
    in.regions.push_back({config.regions[a].code, config.regions[a].name});
    for (const auto& l : config.regions[a].lads) area[l] = a;
  }
  auto lads = std::make_shared<RegionalInputs>(in);  // the national inputs, and the LADs as regions below
  lads->regions.clear();
  std::map<std::string, std::size_t> lad;  // LAD code -> LAD
  in.population.assign(in.regions.size(), 0.0);
  in.filled_jobs.assign(in.regions.size(), 0.0);
  read_areas_table(in, *lads, lad, dir, area);
  read_gva_and_groups(in, *lads, lad, dir, industry);
  in.lads = std::move(lads);
  read_households(in, dir, area);
  read_trends(in, dir, area);
}

}  // namespace devolve::regional
