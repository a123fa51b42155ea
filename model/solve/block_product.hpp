#pragma once
// The structured solver's small dense products, C = A B (or C += A B) with A a square block of
// order m (column-major, contiguous) and B, C m x k with columns ld apart: the block-Jacobi
// preconditioner's inverses and the M_s and D_s products of the factored coefficients, 361 such
// products of order 105 a GMRES step at uk-lad-2022 (docs/performance.md, r-ladgmres).
#include <cstddef>

namespace devolve::linalg {

//! C = A B, or C += A B when `add`; A is m x m, column-major; B (m x k) and C (m x k) have their
//! columns ldb and ldc apart and must not overlap. Each entry of C is the sum over l = 0 .. m - 1
//! of A(i, l) B(l, c) in that order (fused multiply-adds), so the result does not depend on k, on
//! the thread or on where B and C lie. Returns false, doing nothing, where this build has no kernel
//! for it (no AVX-512): the caller then uses Eigen's product. `next` (may be null): the block the
//! caller multiplies next, m x m, fetched into the cache meanwhile.
bool block_product(const double* a, std::size_t m, const double* b, std::size_t ldb, double* c, std::size_t ldc,
                   std::size_t k, bool add, const double* next = nullptr);

}  // namespace devolve::linalg
