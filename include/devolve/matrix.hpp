#pragma once
#include <cstddef>
#include <vector>

namespace devolve {

//! A vector of doubles; the unit is stated where it is declared.
using Vector = std::vector<double>;

//! Dense matrix of doubles stored column-major (Eigen's order), so the solver maps it without copying.
//! Plain storage: the linear algebra lives in the solver, behind model/linalg.hpp.
class Matrix {
 public:
  Matrix() = default;
  Matrix(std::size_t rows, std::size_t cols, double fill = 0.0)
      : rows_(rows), cols_(cols), data_(rows * cols, fill) {}

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  bool empty() const { return data_.empty(); }
  double& operator()(std::size_t i, std::size_t j) { return data_[i + j * rows_]; }
  double operator()(std::size_t i, std::size_t j) const { return data_[i + j * rows_]; }
  double* data() { return data_.data(); }
  const double* data() const { return data_.data(); }

  //! Sum of row i
  double row_sum(std::size_t i) const;
  //! Sum of column j
  double col_sum(std::size_t j) const;
  //! The values in row-major order (HDF5 and numpy order)
  std::vector<double> row_major() const;
  //! Transposes a square matrix in place (used to turn row-major file data into column order)
  void transpose_square_in_place();
  //! Builds a matrix from row-major values
  static Matrix from_row_major(std::size_t rows, std::size_t cols, const std::vector<double>& values);

 private:
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::vector<double> data_;
};

}  // namespace devolve
