#include "base/h5file.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <filesystem>
#include <functional>

#include "devolve/error.hpp"

namespace devolve {

namespace {

// Closes an HDF5 handle when it leaves scope.
struct Handle {
  hid_t id;
  herr_t (*close)(hid_t);
  Handle(hid_t i, herr_t (*c)(hid_t)) : id(i), close(c) {}
  ~Handle() {
    if (id >= 0) close(id);
  }
  Handle(const Handle&) = delete;
  operator hid_t() const { return id; }
};

void quiet() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

hid_t check(hid_t id, const std::string& file, const std::string& what) {
  if (id < 0) throw Error(file + ": error: HDF5 could not " + what);
  return id;
}

void check(herr_t rc, const std::string& file, const std::string& what) {
  if (rc < 0) throw Error(file + ": error: HDF5 could not " + what);
}

hid_t vlen_string_type() {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

std::string join_path(const std::string& group, const std::string& name) {
  if (group.empty() || group == "/") return "/" + name;
  return group + "/" + name;
}

}  // namespace

H5File H5File::create(const std::string& path) {
  quiet();
  hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) throw Error(path + ": error: cannot create the file");
  return H5File(id, path);
}

H5File H5File::open(const std::string& path) {
  quiet();
  if (!std::filesystem::exists(path)) throw InputError(path, "no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path, "not an HDF5 file, or it cannot be read");
  hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw InputError(path, "cannot open the HDF5 file");
  return H5File(id, path);
}

H5File::~H5File() {
  if (id_ >= 0) H5Fclose(id_);
}

H5File::H5File(H5File&& o) noexcept : id_(o.id_), path_(std::move(o.path_)) { o.id_ = -1; }

void H5File::group(const std::string& path) {
  if (path.empty() || path == "/" || exists(path)) return;
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl, 1);
  Handle g(check(H5Gcreate2(id_, path.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT), path_, "create group " + path),
           H5Gclose);
}

namespace {
void write_attr(hid_t file, const std::string& fname, const std::string& obj, const std::string& name, hid_t type,
                hid_t space, const void* buf) {
  Handle o(check(H5Oopen(file, obj.c_str(), H5P_DEFAULT), fname, "open " + obj), H5Oclose);
  if (H5Aexists(o, name.c_str()) > 0) H5Adelete(o, name.c_str());
  Handle a(check(H5Acreate2(o, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), fname, "create attribute " + name),
           H5Aclose);
  check(H5Awrite(a, type, buf), fname, "write attribute " + name);
}
}  // namespace

void H5File::attr(const std::string& obj, const std::string& name, const std::string& value) {
  Handle t(vlen_string_type(), H5Tclose);
  Handle s(H5Screate(H5S_SCALAR), H5Sclose);
  const char* p = value.c_str();
  write_attr(id_, path_, obj, name, t, s, &p);
}

void H5File::attr(const std::string& obj, const std::string& name, double value) {
  Handle s(H5Screate(H5S_SCALAR), H5Sclose);
  write_attr(id_, path_, obj, name, H5T_NATIVE_DOUBLE, s, &value);
}

void H5File::attr(const std::string& obj, const std::string& name, std::int64_t value) {
  Handle s(H5Screate(H5S_SCALAR), H5Sclose);
  write_attr(id_, path_, obj, name, H5T_NATIVE_INT64, s, &value);
}

void H5File::attr(const std::string& obj, const std::string& name, const std::vector<std::int64_t>& value) {
  hsize_t n = value.size();
  Handle s(H5Screate_simple(1, &n, nullptr), H5Sclose);
  write_attr(id_, path_, obj, name, H5T_NATIVE_INT64, s, value.data());
}

void H5File::dimension(const std::string& group, const std::string& dim, const std::vector<std::string>& labels,
                       const std::string& description) {
  this->group(group);
  strings(group, dim, {}, labels, description);
  const std::string p = join_path(group, dim);
  Handle d(H5Dopen2(id_, p.c_str(), H5P_DEFAULT), H5Dclose);
  check(H5DSset_scale(d, dim.c_str()), path_, "make " + p + " a dimension scale");
}

void H5File::dimension(const std::string& group, const std::string& dim, const std::vector<std::int64_t>& values,
                       const std::string& description) {
  this->group(group);
  const std::string p = join_path(group, dim);
  hsize_t n = values.size();
  Handle s(H5Screate_simple(1, &n, nullptr), H5Sclose);
  Handle d(check(H5Dcreate2(id_, p.c_str(), H5T_NATIVE_INT64, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), path_,
                 "create " + p),
           H5Dclose);
  if (n) check(H5Dwrite(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), path_, "write " + p);
  check(H5DSset_scale(d, dim.c_str()), path_, "make " + p + " a dimension scale");
  attr(p, "description", description);
}

std::int64_t H5File::size_of_dim(const std::string& group, const std::string& dim) const {
  const std::string p = join_path(group, dim);
  Handle d(check(H5Dopen2(id_, p.c_str(), H5P_DEFAULT), path_, "find dimension " + p), H5Dclose);
  Handle s(H5Dget_space(d), H5Sclose);
  hsize_t n = 0;
  H5Sget_simple_extent_dims(s, &n, nullptr);
  return static_cast<std::int64_t>(n);
}

namespace {
void attach_dims(hid_t file, const std::string& fname, hid_t dset, const std::string& group,
                 const std::vector<std::string>& dims) {
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const std::string p = join_path(group, dims[i]);
    Handle scale(check(H5Dopen2(file, p.c_str(), H5P_DEFAULT), fname, "open dimension " + p), H5Dclose);
    check(H5DSattach_scale(dset, scale, static_cast<unsigned>(i)), fname, "attach dimension " + p);
  }
}
}  // namespace

