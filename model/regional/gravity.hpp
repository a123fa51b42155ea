#pragma once
// Interregional trade by a gravity rule (docs/methodology.md, "Regionalisation"): supply of
// industry i from region u to buyers in region s in proportion to x_ui d_us^-beta.
#include <cstddef>
#include <vector>

#include "devolve/matrix.hpp"

namespace devolve::regional {

//! d_ab^-beta for a != b, 0 on the diagonal (R x R); distance in km
Matrix gravity_kernel(const Matrix& distance, double beta);

//! For industry i, the share of each supplier region u in the imports from other regions of buyers
//! in region s, at [s * R + u]: x_ui k(u, s) / sum over u of the same (0 where the sum is 0).
std::vector<double> gravity_shares(const Matrix& x, std::size_t i, const Matrix& kernel);

}  // namespace devolve::regional
