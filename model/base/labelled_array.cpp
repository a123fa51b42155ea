#include "devolve/labelled_array.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace devolve {

Dimension label_dimension(std::string name, std::vector<std::string> labels) {
  return Dimension{std::move(name), std::move(labels), false};
}

Dimension integer_dimension(std::string name, const std::vector<int>& values) {
  Dimension d{std::move(name), {}, true};
  for (int v : values) d.labels.push_back(std::to_string(v));
  return d;
}

namespace {

std::size_t product(const std::vector<Dimension>& dims) {
  std::size_t n = 1;
  for (const auto& d : dims) n *= d.size();
  return n;
}

}  // namespace

LabelledArray::LabelledArray(std::vector<Dimension> dims, double fill)
    : dims_(std::move(dims)), values_(product(dims_), fill) {}

LabelledArray::LabelledArray(std::vector<Dimension> dims, std::vector<double> values)
    : dims_(std::move(dims)), values_(std::move(values)) {
  if (values_.size() != product(dims_))
    throw std::invalid_argument("LabelledArray: " + std::to_string(values_.size()) + " values for a shape of " +
                                std::to_string(product(dims_)));
}

std::vector<std::string> LabelledArray::dim_names() const {
  std::vector<std::string> out;
  for (const auto& d : dims_) out.push_back(d.name);
  return out;
}

std::vector<std::size_t> LabelledArray::shape() const {
  std::vector<std::size_t> out;
  for (const auto& d : dims_) out.push_back(d.size());
  return out;
}

std::size_t LabelledArray::axis(const std::string& name) const {
  for (std::size_t a = 0; a < dims_.size(); ++a)
    if (dims_[a].name == name) return a;
  throw std::out_of_range("LabelledArray: no dimension '" + name + "'");
}

std::size_t LabelledArray::position(const std::string& dim, const std::string& label) const {
  const auto& l = dims_[axis(dim)].labels;
  const auto it = std::find(l.begin(), l.end(), label);
  if (it == l.end()) throw std::out_of_range("LabelledArray: no '" + label + "' along '" + dim + "'");
  return std::size_t(it - l.begin());
}

std::vector<std::size_t> LabelledArray::strides() const {
  std::vector<std::size_t> s(dims_.size(), 1);
  for (std::size_t a = dims_.size(); a-- > 1;) s[a - 1] = s[a] * dims_[a].size();
  return s;
}

double& LabelledArray::at(const std::vector<std::pair<std::string, std::size_t>>& index) {
  if (index.size() != dims_.size())
    throw std::out_of_range("LabelledArray: " + std::to_string(index.size()) + " indices for " +
                            std::to_string(dims_.size()) + " dimensions");
  const auto st = strides();
  std::size_t o = 0;
  for (const auto& [name, i] : index) {
    const std::size_t a = axis(name);
    if (i >= dims_[a].size()) throw std::out_of_range("LabelledArray: index out of range along '" + name + "'");
    o += i * st[a];
  }
  return values_[o];
}

double LabelledArray::at(const std::vector<std::pair<std::string, std::size_t>>& index) const {
  return const_cast<LabelledArray*>(this)->at(index);
}

LabelledArray LabelledArray::sum_over(const std::vector<std::string>& names) const {
  std::vector<bool> drop(dims_.size(), false);
  for (const auto& n : names) drop[axis(n)] = true;
  std::vector<Dimension> kept;
  for (std::size_t a = 0; a < dims_.size(); ++a)
    if (!drop[a]) kept.push_back(dims_[a]);
  LabelledArray out(std::move(kept), 0.0);
  // Walk this array row-major with a counter per dimension; the result offset advances with the
  // kept dimensions only.
  const auto st = out.strides();
  std::vector<std::size_t> out_stride(dims_.size(), 0), idx(dims_.size(), 0);
  for (std::size_t a = 0, k = 0; a < dims_.size(); ++a)
    if (!drop[a]) out_stride[a] = st[k++];
  std::size_t o = 0;
  for (std::size_t i = 0; i < values_.size(); ++i) {
    out.values_[o] += values_[i];
    for (std::size_t a = dims_.size(); a-- > 0;) {
      o += out_stride[a];
      if (++idx[a] < dims_[a].size()) break;
      o -= out_stride[a] * idx[a];
      idx[a] = 0;
    }
  }
  return out;
}

LabelledArray LabelledArray::select(const std::string& dim, std::size_t i) const {
  const std::size_t a = axis(dim);
  if (i >= dims_[a].size()) throw std::out_of_range("LabelledArray: index out of range along '" + dim + "'");
  std::vector<Dimension> kept = dims_;
  kept.erase(kept.begin() + std::ptrdiff_t(a));
  const std::size_t inner = strides()[a], outer = values_.size() / (inner * dims_[a].size());
  std::vector<double> values;  // copied, not zero-filled first
  values.reserve(outer * inner);
  for (std::size_t o = 0; o < outer; ++o) {
    const auto from = values_.begin() + std::ptrdiff_t((o * dims_[a].size() + i) * inner);
    values.insert(values.end(), from, from + std::ptrdiff_t(inner));
  }
  return LabelledArray(std::move(kept), std::move(values));
}

LabelledArray LabelledArray::weighted_sum_over(const std::string& dim, const std::vector<double>& weights) const {
  const std::size_t a = axis(dim), inner = strides()[a], n = dims_[a].size();
  if (weights.size() != n) throw std::invalid_argument("LabelledArray: weights do not match '" + dim + "'");
  std::vector<Dimension> kept = dims_;
  kept.erase(kept.begin() + std::ptrdiff_t(a));
  LabelledArray out(std::move(kept), 0.0);
  for (std::size_t i = 0; i < values_.size(); ++i) {
    const std::size_t k = (i / inner) % n, o = (i / (inner * n)) * inner + i % inner;
    out.values_[o] = std::fma(values_[i], weights[k], out.values_[o]);
  }
  return out;
}

LabelledArray LabelledArray::scaled_along(const std::string& dim, const std::vector<double>& weights) const {
  const std::size_t a = axis(dim);
  if (weights.size() != dims_[a].size()) throw std::invalid_argument("LabelledArray: weights do not match '" + dim + "'");
  LabelledArray out = *this;
  const std::size_t inner = strides()[a], n = dims_[a].size();
  double* v = out.values_.data();
  for (std::size_t i = 0; i < values_.size(); i += inner, v += inner)  // block i / inner, along `dim` at (i / inner) % n
    for (std::size_t e = 0; e < inner; ++e) v[e] *= weights[(i / inner) % n];
  return out;
}

LabelledArray LabelledArray::operator+(const LabelledArray& other) const {
  if (other.dim_names() != dim_names() || other.shape() != shape())
    throw std::invalid_argument("LabelledArray: adding arrays of different dimensions");
  LabelledArray out = *this;
  for (std::size_t i = 0; i < values_.size(); ++i) out.values_[i] += other.values_[i];
  return out;
}

}  // namespace devolve
