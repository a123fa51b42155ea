#include "projection/decomposition.hpp"

#include "devolve/error.hpp"

namespace devolve::projection {

Systems leontief_systems(const Model& m, Closure headline) {
  Systems s;
  s.type_i.emplace(m, Closure::type_i);
  try {
    s.type_ii.emplace(s.type_i->with_households(m));
  } catch (const ModelError& e) {
    if (headline == Closure::type_ii) throw;
    s.type_ii_note = std::string("no: ") + e.what();
  }
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
          acc.add(direct, k, t, j, c * dir, h);
          acc.add(indirect, k, t, j, c * ind, h);
          acc.add(induced, k, t, j, c * hh, h);
        }
      }
    }
}

}  // namespace devolve::projection
