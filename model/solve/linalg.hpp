#pragma once
// The one place that includes Eigen. Only solver sources include this header, so most
// translation units compile without Eigen's templates.
#include <Eigen/Core>

#include "devolve/matrix.hpp"

namespace devolve::linalg {

using MapC = Eigen::Map<const Eigen::MatrixXd>;
using MapM = Eigen::Map<Eigen::MatrixXd>;

inline MapC view(const Matrix& m) { return MapC(m.data(), Eigen::Index(m.rows()), Eigen::Index(m.cols())); }
inline MapM view(Matrix& m) { return MapM(m.data(), Eigen::Index(m.rows()), Eigen::Index(m.cols())); }

}  // namespace devolve::linalg
