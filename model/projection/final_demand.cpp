#include "projection/final_demand.hpp"

#include <algorithm>

#include "devolve/error.hpp"
#include "projection/coefficients.hpp"
#include "projection/events.hpp"
#include "projection/rd_dynamics.hpp"

namespace devolve::projection {

void spend_in_region(const Model& m, const std::vector<double>& shares, double import_share, bool local,
                     std::size_t category, std::size_t r, double amount, Matrix& y, std::size_t col) {
  const std::size_t S = m.num_industries(), R = m.num_regions(), K = m.num_categories();
  const double domestic = amount * (1.0 - import_share);
  for (std::size_t i = 0; i < S; ++i) {
    const double v = domestic * shares[i];
    if (v == 0) continue;
    if (!local) {
      // The region's own pattern of sourcing this industry for the profile's category.
      double total = 0;
      for (std::size_t u = 0; u < R; ++u) total += m.final_use(m.sector(u, i), r * K + category);
      if (total > 0) {
        for (std::size_t u = 0; u < R; ++u) y(m.sector(u, i), col) += v * m.final_use(m.sector(u, i), r * K + category) / total;
        continue;
      }
    }
    y(m.sector(r, i), col) += v;
  }
}

namespace {

// Private R&D crowded in by shock si in year t.
void private_rd_column(const Model& m, const Shock& sh, std::size_t h, std::size_t si, std::size_t t,
                       DemandColumns& cols, std::size_t col, LabelledArray& demand) {
  for (std::size_t r = 0; r < m.num_regions(); ++r) {
    const double a = leveraged_private_rd(sh.rd, cols.public_rd[si], t, r);
    if (a == 0) continue;
    spend_in_region(m, sh.private_rd_shares, sh.private_import_share, sh.private_local_sourcing, sh.private_category, r, a,
                    cols.y, col);
    demand(h, t, r) += a;
    cols.private_rd[si](t, r) += a;
  }
}

// A spend or redirect shock in year t: the recipients' share of `amount` less the donors'.
void spend_column(const Model& m, const Shock& sh, std::size_t h, std::size_t si, std::size_t t, double amount,
                  DemandColumns& cols, std::size_t col, LabelledArray& demand) {
  for (std::size_t r = 0; r < m.num_regions(); ++r) {
    double a = amount * sh.to_weights[r];
    if (sh.type == Shock::Type::redirect) a -= amount * sh.from_weights[r];
    if (a == 0) continue;
    spend_in_region(m, sh.profile_shares, sh.import_share, sh.local_sourcing, sh.sourcing_category, r, a, cols.y, col);
    demand(h, t, r) += a;
    if (sh.rd.enabled) cols.public_rd[si](t, r) += a;
  }
}

// Local procurement in every year: the first-round change in sales, dA x_t (procurement.hpp), the
// years that share a table together; `demand` records the purchases moved to each region's own suppliers.
void local_procurement_columns(const Scenario& sc, const Model& m, const std::vector<ProcurementYear>& procurement,
                               std::size_t h, std::size_t si, std::size_t d, DemandColumns& cols, LabelledArray& demand) {
  std::vector<bool> done(cols.years, false);
  for (std::size_t t = 0; t < cols.years; ++t) {
    if (done[t]) continue;
    std::vector<std::size_t> years, columns;
    for (std::size_t u = t; u < cols.years; ++u)
      if (!done[u] && procurement.at(u).data == procurement.at(t).data)
        years.push_back(u), columns.push_back(cols.column(d, u)), done[u] = true;
    std::vector<std::vector<double>> moved(years.size(), std::vector<double>(m.num_regions(), 0.0));
    procurement_direct(sc, m, procurement[t], si, years, cols.y, columns, moved);
    for (std::size_t k = 0; k < years.size(); ++k)
      for (std::size_t r = 0; r < m.num_regions(); ++r)
        if (moved[k][r] != 0) demand(h, years[k], r) += moved[k][r];
  }
}

// A productivity shock with measure gva in year t: the jobs are held, so each shocked sector sells
// g x more output (docs/methodology.md, "Productivity"), added as final demand of that sector.
void productivity_column(const Scenario& sc, const Model& m, const Shock& sh, std::size_t h, std::size_t t, Matrix& y,
                         std::size_t col, LabelledArray& demand) {
  for (std::size_t j = 0; j < m.num_sectors(); ++j) {
    const double g = productivity_uplift(m, sh, t, j);
    if (g == 0) continue;
    const double extra = g * projected_output(sc, m, t, j);
    y(j, col) += extra;
    demand(h, t, m.region_of(j)) += extra;
  }
}

}  // namespace

DemandColumns final_demand_columns(const Scenario& sc, const Model& m, const std::vector<EffectSource>& sources,
                                   const std::vector<ProcurementYear>& procurement, LabelledArray& demand) {
  DemandColumns cols;
  cols.years = sc.years().size();
  for (std::size_t h = 0; h < sources.size(); ++h)
    if (sources[h].type != "productivity" || sources[h].shock->measure == "gva") cols.sources.push_back(h);
  cols.y = Matrix(m.num_sectors(), cols.sources.size() * cols.years);
  const LabelledArray zero({demand.dim("year"), demand.dim("region")});
  cols.public_rd.assign(sc.shocks.size(), zero);
  cols.private_rd.assign(sc.shocks.size(), zero);
  for (std::size_t d = 0; d < cols.sources.size(); ++d) {
    const std::size_t h = cols.sources[d];
    const Shock& sh = *sources[h].shock;
    const std::size_t si = sources[h].shock_index;
    const double f = sh.additionality.factor();
    if (!sources[h].private_rd && sh.type == Shock::Type::local_procurement) {
      local_procurement_columns(sc, m, procurement, h, si, d, cols, demand);
      continue;
    }
    for (std::size_t t = 0; t < cols.years; ++t) {
      const std::size_t col = cols.column(d, t);
      if (sources[h].private_rd) private_rd_column(m, sh, h, si, t, cols, col, demand);
      else if (sh.type == Shock::Type::spend || sh.type == Shock::Type::redirect)
        spend_column(m, sh, h, si, t, sh.amount[t] * sh.phase[t] * f, cols, col, demand);
      else if (sh.type == Shock::Type::productivity) productivity_column(sc, m, sh, h, t, cols.y, col, demand);
      else if (is_event_shock(sh)) event_column(sc, m, sh, h, t, cols.y, col, demand);
      else throw Error("final_demand_columns: shock " + std::to_string(si + 1) + " has no demand columns");
    }
  }
  return cols;
}

DemandColumns summed_over_sources(DemandColumns cols) {
  const std::size_t D = cols.sources.size(), Y = cols.years, n = cols.y.rows();
  if (D <= 1) return cols;
  Matrix y(n, Y);  // column t: sum over d of column (d, t)
  for (std::size_t t = 0; t < Y; ++t) {
    double* out = y.data() + t * n;
    const double* first = cols.y.data() + cols.column(0, t) * n;
    std::copy(first, first + n, out);
    for (std::size_t d = 1; d < D; ++d) {
      const double* in = cols.y.data() + cols.column(d, t) * n;
      for (std::size_t i = 0; i < n; ++i) out[i] += in[i];
    }
  }
  cols.y = std::move(y);
  cols.sources.resize(1);
  return cols;
}

}  // namespace devolve::projection
