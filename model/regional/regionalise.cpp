// Regionalisation of the national input-output table (docs/methodology.md, "Regionalisation").
#include "devolve/regionalise.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "base/csv.hpp"
#include "devolve/error.hpp"
#include "devolve/version.hpp"
#include "base/text.hpp"
#include "regional/household_inputs.hpp"

namespace fs = std::filesystem;

namespace devolve {

std::string to_string(LocationQuotient lq) {
  return lq == LocationQuotient::flq ? "flq" : lq == LocationQuotient::slq ? "slq" : "cilq";
}
std::string regionalisation_revision() { return std::string(version) + " " + __DATE__ + " " + __TIME__; }

std::string to_string(HouseholdShare h) { return h == HouseholdShare::population ? "population" : "income"; }

// ---------------------------------------------------------------------------------------------
// Inputs: the compact derived files of data/uk (documented in data/uk/README.md).
struct RegionalInputs {
  std::vector<Label> industries;          // S
  std::vector<std::string> income_group;  // S: regional compensation group of each industry
  std::vector<std::string> bres_section;  // S: BRES section (empty where BRES has none)
  Matrix z;                               // S x S national domestic intermediate flows
  // national final demand by industry for the model's six categories
  std::vector<double> hh, npish, gov, gfcf, inv, exp;
  std::vector<double> imports, taxes, coe, gos, otp, gva, output;  // S
  std::vector<double> jobs, fte, ghg;                              // S
  std::vector<Label> regions;                                      // R
  std::vector<double> population, filled_jobs;                     // R
  Matrix region_gva;                                               // R x S (incl. allocated Extra-Regio)
  std::vector<double> extra_regio;                                 // R: Extra-Regio GVA allocated to the region
  Matrix distance;                                                 // R x R [km]
  std::map<std::pair<std::string, std::string>, std::pair<double, double>> comp;  // (region, group) -> (CoE, GVA)
  std::map<std::pair<std::string, std::string>, double> bres;                     // (region, section) -> FT employees
  std::vector<std::pair<std::string, std::string>> assumptions;
  HouseholdInputs households;  // residents' income and commuting, if the inputs have them
};

namespace {

using Inputs = RegionalInputs;

std::size_t find_code(const std::map<std::string, std::size_t>& index, const csv::Table& t, const csv::Row& r,
                      std::size_t col, const char* what) {
  auto it = index.find(r.fields[col].text);
  if (it == index.end()) csv::fail(t, r, col, t.header.fields[col].text, std::string("unknown ") + what + " '" + r.fields[col].text + "'");
  return it->second;
}

Inputs read_inputs(const std::string& dir, const std::string& level) {
  Inputs in;
  const fs::path nat = fs::path(dir) / "national", reg = fs::path(dir) / level;
  auto table = [](const fs::path& p) { return csv::read(p.string()); };

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
  in.jobs.assign(S, 0.0), in.fte.assign(S, 0.0), in.ghg.assign(S, 0.0);
  {
    const auto t = table(nat / "employment.csv");
    const auto c = csv::column(t, "code"), j = csv::column(t, "jobs"), f = csv::column(t, "fte");
    for (const auto& r : t.rows) {
      const auto i = find_code(ind, t, r, c, "industry");
      in.jobs[i] = csv::number(t, r, j, "jobs");
      in.fte[i] = csv::number(t, r, f, "fte");
    }
  }
  {
    const auto t = table(nat / "ghg.csv");
    const auto c = csv::column(t, "code"), g = csv::column(t, "ghg_kt_co2e");
    for (const auto& r : t.rows) in.ghg[find_code(ind, t, r, c, "industry")] = csv::number(t, r, g, "ghg_kt_co2e");
  }

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
  const std::size_t R = in.regions.size();
  in.households = read_household_inputs(reg.string(), in.regions);
  in.region_gva = Matrix(R, S);
  {
    const auto t = table(reg / "gva_by_ioat_industry.csv");
    const auto rc = csv::column(t, "region_code"), c = csv::column(t, "code"), g = csv::column(t, "gva"),
               e = csv::column(t, "gva_extra_regio");
    in.extra_regio.assign(R, 0.0);
    for (const auto& r : t.rows) {
      const auto reg = find_code(regi, t, r, rc, "region");
      in.region_gva(reg, find_code(ind, t, r, c, "industry")) = csv::number(t, r, g, "gva");
      in.extra_regio[reg] += csv::number(t, r, e, "gva_extra_regio");
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
  {
    const auto t = table(fs::path(dir) / "assumptions.csv");
    const auto i = csv::column(t, "id"), x = csv::column(t, "text");
    for (const auto& r : t.rows) in.assumptions.emplace_back(r.fields[i].text, r.fields[x].text);
  }
  return in;
}

// ---------------------------------------------------------------------------------------------
// RAS: scale rows and columns of a non-negative matrix (rows x cols, stored column by column)
// until the row sums match `row_target` and the column sums match `col_target`.
// Returns the largest relative row error left.
double ras(std::vector<double>& t, std::size_t rows, std::size_t cols, const std::vector<double>& row_target,
           const std::vector<double>& col_target, double tol, int max_iter) {
  std::vector<double> rs(rows);
  double err = 0;
  for (int it = 0; it < max_iter; ++it) {
    for (std::size_t p = 0; p < cols; ++p) {  // columns to their targets
      double* c = t.data() + p * rows;
      double s = 0;
      for (std::size_t r = 0; r < rows; ++r) s += c[r];
      const double f = s > 0 ? col_target[p] / s : 0.0;
      for (std::size_t r = 0; r < rows; ++r) c[r] *= f;
    }
    std::fill(rs.begin(), rs.end(), 0.0);
    for (std::size_t p = 0; p < cols; ++p)
      for (std::size_t r = 0; r < rows; ++r) rs[r] += t[p * rows + r];
    err = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      const double scale = std::max(row_target[r], 1e-300);
      err = std::max(err, std::abs(rs[r] - row_target[r]) / scale);
    }
    if (err <= tol) break;
    for (std::size_t r = 0; r < rows; ++r) rs[r] = rs[r] > 0 ? row_target[r] / rs[r] : 0.0;
    for (std::size_t p = 0; p < cols; ++p)
      for (std::size_t r = 0; r < rows; ++r) t[p * rows + r] *= rs[r];
    if (it + 1 == max_iter) {
      // Not converged to tol: end on the columns, which carry the national totals cell by cell; the
      // rows keep the small error reported (checked against the identity tolerance by the caller).
      for (std::size_t p = 0; p < cols; ++p) {
        double* c = t.data() + p * rows;
        double s = 0;
        for (std::size_t r = 0; r < rows; ++r) s += c[r];
        const double f = s > 0 ? col_target[p] / s : 0.0;
        for (std::size_t r = 0; r < rows; ++r) c[r] *= f;
      }
    }
  }
  return err;
}

}  // namespace

std::shared_ptr<const RegionalInputs> read_regional_inputs(const BuildConfig& cfg) {
  return std::make_shared<const RegionalInputs>(read_inputs(cfg.inputs, cfg.level));
}

Model regionalise(const BuildConfig& cfg) { return regionalise(cfg, *read_regional_inputs(cfg)); }

Model regionalise(const BuildConfig& cfg, const RegionalInputs& in) {
  const auto& prm = cfg.params;
  const std::size_t S = in.industries.size(), R = in.regions.size(), n = R * S;

  // 1. Regional output: regional GVA scaled by the national output/GVA ratio of the industry, so the
  //    regions add up to national output and keep the national input structure of each industry.
  Matrix x(R, S);
  std::vector<double> x_region(R, 0.0);
  double x_nation = 0;
  for (std::size_t i = 0; i < S; ++i) x_nation += in.output[i];
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t i = 0; i < S; ++i) {
      x(r, i) = in.gva[i] > 0 ? in.region_gva(r, i) * in.output[i] / in.gva[i] : 0.0;
      x_region[r] += x(r, i);
    }

