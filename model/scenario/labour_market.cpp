#include "scenario/labour_market.hpp"

#include <filesystem>

#include "base/csv.hpp"
#include "devolve/error.hpp"

namespace devolve {

namespace fs = std::filesystem;

namespace {

void read_base_levels(LabourSupply& l, const Model& m, const std::string& data_dir) {
  const std::string level = m.meta("level");
  const fs::path file = fs::path(data_dir) / "uk" / (level.empty() ? "none" : level) / "labour_market.csv";
  if (level.empty() || !fs::exists(file)) {
    l.source = "none: no regional labour market data for this model (" +
               (level.empty() ? std::string("not a shipped UK model") : "published at ITL1 only, not at " + level) + ")";
    return;
  }
  const csv::Table t = csv::read(file.string());
  const std::size_t R = m.num_regions(), rc = csv::column(t, "region_code");
  const std::vector<std::pair<const char*, std::vector<double>*>> cols = {
      {"in_employment", &l.employed}, {"ilo_unemployed", &l.unemployed_level}, {"economically_active", &l.active},
      {"population_16_64_est", &l.population_16_64}, {"inactive_16_64_est", &l.inactive_16_64}};
  for (auto& [name, v] : cols) v->assign(R, -1.0);
  for (const auto& row : t.rows)
    for (std::size_t r = 0; r < R; ++r)
      if (m.regions[r].code == row.fields[rc].text)
        for (auto& [name, v] : cols) {
          const std::size_t c = csv::column(t, name);
          const double x = csv::number(t, row, c, name);
          if (!(x > 0)) csv::fail(t, row, c, name, "a level must be positive");
          (*v)[r] = x * 1000.0;  // published in thousands
        }
  for (std::size_t r = 0; r < R; ++r)
    if (l.employed[r] < 0) throw InputError(file.string(), "no row for region " + m.regions[r].code);
  l.source = "ONS Labour market statistics (lms.csv, LFS annual 2022, seasonally adjusted; levels aged 16+, rates "
             "16-64) via " + file.filename().string() + " (docs/data.md, \"Labour market\")";
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
