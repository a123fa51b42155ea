#include "devolve/model_check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "devolve/error.hpp"
#include "devolve/factored_model.hpp"
#include "base/text.hpp"

namespace devolve {

std::string Violation::text() const {
  std::string s = check + " fails for " + where;
  if (expected != 0 || actual != 0)
    s += ": expected " + text::sig(expected, 10) + ", table has " + text::sig(actual, 10) + " (relative error " +
         text::sig(relative, 3) + ")";
  return s;
}

namespace {

std::string where_sector(const Model& m, std::size_t k) {
  const auto& r = m.regions[m.region_of(k)];
  const auto& s = m.industries[m.industry_of(k)];
  return r.name + " (" + r.code + ") / " + s.code + " " + s.name;
}

// Non-finite totals (sums of finite cells can overflow to inf) count as the largest error, so that
// inf/inf = NaN never passes a comparison with the tolerance.
double rel_err(double expected, double actual) {
  if (!std::isfinite(expected) || !std::isfinite(actual)) return std::numeric_limits<double>::infinity();
  const double scale = std::max(std::abs(expected), std::abs(actual));
  return scale == 0 ? 0.0 : std::abs(actual - expected) / scale;
}

void check_shape(std::vector<Violation>& out, const char* what, std::size_t rows, std::size_t cols, std::size_t er,
                 std::size_t ec) {
  if (rows != er || cols != ec)
    out.push_back({std::string("shape of ") + what,
                   "the whole table: " + std::to_string(rows) + "x" + std::to_string(cols) + " instead of " +
                       std::to_string(er) + "x" + std::to_string(ec),
                   0, 0, 0});
}

// One pass over Z, the only n x n matrix the checks read (column by column, as it is stored): where
// its first non-finite entry is, the first negative entry of each column, and its row and column
// sums, each summed in the order of Matrix::row_sum and Matrix::col_sum (a row from its first
// column on, a column from its first row down), so the sums have their bits whatever is fused.
struct ZScan {
  std::size_t nonfinite_row = 0, nonfinite_col = 0;
  bool nonfinite = false;
  std::vector<std::pair<std::size_t, std::size_t>> negative;  // (row, column): the first of each column
  std::vector<double> rows, columns;
};

// Columns are taken in blocks of `block`: each column's sum is still one chain from its first row
// down and each row's runs over the columns in order (the same bits), but the block's chains run
// side by side instead of one column's 4-cycle additions after another's.
ZScan scan_z(const Matrix& z) {
  constexpr std::size_t block = 8;
  const std::size_t R = z.rows(), C = z.cols();
  ZScan s{0, 0, false, {}, std::vector<double>(R, 0.0), std::vector<double>(C, 0.0)};
  for (std::size_t j0 = 0; j0 < C; j0 += block) {
    const std::size_t B = std::min(block, C - j0);
    const double* c = z.data() + j0 * R;
    double sum[block] = {};
    bool finite[block], negative[block];
    std::fill(finite, finite + block, true);
    std::fill(negative, negative + block, false);
    for (std::size_t i = 0; i < R; ++i) {
      double row = s.rows[i];
      for (std::size_t q = 0; q < B; ++q) {
        const double v = c[q * R + i];
        row += v;
        sum[q] += v;
        finite[q] &= std::isfinite(v);
        negative[q] |= v < 0;
      }
      s.rows[i] = row;
    }
    for (std::size_t q = 0; q < B; ++q) {
      const std::size_t j = j0 + q;
      const double* col = c + q * R;
      s.columns[j] = sum[q];
      if (!finite[q] && !s.nonfinite) {
        s.nonfinite = true, s.nonfinite_col = j;
        while (std::isfinite(col[s.nonfinite_row])) ++s.nonfinite_row;
      }
      if (negative[q]) {
        std::size_t i = 0;
        while (!(col[i] < 0)) ++i;
        s.negative.emplace_back(i, j);
      }
    }
  }
  return s;
}

// The totals of a dense table, Z's from its scan.
FlowTotals dense_totals(const Model& m, ZScan&& z) {
  const std::size_t n = m.num_sectors();
  FlowTotals t{std::move(z.rows), std::vector<double>(n), std::move(z.columns)};
  for (std::size_t j = 0; j < m.final_demand.cols(); ++j) {
    const double* c = m.final_demand.data() + j * n;
    for (std::size_t i = 0; i < n; ++i) t.final_demand_rows[i] += c[i];
  }
  return t;
}

// Shapes, finiteness and signs of the factored form.
void check_factored(const Model& m, std::vector<Violation>& out) {
  const std::size_t R = m.num_regions(), S = m.num_industries(), K = m.num_categories();
  const MrioStructure& a = *m.coefficients;
  if (a.regions != R || a.industries != S || a.own.size() != R * S * S || a.bought.size() != R * S * S ||
      a.trade.size() != S * R * R)
    out.push_back({"shape of the factored coefficients", "the whole table", 0, 0, 0});
  const FactoredFinalDemand* y = m.factored_final_demand.get();
  if (!y || y->categories != K || y->own.size() != R * K * S || y->bought.size() != R * K * S)
    out.push_back({"shape of the factored final demand", "the whole table", 0, 0, 0});
  if (!out.empty()) return;
  for (const auto* v : {&a.own, &a.bought, &a.trade, &y->own, &y->bought})
    for (double e : *v)
      if (!std::isfinite(e)) {
        out.push_back({"finite factored flows", "the whole table", 0, 0, 0});
        return;
      }
  for (const auto* v : {&a.own, &a.bought, &a.trade})
    for (double e : *v)
      if (e < 0) {
        out.push_back({"non-negative factored coefficients", "the whole table", 0, e, 1});
        return;
      }
}

}  // namespace

std::vector<Violation> check_model(const Model& m) {
  std::vector<Violation> out;
  const std::size_t n = m.num_sectors();
  const std::size_t fd_cols = m.num_regions() * m.num_categories();
  if (n == 0) {
    out.push_back({"size", "the whole table: no regions or no industries", 0, 0, 0});
    return out;
  }
  if (m.factored()) {
    check_factored(m, out);
  } else {
    check_shape(out, "Z", m.z.rows(), m.z.cols(), n, n);
    check_shape(out, "final demand", m.final_demand.rows(), m.final_demand.cols(), n, fd_cols);
  }
  check_shape(out, "primary inputs", m.primary.rows(), m.primary.cols(), m.primary_inputs.size(), n);
  check_shape(out, "indicators", m.indicator_totals.rows(), m.indicator_totals.cols(), m.indicators.size(), n);
  if (m.output.size() != n) check_shape(out, "output", m.output.size(), 1, n, 1);
  if (!m.population.empty() && m.population.size() != m.num_regions())
    check_shape(out, "population", m.population.size(), 1, m.num_regions(), 1);
  for (double p : m.population)
    if (!(p > 0) || !std::isfinite(p)) out.push_back({"positive population", "a region's population is " + text::num(p), 0, 0, 0});
  // The engine reads compensation and household consumption by role: each may appear once.
  for (auto role : {PrimaryRole::compensation, PrimaryRole::imports, PrimaryRole::product_taxes}) {
    int count = 0;
    for (const auto& p : m.primary_inputs) count += p.role == role;
    if (count > 1) out.push_back({"unique role", "primary inputs: role '" + to_string(role) + "' appears " + std::to_string(count) + " times", 0, 0, 0});
  }
  {
    int count = 0;
    for (const auto& c : m.final_demand_categories) count += c.role == FinalDemandRole::households;
    if (count > 1) out.push_back({"unique role", "final-demand categories: role 'households' appears " + std::to_string(count) + " times", 0, 0, 0});
  }
  if (!out.empty()) return out;

  auto finite_all = [&](const Matrix& a, const char* what) {
    for (std::size_t j = 0; j < a.cols(); ++j)
      for (std::size_t i = 0; i < a.rows(); ++i)
        if (!std::isfinite(a(i, j))) {
          out.push_back({std::string("finite ") + what, "row " + std::to_string(i + 1) + ", column " +
                                                             std::to_string(j + 1), 0, 0, 0});
          return;
        }
  };
  ZScan z = scan_z(m.z);
  if (z.nonfinite)
    out.push_back({"finite Z", "row " + std::to_string(z.nonfinite_row + 1) + ", column " + std::to_string(z.nonfinite_col + 1), 0, 0, 0});
  finite_all(m.final_demand, "final demand");
  finite_all(m.primary, "primary inputs");
  finite_all(m.indicator_totals, "indicators");
  for (std::size_t k = 0; k < n; ++k) {
    if (!std::isfinite(m.output[k])) out.push_back({"finite output", where_sector(m, k), 0, 0, 0});
    else if (m.output[k] < 0) out.push_back({"non-negative output", where_sector(m, k), 0, m.output[k], 1});
  }
  for (const auto& [i, j] : z.negative)
    out.push_back({"non-negative Z", "from " + where_sector(m, i) + " to " + where_sector(m, j), 0, m.z(i, j), 1});
  if (!out.empty()) return out;

  const double tol = m.tolerance;
  const FlowTotals t = m.factored() ? factored_totals(m) : dense_totals(m, std::move(z));
  double total_fd = 0, total_primary = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double fd = t.final_demand_rows[i];
    total_fd += fd;
    const double uses = t.z_rows[i] + fd;
    const double e = rel_err(m.output[i], uses);
    if (!(e <= tol)) out.push_back({"row identity (output = intermediate use + final demand)", where_sector(m, i),
                                m.output[i], uses, e});
  }
  for (std::size_t j = 0; j < n; ++j) {
    double p = 0;
    for (std::size_t r = 0; r < m.primary.rows(); ++r) p += m.primary(r, j);
    total_primary += p;
    const double inputs = t.z_columns[j] + p;
    const double e = rel_err(m.output[j], inputs);
    if (!(e <= tol)) out.push_back({"column identity (output = intermediate inputs + primary inputs)", where_sector(m, j),
                                m.output[j], inputs, e});
  }
  const double e = rel_err(total_fd, total_primary);
  if (!(e <= tol))
    out.push_back({"total identity (final demand = primary inputs)", "the whole table", total_fd, total_primary, e});
  return out;
}

void require_consistent(const Model& model, const std::string& source) {
  const auto v = check_model(model);
  if (v.empty()) return;
  std::string msg = source + ": error: model fails " + std::to_string(v.size()) + " check" +
                    (v.size() == 1 ? "" : "s") + " (relative tolerance " + text::sig(model.tolerance, 3) + ")";
  for (std::size_t i = 0; i < v.size() && i < 10; ++i) msg += "\n  " + v[i].text();
  if (v.size() > 10) msg += "\n  ... and " + std::to_string(v.size() - 10) + " more";
  throw ModelError(msg);
}

}  // namespace devolve
