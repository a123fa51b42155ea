#include "projection/decomposition.hpp"

namespace devolve::projection {

Decomposition decompose(const Model& m, const Matrix& y, Closure closure) {
  const std::size_t n = m.num_sectors(), R = m.num_regions(), cols = y.cols();
  Decomposition dec{y, Matrix(n, cols), Matrix(n, cols)};
  if (cols == 0) return dec;
  const Leontief t1(m, Closure::type_i);
  const Matrix x1 = t1.solve(y);
  Matrix x2;
  if (closure == Closure::type_ii) {
    const Leontief t2 = t1.with_households(m);
    Matrix y2(n + R, cols);
    for (std::size_t c = 0; c < cols; ++c)
      for (std::size_t i = 0; i < n; ++i) y2(i, c) = y(i, c);
    x2 = t2.solve(y2);
  }
  for (std::size_t c = 0; c < cols; ++c)
    for (std::size_t j = 0; j < n; ++j) {
      dec.indirect(j, c) = x1(j, c) - y(j, c);
      if (closure == Closure::type_ii) dec.induced(j, c) = x2(j, c) - x1(j, c);
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
