#include "devolve/matrix.hpp"

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
  for (std::size_t i = 0; i < rows_; ++i)
    for (std::size_t j = 0; j < cols_; ++j) out[i * cols_ + j] = (*this)(i, j);
  return out;
}

Matrix Matrix::from_row_major(std::size_t rows, std::size_t cols, const std::vector<double>& values) {
  if (values.size() != rows * cols) throw std::invalid_argument("Matrix::from_row_major: size mismatch");
  Matrix m(rows, cols);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) m(i, j) = values[i * cols + j];
  return m;
}

}  // namespace devolve
