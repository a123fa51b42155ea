#include "projection/decomposition.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <system_error>
#include <thread>

#include <omp.h>

#include "devolve/error.hpp"
#include "devolve/timeline.hpp"
#include "solve/changed_columns.hpp"

namespace devolve::projection {

namespace {

// Borders the Type II system on s.type_i, or notes why there is none (a Type II headline throws).
// With `base` (the Type II system of the factorisation s.type_i updates), its W is reused; with
// `hc` and `w`, W = (I - A)^-1 hc->col solved by the caller (Leontief::with_households(m, hc, w)).
void add_households(Systems& s, const Model& m, Closure headline, const Leontief* base = nullptr,
                    const HouseholdClosure* hc = nullptr, Matrix* w = nullptr) {
  try {
    s.type_ii.emplace(hc   ? s.type_i->with_households(m, *hc, std::move(*w))
                      : base ? s.type_i->with_households(m, *base)
                             : s.type_i->with_households(m));
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
  timeline::mark("base systems: Type I");
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

namespace {

// The decomposition of y from its Type I output x1 and Type II output x2 (empty without Type II).
Decomposition split_output(const Matrix& y, const Matrix& x1, const Matrix& x2) {
  const std::size_t n = y.rows(), cols = y.cols();
  Decomposition dec{y, Matrix(n, cols), Matrix(n, cols)};
  const bool type_ii = x2.cols() == cols && cols > 0;
  for (std::size_t c = 0; c < cols; ++c)
    for (std::size_t j = 0; j < n; ++j) {
      dec.indirect(j, c) = x1(j, c) - y(j, c);
      if (type_ii) dec.induced(j, c) = x2(j, c) - x1(j, c);
    }
  return dec;
}

}  // namespace

bool run_beside(const std::function<void()>& first, const std::function<void()>& second, bool split) {
  const int parent = omp_get_max_threads();
  if (parent <= 1 || omp_in_parallel()) return false;
  const int theirs = split ? std::max(1, parent / 2) : parent, ours = split ? std::max(1, parent - theirs) : parent;
  std::thread beside;
  try {
    beside = std::thread([&second, theirs] {
      omp_set_num_threads(theirs);
      second();
    });
  } catch (const std::system_error&) {  // no thread to be had (e.g. a process limit)
    return false;
  }
  omp_set_num_threads(ours);
  first();
  beside.join();
  omp_set_num_threads(parent);
  return true;
}

namespace {

// decompose(leontief_systems(m, headline, solver), y) for a factored model (the structured solver)
// with the two closures on two threads: the
// Type II system is bordered and solved while the Type I system solves, the same operations on each
// (so the same numbers), and the first error the serial order meets is the one thrown (Type II's
// system before Type I's solve before Type II's solve).
// Where the caller may use one thread only (a sweep's or batch's worker with --threads 1,
// OMP_NUM_THREADS=1, or inside a parallel region), or no thread can be started, the same steps run
// one after the other.
// Without `households` (a sweep's Type I run, headline_only), no Type II system is bordered or solved.
Decomposition decompose_structured_base(const Model& m, Closure headline, Systems& sys, const Matrix& y,
                                        Solver solver, bool households = true) {
  sys.type_i.emplace(m, Closure::type_i, solver);
  sys.solver = sys.type_i->solver_description();
  if (!households) return split_output(y, sys.type_i->solve(y), Matrix());
  std::exception_ptr bordered_error, type_i_error, solve_error;
  Matrix x1, x2;
  const bool beside = run_beside(
      [&] {
        try {
          x1 = sys.type_i->solve(y);
        } catch (...) {
          type_i_error = std::current_exception();
        }
      },
      [&] {
        try {
          add_households(sys, m, headline);
        } catch (...) {
          bordered_error = std::current_exception();
          return;
        }
        try {
          if (sys.type_ii) x2 = solve_output(*sys.type_ii, y);
        } catch (...) {
          solve_error = std::current_exception();
        }
      },
      false);
  if (!beside) {
    add_households(sys, m, headline);
    x1 = sys.type_i->solve(y);
    if (sys.type_ii) x2 = solve_output(*sys.type_ii, y);
  }
  for (const std::exception_ptr& e : {bordered_error, type_i_error, solve_error})
    if (e) std::rethrow_exception(e);
  return split_output(y, x1, x2);
}

}  // namespace

Decomposition decompose(const Systems& sys, const Matrix& y) {
  if (y.cols() == 0) return {y, Matrix(y.rows(), 0), Matrix(y.rows(), 0)};
  const Matrix x1 = sys.type_i->solve(y);
  Matrix x2;  // the Type II system borders the Type I one: its solve starts from x1 (the same bits)
  if (sys.type_ii) x2 = sys.type_ii->solve_from_type_i(y, x1);
  return split_output(y, x1, x2);
}

namespace {

// The columns of the years in `years`, in the order of cols.y.
std::vector<std::size_t> year_columns(const DemandColumns& cols, const std::vector<std::size_t>& years) {
  std::vector<std::size_t> out;
  for (std::size_t d = 0; d < cols.sources.size(); ++d)
    for (std::size_t t : years) out.push_back(cols.column(d, t));
  return out;
}

// The columns `which` of y.
Matrix columns(const Matrix& y, const std::vector<std::size_t>& which) {
  const std::size_t n = y.rows();
  Matrix part(n, which.size());
  for (std::size_t k = 0; k < which.size(); ++k)
    std::copy(y.data() + which[k] * n, y.data() + (which[k] + 1) * n, part.data() + k * n);
  return part;
}

// Scatters d, the decomposition of the columns `which`, into dec.
void scatter(const Decomposition& d, const std::vector<std::size_t>& which, Decomposition& dec) {
  const std::size_t n = d.direct.rows();
  for (std::size_t k = 0; k < which.size(); ++k)
    for (std::size_t j = 0; j < n; ++j) {
      dec.indirect(j, which[k]) = d.indirect(j, k);
      dec.induced(j, which[k]) = d.induced(j, k);
    }
}

// Decomposes the columns `which` of y under `sys` into dec.
void decompose_into(const Systems& sys, const Matrix& y, const std::vector<std::size_t>& which, Decomposition& dec) {
  scatter(decompose(sys, columns(y, which)), which, dec);
}

// The same on a dense system given u, those columns solved with the base factors it shares
// (Leontief::solve_from_base): decompose's steps after its Type I solve's own first step.
void decompose_from_base(const Systems& sys, const Matrix& y, const std::vector<std::size_t>& which, Matrix u,
                         Decomposition& dec) {
  if (which.empty()) return;
  const Matrix part = columns(y, which);
  const Matrix x1 = sys.type_i->solve_from_base(std::move(u));
  Matrix x2;
  if (sys.type_ii) x2 = sys.type_ii->solve_from_type_i(part, x1);
  // scatter(split_output(part, x1, x2), which, dec) without the decomposition between: the same values
  const std::size_t n = part.rows();
  const bool type_ii = x2.cols() == part.cols();
  for (std::size_t k = 0; k < which.size(); ++k)
    for (std::size_t j = 0; j < n; ++j) {
      dec.indirect(j, which[k]) = x1(j, k) - part(j, k);
      dec.induced(j, which[k]) = type_ii ? x2(j, k) - x1(j, k) : 0.0;
    }
}

// The buying columns the year's changes touch, in order.
std::vector<std::size_t> touched_columns(const ProcurementYear& py, std::size_t n) {
  std::vector<bool> touched(n, false);
  for (const auto& moves : py.moves()) {
    std::size_t last = n;  // the moves come column by column: each run marked once
    for (const auto& mv : moves)
      if (mv.col != last) touched.at(mv.col) = true, last = mv.col;
  }
  std::vector<std::size_t> out;
  for (std::size_t j = 0; j < n; ++j)
    if (touched[j]) out.push_back(j);
  return out;
}

// The shocked table as a model of its own (copying Z, or reading it whole where the cache left it
// unread), for a new factorisation.
Systems factorised_shocked(const Model& m, const ProcurementYear& py, Closure headline, Solver solver) {
  Model shocked = m;  // a copy does not carry cache_facts: its numbers change
  if (shocked.z.rows() != m.num_sectors()) {
    std::vector<std::size_t> all(m.num_sectors());
    for (std::size_t j = 0; j < all.size(); ++j) all[j] = j;
    shocked.z = m.z_columns(all);
  }
  apply_procurement(m, py, shocked.z);
  return leontief_systems(shocked, headline, solver);
}

// The columns `cols` of the shocked table's Z, those its changes touch (apply_procurement on these
// columns, in the same order).
Matrix shocked_columns(const Model& m, const ProcurementYear& py, const std::vector<std::size_t>& cols) {
  std::vector<std::size_t> at(m.num_sectors(), 0);
  Matrix z = m.z_columns(cols);  // from z, or read from the model cache
  for (std::size_t q = 0; q < cols.size(); ++q) at[cols[q]] = q;
  for (const auto& moves : py.moves())
    for (const auto& mv : moves) for_each_change(m, mv, [&](std::size_t row, double delta) { z(row, at[mv.col]) += delta; });
  return z;
}

// The systems of a shocked table from its Type I update, a rank-k update of the base's dense
// factorisation on the columns the year's changes touch. The household closure does not read Z, so
// the base model's is the shocked table's, and the base's W is updated rather than solved again
// (Leontief::with_households). Without `households` (the headline closure alone, Type I), Type I only.
Systems updated_systems(const Model& m, Leontief&& up, const Systems& base, Closure headline, bool households = true) {
  Systems s;
  s.type_i.emplace(std::move(up));
  s.solver = base.solver;
  if (households) add_households(s, m, headline, base.type_ii ? &*base.type_ii : nullptr);
  return s;
}

// The base years' columns and every shocked table's on a dense base system, all solved with the base
// factors in one call: each table's rank-k update (its k columns) and every demand column
// (Leontief::with_changed_columns for several tables), each table's columns then corrected by its
// update (Leontief::solve_from_base). The triangular solves read the n x n factors once for the run
// instead of twice a table. A table whose update is ill-conditioned is factorised anew.
// With `headline_only` (decompose_years), the headline closure alone: under Type I no Type II
// system at all; under Type II, where the base has no Type II system yet, its W = (I - A)^-1 Hc is
// solved in the same call (the household closure's R columns after the others) and bordered then.
void decompose_dense(const Model& m, Closure headline, Systems& sys, const DemandColumns& cols,
                     const std::vector<ProcurementYear>& procurement,
                     const std::map<std::vector<double>, std::vector<std::size_t>>& tables,
                     const std::vector<std::size_t>& base_years, Solver solver, Decomposition& dec,
                     bool headline_only = false) {
  const std::size_t n = cols.y.rows();
  std::vector<Matrix> changed;
  std::vector<std::vector<std::size_t>> touched, which{year_columns(cols, base_years)};  // which[0]: the base years
  std::vector<const ProcurementYear*> table;  // each table's changes
  for (const auto& [key, years] : tables) {
    table.push_back(&procurement[years.front()]);
    touched.push_back(touched_columns(*table.back(), n));
    changed.push_back(shocked_columns(m, *table.back(), touched.back()));
    which.push_back(year_columns(cols, years));
  }
  std::vector<std::size_t> all;
  for (const auto& w : which) all.insert(all.end(), w.begin(), w.end());
  const bool households = !headline_only || headline == Closure::type_ii;
  std::optional<HouseholdClosure> hc;  // Type II's W solved in this call
  if (headline_only && households && !sys.type_ii) hc = household_closure(m);
  const std::size_t R = hc ? hc->col.cols() : 0;
  Matrix u(n, all.size() + R);
  for (std::size_t k = 0; k < all.size(); ++k)
    std::copy(cols.y.data() + all[k] * n, cols.y.data() + (all[k] + 1) * n, u.data() + k * n);
  if (hc) std::copy(hc->col.data(), hc->col.data() + n * R, u.data() + all.size() * n);
  std::vector<std::optional<Leontief>> up = sys.type_i->with_changed_columns(m, changed, touched, u);
  if (hc) {
    Matrix w(n, R);
    std::copy(u.data() + all.size() * n, u.data() + (all.size() + R) * n, w.data());
    add_households(sys, m, headline, nullptr, &*hc, &w);
  }
  std::size_t at = 0;
  for (std::size_t g = 0; g < which.size(); at += which[g].size(), ++g) {
    Matrix ug(n, which[g].size());
    std::copy(u.data() + at * n, u.data() + (at + which[g].size()) * n, ug.data());
    if (g == 0) decompose_from_base(sys, cols.y, which[g], std::move(ug), dec);
    else if (up[g - 1])
      decompose_from_base(updated_systems(m, std::move(*up[g - 1]), sys, headline, households), cols.y, which[g],
                          std::move(ug), dec);
    else decompose_into(factorised_shocked(m, *table[g - 1], headline, solver), cols.y, which[g], dec);
  }
}

// The change of A's columns a table's procurement makes, ΔZ / x on the columns `cols` it touches,
// given column by column (solve::DirectChanges::FillColumn): each column's additions in the order of
// the moves, shock by shock, so the same sums as a dense n x k change built from every move.
solve::DirectChanges::FillColumn column_fill(const Model& m, const ProcurementYear& py, const std::vector<std::size_t>& cols) {
  const auto& moves = py.moves();
  const std::size_t H = moves.size();
  std::vector<std::size_t> at(m.num_sectors(), cols.size());
  for (std::size_t q = 0; q < cols.size(); ++q) at[cols[q]] = q;
  using Run = std::pair<std::size_t, std::size_t>;  // [begin, end) of a shock's moves of one column
  auto runs = std::make_shared<std::vector<Run>>(cols.size() * H, Run{0, 0});  // [q * H + h]
  for (std::size_t h = 0; h < H; ++h)
    for (std::size_t b = 0, e = 0; b < moves[h].size(); b = e) {
      while (e < moves[h].size() && moves[h][e].col == moves[h][b].col) ++e;
      (*runs)[at[moves[h][b].col] * H + h] = {b, e};
    }
  return [&m, py, runs, H](std::size_t q, double* col) {
    for (std::size_t h = 0; h < H; ++h)
      for (std::size_t e = (*runs)[q * H + h].first; e < (*runs)[q * H + h].second; ++e) {
        const ProcurementMove& mv = py.moves()[h][e];
        const double x = m.output[mv.col];
        for_each_change(m, mv, [col, x](std::size_t row, double delta) { col[row] += delta / x; });
      }
  };
}

// The shocked tables' changes of A, in the order of `tables`, stored by blocks where they can be (one
// product a step for every table, else one per distinct D). No table's n x k change is held: the
// blocks are made column by column.
solve::DirectChanges shocked_changes(const Model& m, const std::vector<ProcurementYear>& procurement,
                                     const std::map<std::vector<double>, std::vector<std::size_t>>& tables) {
  const std::size_t n = m.num_sectors();
  solve::DirectChanges changes;
  for (const auto& [key, years] : tables) {
    const ProcurementYear& py = procurement[years.front()];
    std::vector<std::size_t> touched = touched_columns(py, n);
    solve::DirectChanges::FillColumn fill = column_fill(m, py, touched);
    changes.add(std::move(touched), n, std::move(fill));
  }
  changes.factor_by_blocks(m.num_industries());
  return changes;
}

[[noreturn]] void too_near_singular(const Model& m) {
  throw ModelError("model '" + m.id + "': the table local procurement leaves is singular or too close to it for the "
                   "structured solver (docs/methodology.md, \"Local procurement\")");
}

// Columns y of one closure's system solved on the shocked tables, in place, column c on the table
// changes.change(set[c]): the changes of A's columns applied inside the GMRES steps of the base
// structured system, all tables' columns in one run (Leontief::solve_with_changes). Type II borders
// the base system (section 5) and takes the same changes; y is padded with zero household rows and
// cut back.
void solve_shocked(const Model& m, const Leontief& base, const solve::DirectChanges& changes,
                   const std::vector<std::size_t>& set, Matrix& y, const ChangeFacts* facts) {
  const std::size_t n = y.rows(), N = base.size(), k = y.cols();
  Matrix b = y;
  if (N > n) {
    b = Matrix(N, k, 0.0);
    for (std::size_t c = 0; c < k; ++c) std::copy(y.data() + c * n, y.data() + (c + 1) * n, b.data() + c * N);
  }
  if (!base.solve_with_changes(m, changes, set, b, nullptr, facts)) too_near_singular(m);
  for (std::size_t c = 0; c < k; ++c) std::copy(b.data() + c * N, b.data() + c * N + n, y.data() + c * n);
}

// The shocked tables' columns on a structured base (a factored model has no Z to shock), Type I and
// Type II, without an n x n matrix or solves up front: one GMRES run per closure for every table's
// columns, each table's change of A the one of `changes` (shocked_changes) in the order of `tables`.
// There is no fallback here: a table the changed solver cannot solve is too near unproductive.
void decompose_structured(const Model& m, Closure headline, const Systems& sys, const DemandColumns& cols,
                          const solve::DirectChanges& changes,
                          const std::map<std::vector<double>, std::vector<std::size_t>>& tables, Decomposition& dec) {
  const std::size_t n = cols.y.rows();
  if (!sys.type_ii && headline == Closure::type_ii) throw ModelError(sys.type_ii_error);
  std::vector<std::size_t> which, set;  // the columns of cols.y, and each one's table (shocked_changes's order)
  std::size_t g = 0;
  for (const auto& [key, years] : tables) {
    for (std::size_t c : year_columns(cols, years)) which.push_back(c), set.push_back(g);
    ++g;
  }
  Matrix x1(n, which.size()), x2;
  for (std::size_t q = 0; q < which.size(); ++q)
    std::copy(cols.y.data() + which[q] * n, cols.y.data() + (which[q] + 1) * n, x1.data() + q * n);
  const Matrix y = x1;
  // What both closures' productivity checks read of the changes, read once for both on the caller's
  // threads (null where it cannot be shared: each closure then reads them itself, as does one whose
  // reading failed here, so that its error comes in its place).
  std::shared_ptr<const ChangeFacts> facts;
  try {
    std::vector<const Leontief*> systems{&*sys.type_i};
    if (sys.type_ii) systems.push_back(&*sys.type_ii);
    facts = Leontief::change_facts(changes, systems);
  } catch (const Error&) {
  }
  timeline::mark("closures start");
  // The two closures on two threads (run_beside), Type II's with half the caller's OpenMP threads
  // and Type I's with the rest (on 2 cores one each, so that no idle worker spins beside the other
  // closure's thread); Type I's error is the one thrown where both fail. Where they run in turn,
  // Type II is not started after Type I failed.
  std::exception_ptr type_i_error, type_ii_error;
  const auto first = [&] {
    try {
      solve_shocked(m, *sys.type_i, changes, set, x1, facts.get());
      timeline::mark("Type I: shocked solve");
    } catch (...) {
      type_i_error = std::current_exception();
    }
  };
  const auto second = [&] {
    try {
      solve_shocked(m, *sys.type_ii, changes, set, x2 = y, facts.get());
      timeline::mark("Type II: shocked solve");
    } catch (...) {
      type_ii_error = std::current_exception();
    }
  };
  if (!sys.type_ii || !run_beside(first, second, true)) {
    first();
    if (sys.type_ii && !type_i_error) second();
  }
  for (const std::exception_ptr& e : {type_i_error, type_ii_error})
    if (e) std::rethrow_exception(e);
  for (std::size_t q = 0; q < which.size(); ++q)
    for (std::size_t j = 0; j < n; ++j) {
      dec.indirect(j, which[q]) = x1(j, q) - y(j, q);
      if (sys.type_ii) dec.induced(j, which[q]) = x2(j, q) - x1(j, q);
    }
}

}  // namespace

namespace {

// The distinct shocked tables of the years (their keys -> their years), and the years without procurement.
std::map<std::vector<double>, std::vector<std::size_t>> shocked_tables(const std::vector<ProcurementYear>& procurement,
                                                                       std::size_t years,
                                                                       std::vector<std::size_t>* base_years) {
  std::map<std::vector<double>, std::vector<std::size_t>> tables;
  for (std::size_t t = 0; t < years; ++t)
    if (t < procurement.size() && procurement[t].any()) tables[procurement[t].key].push_back(t);
    else if (base_years) base_years->push_back(t);
  return tables;
}

// The base systems decompose_years needs: with `headline_only`, Type I, and Type II only where it is
// the headline on a structured base (a dense Type II system is bordered after decompose_dense's one
// solve).
void base_systems(const Model& m, Closure headline, Systems& sys, Solver solver, bool headline_only) {
  if (!headline_only) {
    sys = leontief_systems(m, headline, solver);
    timeline::mark("base systems: Type I and II");
    return;
  }
  sys.type_i.emplace(m, Closure::type_i, solver);
  timeline::mark("base systems: Type I");
  sys.solver = sys.type_i->solver_description();
  if (headline == Closure::type_ii && sys.type_i->solver() != Solver::dense) add_households(sys, m, headline);
}

// decompose_years, with the shocked tables' changes where they are made already.
Decomposition decompose_years(const Model& m, Closure headline, Systems& sys, const DemandColumns& cols,
                              const std::vector<ProcurementYear>& procurement, Solver solver, bool headline_only,
                              std::optional<solve::DirectChanges>& changes) {
  std::vector<std::size_t> base_years;
  const std::map<std::vector<double>, std::vector<std::size_t>> tables = shocked_tables(procurement, cols.years, &base_years);
  // The base systems serve the years without procurement and the shocked tables' updates.
  if (tables.empty() && cols.y.cols() > 0 && !sys.type_i && m.factored() && solver != Solver::dense)
    return decompose_structured_base(m, headline, sys, cols.y, solver, !headline_only || headline == Closure::type_ii);
  if (cols.y.cols() > 0 && !sys.type_i) {
    try {
      base_systems(m, headline, sys, solver, headline_only);
    } catch (const ModelError&) {
      // Needed only for updates: dense shocked tables are factorised anew (a factored model has no Z to shock).
      if (!base_years.empty() || m.factored()) throw;
      sys = Systems{};  // headline_only may have built Type I before the households failed: none is kept
    }
  }
  const bool dense = sys.type_i && sys.type_i->solver() == Solver::dense;
  if ((tables.empty() && !(headline_only && dense)) || cols.y.cols() == 0) return decompose(sys, cols.y);
  const std::size_t n = cols.y.rows();
  Decomposition dec{cols.y, Matrix(n, cols.y.cols()), Matrix(n, cols.y.cols())};
  if (dense) {
    decompose_dense(m, headline, sys, cols, procurement, tables, base_years, solver, dec, headline_only);
    return dec;
  }
  if (!base_years.empty()) decompose_into(sys, cols.y, year_columns(cols, base_years), dec);
  if (sys.type_i && sys.type_i->solver() == Solver::structured) {
    if (!changes) changes.emplace(shocked_changes(m, procurement, tables));
    decompose_structured(m, headline, sys, cols, *changes, tables, dec);
    return dec;
  }
  for (const auto& [key, years] : tables) {  // no base system (not productive): each table factorised anew
    const Systems s = factorised_shocked(m, procurement[years.front()], headline, solver);
    sys.type_ii_note = s.type_ii_note, sys.solver = s.solver;
    decompose_into(s, cols.y, year_columns(cols, years), dec);
  }
  return dec;
}

}  // namespace

Decomposition decompose_years(const Model& m, Closure headline, Systems& sys, const DemandColumns& cols,
                              const std::vector<ProcurementYear>& procurement, Solver solver, bool headline_only) {
  std::optional<solve::DirectChanges> changes;
  return decompose_years(m, headline, sys, cols, procurement, solver, headline_only, changes);
}

Decomposition decompose_years(const Model& m, Closure headline, Systems& sys, DemandColumns& cols,
                              const std::function<DemandColumns()>& demand,
                              const std::vector<ProcurementYear>& procurement, Solver solver, bool headline_only) {
  std::optional<solve::DirectChanges> changes;  // the shocked tables' on a factored model (the structured solver)
  const auto tables = shocked_tables(procurement, procurement.size(), nullptr);
  if (tables.empty() || sys.type_i || !m.factored() || solver == Solver::dense) {
    cols = demand();
    return decompose_years(m, headline, sys, cols, procurement, solver, headline_only, changes);
  }
  // The base systems built while the demand columns are made and the shocked tables' changes stored
  // by blocks beside them: the same steps as one after the other (the systems' with the caller's
  // threads), and the first error in that order (the demand's, the systems', the changes') thrown.
  std::exception_ptr demand_error, systems_error, changes_error;
  const auto systems = [&] {
    try {
      base_systems(m, headline, sys, solver, headline_only);
    } catch (...) {
      systems_error = std::current_exception();
    }
  };
  const auto beside = [&] {
    try {
      cols = demand();
      timeline::mark("beside: demand columns");
    } catch (...) {
      demand_error = std::current_exception();
      return;
    }
    try {
      changes.emplace(shocked_changes(m, procurement, tables));
      timeline::mark("beside: changes by blocks");
    } catch (...) {
      changes_error = std::current_exception();
    }
  };
  if (!run_beside(systems, beside, false)) {
    beside();
    if (!demand_error) systems();
  }
  for (const std::exception_ptr& e : {demand_error, systems_error, changes_error})
    if (e) std::rethrow_exception(e);
  return decompose_years(m, headline, sys, cols, procurement, solver, headline_only, changes);
}

void book_demand_effects(const Model& m, const DemandColumns& cols, const Decomposition& dec,
                         const YearCoefficients& coef, ImpactAccumulator& acc) {
  // A year's sums are its own (ImpactAccumulator::add_demand_columns touches year t's elements
  // alone), so the years are booked on the threads there are, each in the order of one thread:
  // every sum adds the same terms in the same order, whatever the thread count. A (source, year)'s
  // measures are booked side by side, its output read once for all of them.
  const std::size_t K = coef.empty() ? 0 : coef.front().size(), n = m.num_sectors();
  const bool threads = double(K) * double(n) * double(cols.y.cols()) > 1e6;
#pragma omp parallel for schedule(dynamic) if (threads)
  for (std::size_t t = 0; t < cols.years; ++t) {
    std::vector<ImpactAccumulator::DemandColumn> columns;
    for (std::size_t d = 0; d < cols.sources.size(); ++d) {
      const std::size_t col = cols.column(d, t);
      columns.clear();
      for (std::size_t k = 0; k < K && k < coef[t].size() && n > 0; ++k)
        columns.push_back({k, t, coef[t][k].data(), dec.direct.data() + col * n, dec.indirect.data() + col * n,
                           dec.induced.data() + col * n});
      acc.add_demand_columns(cols.sources[d], columns);
    }
  }
}

}  // namespace devolve::projection