void H5File::dataset(const std::string& group, const std::string& name, const std::vector<std::string>& dims,
                     const std::vector<double>& values, const std::string& units, const std::string& description) {
  this->group(group);
  std::vector<hsize_t> shape;
  hsize_t total = 1;
  for (const auto& d : dims) {
    shape.push_back(static_cast<hsize_t>(size_of_dim(group, d)));
    total *= shape.back();
  }
  const std::string p = join_path(group, name);
  if (total != values.size())
    throw Error(path_ + ": error: internal: dataset " + p + " has " + std::to_string(values.size()) +
                " values for shape of " + std::to_string(total));
  Handle s(dims.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(int(dims.size()), shape.data(), nullptr), H5Sclose);
  Handle d(check(H5Dcreate2(id_, p.c_str(), H5T_NATIVE_DOUBLE, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), path_,
                 "create " + p),
           H5Dclose);
  if (total) check(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), path_, "write " + p);
  attach_dims(id_, path_, d, group, dims);
  attr(p, "units", units);
  attr(p, "description", description);
}

void H5File::strings(const std::string& group, const std::string& name, const std::vector<std::string>& dims,
                     const std::vector<std::string>& values, const std::string& description) {
  this->group(group);
  const std::string p = join_path(group, name);
  std::vector<hsize_t> shape;
  if (dims.empty()) {
    shape.push_back(values.size());
  } else {
    for (const auto& d : dims) shape.push_back(static_cast<hsize_t>(size_of_dim(group, d)));
  }
  Handle t(vlen_string_type(), H5Tclose);
  Handle s(H5Screate_simple(int(shape.size()), shape.data(), nullptr), H5Sclose);
  Handle d(check(H5Dcreate2(id_, p.c_str(), t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), path_, "create " + p),
           H5Dclose);
  std::vector<const char*> ptrs;
  for (const auto& v : values) ptrs.push_back(v.c_str());
  if (!ptrs.empty()) check(H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), path_, "write " + p);
  if (!dims.empty()) attach_dims(id_, path_, d, group, dims);
  attr(p, "description", description);
}

bool H5File::exists(const std::string& path) const {
  if (path.empty() || path == "/") return true;
  // Check each link on the way down so a missing parent is not an error.
  std::size_t pos = 0;
  while (true) {
    pos = path.find('/', pos + 1);
    const std::string part = path.substr(0, pos);
    if (H5Lexists(id_, part.c_str(), H5P_DEFAULT) <= 0) return false;
    if (pos == std::string::npos) return true;
  }
}

