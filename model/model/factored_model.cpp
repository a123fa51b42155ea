// Totals of a factored model from its factored form (docs/model-format.md, "Factored models").
#include "devolve/factored_model.hpp"

namespace devolve {

// Z(u i, s j) = D_s(i, j) x_sj for u = s, T_i(u, s) M_s(i, j) x_sj otherwise; likewise final demand.
FlowTotals factored_totals(const Model& m) {
  const MrioStructure& a = *m.coefficients;
  const FactoredFinalDemand& y = *m.factored_final_demand;
  const std::size_t R = m.num_regions(), S = m.num_industries(), K = m.num_categories(), n = R * S;
  FlowTotals t{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)};
  std::vector<double> bought(n, 0.0), fd_bought(n, 0.0), shares(n, 0.0);  // by (s, i): from other regions; sum_u T_i(u, s)
  for (std::size_t s = 0; s < R; ++s)
    for (std::size_t i = 0; i < S; ++i) {
      for (std::size_t u = 0; u < R; ++u) shares[s * S + i] += a.trade[i * R * R + u + s * R];
      for (std::size_t k = 0; k < K; ++k) {
        t.final_demand_rows[s * S + i] += y.own[(s * K + k) * S + i];
        fd_bought[s * S + i] += y.bought[(s * K + k) * S + i];
      }
    }
  for (std::size_t s = 0; s < R; ++s)
    for (std::size_t j = 0; j < S; ++j) {
      const double x = m.output[s * S + j];
      for (std::size_t i = 0; i < S; ++i) {
        const double d = a.own[s * S * S + i + j * S] * x, b = a.bought[s * S * S + i + j * S] * x;
        t.z_rows[s * S + i] += d;
        bought[s * S + i] += b;
        t.z_columns[s * S + j] += d + b * shares[s * S + i];
      }
    }
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t s = 0; s < R; ++s) {
      const double* tc = a.trade.data() + i * R * R + s * R;
      for (std::size_t u = 0; u < R; ++u)
        if (u != s) t.z_rows[u * S + i] += tc[u] * bought[s * S + i], t.final_demand_rows[u * S + i] += tc[u] * fd_bought[s * S + i];
    }
  return t;
}

}  // namespace devolve
