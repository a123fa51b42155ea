// Form (b) of docs/model-format.md: one HDF5 file with named dimensions.
#include "devolve/timeline.hpp"
#include "devolve/model_h5.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <mutex>

#include "devolve/atomic_output.hpp"
#include "devolve/error.hpp"
#include "devolve/model_io.hpp"
#include "devolve/factored_model.hpp"
#include "devolve/version.hpp"
#include "base/h5file.hpp"

namespace devolve {

namespace {

std::vector<std::string> codes(const std::vector<Label>& v) {
  std::vector<std::string> c;
  for (const auto& l : v) c.push_back(l.code);
  return c;
}
std::vector<std::string> names(const std::vector<Label>& v) {
  std::vector<std::string> c;
  for (const auto& l : v) c.push_back(l.name);
  return c;
}

template <class T, class F>
std::vector<std::string> field(const std::vector<T>& v, F f) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(f(x));
  return out;
}

// The solver file's LU factors (docs/model-format.md, "The model cache"): the n x n factors as
// dgetrf leaves them, stored (column, row) so that the file's row-major order is their own, and
// `lu_offset`, where in the file their bytes start (HDF5's address of the contiguous dataset; 0:
// not known), for read_solver to map them.
void write_solver(H5File& h, const ModelCacheFacts& f) {
  const std::size_t n = f.lu.rows();
  std::vector<std::int64_t> index(n);
  for (std::size_t i = 0; i < n; ++i) index[i] = std::int64_t(i);
  h.dimension("/solver", "factor_column", index, "column of the LU factors");
  h.dimension("/solver", "factor_row", index, "row of the LU factors");
  h.dataset("/solver", "lu", {"factor_column", "factor_row"}, std::vector<double>(f.lu.data(), f.lu.data() + n * n), "1",
            "LU factors of (I - A) with partial pivoting (LAPACK dgetrf): unit lower L below the diagonal, U on and above");
  h.dataset("/solver", "pivots", {"factor_row"}, std::vector<double>(f.pivots.begin(), f.pivots.end()), "1",
            "row interchanges of the factorisation (LAPACK ipiv, 1-based)");
  const std::size_t R = f.type_ii_w.cols();
  if (R > 0 && f.type_ii_w.rows() == n && f.type_ii_hc.rows() == n && f.type_ii_hc.cols() == R) {
    std::vector<std::int64_t> regions(R);
    for (std::size_t r = 0; r < R; ++r) regions[r] = std::int64_t(r);
    h.dimension("/solver", "household_region", regions, "region of the household closure (position in /region)");
    h.dataset("/solver", "type_ii_w", {"factor_row", "household_region"}, f.type_ii_w.row_major(), "1",
              "Type II border W = (I - A)^-1 Hc solved with these factors");
    h.dataset("/solver", "type_ii_hc", {"factor_row", "household_region"}, f.type_ii_hc.row_major(), "1",
              "household consumption per unit of compensation Hc that W was solved for");
  }
  if (f.a_column_sums.size() == n)
    h.dataset("/solver", "a_column_sums", {"factor_column"}, f.a_column_sums, "1",
              "column sums of A as the factorisation computed them (A non-negative), for the productiveness bound");
  h.attr("/solver", "blas", f.blas);
  h.attr("/solver", "lu_offset", std::int64_t(h.file_offset("/solver/lu")));
}

// A factored model's flows (docs/model-format.md, "Factored models"): the coefficient blocks,
// trade shares and final demand inside and from outside each buyer region, each in its storage order.
void write_factored(H5File& h, const Model& m) {
  const MrioStructure& a = *m.coefficients;
  const FactoredFinalDemand& y = *m.factored_final_demand;
  const std::string cur = m.currency + ", " + m.prices;
  h.dataset("/", "own_coefficients", {"region", "to_industry", "from_industry"}, a.own, "1",
            "D_s: purchases of region s from itself of from_industry per unit of output of to_industry");
  h.dataset("/", "bought_coefficients", {"region", "to_industry", "from_industry"}, a.bought, "1",
            "M_s: purchases of region s from all other UK regions of from_industry per unit of output of to_industry");
  h.dataset("/", "trade_shares", {"industry", "to_region", "from_region"}, a.trade, "1",
            "T_i: share of from_region in to_region's purchases of the industry from other UK regions");
  h.dataset("/", "own_final_demand", {"region", "category", "industry"}, y.own, cur,
            "final demand of the region's category bought of the industry inside the region");
  h.dataset("/", "bought_final_demand", {"region", "category", "industry"}, y.bought, cur,
            "final demand of the region's category bought of the industry from other UK regions (split by trade_shares)");
}

void read_factored(const H5File& h, const std::string& file, Model& m) {
  const std::size_t R = m.num_regions(), S = m.num_industries(), K = m.num_categories();
  // The five arrays read side by side (the largest, trade, on a second thread), then checked in this order.
  const std::vector<std::string> paths = {"/own_coefficients", "/bought_coefficients", "/trade_shares",
                                          "/own_final_demand", "/bought_final_demand"};
  const std::vector<std::size_t> sizes = {R * S * S, R * S * S, S * R * R, R * K * S, R * K * S};
  // Each size checked from its header before any array is allocated (a hostile file could claim
  // 2^27 values for each of the five).
  for (std::size_t i = 0; i < paths.size(); ++i)
    if (const std::size_t n = h.points(paths[i]); n != sizes[i])
      throw InputError(file, 0, 0, paths[i], "expected " + std::to_string(sizes[i]) + " values, found " + std::to_string(n));
  std::vector<std::vector<double>> v = h.read_doubles_side_by_side(paths);
  for (std::size_t i = 0; i < paths.size(); ++i)
    if (v[i].size() != sizes[i])
      throw InputError(file, 0, 0, paths[i],
                       "expected " + std::to_string(sizes[i]) + " values, found " + std::to_string(v[i].size()));
  auto a = std::make_shared<MrioStructure>();
  a->regions = R, a->industries = S;
  a->own = std::move(v[0]);
  a->bought = std::move(v[1]);
  a->trade = std::move(v[2]);
  auto y = std::make_shared<FactoredFinalDemand>();
  y->categories = K;
  y->own = std::move(v[3]);
  y->bought = std::move(v[4]);
  m.coefficients = std::move(a);
  m.factored_final_demand = std::move(y);
}

}  // namespace

