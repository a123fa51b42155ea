#pragma once
// The one place that includes Eigen. Only solver sources include this header, so most
// translation units compile without Eigen's templates.
#include <Eigen/Core>
#include <algorithm>

#include "devolve/matrix.hpp"

namespace devolve::linalg {

using MapC = Eigen::Map<const Eigen::MatrixXd>;
using MapM = Eigen::Map<Eigen::MatrixXd>;

inline MapC view(const Matrix& m) { return MapC(m.data(), Eigen::Index(m.rows()), Eigen::Index(m.cols())); }
inline MapM view(Matrix& m) { return MapM(m.data(), Eigen::Index(m.rows()), Eigen::Index(m.cols())); }

//! Columns up to which product() multiplies column by column: a matrix-matrix product first copies
//! (packs) the whole left matrix, which costs more than the few products it then serves.
constexpr Eigen::Index few_columns = 4;

//! dst = m src, or m' src when `transposed`; dst += ... when `add`. Column by column (matrix-vector
//! products, which read m once per column) for up to few_columns columns.
template <class M, class Src, class Dst>
void product(const M& m, const Src& src, Dst&& dst, bool transposed, bool add = false) {
  if (src.cols() > few_columns) {
    if (transposed && add) dst.noalias() += m.transpose() * src;
    else if (transposed) dst.noalias() = m.transpose() * src;
    else if (add) dst.noalias() += m * src;
    else dst.noalias() = m * src;
    return;
  }
  for (Eigen::Index c = 0; c < src.cols(); ++c) {
    if (transposed && add) dst.col(c).noalias() += m.transpose() * src.col(c);
    else if (transposed) dst.col(c).noalias() = m.transpose() * src.col(c);
    else if (add) dst.col(c).noalias() += m * src.col(c);
    else dst.col(c).noalias() = m * src.col(c);
  }
}

//! dst = m src, or m' src when `transposed`, with the depth (src's rows) cut where Eigen's threaded
//! matrix product cuts it (its blocking for more than one thread, e.g. at 320 of 361 rows on this
//! machine), the pieces' products added in turn. Eigen's single-threaded product cuts it elsewhere
//! (or not at all), which changes the last bits of the sums; cut this way the result is the same,
//! bit for bit, whether the product runs on threads or on one (inside a parallel region).
template <class M, class Src, class Dst>
void product_cut_as_threaded(const M& m, const Src& src, Dst&& dst, bool transposed) {
  using Eigen::Index;
  const Index depth = src.rows();
  Index kc = depth, mc = dst.rows(), nc = dst.cols();
  Eigen::internal::computeProductBlockingSizes<double, double, 1>(kc, mc, nc, Index(2));
  if (kc <= 0 || kc >= depth) {
    if (transposed) dst.noalias() = m.transpose() * src;
    else dst.noalias() = m * src;
    return;
  }
  dst.setZero();
  for (Index d = 0; d < depth; d += kc) {
    const Index l = std::min(kc, depth - d);
    if (transposed) dst.noalias() += m.middleRows(d, l).transpose() * src.middleRows(d, l);
    else dst.noalias() += m.middleCols(d, l) * src.middleRows(d, l);
  }
}

}  // namespace devolve::linalg