  // 2. Location quotients (size measured by gross output) and Flegg's lambda per region.
  Matrix slq(R, S);
  std::vector<double> lambda(R, 1.0);
  for (std::size_t r = 0; r < R; ++r) {
    for (std::size_t i = 0; i < S; ++i)
      slq(r, i) = in.output[i] > 0 && x_region[r] > 0 ? (x(r, i) / x_region[r]) / (in.output[i] / x_nation) : 0.0;
    lambda[r] = std::pow(std::log2(1.0 + x_region[r] / x_nation), prm.delta);
  }
  // Share of region r's purchases of supplier i by purchaser j made inside r, capped just below 1:
  // a sliver of every purchase is left to other regions in the prior so that the balancing always
  // has a solution (a region whose LQ is 1 or more but whose demand exceeds its supply would
  // otherwise make RAS infeasible). RAS then sets the final split.
  constexpr double max_own_share = 0.99;
  auto own_share = [&](std::size_t r, std::size_t i, std::size_t j) {
    double q;
    if (prm.lq == LocationQuotient::slq || i == j) q = slq(r, i);  // SLQ on the diagonal of CILQ/FLQ
    else q = slq(r, j) > 0 ? slq(r, i) / slq(r, j) : 0.0;
    if (prm.lq == LocationQuotient::flq) q *= lambda[r];
    return std::min(max_own_share, q);
  };

