#include "devolve/leontief.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "devolve/error.hpp"
#include "linalg.hpp"
#include "text.hpp"

namespace devolve {

const char* to_string(Closure c) { return c == Closure::type_i ? "I" : "II"; }

// LAPACK (OpenBLAS) does the factorisation and the triangular solves: its blocked, threaded dgetrf
// reaches about 80% of the machine's DGEMM rate where Eigen's PartialPivLU reached about 40%
// (docs/performance.md). (I - A) is factorised in place, so the system and its factors occupy one
// dense matrix.
extern "C" {
void dgetrf_(const int* m, const int* n, double* a, const int* lda, int* ipiv, int* info);
void dgetrs_(const char* trans, const int* n, const int* nrhs, const double* a, const int* lda, const int* ipiv,
             double* b, const int* ldb, int* info, std::size_t trans_len);
void dtrsm_(const char* side, const char* uplo, const char* transa, const char* diag, const int* m, const int* n,
            const double* alpha, const double* a, const int* lda, double* b, const int* ldb, std::size_t, std::size_t,
            std::size_t, std::size_t);
}

// The system's one dense matrix: 2 MiB-aligned and marked for transparent huge pages, because at
// n = 4305 first-touch page faults on 4 KiB pages cost as much as the factorisation itself.
// A caller's own matrix can be adopted instead (Leontief(Matrix&&)), which allocates nothing.
struct Leontief::Impl {
  double* data = nullptr;
  double* owned = nullptr;  // the aligned buffer, when allocated here
  Matrix adopted;           // the caller's matrix, when adopted
  std::size_t n = 0;
  std::vector<int> ipiv;   // LAPACK row interchanges (1-based)
  int info = 0;            // dgetrf's status: > 0 is the first zero pivot
  explicit Impl(std::size_t size) : n(size), ipiv(size) {
    constexpr std::size_t align = std::size_t(2) << 20;
    const std::size_t bytes = std::max<std::size_t>(align, (n * n * sizeof(double) + align - 1) / align * align);
    data = owned = static_cast<double*>(std::aligned_alloc(align, bytes));
    if (!data) throw std::bad_alloc();
    ::madvise(data, bytes, MADV_HUGEPAGE);
  }
  explicit Impl(Matrix&& m) : adopted(std::move(m)), n(adopted.rows()), ipiv(n) { data = adopted.data(); }
  ~Impl() { std::free(owned); }
  Impl(const Impl&) = delete;
  linalg::MapM matrix() { return linalg::MapM(data, Eigen::Index(n), Eigen::Index(n)); }
  // (I - A) is factorised in place into its L and U factors.
  double seconds = 0;       // wall time of dgetrf
  void factorise() {
    const int m = int(n);
    const auto t0 = std::chrono::steady_clock::now();
    if (m > 0) dgetrf_(&m, &m, data, &m, ipiv.data(), &info);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
};

Leontief::~Leontief() = default;
Leontief::Leontief(Leontief&&) noexcept = default;
Leontief& Leontief::operator=(Leontief&&) noexcept = default;

HouseholdClosure household_closure(const Model& m) {
  const std::size_t pc = m.primary_with_role(PrimaryRole::compensation);
  const std::size_t hh = m.category_with_role(FinalDemandRole::households);
  if (pc == Model::npos || hh == Model::npos)
    throw ModelError("model '" + m.id + "': Type II needs a primary input with role 'compensation' and a "
                     "final-demand category with role 'households'; this model has " +
                     std::string(pc == Model::npos ? "no compensation row" : "no households category"));
  const std::size_t n = m.num_sectors(), R = m.num_regions(), K = m.num_categories();
  HouseholdClosure h{Matrix(R, n), Matrix(n, R)};
  std::vector<double> income(R, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    const double comp = m.primary(pc, j);
    income[m.region_of(j)] += comp;
    if (m.output[j] > 0) h.row(m.region_of(j), j) = comp / m.output[j];
  }
  for (std::size_t r = 0; r < R; ++r) {
    if (income[r] <= 0) continue;
    for (std::size_t i = 0; i < n; ++i) h.col(i, r) = m.final_demand(i, r * K + hh) / income[r];
  }
  return h;
}

Leontief::Leontief(const Model& m, Closure closure) : closure_(closure) {
  sectors_ = m.num_sectors();
  const std::size_t n = sectors_, R = m.num_regions();
  size_ = closure == Closure::type_ii ? n + R : n;
  impl_ = std::make_unique<Impl>(size_);
  auto ima = impl_->matrix();
  ima.setIdentity();
  for (std::size_t j = 0; j < n; ++j) {
    const double x = m.output[j];
    if (x <= 0) continue;  // a sector with no output buys nothing: its column of A is zero
    const double inv = 1.0 / x;
    const double* zc = m.z.data() + j * n;
    double* col = ima.data() + j * size_;
    for (std::size_t i = 0; i < n; ++i) col[i] -= zc[i] * inv;
  }
  if (closure == Closure::type_ii) {
    const HouseholdClosure h = household_closure(m);
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t j = 0; j < n; ++j) {
        ima(Eigen::Index(n + r), Eigen::Index(j)) -= h.row(r, j);
        ima(Eigen::Index(j), Eigen::Index(n + r)) -= h.col(j, r);
      }
  }
  // Columns of A summing to 1 or more, named in the error if the system proves unproductive.
  std::string hint;
  int listed = 0;
  for (std::size_t j = 0; j < size_ && listed < 5; ++j) {
    const double s = ima.col(Eigen::Index(j)).sum();  // 1'(I - A) e_j = 1 - (column sum of A)
    if (s <= 0.0) {
      hint += std::string(listed++ ? ", " : closure == Closure::type_ii
                                                  ? "; columns of A (with the household closure) summing to 1 or more: "
                                                  : "; columns of A summing to 1 or more: ") +
              (j < n ? m.sector_label(j) : "households of " + m.regions[j - n].code) + " (" +
              text::sig(1.0 - s, 6) + ")";
    }
  }
  impl_->factorise();
  factorise_and_check("model '" + m.id + "' (Type " + to_string(closure) + ")", hint);
}

Leontief::Leontief(Matrix&& a) : closure_(Closure::type_i), size_(a.rows()), sectors_(a.rows()) {
  if (a.rows() != a.cols()) throw Error("Leontief: coefficient matrix is not square");
  impl_ = std::make_unique<Impl>(std::move(a));
  auto ima = impl_->matrix();
  ima = -ima;
  ima.diagonal().array() += 1.0;
  impl_->factorise();
  factorise_and_check("coefficient matrix", "");
}

Leontief::Leontief(const Matrix& a) : closure_(Closure::type_i), size_(a.rows()), sectors_(a.rows()) {
  if (a.rows() != a.cols()) throw Error("Leontief: coefficient matrix is not square");
  impl_ = std::make_unique<Impl>(size_);
  auto ima = impl_->matrix();
  ima = -linalg::view(a);
  ima.diagonal().array() += 1.0;
  impl_->factorise();
  factorise_and_check("coefficient matrix", "");
}

// Productive (Hawkins-Simon): for A >= 0, (I - A)^-1 exists and is non-negative if and only if the
// solution v of (I - A) v = 1 is strictly positive. One extra solve, no inverse.
void Leontief::factorise_and_check(const std::string& what, const std::string& hint) {
  if (impl_->info > 0)
    throw ModelError(what + " is singular: (I - A) has a zero pivot at position " + std::to_string(impl_->info) +
                     "; the model is not productive" + hint);
  Matrix ones(size_, 1, 1.0);
  const Matrix v = solve(ones);
  for (std::size_t i = 0; i < size_; ++i)
    if (!(v(i, 0) > 0.0) || !std::isfinite(v(i, 0)))
      throw ModelError(what + " is not productive: (I - A)^-1 is not non-negative (the solution of (I - A) v = 1 is " +
                       text::sig(v(i, 0), 6) + " at position " + std::to_string(i + 1) + ")" + hint);
}

double Leontief::factorise_seconds() const { return impl_->seconds; }

Matrix Leontief::solve(const Matrix& b) const {
  if (b.rows() != size_) throw Error("Leontief::solve: right-hand side has the wrong number of rows");
  Matrix x = b;
  const int n = int(size_), nrhs = int(b.cols());
  int info = 0;
  if (n > 0 && nrhs > 0) dgetrs_("N", &n, &nrhs, impl_->data, &n, impl_->ipiv.data(), x.data(), &n, &info, 1);
  return x;
}

// X (I - A) = C with (I - A) = P L U (dgetrf), P = s_1 s_2 ... s_n the row interchanges:
// solve W U = C, then V L = W (both right-hand triangular solves), then X = V P' = V s_n ... s_1,
// i.e. swap columns of V in reverse order of the interchanges.
Matrix Leontief::left_solve(const Matrix& c) const {
  if (c.cols() != size_) throw Error("Leontief::left_solve: left-hand side has the wrong number of columns");
  Matrix x = c;
  const int k = int(c.rows()), n = int(size_);
  if (k == 0 || n == 0) return x;
  const double one = 1.0;
  const double* f = impl_->data;
  dtrsm_("R", "U", "N", "N", &k, &n, &one, f, &n, x.data(), &k, 1, 1, 1, 1);
  dtrsm_("R", "L", "N", "U", &k, &n, &one, f, &n, x.data(), &k, 1, 1, 1, 1);
  for (int i = n - 1; i >= 0; --i) {
    const int p = impl_->ipiv[std::size_t(i)] - 1;
    if (p != i)
      for (int r = 0; r < k; ++r) std::swap(x(std::size_t(r), std::size_t(i)), x(std::size_t(r), std::size_t(p)));
  }
  return x;
}

}  // namespace devolve