namespace {

// The model file's contents, written to `path`; with `solver`, the solver file's (write_solver).
void write_model_file(const Model& m, const std::string& path, const ModelCacheFacts* solver) {
  {
    H5File h = H5File::create(path);
    h.attr("/", "file_type", std::string("devolve-model"));
    h.attr("/", "format_version", std::vector<std::int64_t>{model_format_major, model_format_minor});
    h.attr("/", "devolve_version", std::string(version));
    h.attr("/", "id", m.id);
    h.attr("/", "name", m.name);
    h.attr("/", "description", m.description);
    h.attr("/", "base_year", std::int64_t(m.base_year));
    h.attr("/", "currency", m.currency);
    h.attr("/", "prices", m.prices);
    h.attr("/", "tolerance", m.tolerance);
    h.attr("/", "checksum", solver ? solver->checksum : model_checksum(m));

    const auto rc = codes(m.regions), ic = codes(m.industries);
    for (const char* d : {"region", "from_region", "to_region"}) h.dimension("/", d, rc, "region code (ITL or model code)");
    for (const char* d : {"industry", "from_industry", "to_industry"}) h.dimension("/", d, ic, "industry code");
    h.strings("/", "region_name", {"region"}, names(m.regions), "region name");
    h.strings("/", "industry_name", {"industry"}, names(m.industries), "industry name");
    h.dimension("/", "category", field(m.final_demand_categories, [](auto& c) { return c.code; }), "final-demand category code");
    h.strings("/", "category_name", {"category"}, field(m.final_demand_categories, [](auto& c) { return c.name; }), "category name");
    h.strings("/", "category_role", {"category"}, field(m.final_demand_categories, [](auto& c) { return to_string(c.role); }), "category role");
    h.dimension("/", "input", field(m.primary_inputs, [](auto& c) { return c.code; }), "primary-input code");
    h.strings("/", "input_name", {"input"}, field(m.primary_inputs, [](auto& c) { return c.name; }), "primary-input name");
    h.strings("/", "input_role", {"input"}, field(m.primary_inputs, [](auto& c) { return to_string(c.role); }), "primary-input role");
    h.dimension("/", "indicator", field(m.indicators, [](auto& c) { return c.code; }), "indicator code");
    h.strings("/", "indicator_name", {"indicator"}, field(m.indicators, [](auto& c) { return c.name; }), "indicator name");
    h.strings("/", "indicator_unit", {"indicator"}, field(m.indicators, [](auto& c) { return c.unit; }), "unit of the indicator totals");
    h.strings("/", "indicator_description", {"indicator"}, field(m.indicators, [](auto& c) { return c.description; }), "indicator source and definition");
    h.dimension("/", "metadata_key", field(m.metadata, [](auto& c) { return c.first; }), "provenance key");
    h.strings("/", "metadata_value", {"metadata_key"}, field(m.metadata, [](auto& c) { return c.second; }), "provenance value");

    const std::string cur = m.currency + ", " + m.prices;
    h.dataset("/", "output", {"region", "industry"}, m.output, cur, "gross output by region and industry");
    if (!m.population.empty()) {
      h.dataset("/", "population", {"region"}, m.population, "persons", "resident population by region");
      h.attr("/population", "source", m.population_source);
    }
    if (!m.household_gross_income.empty()) {  // the household account (docs/methodology.md, "Type II")
      h.dataset("/", "residence_share", {"to_region", "from_region"}, m.residence_share.row_major(), "1",
                "share of compensation earned in workplace region (column) received by residents of region (row)");
      h.dataset("/", "household_gdhi", {"region"}, m.household_gdhi, m.currency, "residents' gross disposable household income");
      h.dataset("/", "household_gross_income", {"region"}, m.household_gross_income, m.currency,
                "residents' gross income: primary plus secondary resources");
    }
    if (m.factored()) {
      write_factored(h, m);
    } else {
      if (solver)
        write_solver(h, *solver);
      else
        h.dataset("/", "z", {"from_region", "from_industry", "to_region", "to_industry"}, m.z.row_major(), cur,
                  "intermediate flows from supplying region-industry to purchasing region-industry");
      h.dataset("/", "final_demand", {"from_region", "from_industry", "to_region", "category"}, m.final_demand.row_major(),
                cur, "final demand of each region's categories for each region-industry's output");
    }
    h.dataset("/", "primary_inputs", {"input", "region", "industry"}, m.primary.row_major(), cur,
              "primary inputs (imports, product taxes, value-added components) by purchasing region-industry");
    h.dataset("/", "indicator_totals", {"indicator", "region", "industry"}, m.indicator_totals.row_major(),
              "see indicator_unit", "indicator totals by region and industry");
    h.close();  // written to disk here, every write checked
  }
}

}  // namespace

