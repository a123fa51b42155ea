#include "devolve/matrix.hpp"

#include <algorithm>
#include <stdexcept>

namespace devolve {

double Matrix::row_sum(std::size_t i) const {
  double s = 0.0;
  for (std::size_t j = 0; j < cols_; ++j) s += (*this)(i, j);
  return s;
}

double Matrix::col_sum(std::size_t j) const {
  double s = 0.0;
  const double* c = data_.data() + j * rows_;
  for (std::size_t i = 0; i < rows_; ++i) s += c[i];
  return s;
}

std::vector<double> Matrix::row_major() const {
  std::vector<double> out(rows_ * cols_);
  constexpr std::size_t B = 64;
  for (std::size_t i0 = 0; i0 < rows_; i0 += B)
    for (std::size_t j0 = 0; j0 < cols_; j0 += B)
      for (std::size_t i = i0; i < std::min(rows_, i0 + B); ++i)
        for (std::size_t j = j0; j < std::min(cols_, j0 + B); ++j) out[i * cols_ + j] = (*this)(i, j);
  return out;
}

void Matrix::transpose_square_in_place() {
  if (rows_ != cols_) throw std::invalid_argument("Matrix::transpose_square_in_place: not square");
  const std::size_t n = rows_;
  constexpr std::size_t B = 64;
  double* a = data_.data();
  for (std::size_t i0 = 0; i0 < n; i0 += B)
    for (std::size_t j0 = i0; j0 < n; j0 += B)
      for (std::size_t i = i0; i < std::min(n, i0 + B); ++i)
        for (std::size_t j = (i0 == j0 ? i + 1 : j0); j < std::min(n, j0 + B); ++j) std::swap(a[i + j * n], a[j + i * n]);
}

Matrix Matrix::from_row_major(std::size_t rows, std::size_t cols, const std::vector<double>& values) {
  if (values.size() != rows * cols) throw std::invalid_argument("Matrix::from_row_major: size mismatch");
  Matrix m(rows, cols);
  // Blocked transpose: both the reads and the writes stay within cache-sized tiles.
  constexpr std::size_t B = 64;
  for (std::size_t i0 = 0; i0 < rows; i0 += B)
    for (std::size_t j0 = 0; j0 < cols; j0 += B)
      for (std::size_t j = j0; j < std::min(cols, j0 + B); ++j)
        for (std::size_t i = i0; i < std::min(rows, i0 + B); ++i) m(i, j) = values[i * cols + j];
  return m;
}

}  // namespace devolve
