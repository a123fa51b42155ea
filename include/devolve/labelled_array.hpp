#pragma once
// Arrays that know their dimensions (the xarray model): named dimensions with coordinate labels and
// row-major values, so that results travel from the projection through reports into HDF5 without
// any code outside this type doing multi-index arithmetic.
#include <cassert>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace devolve {

//! One named dimension: its name and a coordinate label per position.
struct Dimension {
  std::string name;                 //!< e.g. "region"
  std::vector<std::string> labels;  //!< coordinates, e.g. region codes; years as decimal text
  bool integer = false;             //!< coordinates are integers (years): written as integers
  std::size_t size() const { return labels.size(); }
};

//! A dimension of string labels (codes, names).
Dimension label_dimension(std::string name, std::vector<std::string> labels);
//! A dimension of integer coordinates (years, sample numbers).
Dimension integer_dimension(std::string name, const std::vector<int>& values);

//! A dense array of doubles over named dimensions, stored row-major (the last dimension varies
//! fastest: numpy and HDF5 order). Units are stated where an array is declared.
class LabelledArray {
 public:
  LabelledArray() = default;
  //! An array over dims filled with `fill`.
  explicit LabelledArray(std::vector<Dimension> dims, double fill = 0.0);
  //! An array over dims with the given row-major values; throws std::invalid_argument on a size mismatch.
  LabelledArray(std::vector<Dimension> dims, std::vector<double> values);

  const std::vector<Dimension>& dims() const { return dims_; }
  //! The dimension names in order
  std::vector<std::string> dim_names() const;
  //! The sizes in order
  std::vector<std::size_t> shape() const;
  std::size_t rank() const { return dims_.size(); }
  std::size_t size() const { return values_.size(); }
  //! Position of a named dimension; throws std::out_of_range if there is none of that name.
  std::size_t axis(const std::string& name) const;
  const Dimension& dim(const std::string& name) const { return dims_[axis(name)]; }
  //! Position of a coordinate label along a named dimension; throws std::out_of_range if absent.
  std::size_t position(const std::string& dim, const std::string& label) const;

  //! All values, row-major
  const std::vector<double>& values() const { return values_; }
  std::vector<double>& values() { return values_; }

  //! Element by positional indices, one per dimension in order.
  template <class... I>
  double& operator()(I... i) { return values_[offset(i...)]; }
  template <class... I>
  double operator()(I... i) const { return values_[offset(i...)]; }
  //! Element by named indices: {{"measure", 1}, {"year", 0}, ...}, every dimension named once.
  double& at(const std::vector<std::pair<std::string, std::size_t>>& index);
  double at(const std::vector<std::pair<std::string, std::size_t>>& index) const;

  //! Sums over the named dimensions (kept dimensions in their order). Each result element adds its
  //! terms in row-major order of this array, starting from 0.
  LabelledArray sum_over(const std::vector<std::string>& names) const;
  //! The slice at position i of a named dimension (that dimension dropped).
  LabelledArray select(const std::string& dim, std::size_t i) const;
  //! Sums over one named dimension, each element times the weight of its position along it, in
  //! row-major order; each term is fused into the running sum (std::fma: one rounding per term).
  LabelledArray weighted_sum_over(const std::string& dim, const std::vector<double>& weights) const;
  //! Each element times the weight of its position along a named dimension.
  LabelledArray scaled_along(const std::string& dim, const std::vector<double>& weights) const;
  //! Elementwise sum with an array of the same dimension names and sizes; throws std::invalid_argument otherwise.
  LabelledArray operator+(const LabelledArray& other) const;

 private:
  template <class... I>
  std::size_t offset(I... i) const {
    assert(sizeof...(I) == dims_.size());
    std::size_t o = 0, d = 0;
    ((o = o * dims_[d++].size() + std::size_t(i)), ...);
    return o;
  }
  std::vector<std::size_t> strides() const;

  std::vector<Dimension> dims_;
  std::vector<double> values_;
};

}  // namespace devolve
