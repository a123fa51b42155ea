#pragma once
#include <cstddef>
#include <vector>

#include "devolve/factored_model.hpp"
#include "devolve/matrix.hpp"
#include "devolve/model.hpp"

namespace devolve {

//! Reads the factored form from a model's dense Z: M_s(i, j) = sum over u != s of A(u i, s j) and
//! T_i(u, s) = sum_j A(u i, s j) / sum_j M_s(i, j). Returns false if some entry of A differs from
//! its factored value by more than `tolerance` relative to the entry (the model is not a
//! regionalised table of this form); O(n^2).
bool factor_coefficients(const Model& model, MrioStructure& out, double tolerance = 1e-10);

//! y = A x, or y = A' x when `transposed`, for k columns; x and y are n x k, column-major, and must
//! not overlap. O(R S^2 k + R^2 S k), no n x n matrix.
void multiply(const MrioStructure& a, const double* x, double* y, std::size_t k, bool transposed);

//! True if a product with k columns is large enough (R S^2 k > 2e7) to share among threads
bool parallel_worthwhile(const MrioStructure& a, std::size_t k);

//! A as a dense n x n matrix (for tests and small models) [currency per currency]
Matrix dense_coefficients(const MrioStructure& a);

//! Column sums of A by sector, n [currency per currency]
Vector column_sums(const MrioStructure& a);

}  // namespace devolve