void write_model_h5(const Model& m, const std::string& file, bool overwrite, const ModelCacheFacts* solver) {
  AtomicOutput out(file, overwrite);
  write_model_file(m, out.temp_path(), solver);
  out.commit();
}

namespace {

// A file's identity and state as the kernel reports it: any write, truncation, rename over it or
// setting of its times changes it (the argument of H5File::open_kept's stamp).
struct FileState {
  struct stat st {};
  bool ok = false;
  explicit FileState(const std::string& path) : ok(::stat(path.c_str(), &st) == 0) {}
  explicit FileState(int fd) : ok(::fstat(fd, &st) == 0) {}
  bool operator==(const FileState& o) const {
    const auto same = [](const struct timespec& a, const struct timespec& b) { return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec; };
    return ok && o.ok && st.st_dev == o.st.st_dev && st.st_ino == o.st.st_ino && st.st_size == o.st.st_size &&
           same(st.st_mtim, o.st.st_mtim) && same(st.st_ctim, o.st.st_ctim);
  }
};

// `count` doubles at byte `at` of a file mapped read-only, if the file is still in the state
// `opened` in which it was opened and checked: no copy, and no fresh memory to fault in and zero.
// With `populate`, every page is mapped at once (values the caller reads whole). Null if not.
std::shared_ptr<const double> map_values(const std::string& file, const FileState& opened, std::size_t at,
                                         std::size_t count, bool populate) {
  const auto bytes = count * sizeof(double);
  if (at < 512 || at % sizeof(double) != 0) return nullptr;
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  const FileState now(fd);
  const auto page = std::size_t(::sysconf(_SC_PAGESIZE)), base = at / page * page, length = at + bytes - base;
  void* map = now == opened && bytes > 0 && at + bytes <= std::size_t(now.st.st_size)
                  ? ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE | (populate ? MAP_POPULATE : 0), fd, off_t(base))
                  : MAP_FAILED;
  ::close(fd);
  if (map == MAP_FAILED) return nullptr;
  // Values read a few at a time (z's columns, every n-th value): no read-ahead around each page,
  // which would read most of the file for a few columns when it is not in the page cache.
  if (!populate) ::madvise(map, length, MADV_RANDOM);
  return std::shared_ptr<const double>(reinterpret_cast<const double*>(static_cast<const char*>(map) + (at - base)),
                                       [map, length](const double*) { ::munmap(map, length); });
}

