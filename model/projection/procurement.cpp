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

// The base-year column c of Z, from `base` where it holds it (and into it where it is given).
std::vector<double> base_column(const Model& m, std::size_t c, Columns* base);

std::vector<double>& column(Columns& cols, const Model& m, std::size_t c, Columns* base) {
  auto it = cols.find(c);
  if (it != cols.end()) return it->second;
  return cols.emplace(c, base_column(m, c, base)).first->second;
}

std::vector<double> base_column(const Model& m, std::size_t c, Columns* base) {
  if (base) {
    auto it = base->find(c);
    if (it == base->end()) it = base->emplace(c, base_column(m, c, nullptr)).first;
    return it->second;
  }
  const std::size_t n = m.num_sectors();
  if (!m.factored()) {  // from z, or read from the model cache
    const Matrix z = m.z_columns({c});
    return std::vector<double>(z.data(), z.data() + n);
  }
  // A factored model has no Z: its column is A's, read from the factors, times the column's output.
  const Matrix a = solve::coefficient_columns(*m.coefficients, {c});
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = a(i, 0) * m.output[c];
  return v;
}

// One shock's changes to the buying column c (region r) for every supplying industry i. The rows
// of industry i are touched for i alone, so each change is applied as soon as it is known.
void move_column(const Model& m, const Shock& sh, double inc, double f, std::size_t r, std::size_t c, Columns& cols,
                 Columns* base, std::vector<FlowChange>& out) {
  const std::size_t R = m.num_regions(), S = m.num_industries();
  std::vector<double>& z = column(cols, m, c, base);
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

ProcurementYear procurement_year(const Scenario& sc, const Model& m, std::size_t t, Columns* base) {
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
    std::size_t buying = 0;  // at most R changes per buying column and supplying industry: reserved once
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t j = 0; sh.region_mask[r] && j < S; ++j) buying += sh.buyer_mask[j] ? 1 : 0;
    std::size_t supplying = 0;
    for (std::size_t i = 0; i < S; ++i) supplying += sh.industry_mask[i] ? 1 : 0;
    (*changes)[h].reserve(buying * supplying * R);
    for (std::size_t r = 0; r < R; ++r) {
      if (!sh.region_mask[r]) continue;
      for (std::size_t j = 0; j < S; ++j) {
        const std::size_t c = m.sector(r, j);
        if (!sh.buyer_mask[j] || !(m.output[c] > 0)) continue;
        move_column(m, sh, inc, f, r, c, cols, base, (*changes)[h]);
      }
    }
    if ((*changes)[h].capacity() > 2 * (*changes)[h].size()) (*changes)[h].shrink_to_fit();
  }
  py.shocks = std::move(changes);
  return py;
}

}  // namespace

ProcurementYear procurement_year(const Scenario& sc, const Model& m, std::size_t t) {
  return procurement_year(sc, m, t, nullptr);
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
    out.push_back(same < out.size() ? out[same] : procurement_year(sc, m, t, &base));
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
  std::size_t col_of = std::size_t(-1), first = 0, last = 0, region = 0;  // the column's region: rows [first, last)
  double output = 0, base = 1;  // the year's and the base year's output of the column, read once per column:
                                // the changes come column by column
  double* yc = &y(0, col);
  const std::size_t S = m.num_industries();
  for (const auto& c : py.changes()[h]) {
    if (c.col != col_of) {
      col_of = c.col, output = projected_output(sc, m, t, c.col), base = m.output[c.col];
      region = m.region_of(c.col), first = region * S, last = first + S;
    }
    const double d = c.delta / base * output;
    yc[c.row] += d;
    if (c.row >= first && c.row < last) moved[region] += d, total += d;
  }
  return total;
}

}  // namespace devolve::projection