  // 3. Regional shares of national final demand by category.
  std::vector<double> pop_share(R), out_share(R), inc_share(R);
  double pop = 0, inc = 0;
  for (std::size_t r = 0; r < R; ++r) pop += in.population[r];
  // Compensation by region and industry: the region's CoE/GVA ratio of the industry's income group
  // relative to the UK ratio, applied to the national CoE/GVA of the industry, then scaled so regions
  // add up to the national CoE of each industry.
  Matrix coe(R, S);
  {
    std::map<std::string, std::pair<double, double>> uk;
    for (const auto& [key, v] : in.comp) {
      uk[key.second].first += v.first;
      uk[key.second].second += v.second;
    }
    for (std::size_t i = 0; i < S; ++i) {
      const auto g = in.income_group[i];
      const double uk_ratio = uk[g].second > 0 ? uk[g].first / uk[g].second : 0.0;
      double total = 0;
      for (std::size_t r = 0; r < R; ++r) {
        double rel = 1.0;
        auto it = in.comp.find({in.regions[r].code, g});
        if (it != in.comp.end() && it->second.second > 0 && uk_ratio > 0)
          rel = (it->second.first / it->second.second) / uk_ratio;
        coe(r, i) = in.gva[i] > 0 ? in.coe[i] / in.gva[i] * in.region_gva(r, i) * rel : 0.0;
        total += coe(r, i);
      }
      for (std::size_t r = 0; r < R; ++r) coe(r, i) = total > 0 ? coe(r, i) * in.coe[i] / total : 0.0;
    }
  }
  for (std::size_t r = 0; r < R; ++r) {
    for (std::size_t i = 0; i < S; ++i) inc_share[r] += coe(r, i);
    inc += inc_share[r];
  }
  if (in.households.present()) {  // households by income: residents' GDHI where the inputs have it
    inc = 0;
    for (std::size_t r = 0; r < R; ++r) inc += inc_share[r] = in.households.gdhi[r];
  }
  for (std::size_t r = 0; r < R; ++r) {
    pop_share[r] = in.population[r] / pop;
    out_share[r] = x_region[r] / x_nation;
    inc_share[r] /= inc;
  }
  const std::vector<double>& hh_share = prm.households == HouseholdShare::population ? pop_share : inc_share;

  // 4. For each supplying industry i, a matrix of supplier region t x purchasing column: the R*S
  //    industry columns, then R columns for each of households, NPISH, government and GFCF. Column
  //    totals are fixed (national coefficient x regional output; national final demand x regional
  //    share); the prior splits them by the location quotient (own region) and gravity (others);
  //    RAS then makes each supplier's row sum equal its output less inventories and exports, which
  //    are booked to the producing region in proportion to its output.
  constexpr std::size_t KD = 4;  // domestic final-demand columns sourced across regions
  const std::size_t P = n + R * KD;
  Matrix grav(R, R);  // d^-beta, zero on the diagonal
  for (std::size_t a = 0; a < R; ++a)
    for (std::size_t b = 0; b < R; ++b) grav(a, b) = a == b ? 0.0 : std::pow(in.distance(a, b), -prm.beta);

