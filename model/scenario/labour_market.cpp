#include "scenario/labour_market.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include "base/csv.hpp"
#include "devolve/error.hpp"

namespace devolve {

namespace fs = std::filesystem;

namespace {

// The rows of the data file that make region r: its own code, or on a model of areas made of
// local authorities (level lad) the LADs listed in the model's `area.<code>` metadata.
std::vector<std::string> members(const Model& m, std::size_t r) {
  const std::string code = m.regions[r].code, list = m.meta("area." + code);
  if (m.meta("level") != "lad" || list.empty()) return {code};
  std::vector<std::string> out;
  for (std::size_t i = 0; i <= list.size();) {
    const std::size_t j = std::min(list.find(", ", i), list.size());
    out.push_back(list.substr(i, j - i));
    i = j + 2;
  }
  return out;
}

void read_base_levels(LabourSupply& l, const Model& m, const std::string& data_dir) {
  const std::string level = m.meta("level");
  const fs::path file = fs::path(data_dir) / "uk" / (level.empty() ? "none" : level) / "labour_market.csv";
  if (level.empty() || !fs::exists(file)) {
    l.source = "none: no regional labour market data for this model (" +
               (level.empty() ? std::string("not a shipped UK model") : "none shipped for " + level) + ")";
    return;
  }
  const csv::Table t = csv::read(file.string());
  const std::size_t R = m.num_regions(), rc = csv::column(t, "region_code");
  const std::vector<std::pair<const char*, std::vector<double>*>> cols = {
      {"in_employment", &l.employed}, {"ilo_unemployed", &l.unemployed_level}, {"economically_active", &l.active},
      {"population_16_64_est", &l.population_16_64}, {"inactive_16_64_est", &l.inactive_16_64}};
  std::map<std::string, const csv::Row*> rows;
  for (const auto& row : t.rows) rows[row.fields[rc].text] = &row;
  for (auto& [name, v] : cols) v->assign(R, 0.0);
  for (std::size_t r = 0; r < R; ++r)
    for (const std::string& code : members(m, r)) {
      const auto it = rows.find(code);
      if (it == rows.end()) throw InputError(file.string(), "no row for " + code + " (region " + m.regions[r].code + ")");
      for (auto& [name, v] : cols) {
        const std::size_t c = csv::column(t, name);
        const double x = csv::number(t, *it->second, c, name);
        if (!(x > 0)) csv::fail(t, *it->second, c, name, "a level must be positive");
        (*v)[r] += x * 1000.0;  // published in thousands
      }
    }
  l.source = level == "itl1"
                 ? "ONS Labour market statistics (lms.csv, LFS annual 2022, seasonally adjusted; levels aged 16+, rates "
                   "16-64) via " + file.filename().string() + " (docs/data.md, \"Labour market\")"
                 : "derived: ONS LFS annual 2022 ITL1 levels shared between local authorities by their APS employment "
                   "and model-based unemployment rates (ONS Subnational indicators explorer, March 2024) and "
                   "population, summed to the model's areas; data/uk/" + level + "/labour_market.csv (docs/data.md, "
                   "\"Labour market\")";
}

}  // namespace

LabourSupply resolve_labour_supply(const LabourSupplySpec& spec, const Model& m, const std::string& data_dir) {
  LabourSupply l;
  for (auto [field, given] : {std::pair{&LabourSupply::unemployed, &spec.unemployed},
                              {&LabourSupply::inactive, &spec.inactive},
                              {&LabourSupply::in_commuting, &spec.in_commuting},
                              {&LabourSupply::in_migration, &spec.in_migration},
                              {&LabourSupply::displacement, &spec.displacement},
                              {&LabourSupply::inactive_wanting_work, &spec.inactive_wanting_work}})
    if (given->given) l.*field = given->value;
  if (!(l.unemployed + l.inactive + l.in_commuting + l.in_migration > 0))
    throw spec_error(spec.at, "the weights of unemployed, inactive, in_commuting and in_migration "
                              "are all 0; at least one must be positive");
  read_base_levels(l, m, data_dir);
  return l;
}

}  // namespace devolve
