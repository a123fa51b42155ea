#include "projection/procurement.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "projection/coefficients.hpp"
#include "solve/changed_columns.hpp"

namespace devolve::projection {

const std::vector<std::vector<ProcurementMove>>& ProcurementYear::moves() const {
  static const std::vector<std::vector<ProcurementMove>> none;
  return data ? data->shocks : none;
}

bool ProcurementYear::any() const {
  for (const auto& c : moves())
    if (!c.empty()) return true;
  return false;
}

namespace {

using Column = std::shared_ptr<const std::vector<double>>;
// Columns of Z by column index: the base year's, read once for every distinct year, or as the shocks
// so far in a year left them.
using Columns = std::map<std::size_t, Column>;

// The base-year column c of Z.
Column read_column(const Model& m, std::size_t c) {
  const std::size_t n = m.num_sectors();
  if (!m.factored()) {  // from z, or read from the model cache
    const Matrix z = m.z_columns({c});
    return std::make_shared<const std::vector<double>>(z.data(), z.data() + n);
  }
  // A factored model has no Z: its column is A's, read from the factors, times the column's output.
  const Matrix a = solve::coefficient_columns(*m.coefficients, {c});
  auto v = std::make_shared<std::vector<double>>(n);
  for (std::size_t i = 0; i < n; ++i) (*v)[i] = a(i, 0) * m.output[c];
  return v;
}

// One shock's moves of the buying column c (region r) for every supplying industry i, on the column
// z as the shock finds it; `area` the local area's flags (null: r alone). The rows of industry i are
// read for i alone, so the moves of one shock all read z; `after`, where given, gets z with the moves
// applied, for a later shock.
void move_column(const Model& m, const Shock& sh, double inc, double f, std::size_t r, std::size_t c,
                 const std::vector<double>& z, const unsigned char* area, std::vector<double>* after,
                 std::vector<ProcurementMove>& out) {
  const std::size_t R = m.num_regions(), S = m.num_industries();
  for (std::size_t i = 0; i < S; ++i) {
    if (!sh.industry_mask[i]) continue;
    double total = 0, inside = 0;
    for (std::size_t u = 0; u < R; ++u) total += z[m.sector(u, i)];
    if (area)
      for (std::size_t u = 0; u < R; ++u) inside += area[u] ? z[m.sector(u, i)] : 0.0;
    const double others = total - (area ? inside : z[m.sector(r, i)]);
    if (total <= 0 || others <= 0) continue;
    const double moved = std::min(inc * total, others) * f;
    if (moved == 0) continue;
    out.push_back({static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(i), moved, others, inside, z.data(), area});
    if (after) for_each_change(m, out.back(), [after](std::size_t row, double delta) { (*after)[row] += delta; });
  }
}

ProcurementYear procurement_year(const Scenario& sc, const Model& m, std::size_t t, Columns& base) {
  const std::size_t R = m.num_regions(), S = m.num_industries(), H = sc.shocks.size();
  std::size_t last = 0;  // after the last procurement shock, no shock reads the columns a shock leaves
  for (std::size_t h = 0; h < H; ++h)
    if (sc.shocks[h].type == Shock::Type::local_procurement) last = h + 1;
  ProcurementYear py;
  auto data = std::make_shared<ProcurementYear::Moves>();
  data->shocks.resize(H);
  data->areas.resize(H);
  Columns now;  // the columns as the shocks so far this year left them
  std::set<const std::vector<double>*> held;  // the columns data->columns holds
  for (std::size_t h = 0; h < H; ++h) {
    const Shock& sh = sc.shocks[h];
    if (sh.type != Shock::Type::local_procurement) continue;
    const double inc = sh.share_increase * sh.phase[t];
    py.key.push_back(inc);
    if (inc == 0) continue;
    const double f = sh.additionality.factor();
    if (sh.local_together) data->areas[h].assign(sh.region_mask.begin(), sh.region_mask.end());
    const unsigned char* area = sh.local_together ? data->areas[h].data() : nullptr;
    for (std::size_t r = 0; r < R; ++r) {
      if (!sh.region_mask[r]) continue;
      for (std::size_t j = 0; j < S; ++j) {
        const std::size_t c = m.sector(r, j);
        if (!sh.buyer_mask[j] || !(m.output[c] > 0)) continue;
        auto it = now.find(c);
        if (it == now.end()) {
          auto b = base.find(c);
          if (b == base.end()) b = base.emplace(c, read_column(m, c)).first;
          it = now.emplace(c, b->second).first;
        }
        const Column z = it->second;
        std::shared_ptr<std::vector<double>> after;
        if (h + 1 < last) after = std::make_shared<std::vector<double>>(*z);  // a later shock reads what this one leaves
        const std::size_t before = data->shocks[h].size();
        move_column(m, sh, inc, f, r, c, *z, area, after.get(), data->shocks[h]);
        if (data->shocks[h].size() > before && held.insert(z.get()).second) data->columns.push_back(z);
        if (after) it->second = std::move(after);
      }
    }
    if (data->shocks[h].capacity() > 2 * data->shocks[h].size()) data->shocks[h].shrink_to_fit();
  }
  py.data = std::move(data);
  return py;
}

}  // namespace

ProcurementYear procurement_year(const Scenario& sc, const Model& m, std::size_t t) {
  Columns base;
  return procurement_year(sc, m, t, base);
}

std::vector<ProcurementYear> procurement_years(const Scenario& sc, const Model& m) {
  std::vector<ProcurementYear> out;
  Columns base;  // the base-year columns the shocks touch, read once for every distinct year
  for (std::size_t t = 0; t < sc.years().size(); ++t) {
    std::vector<double> key;
    for (const Shock& sh : sc.shocks)
      if (sh.type == Shock::Type::local_procurement) key.push_back(sh.share_increase * sh.phase[t]);
    std::size_t same = 0;
    while (same < out.size() && out[same].key != key) ++same;
    out.push_back(same < out.size() ? out[same] : procurement_year(sc, m, t, base));
  }
  return out;
}

void apply_procurement(const Model& m, const ProcurementYear& py, Matrix& z) {
  for (const auto& moves : py.moves())
    for (const auto& mv : moves) for_each_change(m, mv, [&](std::size_t row, double delta) { z(row, mv.col) += delta; });
}

void procurement_direct(const Scenario& sc, const Model& m, const ProcurementYear& py, std::size_t h,
                        const std::vector<std::size_t>& years, Matrix& y, const std::vector<std::size_t>& cols,
                        std::vector<std::vector<double>>& moved) {
  const std::size_t n = m.num_sectors(), S = m.num_industries(), K = years.size();
  const auto& moves = py.moves()[h];
  std::vector<double> dd(n), d(n);  // a buying column's change of A, dA(., c) = dZ(., c) / x_c, and dA(., c) x_t(c)
  for (std::size_t b = 0, e = 0; b < moves.size(); b = e) {  // the moves of one buying column
    const std::size_t c = moves[b].col, r = m.region_of(c);
    const double base = m.output[c];
    std::fill(dd.begin(), dd.end(), 0.0);
    for (e = b; e < moves.size() && moves[e].col == c; ++e)
      for_each_change(m, moves[e], [&](std::size_t row, double delta) { dd[row] = delta / base; });
    for (std::size_t k = 0; k < K; ++k) {
      const double o = projected_output(sc, m, years[k], c);
      double* yc = &y(0, cols[k]);
      // dZ x_t / x = (dZ / x) x_t entry by entry, rows without a change 0: each product rounded before
      // it is added (a loop of its own, so no fused multiply-add), the bits of the change by change sums
      for (std::size_t j = 0; j < n; ++j) d[j] = dd[j] * o;
      for (std::size_t j = 0; j < n; ++j) yc[j] += d[j];
      if (!moves[b].area)
        for (std::size_t i = 0; i < S; ++i) moved[k][r] += d[r * S + i];  // in industry order, as the moves
      else  // every supplying region of the local area gains
        for (std::size_t u = 0; u < m.num_regions(); ++u)
          if (moves[b].area[u])
            for (std::size_t i = 0; i < S; ++i) moved[k][u] += d[u * S + i];
    }
  }
}

}  // namespace devolve::projection