  Model m;
  m.id = cfg.id;
  m.name = cfg.name;
  m.base_year = 2022;
  m.currency = "GBP million";
  m.prices = "basic prices";
  m.regions = in.regions;
  m.population = in.population;
  m.population_source = "ONS mid-year population estimates 2022 (Regional GDP release, April 2024, Table 6)";
  m.industries = in.industries;
  m.final_demand_categories = {{"HH", "Household final consumption", FinalDemandRole::households},
                               {"NPISH", "Final consumption of NPISH", FinalDemandRole::npish},
                               {"GOV", "General government final consumption", FinalDemandRole::government},
                               {"GFCF", "Gross fixed capital formation", FinalDemandRole::gfcf},
                               {"INV", "Changes in inventories and valuables", FinalDemandRole::inventories},
                               {"EXP", "Exports of goods and services", FinalDemandRole::exports}};
  const std::size_t K = m.final_demand_categories.size();
  m.z = Matrix(n, n);
  m.final_demand = Matrix(n, R * K);
  std::vector<double> worst(S, 0.0);

#pragma omp parallel for schedule(dynamic)
  for (std::size_t i = 0; i < S; ++i) {
    std::vector<double> t(R * P, 0.0), col_target(P, 0.0), row_target(R, 0.0);
    const double fixed_share = in.output[i] > 0 ? (in.inv[i] + in.exp[i]) / in.output[i] : 0.0;
    for (std::size_t r = 0; r < R; ++r) row_target[r] = x(r, i) * (1.0 - fixed_share);
    // Gravity weights of supplier regions for buyers in region s (excluding s itself).
    std::vector<double> w(R * R, 0.0);
    for (std::size_t s = 0; s < R; ++s) {
      double sum = 0;
      for (std::size_t u = 0; u < R; ++u) sum += w[s * R + u] = x(u, i) * grav(u, s);
      for (std::size_t u = 0; u < R; ++u) w[s * R + u] = sum > 0 ? w[s * R + u] / sum : 0.0;
    }
    auto fill = [&](std::size_t p, std::size_t s, double total, double own) {
      col_target[p] = total;
      double* c = t.data() + p * R;
      c[s] = total * own;
      for (std::size_t u = 0; u < R; ++u)
        if (u != s) c[u] = total * (1.0 - own) * w[s * R + u];
    };
    for (std::size_t s = 0; s < R; ++s)
      for (std::size_t j = 0; j < S; ++j) {
        const double total = in.output[j] > 0 ? in.z(i, j) / in.output[j] * x(s, j) : 0.0;
        if (total > 0) fill(s * S + j, s, total, own_share(s, i, j));
      }
    const double* fd[KD] = {&in.hh[i], &in.npish[i], &in.gov[i], &in.gfcf[i]};
    for (std::size_t k = 0; k < KD; ++k)
      for (std::size_t s = 0; s < R; ++s) {
        const double share = k == 0 ? hh_share[s] : k == 3 ? out_share[s] : pop_share[s];
        const double total = *fd[k] * share;
        if (total > 0) fill(n + k * R + s, s, total, std::min(max_own_share, slq(s, i)));
      }
    worst[i] = ras(t, R, P, row_target, col_target, prm.ras_tolerance, prm.ras_max_iterations);
    for (std::size_t u = 0; u < R; ++u) {
      const std::size_t row = u * S + i;
      for (std::size_t p = 0; p < n; ++p) m.z(row, p) = t[p * R + u];
      for (std::size_t k = 0; k < KD; ++k)
        for (std::size_t s = 0; s < R; ++s) m.final_demand(row, s * K + k) = t[(n + k * R + s) * R + u];
      const double share = in.output[i] > 0 ? x(u, i) / in.output[i] : 0.0;
      m.final_demand(row, u * K + 4) = in.inv[i] * share;
      m.final_demand(row, u * K + 5) = in.exp[i] * share;
    }
  }
  const double ras_error = *std::max_element(worst.begin(), worst.end());
  if (ras_error > 1e-6)
    throw ModelError("regionalisation of '" + cfg.id + "': RAS did not converge (largest relative row error " +
                     text::sig(ras_error, 3) + ")");

