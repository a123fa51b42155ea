#include "scenario/price_basis.hpp"

#include <cmath>
#include <filesystem>

#include "base/csv.hpp"
#include "base/text.hpp"

namespace devolve {

DeflatorSeries read_gdp_deflator(const std::string& data_dir) {
  DeflatorSeries d;
  d.file = (std::filesystem::path(data_dir) / "uk" / "national" / "gdp_deflator.csv").string();
  const csv::Table t = csv::read(d.file);
  csv::require_header(t, {"year", "ybgb_gdp_implied_deflator_2023eq100"});
  for (const auto& r : t.rows) {
    const double y = csv::number(t, r, 0, "year"), v = csv::number(t, r, 1, "ybgb_gdp_implied_deflator_2023eq100");
    if (std::floor(y) != y || !(v > 0)) csv::fail(t, r, 0, "year", "expected a whole year and a positive index");
    d.index[int(y)] = v;
  }
  if (d.index.empty()) csv::fail(t, t.header, 0, "year", "no years");
  return d;
}

double deflator_of(const DeflatorSeries& d, int year, bool has_growth, double growth, std::string& why) {
  why.clear();
  if (auto it = d.index.find(year); it != d.index.end()) return it->second;
  const int first = d.index.begin()->first, last = d.index.rbegin()->first;
  const std::string range = std::to_string(first) + "-" + std::to_string(last);
  if (year < first) {
    why = "the GDP deflator (ONS YBGB) is published for " + range + ", not " + std::to_string(year);
    return 0;
  }
  if (!has_growth) {
    why = "the GDP deflator (ONS YBGB) is published for " + range + "; money in " + std::to_string(year) +
          " prices needs an assumed growth after " + std::to_string(last) + ": give deflator_growth";
    return 0;
  }
  // Past the last published year: grown at the stated rate (an assumption of the scenario).
  return d.index.rbegin()->second * std::pow(1.0 + growth, year - last);
}

double purchasers_to_basic(const std::string& data_dir, FinalDemandRole role, std::string& why) {
  why.clear();
  const std::string file = (std::filesystem::path(data_dir) / "uk" / "national" / "final_demand_categories.csv").string();
  const csv::Table t = csv::read(file);
  const std::size_t rc = csv::column(t, "role"), dc = csv::column(t, "domestic_bp"), ic = csv::column(t, "imports_cif"),
                    tc = csv::column(t, "product_taxes_less_subsidies");
  for (const auto& r : t.rows) {
    if (r.fields[rc].text != to_string(role)) continue;
    const double basic = csv::number(t, r, dc, "domestic_bp") + csv::number(t, r, ic, "imports_cif");
    const double purchasers = basic + csv::number(t, r, tc, "product_taxes_less_subsidies");
    if (!(basic > 0) || !(purchasers > 0)) csv::fail(t, r, dc, "domestic_bp", "a final-demand column with no purchases");
    return basic / purchasers;
  }
  why = "the UK table (" + file + ") has no final-demand column of role '" + to_string(role) + "'";
  return 0;
}

}  // namespace devolve
