#include "projection/events.hpp"

#include <cmath>

#include "devolve/household_closure.hpp"

namespace devolve::projection {

bool is_event_shock(const Shock& sh) {
  return sh.type == Shock::Type::employment || sh.type == Shock::Type::labour_income ||
         sh.type == Shock::Type::household_income || sh.type == Shock::Type::custom_spending;
}

namespace {

// N jobs in sector j in year t buy the output those jobs make: N over the year's jobs per GBP m of
// output (the base-year E_j / x_j, trended with the baseline productivity as every jobs coefficient).
void employment_column(const Scenario& sc, const Model& m, const Shock& sh, std::size_t h, std::size_t t, double a,
                       Matrix& y, std::size_t col, LabelledArray& demand) {
  const std::size_t jobs = m.indicator_index("jobs");
  const int year = sc.years()[t];
  for (std::size_t j = 0; j < m.num_sectors(); ++j) {
    if (sh.sector_weights[j] == 0) continue;
    double c = m.indicator_totals(jobs, j) / m.output[j];
    c /= sc.baseline.per_job_divisor("jobs", m.region_of(j), t, year - m.base_year);
    const double dy = a * sh.sector_weights[j] / c;
    y(j, col) += dy;
    demand(h, t, m.region_of(j)) += dy;
  }
}

// Extra pay earned by workplace reaches residents (commuting) and is spent as their gross income is.
void labour_income_column(const Model& m, const Shock& sh, std::size_t h, std::size_t t, double a, Matrix& y,
                          std::size_t col, LabelledArray& demand) {
  const std::size_t R = m.num_regions(), n = m.num_sectors();
  Vector work(R, 0.0);
  for (std::size_t j = 0; j < n; ++j) work[m.region_of(j)] += a * sh.sector_weights[j];
  const Vector residents = residents_compensation(m, work);
  for (std::size_t r = 0; r < R; ++r) {
    if (residents[r] == 0) continue;
    const Vector per_unit = household_consumption(m, r);  // one column of the closure, not all R (factored models)
    for (std::size_t i = 0; i < n; ++i) {
      const double dy = per_unit[i] * residents[r];
      y(i, col) += dy;
      demand(h, t, r) += dy;
    }
  }
}

// Extra disposable income of residents, spent as the region's households spend theirs.
void household_income_column(const Model& m, const Shock& sh, std::size_t h, std::size_t t, double a, Matrix& y,
                             std::size_t col, LabelledArray& demand) {
  const std::size_t R = m.num_regions(), n = m.num_sectors(), K = m.num_categories();
  const std::size_t hh = m.category_with_role(FinalDemandRole::households);
  const bool account = !m.household_gdhi.empty();
  for (std::size_t r = 0; r < R; ++r) {
    const double income = a * sh.to_weights[r];
    if (income == 0) continue;
    const Vector closure = account ? Vector() : household_consumption(m, r);
    for (std::size_t i = 0; i < n; ++i) {
      const double per_unit = account ? m.final_use(i, r * K + hh) / m.household_gdhi[r] : closure[i];
      const double dy = per_unit * income;
      y(i, col) += dy;
      demand(h, t, r) += dy;
    }
  }
}

}  // namespace

void event_column(const Scenario& sc, const Model& m, const Shock& sh, std::size_t h, std::size_t t, Matrix& y,
                  std::size_t col, LabelledArray& demand) {
  const double a = sh.amount[t] * sh.phase[t] * sh.additionality.factor();
  if (a == 0) return;
  switch (sh.type) {
    case Shock::Type::employment: return employment_column(sc, m, sh, h, t, a, y, col, demand);
    case Shock::Type::labour_income: return labour_income_column(m, sh, h, t, a, y, col, demand);
    case Shock::Type::household_income: return household_income_column(m, sh, h, t, a, y, col, demand);
    default:
      for (std::size_t j = 0; j < m.num_sectors(); ++j) {
        if (sh.sector_weights[j] == 0) continue;
        y(j, col) += a * sh.sector_weights[j];
        demand(h, t, m.region_of(j)) += a * sh.sector_weights[j];
      }
  }
}

}  // namespace devolve::projection
