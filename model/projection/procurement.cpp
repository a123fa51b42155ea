#include "projection/procurement.hpp"

#include <algorithm>
#include <map>

#include "projection/coefficients.hpp"
#include "solve/changed_columns.hpp"

namespace devolve::projection {

const std::vector<std::vector<FlowChange>>& ProcurementYear::changes() const {
  static const std::vector<std::vector<FlowChange>> none;
  return shocks ? *shocks : none;
}

bool ProcurementYear::any() const {
  for (const auto& c : changes())
    if (!c.empty()) return true;
  return false;
}

namespace {

// The columns of Z the shocks touch, as they stand after the shocks so far.
using Columns = std::map<std::size_t, std::vector<double>>;

std::vector<double>& column(Columns& cols, const Model& m, std::size_t c) {
  auto it = cols.find(c);
  if (it != cols.end()) return it->second;
  const std::size_t n = m.num_sectors();
  if (!m.factored()) {  // from z, or read from the model cache
    const Matrix z = m.z_columns({c});
    return cols.emplace(c, std::vector<double>(z.data(), z.data() + n)).first->second;
  }
  // A factored model has no Z: its column is A's, read from the factors, times the column's output.
  const Matrix a = solve::coefficient_columns(*m.coefficients, {c});
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = a(i, 0) * m.output[c];
  return cols.emplace(c, std::move(v)).first->second;
}

// One shock's changes to the buying column c (region r) for every supplying industry i. The rows
// of industry i are touched for i alone, so each change is applied as soon as it is known.
void move_column(const Model& m, const Shock& sh, double inc, double f, std::size_t r, std::size_t c, Columns& cols,
                 std::vector<FlowChange>& out) {
  const std::size_t R = m.num_regions(), S = m.num_industries();
  std::vector<double>& z = column(cols, m, c);
  for (std::size_t i = 0; i < S; ++i) {
    if (!sh.industry_mask[i]) continue;
    double total = 0;
    for (std::size_t u = 0; u < R; ++u) total += z[m.sector(u, i)];
    const double others = total - z[m.sector(r, i)];
    if (total <= 0 || others <= 0) continue;
    const double moved = std::min(inc * total, others) * f;
    if (moved == 0) continue;
    const std::size_t before = out.size();
    const auto row = [](std::size_t x) { return static_cast<std::uint32_t>(x); };
    for (std::size_t u = 0; u < R; ++u)
      if (u != r && z[m.sector(u, i)] != 0) out.push_back({row(m.sector(u, i)), row(c), -moved * z[m.sector(u, i)] / others});
    out.push_back({row(m.sector(r, i)), row(c), moved});
    for (std::size_t k = before; k < out.size(); ++k) z[out[k].row] += out[k].delta;
  }
}

}  // namespace

ProcurementYear procurement_year(const Scenario& sc, const Model& m, std::size_t t) {
  const std::size_t R = m.num_regions(), S = m.num_industries(), H = sc.shocks.size();
  ProcurementYear py;
  auto changes = std::make_shared<std::vector<std::vector<FlowChange>>>(H);
  Columns cols;
  for (std::size_t h = 0; h < H; ++h) {
    const Shock& sh = sc.shocks[h];
    if (sh.type != Shock::Type::local_procurement) continue;
    const double inc = sh.share_increase * sh.phase[t];
    py.key.push_back(inc);
    if (inc == 0) continue;
    const double f = sh.additionality.factor();
    for (std::size_t r = 0; r < R; ++r) {
      if (!sh.region_mask[r]) continue;
      for (std::size_t j = 0; j < S; ++j) {
        const std::size_t c = m.sector(r, j);
        if (!sh.buyer_mask[j] || !(m.output[c] > 0)) continue;
        move_column(m, sh, inc, f, r, c, cols, (*changes)[h]);
      }
    }
    (*changes)[h].shrink_to_fit();
  }
  py.shocks = std::move(changes);
  return py;
}

std::vector<ProcurementYear> procurement_years(const Scenario& sc, const Model& m) {
  std::vector<ProcurementYear> out;
  for (std::size_t t = 0; t < sc.years().size(); ++t) {
    std::vector<double> key;
    for (const Shock& sh : sc.shocks)
      if (sh.type == Shock::Type::local_procurement) key.push_back(sh.share_increase * sh.phase[t]);
    std::size_t same = 0;
    while (same < out.size() && out[same].key != key) ++same;
    out.push_back(same < out.size() ? out[same] : procurement_year(sc, m, t));
  }
  return out;
}

void apply_procurement(const ProcurementYear& py, Matrix& z) {
  for (const auto& changes : py.changes())
    for (const auto& c : changes) z(c.row, c.col) += c.delta;
}

double procurement_direct(const Scenario& sc, const Model& m, const ProcurementYear& py, std::size_t h, std::size_t t,
                          Matrix& y, std::size_t col, std::vector<double>& moved) {
  double total = 0;
  std::size_t col_of = std::size_t(-1);
  double output = 0;  // the year's output of the column, computed once per column: the changes come column by column
  for (const auto& c : py.changes()[h]) {
    if (c.col != col_of) col_of = c.col, output = projected_output(sc, m, t, c.col);
    const double d = c.delta / m.output[c.col] * output;
    y(c.row, col) += d;
    if (m.region_of(c.row) == m.region_of(c.col)) moved[m.region_of(c.col)] += d, total += d;
  }
  return total;
}

}  // namespace devolve::projection
