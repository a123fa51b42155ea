#include "projection/decomposition.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "devolve/error.hpp"

namespace devolve::projection {

namespace {

// Borders the Type II system on s.type_i, or notes why there is none (a Type II headline throws).
void add_households(Systems& s, const Model& m, Closure headline) {
  try {
    s.type_ii.emplace(s.type_i->with_households(m));
  } catch (const ModelError& e) {
    if (headline == Closure::type_ii) throw;
    s.type_ii_error = e.what();
    s.type_ii_note = "no: " + s.type_ii_error;
  }
}

}  // namespace

Systems leontief_systems(const Model& m, Closure headline, Solver solver) {
  Systems s;
  s.type_i.emplace(m, Closure::type_i, solver);
  s.solver = s.type_i->solver_description();
  add_households(s, m, headline);
  return s;
}

Matrix solve_output(const Leontief& system, const Matrix& y) {
  const std::size_t n = system.sectors(), cols = y.cols();
  if (system.closure() == Closure::type_i) return system.solve(y);
  Matrix y2(system.size(), cols);
  for (std::size_t c = 0; c < cols; ++c)
    for (std::size_t i = 0; i < n; ++i) y2(i, c) = y(i, c);
  const Matrix x2 = system.solve(y2);
  Matrix x(n, cols);
  for (std::size_t c = 0; c < cols; ++c)
    for (std::size_t i = 0; i < n; ++i) x(i, c) = x2(i, c);
  return x;
}

Decomposition decompose(const Systems& sys, const Matrix& y) {
  const std::size_t n = y.rows(), cols = y.cols();
  Decomposition dec{y, Matrix(n, cols), Matrix(n, cols)};
  if (cols == 0) return dec;
  const Matrix x1 = sys.type_i->solve(y);
  Matrix x2;
  if (sys.type_ii) x2 = solve_output(*sys.type_ii, y);
  for (std::size_t c = 0; c < cols; ++c)
    for (std::size_t j = 0; j < n; ++j) {
      dec.indirect(j, c) = x1(j, c) - y(j, c);
      if (sys.type_ii) dec.induced(j, c) = x2(j, c) - x1(j, c);
    }
  return dec;
}

namespace {

// The columns of the years in `years`, in the order of cols.y.
std::vector<std::size_t> year_columns(const DemandColumns& cols, const std::vector<std::size_t>& years) {
  std::vector<std::size_t> out;
  for (std::size_t d = 0; d < cols.sources.size(); ++d)
    for (std::size_t t : years) out.push_back(cols.column(d, t));
  return out;
}

// Decomposes the columns `which` of y under `sys` into dec.
void decompose_into(const Systems& sys, const Matrix& y, const std::vector<std::size_t>& which, Decomposition& dec) {
  const std::size_t n = y.rows();
  Matrix part(n, which.size());
  for (std::size_t k = 0; k < which.size(); ++k)
    for (std::size_t j = 0; j < n; ++j) part(j, k) = y(j, which[k]);
  const Decomposition d = decompose(sys, part);
  for (std::size_t k = 0; k < which.size(); ++k)
    for (std::size_t j = 0; j < n; ++j) {
      dec.indirect(j, which[k]) = d.indirect(j, k);
      dec.induced(j, which[k]) = d.induced(j, k);
    }
}

// The buying columns the year's changes touch, in order.
std::vector<std::size_t> touched_columns(const ProcurementYear& py) {
  std::set<std::size_t> touched;
  for (const auto& changes : py.changes())
    for (const auto& c : changes) touched.insert(c.col);
  return {touched.begin(), touched.end()};
}

// The systems of the shocked table: a rank-k update of the base's dense factorisation on the
// columns the year's changes touch (Leontief::with_changed_columns), or a new factorisation where
// the base is missing or the update is ill-conditioned.
Systems shocked_systems(const Model& m, const Model& shocked, const ProcurementYear& py, const Systems& base,
                        Closure headline, Solver solver) {
  if (!base.type_i) return leontief_systems(shocked, headline, solver);
  std::optional<Leontief> up = base.type_i->with_changed_columns(m, shocked, touched_columns(py));
  if (!up) return leontief_systems(shocked, headline, solver);
  Systems s;
  s.type_i.emplace(std::move(*up));
  s.solver = base.solver;
  add_households(s, shocked, headline);
  return s;
}

// The change of A's columns a year's procurement makes, ΔZ / x on the columns it touches.
struct ColumnChange {
  std::vector<std::size_t> cols;
  Matrix d;  // n x k
};

ColumnChange column_change(const Model& m, const ProcurementYear& py) {
  ColumnChange c{touched_columns(py), {}};
  std::vector<std::size_t> at(m.num_sectors(), 0);
  for (std::size_t q = 0; q < c.cols.size(); ++q) at[c.cols[q]] = q;
  c.d = Matrix(m.num_sectors(), c.cols.size(), 0.0);
  for (const auto& changes : py.changes())
    for (const auto& f : changes) c.d(f.row, at[f.col]) += f.delta / m.output[f.col];
  return c;
}

// The factor λ with b = λ a to 1e-13 relative on the same columns (procurement years whose shares
// differ by the phasing alone, with no cap binding), or 0 if there is none.
double proportion(const ColumnChange& a, const ColumnChange& b) {
  if (a.cols != b.cols || a.d.rows() != b.d.rows()) return 0;
  const std::size_t size = a.d.rows() * a.d.cols();
  std::size_t p = 0;
  for (std::size_t i = 0; i < size; ++i)
    if (std::abs(a.d.data()[i]) > std::abs(a.d.data()[p])) p = i;
  if (size == 0 || a.d.data()[p] == 0) return 0;
  const double lambda = b.d.data()[p] / a.d.data()[p];
  double worst = 0, scale = 0;
  for (std::size_t i = 0; i < size; ++i) {
    worst = std::max(worst, std::abs(b.d.data()[i] - lambda * a.d.data()[i]));
    scale = std::max(scale, std::abs(b.d.data()[i]));
  }
  return worst <= 1e-13 * scale ? lambda : 0;
}

[[noreturn]] void too_near_singular(const Model& m) {
  throw ModelError("model '" + m.id + "': the table local procurement leaves is too close to singular for a rank-k "
                   "update of the structured solver (docs/methodology.md, \"Local procurement\")");
}

// The same on a structured base (a factored model has no Z to shock): the change of A's columns as
// a rank-k update of the base structured system (Leontief::with_changed_coefficients), or, where it
// is `like`'s change times λ, `like`'s systems scaled (no new solves). An ill-conditioned update
// has no fallback here: the changed table is too near unproductive.
Systems shocked_structured_systems(const Model& m, const ColumnChange& change, const Systems& base, Closure headline,
                                   const Systems* like, double lambda) {
  Systems s;
  s.solver = base.solver;
  if (like && lambda != 0) {
    std::optional<Leontief> up = like->type_i->with_scaled_change(m, lambda);
    if (!up) too_near_singular(m);
    s.type_i.emplace(std::move(*up));
    if (like->type_ii) {
      std::optional<Leontief> up2 = like->type_ii->with_scaled_change(m, lambda);
      if (!up2) too_near_singular(m);
      s.type_ii.emplace(std::move(*up2));
    }
    s.type_ii_note = like->type_ii_note, s.type_ii_error = like->type_ii_error;
    return s;
  }
  std::optional<Leontief> up = base.type_i->with_changed_coefficients(m, change.cols, change.d);
  if (!up) too_near_singular(m);
  s.type_i.emplace(std::move(*up));
  if (!base.type_ii || !base.type_ii->bordered()) {
    add_households(s, m, headline);  // households buy and earn per unit of output as before
    return s;
  }
  // The base's bordered Type II system, updated on the same columns (no second border set up)
  std::optional<Leontief> up2 = base.type_ii->with_changed_coefficients(m, change.cols, change.d);
  if (!up2) too_near_singular(m);
  s.type_ii.emplace(std::move(*up2));
  return s;
}

// Each shocked table's columns on a structured base: the first table with its own update, every
// later one proportional to it by scaling that update.
void decompose_structured(const Model& m, Closure headline, const Systems& sys, const DemandColumns& cols,
                          const std::vector<ProcurementYear>& procurement,
                          const std::map<std::vector<double>, std::vector<std::size_t>>& tables, Decomposition& dec) {
  std::optional<ColumnChange> first;
  Systems ref;
  for (const auto& [key, years] : tables) {
    ColumnChange change = column_change(m, procurement[years.front()]);
    const double lambda = first ? proportion(*first, change) : 0;
    Systems s = shocked_structured_systems(m, change, sys, headline, first ? &ref : nullptr, lambda);
    decompose_into(s, cols.y, year_columns(cols, years), dec);
    if (!first) first = std::move(change), ref = std::move(s);
  }
}

}  // namespace

Decomposition decompose_years(const Model& m, Closure headline, Systems& sys, const DemandColumns& cols,
                              const std::vector<ProcurementYear>& procurement, Solver solver) {
  std::map<std::vector<double>, std::vector<std::size_t>> tables;  // distinct shocked tables -> their years
  std::vector<std::size_t> base_years;
  for (std::size_t t = 0; t < cols.years; ++t)
    if (t < procurement.size() && procurement[t].any()) tables[procurement[t].key].push_back(t);
    else base_years.push_back(t);
  // The base systems serve the years without procurement and the shocked tables' updates.
  if (cols.y.cols() > 0 && !sys.type_i) {
    try {
      sys = leontief_systems(m, headline, solver);
    } catch (const ModelError&) {
      // Needed only for updates: dense shocked tables are factorised anew (a factored model has no Z to shock).
      if (!base_years.empty() || m.factored()) throw;
    }
  }
  if (tables.empty() || cols.y.cols() == 0) return decompose(sys, cols.y);
  const std::size_t n = cols.y.rows();
  Decomposition dec{cols.y, Matrix(n, cols.y.cols()), Matrix(n, cols.y.cols())};
  if (!base_years.empty()) decompose_into(sys, cols.y, year_columns(cols, base_years), dec);
  if (sys.type_i && sys.type_i->solver() == Solver::structured) {
    decompose_structured(m, headline, sys, cols, procurement, tables, dec);
    return dec;
  }
  Model shocked = m;
  shocked.cache_facts.reset();  // its numbers change: the cache's checksum and factors are not its own
  for (const auto& [key, years] : tables) {
    const ProcurementYear& py = procurement[years.front()];
    apply_procurement(py, shocked.z);
    const Systems s = shocked_systems(m, shocked, py, sys, headline, solver);
    if (!sys.type_i) sys.type_ii_note = s.type_ii_note, sys.solver = s.solver;  // the base system is not needed
    decompose_into(s, cols.y, year_columns(cols, years), dec);
    restore_procurement(py, m.z, shocked.z);
  }
  return dec;
}

void book_demand_effects(const Model& m, const DemandColumns& cols, const Decomposition& dec,
                         const YearCoefficients& coef, ImpactAccumulator& acc) {
  for (std::size_t d = 0; d < cols.sources.size(); ++d)
    for (std::size_t t = 0; t < cols.years; ++t) {
      const std::size_t col = cols.column(d, t), h = cols.sources[d];
      for (std::size_t j = 0; j < m.num_sectors(); ++j) {
        const double dir = dec.direct(j, col), ind = dec.indirect(j, col), hh = dec.induced(j, col);
        if (dir == 0 && ind == 0 && hh == 0) continue;  // with dir = 0, ind is the Type I output itself
        for (std::size_t k = 0; k < coef[t].size(); ++k) {
          const double c = coef[t][k][j];
          if (c == 0) continue;
          acc.add_demand(k, t, j, c * dir, c * ind, c * hh, h);
        }
      }
    }
}

}  // namespace devolve::projection