  // 5. Primary inputs: national coefficients per unit of output, compensation as computed above,
  //    gross operating surplus the remainder of GVA.
  m.primary_inputs = {{"IMP", "Imports of goods and services (cif)", PrimaryRole::imports},
                      {"TAX", "Taxes less subsidies on products", PrimaryRole::product_taxes},
                      {"COE", "Compensation of employees", PrimaryRole::compensation},
                      {"GOS", "Gross operating surplus and mixed income", PrimaryRole::surplus},
                      {"OTP", "Other taxes less subsidies on production", PrimaryRole::production_taxes}};
  m.primary = Matrix(5, n);
  m.output.assign(n, 0.0);
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t i = 0; i < S; ++i) {
      const std::size_t k = r * S + i;
      const double f = in.output[i] > 0 ? x(r, i) / in.output[i] : 0.0;
      m.output[k] = x(r, i);
      // Output minus domestic intermediate inputs: the column's primary inputs, exactly as nationally.
      m.primary(0, k) = in.imports[i] * f;
      m.primary(1, k) = in.taxes[i] * f;
      m.primary(2, k) = coe(r, i);
      m.primary(4, k) = in.otp[i] * f;
      double z_col = 0;
      for (std::size_t a = 0; a < n; ++a) z_col += m.z(a, k);
      m.primary(3, k) = x(r, i) - z_col - m.primary(0, k) - m.primary(1, k) - m.primary(2, k) - m.primary(4, k);
    }