// The n x n factors mapped from the solver file at the byte offset its `lu_offset` attribute
// records (HDF5's address of the contiguous dataset, which must still be it): 0.1-0.2 s of CPU
// for uk-itl2-2022's 187 MB not spent copying. Null if not (the factors are then read).
std::shared_ptr<const double> map_factors(const H5File& h, const std::string& file, const FileState& opened, std::size_t n) {
  const auto at = h.has_attr("/solver", "lu_offset") ? h.read_attr_ints("/solver", "lu_offset") : std::vector<std::int64_t>{};
  if (at.size() != 1 || at[0] < 0 || std::size_t(at[0]) != h.file_offset("/solver/lu")) return nullptr;
  return map_values(file, opened, std::size_t(at[0]), n * n, true);
}

// The solver file's facts; throws InputError if its factors do not fit the model's n sectors.
// The factors are mapped from the file if they can be (map_factors), else read.
std::shared_ptr<ModelCacheFacts> read_solver(const H5File& h, const std::string& file, const FileState& opened,
                                                   std::size_t n) {
  auto f = std::make_shared<ModelCacheFacts>();
  f->checksum = h.read_attr_string("/", "checksum");
  f->blas = h.read_attr_string("/solver", "blas");
  std::vector<std::size_t> shape;
  const auto piv = h.read_doubles("/solver/pivots", shape);
  if (piv.size() != n) throw InputError(file, 0, 0, "/solver/pivots", "expected " + std::to_string(n) + " values");
  for (double p : piv) {
    if (!(p >= 1 && p <= double(n))) throw InputError(file, 0, 0, "/solver/pivots", "a pivot outside 1 to n");
    f->pivots.push_back(int(p));
  }
  if (h.exists("/solver/a_column_sums")) {  // cache layout 3 on (model_cache.cpp)
    f->a_column_sums = h.read_doubles("/solver/a_column_sums", shape);
    if (f->a_column_sums.size() != n)
      throw InputError(file, 0, 0, "/solver/a_column_sums", "expected " + std::to_string(n) + " values");
  }
  if (h.exists("/solver/type_ii_w") && h.exists("/solver/type_ii_hc")) {
    const auto w = h.read_doubles("/solver/type_ii_w", shape), hc = h.read_doubles("/solver/type_ii_hc", shape);
    const std::size_t R = n ? w.size() / n : 0;
    if (w.size() != n * R || hc.size() != w.size())
      throw InputError(file, 0, 0, "/solver/type_ii_w", "expected " + std::to_string(n) + " rows, as type_ii_hc");
    f->type_ii_w = Matrix::from_row_major(n, R, w);
    f->type_ii_hc = Matrix::from_row_major(n, R, hc);
  }
  f->lu_mapped = map_factors(h, file, opened, n);
  if (f->lu_mapped) return f;
  f->lu = Matrix(n, n);
  h.read_doubles_into("/solver/lu", f->lu.data(), n * n);
  return f;
}

