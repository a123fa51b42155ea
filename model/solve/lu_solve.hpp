#pragma once
// The dense LU solve of a few right-hand sides, x = (P L U)^-1 b with the factors of LAPACK's dgetrf,
// by blocked substitution on the factors as they are stored (docs/methodology.md, "The dense solve").
#include <cstddef>

namespace devolve::solve {

//! x = (P L U)^-1 b in place on b (n x k, column-major, leading dimension n). `lu` holds dgetrf's
//! factors (n x n, column-major: L unit lower, U upper), `ipiv` its 1-based row interchanges.
//! Every element is one fixed sequence of operations on its own column, the forward substitution's
//! multiply-subtracts in ascending order of the factor's columns and the back substitution's in
//! descending order, whatever k, the other columns of the call and their order, and `threads` (the
//! OpenMP threads that share the columns, one for every 8 at most; 1: on the calling thread).
void lu_solve_columns(const double* lu, const int* ipiv, std::size_t n, double* b, std::size_t k, int threads);

}  // namespace devolve::solve
