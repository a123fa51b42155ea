#include "projection/rd_dynamics.hpp"

namespace devolve {

namespace projection {

double leveraged_private_rd(const RdDynamics& rd, const LabelledArray& public_rd, std::size_t t, std::size_t r) {
  const long long from = leverage_source_year(rd, t);  // the one lag rule, shared with the sweep's linear path
  return from < 0 ? 0.0 : rd.leverage * public_rd(std::size_t(from), r);
}

}  // namespace projection

void rd_supply_side(const RdDynamics& rd, std::size_t Y, const std::vector<double>& region_gva,
                    const std::vector<double>& public_rd, const std::vector<double>& private_rd, std::vector<double>& stock,
                    const std::function<void(std::size_t, std::size_t, double)>& emit) {
  const std::size_t R = region_gva.size();
  std::vector<int> years(Y);
  for (std::size_t t = 0; t < Y; ++t) years[t] = int(t);
  std::vector<std::string> regions(R);
  const std::vector<Dimension> dims = {integer_dimension("year", years), label_dimension("region", regions)};
  const LabelledArray pub(dims, public_rd), priv(dims, private_rd);
  LabelledArray k(dims);
  double total_gva = 0;
  for (double g : region_gva) total_gva += g;
  for (std::size_t t = 0; t < Y; ++t)
    for (std::size_t r = 0; r < R; ++r) k(t, r) = (1.0 - rd.depreciation) * (t ? k(t - 1, r) : 0.0) + pub(t, r) + priv(t, r);
  for (std::size_t t = 0; t < Y; ++t) {
    if (int(t) - rd.return_lag < 0) continue;
    const std::size_t tl = t - std::size_t(rd.return_lag);
    for (std::size_t r = 0; r < R; ++r) {
      const double yield = rd.rate_of_return * k(tl, r);
      if (yield == 0) continue;
      for (std::size_t u = 0; u < R; ++u) {
        double share = u == r ? 1.0 - rd.spillover_share : 0.0;
        if (u != r && total_gva > region_gva[r]) share += rd.spillover_share * region_gva[u] / (total_gva - region_gva[r]);
        if (share != 0 && region_gva[u] > 0) emit(t, u, yield * share);
      }
    }
  }
  stock = std::move(k.values());
}

namespace projection {

void book_rd_dynamics(const Scenario& sc, const Model& m, const std::vector<LabelledArray>& public_rd,
                      const std::vector<LabelledArray>& private_rd, const MeasureIndex& mi, ImpactAccumulator& acc,
                      LabelledArray& knowledge_stock) {
  const Vector gva = m.gva();
  std::vector<double> region_gva(m.num_regions(), 0.0);
  for (std::size_t j = 0; j < m.num_sectors(); ++j) region_gva[m.region_of(j)] += gva[j];
  for (std::size_t si = 0; si < sc.shocks.size(); ++si) {
    const Shock& sh = sc.shocks[si];
    if (!sh.rd.enabled) continue;
    std::vector<double> stock;
    rd_supply_side(sh.rd, public_rd[si].dim("year").size(), region_gva, public_rd[si].values(), private_rd[si].values(), stock,
                   [&](std::size_t t, std::size_t u, double g) {
                     for (std::size_t i = 0; i < m.num_industries(); ++i) {
                       const std::size_t j = m.sector(u, i);
                       if (mi.gva < mi.count) acc.add(supply_side, mi.gva, t, j, g * gva[j] / region_gva[u], si);
                     }
                   });
    const LabelledArray added(knowledge_stock.dims(), std::move(stock));
    knowledge_stock = knowledge_stock + added;
  }
}

}  // namespace projection

}  // namespace devolve