// z of a cache's model file, row-major (from, to) as stored, mapped read-only (or read where it
// cannot be mapped), after checking that the file holds model `id` with `checksum` (that of the
// solver file beside it, so the same numbers).
std::shared_ptr<const double> open_z(const std::string& file, const std::string& id, const std::string& checksum,
                                     std::size_t n, const std::string& stamp) {
  const FileState opened(file);
  const H5File h = stamp.empty() ? H5File::open(file) : H5File::open_kept(file, stamp);
  if (!h.has_attr("/", "file_type") || h.read_attr_string("/", "file_type") != "devolve-model" || !h.exists("/z"))
    throw InputError(file, "not a devolve model file with flows (z)");
  if (h.read_attr_string("/", "id") != id || !h.has_attr("/", "checksum") || h.read_attr_string("/", "checksum") != checksum)
    throw InputError(file, "holds another model than the solver file beside it");
  if (auto z = map_values(file, opened, h.file_offset("/z"), n * n, false)) return z;
  std::shared_ptr<double> z(new double[n * n], std::default_delete<double[]>());
  h.read_doubles_into("/z", z.get(), n * n);
  return z;
}

// Reads columns of z from the model file `file` on demand (ModelCacheFacts::z_columns): the file
// is opened and its z mapped at the first call, and only the pages holding the columns are read.
std::function<Matrix(const std::vector<std::size_t>&)> z_column_reader(const std::string& file, const std::string& id,
                                                                      const std::string& checksum, std::size_t n,
                                                                      const std::string& stamp) {
  struct Source {
    std::mutex lock;
    std::shared_ptr<const double> z;
  };
  auto src = std::make_shared<Source>();
  return [=](const std::vector<std::size_t>& cols) {
    std::shared_ptr<const double> z;
    {
      const std::lock_guard<std::mutex> hold(src->lock);
      if (!src->z) src->z = open_z(file, id, checksum, n, stamp);
      z = src->z;
    }
    for (const std::size_t c : cols)
      if (c >= n) throw Error(file + ": column " + std::to_string(c) + " of z is outside the table");
    // The mapping reads no page ahead (MADV_RANDOM, for a few columns); where the columns are about
    // one for every page's 512 values of a row or more, nearly every page is wanted: read them ahead.
    const auto page = std::size_t(::sysconf(_SC_PAGESIZE));
    if (cols.size() * (page / sizeof(double)) >= n) {
      const auto first = reinterpret_cast<std::uintptr_t>(z.get()) / page * page;
      const auto end = reinterpret_cast<std::uintptr_t>(z.get() + n * n);
      ::madvise(reinterpret_cast<void*>(first), end - first, MADV_WILLNEED);
    }
    Matrix out(n, cols.size());
    const std::size_t k = cols.size();
    for (std::size_t i = 0; i < n; ++i) {  // row by row: each page of the file is touched once
      const double* row = z.get() + i * n;
      for (std::size_t q = 0; q < k; ++q) out(i, q) = row[cols[q]];
    }
    return out;
  };
}

