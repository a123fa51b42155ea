#include "devolve/model_io.hpp"

#include <filesystem>

#include "base/hash.hpp"
#include "devolve/model_check.hpp"
#include "devolve/model_csv.hpp"
#include "devolve/model_h5.hpp"
#include "devolve/factored_model.hpp"

namespace fs = std::filesystem;

namespace devolve {

Model read_model_file(const std::string& path) {
  Model m = fs::is_directory(path) ? read_model_csv(path) : read_model_h5(path);
  require_consistent(m, path);
  return m;
}

std::string model_checksum(const Model& m) {
  if (m.cache_facts) return m.cache_facts->checksum;  // hashed when the cache was written
  hash::Fnv1a f;
  // Everything that changes a result: labels, roles, units, the base year and tolerance, the numbers.
  f.str(m.id);
  f.str(m.currency);
  f.str(m.prices);
  f.str(std::to_string(m.base_year));
  f.bytes(&m.tolerance, sizeof m.tolerance);
  for (const auto& l : m.regions) f.str(l.code);
  for (const auto& l : m.industries) f.str(l.code);
  for (const auto& c : m.final_demand_categories) f.str(c.code + "/" + to_string(c.role));
  for (const auto& c : m.primary_inputs) f.str(c.code + "/" + to_string(c.role));
  for (const auto& c : m.indicators) f.str(c.code + "/" + c.unit);
  // -0.0 counts as +0.0: the CSV form omits zero cells, so a converted model reads them back as +0.0.
  for (const Matrix* a : {&m.z, &m.final_demand, &m.primary, &m.indicator_totals}) f.doubles(a->data(), a->rows() * a->cols());
  if (m.factored()) {  // docs/model-format.md, "Factored models"
    f.str("factored");
    for (const auto* v : {&m.coefficients->own, &m.coefficients->bought, &m.coefficients->trade,
                          &m.factored_final_demand->own, &m.factored_final_demand->bought})
      f.doubles(v->data(), v->size());
  }
  f.doubles(m.output.data(), m.output.size());
  f.doubles(m.population.data(), m.population.size());
  if (!m.household_gross_income.empty()) {  // the household account changes Type II results
    f.doubles(m.residence_share.data(), m.residence_share.rows() * m.residence_share.cols());
    f.doubles(m.household_gdhi.data(), m.household_gdhi.size());
    f.doubles(m.household_gross_income.data(), m.household_gross_income.size());
  }
  return f.hex();
}

}  // namespace devolve
