#pragma once
// RAS (biproportional) balancing: Miller and Blair 2009, Input-Output Analysis, 2nd ed., section 7.4.
#include <cstddef>
#include <vector>

namespace devolve::regional {

//! Scales the rows and columns of a non-negative matrix t (rows x cols, stored column by column)
//! until its column sums equal col_target and its row sums equal row_target to relative error tol,
//! or max_iter rounds; each round scales columns, then rows. Unconverged, it ends on the columns.
//! Returns the largest relative row error left [1].
double ras(std::vector<double>& t, std::size_t rows, std::size_t cols, const std::vector<double>& row_target,
           const std::vector<double>& col_target, double tol, int max_iter);

}  // namespace devolve::regional
