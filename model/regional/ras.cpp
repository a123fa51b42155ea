#include "regional/ras.hpp"

#include <algorithm>
#include <cmath>

namespace devolve::regional {

double ras(std::vector<double>& t, std::size_t rows, std::size_t cols, const std::vector<double>& row_target,
           const std::vector<double>& col_target, double tol, int max_iter) {
  std::vector<double> rs(rows);
  double err = 0;
  for (int it = 0; it < max_iter; ++it) {
    for (std::size_t p = 0; p < cols; ++p) {  // columns to their targets
      double* c = t.data() + p * rows;
      double s = 0;
      for (std::size_t r = 0; r < rows; ++r) s += c[r];
      const double f = s > 0 ? col_target[p] / s : 0.0;
      for (std::size_t r = 0; r < rows; ++r) c[r] *= f;
    }
    std::fill(rs.begin(), rs.end(), 0.0);
    for (std::size_t p = 0; p < cols; ++p)
      for (std::size_t r = 0; r < rows; ++r) rs[r] += t[p * rows + r];
    err = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      const double scale = std::max(row_target[r], 1e-300);
      err = std::max(err, std::abs(rs[r] - row_target[r]) / scale);
    }
    if (err <= tol) break;
    for (std::size_t r = 0; r < rows; ++r) rs[r] = rs[r] > 0 ? row_target[r] / rs[r] : 0.0;
    for (std::size_t p = 0; p < cols; ++p)
      for (std::size_t r = 0; r < rows; ++r) t[p * rows + r] *= rs[r];
    if (it + 1 == max_iter) {
      // Not converged to tol: end on the columns, which carry the national totals cell by cell; the
      // rows keep the small error reported (checked against the identity tolerance by the caller).
      for (std::size_t p = 0; p < cols; ++p) {
        double* c = t.data() + p * rows;
        double s = 0;
        for (std::size_t r = 0; r < rows; ++r) s += c[r];
        const double f = s > 0 ? col_target[p] / s : 0.0;
        for (std::size_t r = 0; r < rows; ++r) c[r] *= f;
      }
    }
  }
  return err;
}

}  // namespace devolve::regional
