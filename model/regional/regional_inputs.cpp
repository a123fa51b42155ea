// Reading the compact inputs of the regionalisation (data/uk/README.md).
#include "regional/regional_inputs.hpp"

#include <filesystem>

#include "base/csv.hpp"
#include "devolve/error.hpp"
#include "regional/lad_inputs.hpp"

namespace fs = std::filesystem;

namespace devolve::regional {

namespace {

csv::Table table(const fs::path& p) { return csv::read(p.string()); }

std::size_t find_code(const std::map<std::string, std::size_t>& index, const csv::Table& t, const csv::Row& r,
                      std::size_t col, const char* what) {
  auto it = index.find(r.fields[col].text);
  if (it == index.end()) csv::fail(t, r, col, t.header.fields[col].text, std::string("unknown ") + what + " '" + r.fields[col].text + "'");
  return it->second;
}

// National table, final demand, primary inputs, employment and emissions by industry; returns the
// index of industry codes.
std::map<std::string, std::size_t> read_national(RegionalInputs& in, const fs::path& nat, const std::string& level) {
  std::map<std::string, std::size_t> ind;
  {
    const auto t = table(nat / "industries.csv");
    const auto c = csv::column(t, "code"), n = csv::column(t, "name");
    for (const auto& r : t.rows) {
      ind[r.fields[c].text] = in.industries.size();
      in.industries.push_back({r.fields[c].text, r.fields[n].text});
    }
  }
  const std::size_t S = in.industries.size();
  in.income_group.assign(S, "");
  in.bres_section.assign(S, "");
  {
    const auto t = table(nat / "concordance_ioat_to_regional.csv");
    const auto c = csv::column(t, "code"), g = csv::column(t, level + "_income_group"), b = csv::column(t, "bres_section");
    for (const auto& r : t.rows) {
      const auto i = find_code(ind, t, r, c, "industry");
      in.income_group[i] = r.fields[g].text;
      in.bres_section[i] = r.fields[b].text;
    }
  }
  in.z = Matrix(S, S);
  {
    const auto t = table(nat / "z.csv");
    const auto rc = csv::column(t, "row_code"), cc = csv::column(t, "col_code"), v = csv::column(t, "value");
    for (const auto& r : t.rows) in.z(find_code(ind, t, r, rc, "industry"), find_code(ind, t, r, cc, "industry")) = csv::number(t, r, v, "value");
  }
  std::map<std::string, std::string> role;
  {
    const auto t = table(nat / "final_demand_categories.csv");
    const auto c = csv::column(t, "category"), ro = csv::column(t, "role");
    for (const auto& r : t.rows) role[r.fields[c].text] = r.fields[ro].text;
  }
  for (auto* v : {&in.hh, &in.npish, &in.gov, &in.gfcf, &in.inv, &in.exp}) v->assign(S, 0.0);
  {
    const auto t = table(nat / "final_demand.csv");
    const auto c = csv::column(t, "code"), k = csv::column(t, "category"), v = csv::column(t, "value");
    for (const auto& r : t.rows) {
      const auto i = find_code(ind, t, r, c, "industry");
      const std::string& ro = role[r.fields[k].text];
      std::vector<double>* dst = ro == "households" ? &in.hh : ro == "npish" ? &in.npish : ro == "government" ? &in.gov
                                 : ro == "gfcf" ? &in.gfcf : ro == "inventories" ? &in.inv : ro == "exports" ? &in.exp : nullptr;
      if (!dst) csv::fail(t, r, k, "category", "category '" + r.fields[k].text + "' has no known role in final_demand_categories.csv");
      (*dst)[i] += csv::number(t, r, v, "value");
    }
  }
  {
    const auto t = table(nat / "primary_inputs.csv");
    const auto c = csv::column(t, "code");
    const std::pair<const char*, std::vector<double>*> cols[] = {
        {"imports_cif", &in.imports}, {"product_taxes_less_subsidies", &in.taxes},
        {"compensation_of_employees", &in.coe}, {"gos_and_mixed_income", &in.gos},
        {"other_taxes_less_subsidies_on_production", &in.otp}, {"gva", &in.gva}, {"output", &in.output}};
    for (auto& [name, v] : cols) v->assign(S, 0.0);
    for (const auto& r : t.rows) {
      const auto i = find_code(ind, t, r, c, "industry");
      for (auto& [name, v] : cols) (*v)[i] = csv::number(t, r, csv::column(t, name), name);
    }
  }
  in.jobs.assign(S, 0.0), in.fte.assign(S, 0.0), in.ghg.assign(S, 0.0), in.bres_gb.assign(S, 0.0);
  {
    const auto t = table(nat / "employment.csv");
    const auto c = csv::column(t, "code"), j = csv::column(t, "jobs"), f = csv::column(t, "fte"),
               b = csv::column(t, "bres_2021_gb_employment");
    for (const auto& r : t.rows) {
      const auto i = find_code(ind, t, r, c, "industry");
      in.jobs[i] = csv::number(t, r, j, "jobs");
      in.fte[i] = csv::number(t, r, f, "fte");
      in.bres_gb[i] = csv::number(t, r, b, "bres_2021_gb_employment");
    }
  }
  {
    const auto t = table(nat / "ghg.csv");
    const auto c = csv::column(t, "code"), g = csv::column(t, "ghg_kt_co2e");
    for (const auto& r : t.rows) in.ghg[find_code(ind, t, r, c, "industry")] = csv::number(t, r, g, "ghg_kt_co2e");
  }

  return ind;
}

// Regions, regional GVA (with Extra-Regio), distances, compensation and BRES employment.
void read_regional(RegionalInputs& in, const fs::path& reg, const std::map<std::string, std::size_t>& ind) {
  std::map<std::string, std::size_t> regi;
  {
    const auto t = table(reg / "regions.csv");
    const auto c = csv::column(t, "code"), n = csv::column(t, "name"), p = csv::column(t, "population_2022"),
               j = csv::column(t, "filled_jobs_2021");
    for (const auto& r : t.rows) {
      regi[r.fields[c].text] = in.regions.size();
      in.regions.push_back({r.fields[c].text, r.fields[n].text});
      in.population.push_back(csv::number(t, r, p, "population_2022"));
      in.filled_jobs.push_back(csv::number(t, r, j, "filled_jobs_2021"));
    }
  }
  const std::size_t R = in.regions.size(), S = in.industries.size();
  in.households = read_household_inputs(reg.string(), in.regions);
  in.region_gva = Matrix(R, S);
  {
    const auto t = table(reg / "gva_by_ioat_industry.csv");
    const auto rc = csv::column(t, "region_code"), c = csv::column(t, "code"), g = csv::column(t, "gva"),
               e = csv::column(t, "gva_extra_regio");
    in.extra_regio.assign(R, 0.0);
    in.extra_regio_gva = Matrix(R, S);
    for (const auto& r : t.rows) {
      const auto reg = find_code(regi, t, r, rc, "region");
      const auto i = find_code(ind, t, r, c, "industry");
      in.region_gva(reg, i) = csv::number(t, r, g, "gva");
      in.extra_regio_gva(reg, i) = csv::number(t, r, e, "gva_extra_regio");
      in.extra_regio[reg] += in.extra_regio_gva(reg, i);
    }
  }
  in.distance = Matrix(R, R);
  {
    const auto t = table(reg / "distance_km.csv");
    const auto f = csv::column(t, "from_code"), to = csv::column(t, "to_code"), d = csv::column(t, "distance_km");
    for (const auto& r : t.rows) {
      const double km = csv::number(t, r, d, "distance_km");
      if (km <= 0) csv::fail(t, r, d, "distance_km", "distance between different regions must be positive");
      in.distance(find_code(regi, t, r, f, "region"), find_code(regi, t, r, to, "region")) = km;
    }
    for (std::size_t a = 0; a < R; ++a)
      for (std::size_t b = 0; b < R; ++b)
        if (a != b && in.distance(a, b) <= 0)
          throw InputError((reg / "distance_km.csv").string(), "no distance from " + in.regions[a].code + " to " + in.regions[b].code);
  }
  {
    const auto t = table(reg / "compensation.csv");
    const auto rc = csv::column(t, "region_code"), g = csv::column(t, "income_group"), c = csv::column(t, "coe_2022"),
               v = csv::column(t, "gva_2022_apr2024");
    for (const auto& r : t.rows)
      in.comp[{r.fields[rc].text, r.fields[g].text}] = {csv::number(t, r, c, "coe_2022"), csv::number(t, r, v, "gva_2022_apr2024")};
  }
  {
    const auto t = table(reg / "employment.csv");
    const auto rc = csv::column(t, "region_code"), s = csv::column(t, "sic07_section"), e = csv::column(t, "full_time_employees_2022");
    for (const auto& r : t.rows) in.bres[{r.fields[rc].text, r.fields[s].text}] = csv::number(t, r, e, "full_time_employees_2022");
  }
}

}  // namespace

RegionalInputs read_inputs(const BuildConfig& config) {
  RegionalInputs in;
  const std::string& dir = config.inputs;
  // LAD-level inputs are apportioned from ITL2 and share its income-component groups.
  const auto ind = read_national(in, fs::path(dir) / "national", config.level == "lad" ? "itl2" : config.level);
  if (config.level == "lad")
    read_lad_regional(in, config, ind);
  else
    read_regional(in, fs::path(dir) / config.level, ind);
  {
    const auto t = table(fs::path(dir) / "assumptions.csv");
    const auto i = csv::column(t, "id"), x = csv::column(t, "text");
    for (const auto& r : t.rows) in.assumptions.emplace_back(r.fields[i].text, r.fields[x].text);
  }
  return in;
}

}  // namespace devolve::regional