  // 6. Indicators. Jobs: national jobs by industry (LFS 2022 shares) scaled to the UK total of ONS
  //    filled jobs; the regional pattern from BRES full-time employees of the industry's section,
  //    split within the region's section by GVA (regions without BRES, i.e. Northern Ireland, and
  //    industries outside BRES, by output at the GB jobs per output); then RAS to filled jobs by
  //    region. FTE: national FTE in proportion to jobs. GHG: national emissions of the industry in
  //    proportion to output.
  double lfs_total = 0, filled_total = 0;
  for (std::size_t i = 0; i < S; ++i) lfs_total += in.jobs[i];
  for (std::size_t r = 0; r < R; ++r) filled_total += in.filled_jobs[r];
  const double jobs_scale = lfs_total > 0 ? filled_total / lfs_total : 1.0;
  Matrix weight(R, S);
  {
    std::map<std::pair<std::size_t, std::string>, double> section_gva;
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t i = 0; i < S; ++i) section_gva[{r, in.bres_section[i]}] += in.region_gva(r, i);
    for (std::size_t i = 0; i < S; ++i) {
      double gb_w = 0, gb_x = 0;
      std::vector<bool> has(R, false);
      for (std::size_t r = 0; r < R; ++r) {
        auto it = in.bres.find({in.regions[r].code, in.bres_section[i]});
        if (in.bres_section[i].empty() || it == in.bres.end()) continue;
        const double sg = section_gva[{r, in.bres_section[i]}];
        weight(r, i) = sg > 0 ? it->second * in.region_gva(r, i) / sg : 0.0;
        has[r] = true;
        gb_w += weight(r, i);
        gb_x += x(r, i);
      }
      for (std::size_t r = 0; r < R; ++r)
        if (!has[r]) weight(r, i) = gb_x > 0 ? x(r, i) * gb_w / gb_x : x(r, i);
    }
  }
  m.indicators = {{"jobs", "Employment (jobs)", "jobs",
                   "ONS LFS 2022 jobs by industry scaled to ONS total filled jobs 2021 (UK); over regions by the "
                   "pattern of BRES 2022 full-time employees by section (GVA within the section), balanced by RAS "
                   "to ONS total filled jobs 2021 by region"},
                  {"fte", "Full-time equivalent employment", "FTE",
                   "ONS LFS 2022 FTE by industry, spread over regions in proportion to jobs"},
                  {"ghg", "Greenhouse gas emissions", "kt CO2e",
                   "ONS Environmental Accounts GHG intensity x 2022 GVA by industry (data/uk/national/ghg.csv), "
                   "spread over regions in proportion to output"}};
  // Balance the jobs pattern to the regional totals of ONS filled jobs (rows) and the scaled national
  // jobs by industry (columns): BRES gives the pattern, filled jobs the published regional totals.
  std::vector<double> jobs_rc(R * S, 0.0), ind_target(S, 0.0);  // column-major: region r of industry i at i*R + r
  for (std::size_t i = 0; i < S; ++i) {
    double wsum = 0;
    for (std::size_t r = 0; r < R; ++r) wsum += weight(r, i);
    ind_target[i] = in.jobs[i] * jobs_scale;
    for (std::size_t r = 0; r < R; ++r) jobs_rc[i * R + r] = wsum > 0 ? ind_target[i] * weight(r, i) / wsum : 0.0;
  }
  const double jobs_error = ras(jobs_rc, R, S, in.filled_jobs, ind_target, prm.ras_tolerance, prm.ras_max_iterations);
  if (jobs_error > 1e-6)
    throw ModelError("regionalisation of '" + cfg.id + "': jobs could not be balanced to ONS filled jobs by region (error " +
                     text::sig(jobs_error, 3) + ")");
  m.indicator_totals = Matrix(3, n);
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t r = 0; r < R; ++r) {
      const std::size_t k = r * S + i;
      m.indicator_totals(0, k) = jobs_rc[i * R + r];
      m.indicator_totals(1, k) = ind_target[i] > 0 ? in.fte[i] * jobs_rc[i * R + r] / ind_target[i] : 0.0;
      m.indicator_totals(2, k) = in.output[i] > 0 ? in.ghg[i] * x(r, i) / in.output[i] : 0.0;
    }

  m.description = "UK multi-region input-output table, " + std::to_string(R) + " " + cfg.level +
                  " regions x " + std::to_string(S) +
                  " industries, 2022, built by devolve's regionalisation of the ONS input-output analytical "
                  "table from ONS regional data (docs/data.md)";
  m.metadata = {{"source", "ONS UK input-output analytical tables 2022 (industry by industry) regionalised with "
                           "ONS regional GVA, income components, BRES, filled jobs, population; see docs/data.md"},
                {"build_config", cfg.path},
                {"level", cfg.level},
                {"regionalisation.lq", to_string(prm.lq)},
                {"regionalisation.delta", text::num(prm.delta)},
                {"regionalisation.beta", text::num(prm.beta)},
                {"regionalisation.households", to_string(prm.households)},
                {"regionalisation.lq_size_measure", "gross output"},
                {"regionalisation.ras_max_relative_row_error", text::sig(ras_error, 3)},
                {"jobs.scale_lfs_to_filled_jobs", text::sig(jobs_scale, 6)}};
  attach_household_account(m, in.households);
  if (in.households.present())
    m.metadata.emplace_back("assumption.engine_household_closure",
                            "Type II: compensation earned in each workplace region goes to residents by the Census 2021 "
                            "commuting shares (commuters only; Scottish and NI workplaces to their own residents) and is "
                            "spent at household consumption / residents' gross income (ONS GDHI 2022); docs/methodology.md.");
  for (const auto& [k, v] : in.assumptions) m.metadata.emplace_back("assumption." + k, v);
  // Extra-Regio GVA allocated to each region (docs/data.md): GVA per head uses GVA without it.
  for (std::size_t r = 0; r < R; ++r)
    if (in.extra_regio[r] != 0) m.metadata.emplace_back("extra_regio_gva." + in.regions[r].code, text::num(in.extra_regio[r]));
  m.metadata.emplace_back("assumption.engine_final_demand",
                          "Households by " +
                              (prm.households == HouseholdShare::population ? std::string("population")
                               : in.households.present() ? std::string("residents' GDHI (ONS regional GDHI by LAD, 2022)")
                                                         : std::string("compensation of employees")) +
                              " share, NPISH and government by population share, GFCF by output share; each "
                              "sourced inside the region up to min(0.99, SLQ) and from other regions by gravity. "
                              "Inventories, valuables and exports are booked to the producing region in proportion "
                              "to its output of the industry.");
  m.metadata.emplace_back("assumption.engine_technology",
                          "Every region uses the national input structure of each industry (national domestic "
                          "coefficients, imports, product taxes and other production taxes per unit of output).");
  m.metadata.emplace_back("assumption.engine_compensation",
                          "Compensation of employees: national CoE/GVA of the industry x the region's CoE/GVA "
                          "of the industry's income group relative to the UK's, scaled so regions add up to the "
                          "national CoE of each industry; GOS and mixed income is the remainder of GVA.");
  m.metadata.emplace_back("assumption.engine_ghg",
                          "No regional emissions by industry are published with the inputs: each region has the "
                          "national emissions per unit of output of each industry.");
  return m;
}

}  // namespace devolve