Model read_h5(const std::string& file, std::string* stored_checksum, bool solver, const std::string& stamp,
              const std::string& flows_file = {}, const std::string& flows_stamp = {}) {
  const FileState opened(file);
  const H5File h = stamp.empty() ? H5File::open(file) : H5File::open_kept(file, stamp);
  if (!h.has_attr("/", "file_type") || h.read_attr_string("/", "file_type") != "devolve-model")
    throw InputError(file, "not a devolve model file (root attribute file_type is not 'devolve-model')");
  const auto v = h.read_attr_ints("/", "format_version");
  if (v.empty() || v[0] != model_format_major)
    throw InputError(file, "model format version " + (v.empty() ? std::string("?") : std::to_string(v[0])) +
                               " is not readable by this devolve (reads version " + std::to_string(model_format_major) + ")");
  Model m;
  m.id = h.read_attr_string("/", "id");
  m.name = h.read_attr_string("/", "name");
  m.description = h.read_attr_string("/", "description");
  const auto year = h.read_attr_ints("/", "base_year");
  if (year.size() != 1) throw InputError(file, 0, 0, "/@base_year", "expected one integer");
  m.base_year = int(year[0]);
  m.currency = h.read_attr_string("/", "currency");
  m.prices = h.read_attr_string("/", "prices");
  m.tolerance = h.read_attr_double("/", "tolerance");
  if (stored_checksum) *stored_checksum = h.has_attr("/", "checksum") ? h.read_attr_string("/", "checksum") : "";
  // Every list of names, roles or units must match its list of codes in length, and codes are unique.
  auto same_length = [&](const std::vector<std::string>& codes, const std::vector<std::string>& other, const char* path) {
    if (other.size() != codes.size())
      throw InputError(file, 0, 0, path, "header and data disagree: " + std::to_string(other.size()) + " entries for " +
                                             std::to_string(codes.size()) + " codes");
  };
  auto unique = [&](const std::vector<std::string>& codes, const char* path) {
    for (std::size_t i = 0; i < codes.size(); ++i) {
      if (codes[i].empty()) throw InputError(file, 0, 0, path, "empty code");
      for (std::size_t j = 0; j < i; ++j)
        if (codes[i] == codes[j]) throw InputError(file, 0, 0, path, "duplicate code '" + codes[i] + "'");
    }
  };
  auto labels = [&](const char* c, const char* n) {
    const auto cs = h.read_strings(c), ns = h.read_strings(n);
    same_length(cs, ns, n);
    unique(cs, c);
    std::vector<Label> out;
    for (std::size_t i = 0; i < cs.size(); ++i) out.push_back({cs[i], ns[i]});
    return out;
  };
  m.regions = labels("/region", "/region_name");
  m.industries = labels("/industry", "/industry_name");
  {
    const auto c = h.read_strings("/category"), n = h.read_strings("/category_name"), r = h.read_strings("/category_role");
    unique(c, "/category");
    same_length(c, n, "/category_name");
    same_length(c, r, "/category_role");
    for (std::size_t i = 0; i < c.size(); ++i) {
      FinalDemandCategory cat{c[i], n.at(i), FinalDemandRole::other};
      if (!parse_role(r.at(i), cat.role)) throw InputError(file, 0, 0, "/category_role", "unknown role '" + r[i] + "'");
      m.final_demand_categories.push_back(cat);
    }
  }
  {
    const auto c = h.read_strings("/input"), n = h.read_strings("/input_name"), r = h.read_strings("/input_role");
    unique(c, "/input");
    same_length(c, n, "/input_name");
    same_length(c, r, "/input_role");
    for (std::size_t i = 0; i < c.size(); ++i) {
      PrimaryInput p{c[i], n.at(i), PrimaryRole::other_value_added};
      if (!parse_role(r.at(i), p.role)) throw InputError(file, 0, 0, "/input_role", "unknown role '" + r[i] + "'");
      m.primary_inputs.push_back(p);
    }
  }
  {
    const auto c = h.read_strings("/indicator"), n = h.read_strings("/indicator_name"),
               u = h.read_strings("/indicator_unit"), d = h.read_strings("/indicator_description");
    unique(c, "/indicator");
    same_length(c, n, "/indicator_name");
    same_length(c, u, "/indicator_unit");
    same_length(c, d, "/indicator_description");
    for (std::size_t i = 0; i < c.size(); ++i) m.indicators.push_back({c[i], n.at(i), u.at(i), d.at(i)});
  }
  {
    const auto k = h.read_strings("/metadata_key"), val = h.read_strings("/metadata_value");
    same_length(k, val, "/metadata_value");
    for (std::size_t i = 0; i < k.size(); ++i) m.metadata.emplace_back(k[i], val.at(i));
  }
  const std::size_t n = m.num_sectors();
  auto read = [&](const char* path, std::size_t rows, std::size_t cols) {
    std::vector<std::size_t> shape;
    const auto values = h.read_doubles(path, shape);
    if (values.size() != rows * cols)
      throw InputError(file, 0, 0, path,
                       "header and data disagree: expected " + std::to_string(rows * cols) + " values, found " +
                           std::to_string(values.size()));
    return Matrix::from_row_major(rows, cols, values);
  };
  if (h.exists("/trade_shares")) {
    read_factored(h, file, m);
    timeline::mark("model: factored arrays read");
  } else {
    if (solver) {
      auto facts = read_solver(h, file, opened, n);
      if (!flows_file.empty()) facts->z_columns = z_column_reader(flows_file, m.id, facts->checksum, n, flows_stamp);
      m.cache_facts = std::move(facts);
    } else {  // Z is the largest array: read it straight into the model's storage, then transpose in place.
      m.z = Matrix(n, n);
      h.read_doubles_into("/z", m.z.data(), n * n);
      m.z.transpose_square_in_place();
    }
    m.final_demand = read("/final_demand", n, m.num_regions() * m.num_categories());
  }
  m.primary = read("/primary_inputs", m.primary_inputs.size(), n);
  m.indicator_totals = read("/indicator_totals", m.indicators.size(), n);
  if (h.exists("/population")) {
    const Matrix p = read("/population", 1, m.num_regions());
    m.population.assign(p.data(), p.data() + m.num_regions());
    if (h.has_attr("/population", "source")) m.population_source = h.read_attr_string("/population", "source");
  }
  if (h.exists("/household_gross_income")) {
    const std::size_t R = m.num_regions();
    m.residence_share = read("/residence_share", R, R);
    const Matrix g = read("/household_gdhi", 1, R), r = read("/household_gross_income", 1, R);
    m.household_gdhi.assign(g.data(), g.data() + R);
    m.household_gross_income.assign(r.data(), r.data() + R);
  }
  const Matrix x = read("/output", 1, n);
  m.output.assign(x.data(), x.data() + n);
  return m;
}

}  // namespace

Model read_model_h5(const std::string& file, std::string* stored_checksum, const std::string& stamp) {
  return read_h5(file, stored_checksum, false, stamp);
}

Model read_solver_h5(const std::string& file, const std::string& stamp, const std::string& flows_file,
                     const std::string& flows_stamp) {
  return read_h5(file, nullptr, true, stamp, flows_file, flows_stamp);
}

std::shared_ptr<const ModelCacheFacts> read_solver_factors(const std::string& file, const std::string& id, std::size_t n,
                                                           const std::string& blas, const std::string& stamp) {
  const FileState opened(file);
  const H5File h = stamp.empty() ? H5File::open(file) : H5File::open_kept(file, stamp);
  if (!h.has_attr("/", "file_type") || h.read_attr_string("/", "file_type") != "devolve-model" || !h.exists("/solver"))
    throw InputError(file, "not a devolve model cache's solver file");
  if (h.read_attr_string("/", "id") != id) throw InputError(file, "holds another model than '" + id + "'");
  if (h.read_attr_string("/solver", "blas") != blas) return nullptr;
  return read_solver(h, file, opened, n);
}

}  // namespace devolve