bool H5File::has_attr(const std::string& obj, const std::string& name) const {
  if (!exists(obj)) return false;
  return H5Aexists_by_name(id_, obj.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

std::string H5File::read_attr_string(const std::string& obj, const std::string& name) const {
  Handle a(H5Aopen_by_name(id_, obj.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (a < 0) throw InputError(path_, 0, 0, obj + "@" + name, "missing attribute");
  Handle ft(H5Aget_type(a), H5Tclose);
  if (H5Tget_class(ft) != H5T_STRING) throw InputError(path_, 0, 0, obj + "@" + name, "attribute is not a string");
  if (H5Tis_variable_str(ft) > 0) {
    Handle t(vlen_string_type(), H5Tclose);
    char* p = nullptr;
    check(H5Aread(a, t, &p), path_, "read attribute " + name);
    std::string out = p ? p : "";
    H5free_memory(p);
    return out;
  }
  const std::size_t size = H5Tget_size(ft);
  std::string out(size, '\0');
  check(H5Aread(a, ft, out.data()), path_, "read attribute " + name);
  out.resize(out.find('\0') == std::string::npos ? size : out.find('\0'));
  return out;
}

double H5File::read_attr_double(const std::string& obj, const std::string& name) const {
  Handle a(H5Aopen_by_name(id_, obj.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (a < 0) throw InputError(path_, 0, 0, obj + "@" + name, "missing attribute");
  double v = 0;
  check(H5Aread(a, H5T_NATIVE_DOUBLE, &v), path_, "read attribute " + name);
  return v;
}

std::vector<std::int64_t> H5File::read_attr_ints(const std::string& obj, const std::string& name) const {
  Handle a(H5Aopen_by_name(id_, obj.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (a < 0) throw InputError(path_, 0, 0, obj + "@" + name, "missing attribute");
  Handle s(H5Aget_space(a), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(s);
  std::vector<std::int64_t> v(static_cast<std::size_t>(n));
  check(H5Aread(a, H5T_NATIVE_INT64, v.data()), path_, "read attribute " + name);
  return v;
}

std::vector<std::string> H5File::read_strings(const std::string& path) const {
  Handle d(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (d < 0) throw InputError(path_, 0, 0, path, "missing dataset");
  Handle ft(H5Dget_type(d), H5Tclose);
  if (H5Tget_class(ft) != H5T_STRING) throw InputError(path_, 0, 0, path, "dataset is not of strings");
  Handle s(H5Dget_space(d), H5Sclose);
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(s));
  std::vector<std::string> out;
  out.reserve(n);
  if (H5Tis_variable_str(ft) > 0) {
    Handle t(vlen_string_type(), H5Tclose);
    std::vector<char*> ptrs(n, nullptr);
    check(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), path_, "read " + path);
    for (char* p : ptrs) out.emplace_back(p ? p : "");
    H5Dvlen_reclaim(t, s, H5P_DEFAULT, ptrs.data());
  } else {
    const std::size_t size = H5Tget_size(ft);
    std::vector<char> buf(n * size);
    check(H5Dread(d, ft, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), path_, "read " + path);
    for (std::size_t i = 0; i < n; ++i) {
      std::string v(buf.data() + i * size, size);
      out.push_back(v.substr(0, v.find('\0')));
    }
  }
  return out;
}

std::vector<double> H5File::read_doubles(const std::string& path, std::vector<std::size_t>& shape) const {
  Handle d(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (d < 0) throw InputError(path_, 0, 0, path, "missing dataset");
  Handle s(H5Dget_space(d), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(s);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  if (rank > 0) H5Sget_simple_extent_dims(s, dims.data(), nullptr);
  shape.assign(dims.begin(), dims.end());
  std::vector<double> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(s)));
  if (!v.empty())
    if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
      throw InputError(path_, 0, 0, path, "dataset is not numeric");
  return v;
}

void H5File::read_doubles_into(const std::string& path, double* dst, std::size_t count) const {
  Handle d(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (d < 0) throw InputError(path_, 0, 0, path, "missing dataset");
  Handle s(H5Dget_space(d), H5Sclose);
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(s));
  if (n != count)
    throw InputError(path_, 0, 0, path, "header and data disagree: expected " + std::to_string(count) + " values, found " +
                                            std::to_string(n));
  if (n && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, dst) < 0)
    throw InputError(path_, 0, 0, path, "dataset is not numeric");
}

std::vector<std::int64_t> H5File::read_ints(const std::string& path) const {
  Handle d(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (d < 0) throw InputError(path_, 0, 0, path, "missing dataset");
  Handle s(H5Dget_space(d), H5Sclose);
  std::vector<std::int64_t> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(s)));
  if (!v.empty())
    if (H5Dread(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
      throw InputError(path_, 0, 0, path, "dataset is not integer");
  return v;
}

}  // namespace devolve
