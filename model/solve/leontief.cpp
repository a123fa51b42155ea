#include "devolve/leontief.hpp"
#include "devolve/timeline.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "devolve/error.hpp"
#include <Eigen/LU>
#include <omp.h>

#include "solve/changed_columns.hpp"
#include "solve/linalg.hpp"
#include "solve/lu_solve.hpp"
#include "solve/structured_solver.hpp"
#include "base/text.hpp"

namespace devolve {

const char* to_string(Closure c) { return c == Closure::type_i ? "I" : "II"; }

const char* to_string(Solver s) {
  return s == Solver::dense ? "dense" : s == Solver::structured ? "structured" : "automatic";
}

bool parse_solver(const std::string& text, Solver& s) {
  for (Solver v : {Solver::automatic, Solver::dense, Solver::structured})
    if (text == to_string(v)) return s = v, true;
  return false;
}

namespace {

// Eigen threads a matrix product over Eigen::nbThreads() (an OpenMP team for each product). For the
// household border's small products (S = I - Hr W: R x n times n x R, 12 x 12 on uk-itl1-2022; and
// Type II's Hr X and W h for a few columns) a team costs far more than the product: its first thread
// spins until the worker comes, which in a batch shares its core with the other batch worker
// (docs/performance.md, "Eigen's thread teams for the household border, ..."). These
// compute dst += alpha a b as Eigen's product does (GeneralMatrixMatrix.h, Parallelizer.h), with the
// blocking of the thread count Eigen would take (gemm_blocking_space::initParallel), on the calling
// thread: Eigen's threads split the columns at multiples of the kernel's width and pack the rows in
// panels of its height, so every element is the same sum in the same order: the same bits.
// a, b and dst column-major with unit inner stride; rows, columns and depth > 1 and their sum >= 20
// (Eigen's GEMM path; the callers below keep Eigen's own expression for the others).
static_assert(EIGEN_WORLD_VERSION == 3 && EIGEN_MAJOR_VERSION == 4,
              "gemm_on_this_thread copies Eigen 3.4's internals (general_matrix_matrix_product, gemm_blocking_space, "
              "parallelize_gemm's thread count): on another Eigen, re-check them against GeneralMatrixMatrix.h and "
              "Parallelizer.h and that the golden tests stay bit-identical, then update this assertion");
constexpr Eigen::Index kFixedThreads = 2;
// Set by single_threaded_linear_algebra (sweeps): products blocked, and triangular solves made, as
// on one thread, the bits sweeps have always had (their runs are independent and each on one thread).
std::atomic<bool> one_thread_bits{false};
template <class Dst, class Lhs, class Rhs>
void gemm_on_this_thread(Dst& dst, const Lhs& lhs, const Rhs& rhs, double alpha) {
  using Eigen::Index;
  const Index rows = lhs.rows(), cols = rhs.cols(), depth = lhs.cols();
  using Gemm = Eigen::internal::general_matrix_matrix_product<Index, double, Eigen::ColMajor, false, double, Eigen::ColMajor,
                                                              false, Eigen::ColMajor, 1>;
  using Blocking = Eigen::internal::gemm_blocking_space<Eigen::ColMajor, double, double, Eigen::Dynamic, Eigen::Dynamic,
                                                        Eigen::Dynamic>;
  // parallelize_gemm's thread count: a kernel's width of columns and 50,000 multiply-adds a thread at least
  Index threads = std::max<Index>(1, cols / Eigen::internal::gebp_traits<double, double>::nr);
  threads = std::max<Index>(1, std::min<Index>(threads, Index(double(rows) * double(cols) * double(depth) / 50000)));
  // The blocking of a two-thread process, whatever this one's thread count (Eigen::nbThreads()):
  // the bits do not depend on how many threads run the scenario (docs/methodology.md, "Results and
  // the thread count").
  threads = std::min<Index>(one_thread_bits ? 1 : kFixedThreads, threads);
  Blocking blocking(rows, cols, depth, 1, true);
  if (threads > 1) blocking.initParallel(rows, cols, depth, threads);
  Gemm::run(rows, cols, depth, lhs.data(), lhs.outerStride(), rhs.data(), rhs.outerStride(), dst.data(), 1,
            dst.outerStride(), alpha, blocking, nullptr);
}

bool eigen_gemm_path(Eigen::Index rows, Eigen::Index cols, Eigen::Index depth) {
  return rows > 1 && cols > 1 && depth > 0 && rows + cols + depth >= 20;
}

// I - a b, as Eigen evaluates `MatrixXd s = I - a * b` (I; then the product subtracted in place).
template <class Lhs, class Rhs>
Eigen::MatrixXd identity_less_product(const Lhs& a, const Rhs& b) {
  const Eigen::Index R = a.rows();
  if (!eigen_gemm_path(a.rows(), b.cols(), a.cols())) return Eigen::MatrixXd::Identity(R, b.cols()) - a * b;
  Eigen::MatrixXd s = Eigen::MatrixXd::Identity(R, b.cols());
  gemm_on_this_thread(s, a, b, -1.0);
  return s;
}

// a b, as Eigen evaluates `dst += a * b` (a product assumed to alias: into a zeroed temporary first).
template <class Lhs, class Rhs>
Eigen::MatrixXd product(const Lhs& a, const Rhs& b) {
  if (!eigen_gemm_path(a.rows(), b.cols(), a.cols())) return a * b;
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(a.rows(), b.cols());
  gemm_on_this_thread(p, a, b, 1.0);
  return p;
}

}  // namespace

extern "C" void openblas_set_num_threads(int);
extern "C" int openblas_get_num_threads(void);
extern "C" char* openblas_get_corename(void);

namespace {

// OpenBLAS runs on one thread in this process, except in the sections that thread it on purpose (the
// factorisation, dgetrf, and the row solves of lu_left_solve: ThreadedBlas), which hold blas_mutex
// alone and run with the thread count OpenBLAS had at its first use here (OpenBLAS's thread count is
// one number for the process). lu_solve does not call OpenBLAS (solve/lu_solve.cpp).
std::shared_mutex blas_mutex;
std::atomic<int> threaded_blas{0};

int blas_threads() {
  static const bool once = [] {
    threaded_blas = openblas_get_num_threads();
    openblas_set_num_threads(1);
    return true;
  }();
  (void)once;
  return threaded_blas;
}

// With one thread (a sweep's runs, single_threaded_linear_algebra, or OpenBLAS loaded with one) there
// is nothing to hold alone: the calls are single-threaded, and a sweep's runs factorise
// side by side as before.
class ThreadedBlas {
 public:
  ThreadedBlas() : lock_(blas_mutex, std::defer_lock) {
    if (blas_threads() <= 1) return;
    lock_.lock();
    openblas_set_num_threads(threaded_blas);
  }
  ~ThreadedBlas() {
    if (lock_.owns_lock()) openblas_set_num_threads(1);
  }
  ThreadedBlas(const ThreadedBlas&) = delete;
  ThreadedBlas& operator=(const ThreadedBlas&) = delete;

 private:
  std::unique_lock<std::shared_mutex> lock_;
};

}  // namespace

std::string blas_configuration() {
  return std::string(openblas_get_corename()) + ", " + std::to_string(blas_threads()) + " threads";
}

void single_threaded_linear_algebra() {
  blas_threads();
  std::unique_lock<std::shared_mutex> lock(blas_mutex);
  threaded_blas = 1;
  one_thread_bits = true;
  Eigen::setNbThreads(1);
}

// LAPACK (OpenBLAS) does the factorisation and the triangular solves: its blocked, threaded dgetrf
// reaches about 80% of the machine's DGEMM rate where Eigen's PartialPivLU reached about 40%
// (docs/performance.md). (I - A) is factorised in place, so the system and its factors occupy one
// dense matrix.
extern "C" {
void dgetrf_(const int* m, const int* n, double* a, const int* lda, int* ipiv, int* info);
void dgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k, const double* alpha,
            const double* a, const int* lda, const double* b, const int* ldb, const double* beta, double* c,
            const int* ldc, std::size_t, std::size_t);
void dtrsm_(const char* side, const char* uplo, const char* transa, const char* diag, const int* m, const int* n,
            const double* alpha, const double* a, const int* lda, double* b, const int* ldb, std::size_t, std::size_t,
            std::size_t, std::size_t);
}

// The system's one dense matrix: 2 MiB-aligned and marked for transparent huge pages, because at
// n = 4305 first-touch page faults on 4 KiB pages cost as much as the factorisation itself.
// A caller's own matrix can be adopted instead (Leontief(Matrix&&)), which allocates nothing.
//
// A freed buffer of up to kept_buffer_max bytes is kept by the thread that frees it (one a thread)
// and given to that thread's next system of the same size: a coefficients sweep factorises a new
// table of the same order in every run, and a fresh buffer cost the kernel's clearing of each huge
// page as it was first touched (docs/performance.md, "Coefficient sweeps"). Every constructor
// writes every entry of the buffer before it is read, so a reused buffer changes no value.
namespace {
constexpr std::size_t kept_buffer_max = std::size_t(64) << 20;
struct KeptBuffer {
  double* data = nullptr;
  std::size_t bytes = 0;
  bool gone = false;  // the thread is ending: a buffer released later is freed, not kept
  ~KeptBuffer() {
    std::free(data);
    data = nullptr, gone = true;
  }
};
thread_local KeptBuffer kept_buffer;

double* system_buffer(std::size_t bytes, std::size_t align) {
  if (kept_buffer.data && kept_buffer.bytes == bytes) {
    double* d = kept_buffer.data;
    kept_buffer.data = nullptr;
    return d;
  }
  double* d = static_cast<double*>(std::aligned_alloc(align, bytes));
  if (!d) throw std::bad_alloc();
  ::madvise(d, bytes, MADV_HUGEPAGE);
  return d;
}

void release_system_buffer(double* d, std::size_t bytes) {
  if (!d) return;
  if (bytes > kept_buffer_max || kept_buffer.gone) return std::free(d);
  std::free(kept_buffer.data);  // the thread keeps its latest
  kept_buffer.data = d, kept_buffer.bytes = bytes;
}
}  // namespace

struct Leontief::Impl {
  double* data = nullptr;
  double* owned = nullptr;  // the aligned buffer, when allocated here
  std::size_t owned_bytes = 0;
  Matrix adopted;           // the caller's matrix, when adopted
  std::size_t n = 0;
  std::vector<int> ipiv;   // LAPACK row interchanges (1-based)
  int info = 0;            // dgetrf's status: > 0 is the first zero pivot
  explicit Impl(std::size_t size) : n(size), ipiv(size) {
    constexpr std::size_t align = std::size_t(2) << 20;
    owned_bytes = std::max<std::size_t>(align, (n * n * sizeof(double) + align - 1) / align * align);
    data = owned = system_buffer(owned_bytes, align);
  }
  explicit Impl(Matrix&& m) : adopted(std::move(m)), n(adopted.rows()), ipiv(n) { data = adopted.data(); }
  // The factors the model cache kept, shared, never written.
  std::shared_ptr<const ModelCacheFacts> kept;
  explicit Impl(std::shared_ptr<const ModelCacheFacts> f) : n(f->lu_order()), ipiv(f->pivots), kept(std::move(f)) {
    data = const_cast<double*>(kept->lu_data());
  }
  // (I - A)^-1 1, solved at the first base_solve of a column of ones and kept: the productiveness
  // check of every system on these factors (a shocked table's rank-k update, its Type II border)
  // starts with that solve, so a run of several shocked tables solves it once. Only that
  // one-column solve fills it, so its bits are the same whichever system asked first.
  mutable std::once_flag ones_once;
  mutable std::vector<double> ones;
  ~Impl() { release_system_buffer(owned, owned_bytes); }
  Impl(const Impl&) = delete;
  linalg::MapM matrix() { return linalg::MapM(data, Eigen::Index(n), Eigen::Index(n)); }
  // (I - A) is factorised in place into its L and U factors.
  double seconds = 0;       // wall time of dgetrf
  void factorise() {
    const int m = int(n);
    const auto t0 = std::chrono::steady_clock::now();
    if (m > 0) {
      ThreadedBlas threaded;
      dgetrf_(&m, &m, data, &m, ipiv.data(), &info);
    }
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
};

// Type II as a bordered system on the Type I factorisation (Schur complement). With households,
//   [ I - A   -Hc ] [x]   [b_x]
//   [ -Hr      I  ] [h] = [b_h],   Hr: R x n compensation per unit of output, Hc: n x R consumption
// per unit of income. With W = (I - A)^-1 Hc (R solves) and the R x R matrix S = I - Hr W:
//   h = S^-1 (b_h + Hr (I - A)^-1 b_x),   x = (I - A)^-1 b_x + W h,
// and for row vectors [X_x X_h] times the inverse equal to [C_x C_h]:
//   X_h = (C_h + C_x W) S^-1,   X_x = (C_x + X_h Hr) (I - A)^-1.
// One n x n factorisation serves both closures.
struct Leontief::Households {
  Matrix hr, hc, w;                 // R x n, n x R, n x R
  Eigen::PartialPivLU<Eigen::MatrixXd> s;   // of S = I - Hr W (R x R)
  Eigen::PartialPivLU<Eigen::MatrixXd> st;  // of S' (for the row-vector solves)
};

// The structured system: GMRES on the factored coefficients, preconditioned by the regions' blocks.
struct Leontief::Structured {
  solve::StructuredSolver solver;
  double seconds = 0;        // wall time of the intra-regional block factorisations
  FactoredColumnSums sums{};  // of A (Type I) or of the bordered B (Type II), kept for the bordered system's
                              // bound and solve_with_changes' (empty where the system's A has changed columns)
  Vector a_sums{};            // Type II: A's column sums, as sums of the Type I system
  mutable int check_iterations = 0;  // iterations of the productivity check's solve (I - A) v = 1
};

namespace {

// The structured solver's operator change for a direct change of A's columns (none without one), on
// systems of order ld.
solve::StructuredSolver::Change change_term(const std::shared_ptr<const solve::DirectChange>& c, std::size_t ld) {
  if (!c) return {};
  return [c, ld](const double* x, double* y, std::size_t k, bool transposed) { c->add(x, y, k, ld, transposed); };
}

// A largest column sum this close to 1 or above gets the solve instead of the bound: recursive
// summation of n terms errs by at most about n u relative (u = 1.1e-16), under 1e-11 for the
// largest shipped model (n = 37,905), so 1e-9 leaves a wide margin for rounding.
constexpr double bound_margin = 1e-9;

// The column sums 1'(I - A) e_j = 1 - (column sum of A) of the assembled I - A (column-major,
// n x n); `nonnegative` becomes false if an entry of A is negative (an off-diagonal entry of I - A
// above 0, or a diagonal one above 1) or not finite (no bound for a column holding NaN or inf).
// Column j's sum, and whether it keeps A >= 0 (see column_sums_of_ima).
double column_sum_of_ima(const double* ima, std::size_t n, std::size_t j, bool& nonnegative) {
  const auto col = linalg::MapC(ima + j * n, Eigen::Index(n), 1).col(0);
  const Eigen::Index J = Eigen::Index(j), N = Eigen::Index(n);
  if (!col.allFinite() || col(J) > 1.0 || (J > 0 && col.head(J).maxCoeff() > 0.0) || (J + 1 < N && col.tail(N - J - 1).maxCoeff() > 0.0))
    nonnegative = false;
  return col.sum();
}

Vector column_sums_of_ima(const double* ima, std::size_t n, bool& nonnegative) {
  Vector t(n);
  for (std::size_t j = 0; j < n; ++j) t[j] = column_sum_of_ima(ima, n, j, nonnegative);
  return t;
}

// Column sums of A from those of I - A, where A >= 0; else null (no bound).
std::shared_ptr<const Vector> sums_of_a(const Vector& t, bool nonnegative) {
  if (!nonnegative) return nullptr;
  auto sums = std::make_shared<Vector>(t.size());
  for (std::size_t j = 0; j < t.size(); ++j) (*sums)[j] = 1.0 - t[j];
  return sums;
}

// The largest of the sums, or -1 (no bound) without sums or with a sum that is not finite.
double largest(const Vector* sums) {
  if (!sums || sums->empty()) return -1.0;
  double top = -1.0;
  for (const double s : *sums) {
    if (!std::isfinite(s)) return -1.0;
    top = std::max(top, s);
  }
  return top;
}

// The Collatz-Wielandt bound on a non-negative B of order N (docs/methodology.md, section 3) with the
// weights w = (1 + 1'B) / 2 > 0, from B's column sums: rho(B) <= max_j (w'B)_j / w_j, one product
// with B' (O(R S^2 + R^2 S) factored). -1 (no bound) if a weighted sum is not finite.
// `kept` receives w and y = B'w (Leontief::WeightedCheck), for changed tables' bounds.
double weighted_bound(const Vector& sums, const std::function<void(const double*, double*)>& transposed_product,
                      std::vector<double>* kept_w = nullptr, std::vector<double>* kept_y = nullptr) {
  const std::size_t N = sums.size();
  std::vector<double> w(N), y(N);
  for (std::size_t j = 0; j < N; ++j) w[j] = 0.5 * (1.0 + sums[j]);
  transposed_product(w.data(), y.data());
  if (kept_w) *kept_w = w;
  if (kept_y) *kept_y = y;
  double top = -1.0;
  for (std::size_t j = 0; j < N; ++j) {
    const double r = y[j] / w[j];
    if (!std::isfinite(r)) return -1.0;
    top = std::max(top, r);
  }
  return top;
}

bool nonnegative(const Matrix& m) {
  return std::all_of(m.data(), m.data() + m.rows() * m.cols(), [](double v) { return v >= 0; });
}

// Type II is productive if Type I is, with A >= 0, H_r >= 0 and H_c >= 0, and S = I - H_r (I - A)^-1 H_c
// has S^-1 >= 0, i.e. (the Collatz-Wielandt bound on G = H_r (I - A)^-1 H_c >= 0, section 3) the
// solution v of S v = 1 is positive: then every block of (I - B)^-1 (docs/methodology.md,
// section 3) is a sum of products of non-negative matrices. An R x R solve instead of an order n one.
bool household_block_productive(const Eigen::PartialPivLU<Eigen::MatrixXd>& s, const HouseholdClosure& hc) {
  if (!nonnegative(hc.row) || !nonnegative(hc.col)) return false;
  const Eigen::VectorXd v = s.solve(Eigen::VectorXd::Ones(s.rows()));
  return (v.array() > 0.0).all() && v.allFinite();
}

}  // namespace

Leontief::~Leontief() = default;
Leontief::Leontief(Leontief&&) noexcept = default;
Leontief& Leontief::operator=(Leontief&&) noexcept = default;

Leontief::Leontief(const Model& m, Closure closure, Solver solver) : closure_(Closure::type_i) {
  sectors_ = size_ = m.num_sectors();
  const std::size_t n = sectors_;
  const bool structured = solver == Solver::structured || (solver == Solver::automatic && n > structured_threshold);
  if (m.factored()) {  // a large regionalised model: its coefficients are already factored
    if (solver == Solver::dense)
      throw ModelError("model '" + m.id + "' keeps its flows in factored form (n = " + std::to_string(n) +
                       "): it is solved by the structured solver, not the dense LU");
    init_structured(m.coefficients, m);
    if (closure == Closure::type_ii) *this = with_households(m);
    return;
  }
  if (structured && m.z.rows() != n) throw Error("Leontief: model '" + m.id + "' was loaded without its flows (z)");
  if (structured) {
    auto a = std::make_shared<MrioStructure>();
    if (factor_coefficients(m, *a)) {
      init_structured(std::move(a), m);
      if (closure == Closure::type_ii) *this = with_households(m);
      return;
    }
    if (solver == Solver::structured)
      throw ModelError("model '" + m.id + "': the structured solver needs coefficients in factored form (docs/methodology.md, "
                       "\"The structured solver\"), and this model's Z does not have it: use the dense solver");
  }
  const auto& kept = m.cache_facts.get();
  if (kept_factors_usable(m)) {
    impl_ = std::make_shared<const Impl>(kept);  // factorised by this code when the cache was written
    if (kept->a_column_sums.size() == n) sums_ = std::make_shared<const Vector>(kept->a_column_sums);  // as it computed them
    factorise_and_check("model '" + m.id + "' (Type I)", "", largest(sums_.get()));
    if (closure == Closure::type_ii) *this = with_households(m);
    return;
  }
  if (m.z.rows() != n) throw Error("Leontief: model '" + m.id + "' was loaded without its flows (z)");
  auto impl = std::make_shared<Impl>(n);
  // I - A column by column, each summed while it is in cache: one pass over Z and I - A.
  bool nonnegative = true;
  Vector t(n);
  for (std::size_t j = 0; j < n; ++j) {
    double* col = impl->data + j * n;
    std::fill(col, col + n, 0.0);
    col[j] = 1.0;
    const double x = m.output[j];
    if (x > 0) {  // a sector with no output buys nothing: its column of A is zero
      const double inv = 1.0 / x;
      const double* zc = m.z.data() + j * n;
      for (std::size_t i = 0; i < n; ++i) col[i] -= zc[i] * inv;
    }
    t[j] = column_sum_of_ima(impl->data, n, j, nonnegative);
  }
  // Columns of A summing to 1 or more, named in the error if the system proves unproductive.
  std::string hint;
  int listed = 0;
  for (std::size_t j = 0; j < n && listed < 5; ++j) {
    const double s = t[j];  // 1'(I - A) e_j = 1 - (column sum of A)
    if (s <= 0.0)
      hint += std::string(listed++ ? ", " : "; columns of A summing to 1 or more: ") + m.sector_label(j) + " (" +
              text::sig(1.0 - s, 6) + ")";
  }
  sums_ = sums_of_a(t, nonnegative);
  impl->factorise();
  impl_ = std::move(impl);
  factorise_and_check("model '" + m.id + "' (Type I)", hint, largest(sums_.get()));
  if (closure == Closure::type_ii) *this = with_households(m);
}

Leontief::Leontief(const Model& m, std::shared_ptr<const MrioStructure> a, Closure closure) : closure_(Closure::type_i) {
  if (!a || a->regions != m.num_regions() || a->industries != m.num_industries())
    throw Error("Leontief: the factored coefficients do not match the model's regions and industries");
  sectors_ = size_ = m.num_sectors();
  init_structured(std::move(a), m);
  if (closure == Closure::type_ii) *this = with_households(m);
}

void Leontief::init_structured(std::shared_ptr<const MrioStructure> a, const Model& m) {
  std::string hint;
  int listed = 0;
  const FactoredColumnSums factored = factored_column_sums(*a, nullptr);
  const Vector& sums = factored.sums;
  for (std::size_t j = 0; j < sums.size() && listed < 5; ++j)
    if (sums[j] >= 1.0)
      hint += std::string(listed++ ? ", " : "; columns of A summing to 1 or more: ") + m.sector_label(j) + " (" +
              text::sig(sums[j], 6) + ")";
  const auto t0 = std::chrono::steady_clock::now();
  try {
    auto st = std::make_shared<Structured>(Structured{solve::StructuredSolver(std::move(a))});
    st->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    st->sums = factored;
    structured_ = std::move(st);
  } catch (const ModelError& e) {
    throw ModelError("model '" + m.id + "' (Type I): " + e.what() + hint);
  }
  factorise_and_check("model '" + m.id + "' (Type I)", hint, factored.nonnegative ? largest(&sums) : -1.0);
}

Leontief Leontief::with_households(const Model& m, std::shared_ptr<const HouseholdStructure> h) const {
  if (closure_ != Closure::type_i || sectors_ != m.num_sectors() || !structured_)
    throw Error("Leontief::with_households: needs the model's own Type I system on the structured solver");
  return bordered(m, std::move(h));
}

// Type II on the structured solver as one bordered system: GMRES on (I - B), B = [A C; H 0].
Leontief Leontief::bordered(const Model& m, std::shared_ptr<const HouseholdStructure> h) const {
  const std::size_t R = m.num_regions(), S = m.num_industries();
  std::string hint;
  for (std::size_t r = 0; r < R && h && h->own.size() == R * S && h->bought.size() == R * S; ++r) {
    double c = 0;
    for (std::size_t i = 0; i < S; ++i) c += h->own[r * S + i] + h->bought[r * S + i];
    if (c >= 1) hint += std::string(hint.empty() ? "; households spending all their income or more in: " : ", ") +
                        m.regions[r].code + " (" + text::sig(c, 4) + ")";
  }
  // of B, A's part kept from the Type I system where it has A's own (no changed columns)
  const bool own_sums = !update_ && !change_ && structured_->sums.sums.size() == sectors_;
  const FactoredColumnSums factored =
      factored_column_sums(structured_->solver.structure(), h.get(), own_sums ? &structured_->sums : nullptr);
  Leontief out;
  out.closure_ = Closure::type_ii;
  out.sectors_ = sectors_;
  out.size_ = sectors_ + R;
  out.change_ = change_;  // a direct change of A's columns: the same D, zero in the household rows
  const auto t0 = std::chrono::steady_clock::now();
  try {
    auto st = std::make_shared<Structured>(Structured{solve::StructuredSolver(structured_->solver, std::move(h))});
    st->seconds = structured_->seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (own_sums) st->sums = factored, st->a_sums = structured_->sums.sums;
    out.structured_ = std::move(st);
  } catch (const ModelError& e) {
    throw ModelError("model '" + m.id + "' (Type II): " + e.what() + hint);
  }
  // The bound is of the base's B: a system with changed columns (update_ or change_) gets the solve.
  // B's plain column sums exceed 1 on the shipped tables (docs/methodology.md, section 3): the
  // weighted ones are tried before the solve.
  const bool base_sums = factored.nonnegative && !update_ && !change_;
  double bound = base_sums ? largest(&factored.sums) : -1.0;
  bool weighted = false;
  auto kept = std::make_shared<WeightedCheck>();
  if (base_sums && bound > 1.0 - bound_margin) {
    const solve::StructuredSolver& bs = out.structured_->solver;
    bound = weighted_bound(
        factored.sums, [&bs](const double* w, double* y) { multiply(bs.structure(), *bs.households(), w, y, 1, true); },
        &kept->w, &kept->y);
    weighted = true;
  }
  out.factorise_and_check("model '" + m.id + "' (Type II)", hint, bound, weighted);
  if (weighted && bound >= 0 && bound <= 1.0 - bound_margin) out.check_w_ = std::move(kept);
  if (!update_) return out;
  // Changed columns of A (with_changed_coefficients): the same change of B's industry columns,
  // zero in the household rows, as a rank-k update of the bordered system.
  const std::size_t k = update_->cols().size(), N = out.size_;
  Matrix d(N, k, 0.0);
  for (std::size_t q = 0; q < k; ++q)
    for (std::size_t i = 0; i < sectors_; ++i) d(i, q) = update_->change()(i, q);
  out.update_ = solve::ColumnUpdate::make(update_->cols(), std::move(d),
                                          [&out](double* b, std::size_t c) { out.base_solve(b, c); }, update_rcond_min);
  if (!out.update_)
    throw ModelError("model '" + m.id + "' (Type II) with changed columns of A is too close to singular for a rank-k "
                     "update of the structured solver (docs/methodology.md, \"Local procurement\")" + hint);
  out.factorise_and_check("model '" + m.id + "' (Type II)", hint);
  return out;
}

namespace {

// Household spending at or above income makes S singular or the inverse negative: the regions where
// it does, for the errors of the Type II checks.
std::string spending_hint(const Model& m, const HouseholdClosure& hc) {
  std::string hint;
  for (std::size_t r = 0; r < m.num_regions(); ++r) {
    double c = 0;
    for (std::size_t i = 0; i < hc.col.rows(); ++i) c += hc.col(i, r);
    if (c >= 1) hint += std::string(hint.empty() ? "; households spending all their income or more in: " : ", ") +
                        m.regions[r].code + " (" + text::sig(c, 4) + ")";
  }
  return hint;
}

// Productive if the solution v of (I - A) v = 1 is positive (factorise_and_check).
void check_positive(const std::string& what, const Matrix& v, const std::string& hint) {
  for (std::size_t i = 0; i < v.rows(); ++i)
    if (!(v(i, 0) > 0.0) || !std::isfinite(v(i, 0)))
      throw ModelError(what + " is not productive: (I - A)^-1 is not non-negative (the solution of (I - A) v = 1 is " +
                       text::sig(v(i, 0), 6) + " at position " + std::to_string(i + 1) + ")" + hint);
}

}  // namespace

Leontief Leontief::with_households(const Model& m) const {
  if (closure_ != Closure::type_i || sectors_ != m.num_sectors())
    throw Error("Leontief::with_households: needs the model's own Type I system");
  if (structured_)
    return bordered(m, std::make_shared<const HouseholdStructure>(factor_households(m, structured_->solver.structure())));
  return dense_households(m, nullptr);
}

Leontief Leontief::with_households(const Model& m, const Leontief& base) const {
  const bool shares = !structured_ && base.households_ && !base.update_ && base.impl_ == impl_ && base.sectors_ == sectors_;
  if (closure_ != Closure::type_i || sectors_ != m.num_sectors() || !shares) return with_households(m);
  return dense_households(m, base.households_.get());
}

Leontief Leontief::with_households(const Model& m, const HouseholdClosure& hc, Matrix w) const {
  const std::size_t n = sectors_, R = m.num_regions();
  if (closure_ != Closure::type_i || structured_ || update_ || !impl_ || n != m.num_sectors() || hc.col.rows() != n ||
      hc.col.cols() != R || w.rows() != n || w.cols() != R)
    throw Error("Leontief::with_households: needs the model's own dense Type I system, its closure and W of n x R");
  return dense_households(m, nullptr, &hc, &w);
}

// Type II on the dense LU by W = (I - A)^-1 Hc. With `base` (the Type II system of the factorisation
// this system updates) and the same Hc bit for bit, W is the base's W with this system's rank-k
// correction: type_i_solve is the base solve and then that correction, so the bits are those of
// solving W again, without the R solves.
// With `given` and `w` (with_households(m, hc, w)), W is the caller's.
Leontief Leontief::dense_households(const Model& m, const Households* base, const HouseholdClosure* given,
                                    Matrix* w) const {
  const HouseholdClosure hc = given ? *given : household_closure(m);
  const std::size_t n = sectors_, R = m.num_regions();
  auto hh = std::make_shared<Households>();
  hh->hr = hc.row;
  hh->hc = hc.col;
  const std::size_t cells = n * R;
  if (w) {
    hh->w = std::move(*w);
  } else if (base && base->hc.rows() == n && base->hc.cols() == R &&
      std::memcmp(base->hc.data(), hh->hc.data(), cells * sizeof(double)) == 0) {
    hh->w = base->w;
    if (update_) update_->correct(hh->w.data(), R);
  } else if (const ModelCacheFacts* kept = impl_ && !update_ ? impl_->kept.get() : nullptr;
             kept && kept->type_ii_hc.rows() == n && kept->type_ii_hc.cols() == R && kept->type_ii_w.rows() == n &&
             kept->type_ii_w.cols() == R && std::memcmp(kept->type_ii_hc.data(), hh->hc.data(), cells * sizeof(double)) == 0) {
    hh->w = kept->type_ii_w;  // solved with these very factors when the cache was written, for this Hc
  } else {
    hh->w = solve(hh->hc);
  }
  const Eigen::MatrixXd s = identity_less_product(linalg::view(std::as_const(hh->hr)), linalg::view(std::as_const(hh->w)));
  hh->s.compute(s);
  hh->st.compute(s.transpose());
  Leontief out;
  out.impl_ = impl_;
  out.structured_ = structured_;
  out.update_ = update_;
  out.households_ = std::move(hh);
  out.sums_ = sums_;  // A's, for factors()
  out.closure_ = Closure::type_ii;
  out.sectors_ = n;
  out.size_ = n + R;
  const std::string hint = spending_hint(m, hc);
  if (!(std::abs(out.households_->s.determinant()) > 1e-14))
    throw ModelError("model '" + m.id + "' (Type II) is singular: the household closure has no solution" + hint);
  if (sums_ && household_block_productive(out.households_->s, hc)) {  // A >= 0, and this Type I system productive
    out.productive_by_ = "household block: Type I productive and S^-1 1 > 0 (R = " + std::to_string(R) + ")";
    return out;
  }
  out.factorise_and_check("model '" + m.id + "' (Type II)", hint);
  return out;
}

// with_households' checks from G = H_r (I - A)^-1: S = I - G H_c, and the solution of (I - B) v = 1
// by the bordered formulas, h = S^-1 (1 + H_r (I - A)^-1 1) = S^-1 (1 + G 1) and
// x = (I - A)^-1 (1 + H_c h) (W h = (I - A)^-1 H_c h): one solve instead of the R of W.
void Leontief::check_households(const Model& m, const Matrix& g) const {
  const std::size_t n = sectors_, R = m.num_regions();
  if (closure_ != Closure::type_i || structured_ || households_ || n != m.num_sectors() || g.rows() != R || g.cols() != n)
    throw Error("Leontief::check_households: needs the model's own dense Type I system and G of R x n");
  const HouseholdClosure hc = household_closure(m);
  const std::string what = "model '" + m.id + "' (Type II)", hint = spending_hint(m, hc);
  const linalg::MapC gv = linalg::view(g), hcv = linalg::view(hc.col);
  const Eigen::MatrixXd s = Eigen::MatrixXd::Identity(Eigen::Index(R), Eigen::Index(R)) - gv.lazyProduct(hcv);
  const Eigen::PartialPivLU<Eigen::MatrixXd> lu(s);
  if (!(std::abs(lu.determinant()) > 1e-14)) throw ModelError(what + " is singular: the household closure has no solution" + hint);
  if (sums_ && household_block_productive(lu, hc)) return;  // as with_households
  const Eigen::VectorXd h = lu.solve((gv.rowwise().sum().array() + 1.0).matrix());
  Matrix v(n + R, 1, 1.0);
  linalg::MapM(v.data(), Eigen::Index(n), 1) += hcv.lazyProduct(h);
  type_i_solve(v.data(), 1);
  for (std::size_t r = 0; r < R; ++r) v(n + r, 0) = h(Eigen::Index(r));
  check_positive(what, v, hint);
}

std::optional<Leontief> Leontief::with_changed_columns(const Model& base, const Model& changed,
                                                      const std::vector<std::size_t>& cols) const {
  const std::size_t n = sectors_, k = cols.size();
  if (base.num_sectors() != n || changed.num_sectors() != n || changed.z.rows() != n)
    throw Error("Leontief::with_changed_columns: needs the base model's own dense Type I system and the changed z");
  Matrix z(n, k);
  for (std::size_t q = 0; q < k; ++q) {
    if (cols[q] >= n || base.output[cols[q]] != changed.output[cols[q]])
      throw Error("Leontief::with_changed_columns: column " + std::to_string(cols[q]) + " is outside or its output differs");
    std::copy(changed.z.data() + cols[q] * n, changed.z.data() + (cols[q] + 1) * n, z.data() + q * n);
  }
  return with_changed_columns(base, z, cols);
}

namespace {

// What with_changed_columns reads from the changed columns of Z: D, their change of A (n x k); the
// changed columns of A summing to 1 or more, for the errors; and A's column sums with the changed
// columns' own where every changed entry stays non-negative (the base's sums given), else null.
struct ColumnsChange {
  Matrix d;
  std::string hint;
  std::shared_ptr<Vector> sums;
};

ColumnsChange columns_change(const Model& base, const Matrix& changed, const std::vector<std::size_t>& cols,
                             const Vector* base_sums) {
  const std::size_t n = base.num_sectors(), k = cols.size();
  if (changed.rows() != n || changed.cols() != k)
    throw Error("Leontief::with_changed_columns: needs the base model's own dense Type I system and n x k columns");
  for (const std::size_t j : cols)
    if (j >= n) throw Error("Leontief::with_changed_columns: column " + std::to_string(j) + " is outside A");
  const Matrix before = base.z_columns(cols);  // from z, or read from the model cache (Error if neither)
  ColumnsChange c{Matrix(n, k), "", base_sums ? std::make_shared<Vector>(*base_sums) : nullptr};
  for (std::size_t q = 0; q < k; ++q) {
    const std::size_t j = cols[q];
    const double x = base.output[j];
    if (x <= 0) continue;  // a sector with no output buys nothing: no change to its column of A
    double sum = 0;
    bool nonnegative = true;
    for (std::size_t i = 0; i < n; ++i) {
      c.d(i, q) = changed(i, q) / x - before(i, q) / x;
      sum += changed(i, q) / x;
      nonnegative = nonnegative && changed(i, q) >= 0;
    }
    if (sum >= 1.0) c.hint += std::string(c.hint.empty() ? "; columns of A summing to 1 or more: " : ", ") +
                              base.sector_label(j) + " (" + text::sig(sum, 6) + ")";
    if (!nonnegative) c.sums = nullptr;
    if (c.sums) (*c.sums)[j] = sum;
  }
  return c;
}

}  // namespace

std::optional<Leontief> Leontief::with_changed_columns(const Model& base, const Matrix& changed,
                                                      const std::vector<std::size_t>& cols) const {
  if (closure_ != Closure::type_i || !impl_ || update_ || base.num_sectors() != sectors_)
    throw Error("Leontief::with_changed_columns: needs the base model's own dense Type I system and n x k columns");
  ColumnsChange c = columns_change(base, changed, cols, sums_.get());
  return updated(base, cols, std::move(c.d), c.hint, std::move(c.sums));
}

std::vector<std::optional<Leontief>> Leontief::with_changed_columns(const Model& base, const std::vector<Matrix>& changed,
                                                                   const std::vector<std::vector<std::size_t>>& cols,
                                                                   Matrix& b) const {
  const std::size_t n = sectors_, tables = changed.size();
  if (closure_ != Closure::type_i || !impl_ || update_ || base.num_sectors() != n || cols.size() != tables ||
      (b.cols() > 0 && b.rows() != n))
    throw Error("Leontief::with_changed_columns: needs the base model's own dense Type I system, one set of columns a "
                "table and n rows to solve");
  std::vector<ColumnsChange> change;
  std::size_t width = b.cols();
  bool ones = false;  // some table's check solves (I - A') v = 1, which starts with (I - A)^-1 1
  for (std::size_t t = 0; t < tables; ++t) {
    change.push_back(columns_change(base, changed[t], cols[t], sums_.get()));
    width += cols[t].size();
    const double top = largest(change.back().sums.get());
    ones = ones || !(top >= 0 && top <= 1.0 - bound_margin);
  }
  // One solve of [D_1 ... D_T b 1]: the factors are read once for every table, not once a table.
  Matrix all(n, width + (ones ? 1 : 0));
  double* at = all.data();
  for (std::size_t t = 0; t < tables; ++t) at = std::copy(change[t].d.data(), change[t].d.data() + n * cols[t].size(), at);
  at = std::copy(b.data(), b.data() + n * b.cols(), at);
  if (ones) std::fill(at, at + n, 1.0);
  base_solve(all.data(), all.cols());
  std::copy(at - n * b.cols(), at, b.data());
  // The tables' checks start from this call's (I - A)^-1 1, as their Z does from its columns; it is
  // not kept for other systems (Impl::ones), whose checks take base_solve's one-column solve: its
  // kernels round otherwise, and the kept bits would depend on which solve asked first.
  const double* ones_solved = ones ? at : nullptr;
  std::vector<std::optional<Leontief>> out;
  const double* solved = all.data();
  for (std::size_t t = 0; t < tables; ++t) {
    out.push_back(updated(base, cols[t], std::move(change[t].d), change[t].hint, std::move(change[t].sums), solved,
                          ones_solved));
    solved += n * cols[t].size();
  }
  return out;
}

Matrix Leontief::solve_from_base(Matrix u) const {
  if (closure_ != Closure::type_i || structured_ || u.rows() != sectors_)
    throw Error("Leontief::solve_from_base: needs a dense Type I system and n x k columns");
  if (update_) update_->correct(u.data(), u.cols());
  return u;
}

std::optional<Leontief> Leontief::with_changed_coefficients(const Model& m, const std::vector<std::size_t>& cols,
                                                            Matrix d, ChangeMethod method) const {
  return changed(m, cols, std::move(d), method, nullptr);
}

std::optional<Leontief> Leontief::with_changed_coefficients(const Model& m, const std::vector<std::size_t>& cols,
                                                            Matrix d, Matrix& b) const {
  if (b.rows() != size_) throw Error("Leontief::with_changed_coefficients: right-hand side has the wrong number of rows");
  return changed(m, cols, std::move(d), ChangeMethod::direct, &b);
}

std::optional<Leontief> Leontief::changed(const Model& m, const std::vector<std::size_t>& cols, Matrix d,
                                          ChangeMethod method, Matrix* b) const {
  const std::size_t n = sectors_, k = cols.size();
  if ((closure_ != Closure::type_i && !bordered()) || update_ || change_ || m.num_sectors() != n || d.rows() != n ||
      d.cols() != k)
    throw Error("Leontief::with_changed_coefficients: needs the model's own Type I or bordered system and an n x k change");
  // Changed columns of A summing to 1 or more, named if the changed system proves unproductive.
  std::string hint;
  const Vector sums = structured_ ? column_sums(structured_->solver.structure()) : Vector(n, 0.0);
  for (std::size_t q = 0; q < k; ++q) {
    if (cols[q] >= n) throw Error("Leontief::with_changed_coefficients: column " + std::to_string(cols[q]) + " is outside A");
    double sum = sums[cols[q]];
    for (std::size_t i = 0; i < n; ++i) sum += d(i, q);
    if (structured_ && sum >= 1.0) hint += std::string(hint.empty() ? "; columns of A summing to 1 or more: " : ", ") +
                                           m.sector_label(cols[q]) + " (" + text::sig(sum, 6) + ")";
  }
  if (structured_ && method == ChangeMethod::direct)
    return changed_directly(m, std::make_shared<const solve::DirectChange>(cols, std::make_shared<const Matrix>(std::move(d))),
                            hint, b);
  if (size_ > n) {  // the bordered Type II system: no change in the household rows
    Matrix padded(size_, k, 0.0);
    for (std::size_t q = 0; q < k; ++q) std::copy(d.data() + q * n, d.data() + (q + 1) * n, padded.data() + q * size_);
    d = std::move(padded);
  }
  std::optional<Leontief> out = updated(m, cols, std::move(d), hint);
  if (out && b) *b = out->solve(*b);
  return out;
}

std::optional<Leontief> Leontief::with_scaled_change(const Model& m, double factor) const {
  if (change_) return changed_directly(m, change_->scaled(factor), "", nullptr);
  if (!update_ || households_)
    throw Error("Leontief::with_scaled_change: needs a system with changed columns and no dense household border");
  auto up = update_->scaled(factor, update_rcond_min);
  if (!up) return std::nullopt;
  Leontief out;
  out.impl_ = impl_, out.structured_ = structured_, out.households_ = households_;
  out.update_ = std::move(up);
  out.closure_ = closure_, out.size_ = size_, out.sectors_ = sectors_;
  out.factorise_and_check("model '" + m.id + "' (Type " + to_string(closure_) + ")", "");
  return out;
}

std::optional<Leontief> Leontief::updated(const Model& m, const std::vector<std::size_t>& cols, Matrix d,
                                          const std::string& hint, std::shared_ptr<const Vector> sums,
                                          const double* solved, const double* ones_solved) const {
  const std::size_t n = d.rows();
  auto up = solve::ColumnUpdate::make(cols, std::move(d),
                                      [this, solved, n](double* b, std::size_t k) {
                                        if (solved) std::copy(solved, solved + n * k, b);  // solved by the caller
                                        else base_solve(b, k);
                                      },
                                      update_rcond_min);
  if (!up) return std::nullopt;
  Leontief out;
  out.impl_ = impl_;
  out.structured_ = structured_;
  out.update_ = std::move(up);
  out.closure_ = closure_;
  out.sectors_ = sectors_;
  out.size_ = size_;
  out.sums_ = closure_ == Closure::type_i ? std::move(sums) : nullptr;
  out.factorise_and_check("model '" + m.id + "' (Type " + to_string(closure_) + ")", hint, largest(out.sums_.get()), false,
                          ones_solved);
  return out;
}

// The structured system with A's columns changed by c inside the GMRES steps. Its productivity check
// is factorise_and_check's, with b's columns solved in the same run, except that a solve that does
// not converge returns nullopt, as the rank-k update declines a near-singular capacitance matrix:
// the caller's error is then the same.
std::optional<Leontief> Leontief::changed_directly(const Model& m, std::shared_ptr<const solve::DirectChange> c,
                                                   const std::string& hint, Matrix* b) const {
  Leontief out;
  out.structured_ = structured_;
  out.change_ = std::move(c);
  out.closure_ = closure_;
  out.sectors_ = sectors_;
  out.size_ = size_;
  out.productive_by_ = "solve of (I - A) v = 1";
  const std::size_t extra = b ? b->cols() : 0;
  Matrix v(size_, 1 + extra, 1.0);  // (I - A') v = 1, then b
  if (b) std::copy(b->data(), b->data() + size_ * extra, v.data() + size_);
  try {
    out.base_solve(v.data(), 1 + extra);
  } catch (const ModelError&) {
    return std::nullopt;
  }
  check_positive("model '" + m.id + "' (Type " + to_string(closure_) + ")", v, hint);
  if (b) std::copy(v.data() + size_, v.data() + size_ * (1 + extra), b->data());
  return out;
}

namespace {

// Change g's columns as applied (DirectChanges::column, its factor included), each read once: the sum
// of its entries, w' times it (where w is given), and whether every entry of A + the change (ac: the
// changed columns of A) is non-negative and finite. Eight partial sums so that the loop runs on
// vectors: a rounding of n terms either way, which the bounds' margin (bound_margin, 1e-9) covers.
struct ChangedColumns {
  std::vector<double> sum, weighted;
  std::vector<char> nonnegative;
};

// Column q of a change (d, n entries as applied) beside A's column (a): its sum, whether A + d stays
// non-negative and finite, and w' d for each of `ws` (null: no weights, 0).
void changed_column(const double* d, const double* a, std::size_t n, const std::vector<const std::vector<double>*>& ws,
                    double& sum, std::vector<double*> weighted, char& nonnegative) {
  constexpr std::size_t lanes = 8;
  double s[lanes] = {};
  bool bad = false;
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes)
    for (std::size_t l = 0; l < lanes; ++l) {
      s[l] += d[i + l];
      bad |= !(a[i + l] + d[i + l] >= 0);
    }
  for (; i < n; ++i) s[0] += d[i], bad |= !(a[i] + d[i] >= 0);
  for (std::size_t v = 0; v < ws.size(); ++v) {
    double t[lanes] = {};
    if (ws[v]) {
      const std::vector<double>& w = *ws[v];
      for (i = 0; i + lanes <= n; i += lanes)
        for (std::size_t l = 0; l < lanes; ++l) t[l] += w[i + l] * d[i + l];
      for (; i < n; ++i) t[0] += w[i] * d[i];
    }
    for (std::size_t l = 0; l < lanes; ++l) *weighted[v] += t[l];
  }
  for (std::size_t l = 0; l < lanes; ++l) sum += s[l];
  nonnegative = !bad && std::isfinite(sum);
}

ChangedColumns changed_columns(const solve::DirectChanges& cs, std::size_t g, const Matrix& ac, const std::vector<double>* w) {
  const solve::DirectChange& c = cs.change(g);
  const std::size_t k = c.cols().size(), n = c.rows();
  ChangedColumns out{std::vector<double>(k, 0.0), std::vector<double>(k, 0.0), std::vector<char>(k, 1)};
  std::vector<double> d(n);
  for (std::size_t q = 0; q < k; ++q) {
    cs.column(g, q, d.data());
    changed_column(d.data(), ac.data() + q * ac.rows(), n, {w}, out.sum[q], {&out.weighted[q]}, out.nonnegative[q]);
  }
  return out;
}

// The column-sum bound (docs/methodology.md, section 3) of the base system with a change of A's
// columns `cols` (cc: changed_columns): the largest column sum of A' (of B' when `sums` are the
// bordered B's) where the base's factors are non-negative (base_top >= 0) and so is every changed
// entry, else -1. `hint` names the changed columns of A' summing to 1 or more (a_sums: the base's
// column sums of A), as Leontief::changed does.
double changed_bound(const Model& m, const std::vector<std::size_t>& cols, const ChangedColumns& cc, double base_top,
                     const Vector& sums, const Vector& a_sums, std::string& hint, bool& changed_nonnegative) {
  double top = base_top;
  for (std::size_t q = 0; q < cols.size(); ++q) {
    const std::size_t j = cols[q];
    const double ds = cc.sum[q];
    if (a_sums[j] + ds >= 1.0)
      hint += std::string(hint.empty() ? "; columns of A summing to 1 or more: " : ", ") + m.sector_label(j) + " (" +
              text::sig(a_sums[j] + ds, 6) + ")";
    changed_nonnegative = changed_nonnegative && cc.nonnegative[q];
    if (!cc.nonnegative[q]) top = -1.0;
    if (top >= 0) top = std::max(top, sums[j] + ds);
  }
  return top;
}

// Collatz-Wielandt (Horn and Johnson, "Matrix Analysis", 2nd ed., 2013, §8.1.26): for B' >= 0 and
// v > 0 with B'v < v entry by entry, the spectral radius of B' is at most max_i (B'v)_i / v_i < 1,
// so (I - B')^-1 = sum B'^k >= 0 exists. True when every entry of v - B v - D E'v (bv = B v)
// exceeds bound_margin max(v): B'v's rounding (n terms) stays below n u max(v), under 1e-11 of it.
// The same theorem on B' (Horn and Johnson, §8.1.26, applied to the transpose): for B + D >= 0 and
// w > 0 with w'(B + D) < w', rho(B + D) <= max_j (w'(B + D))_j / w_j < 1. The base's weighted bound
// (weighted_bound) already has (w'B)_j <= (1 - bound_margin) w_j for every column j; the change alters
// only its columns `cols`, each by w'd_q (cc.weighted, changed_columns with w), so only those are
// checked: O(n k) a table, no solve.
bool below_weights(const std::vector<double>& w, const std::vector<double>& y, const std::vector<std::size_t>& cols,
                   const ChangedColumns& cc) {
  for (std::size_t q = 0; q < cols.size(); ++q) {
    const std::size_t j = cols[q];
    if (!(y[j] + cc.weighted[q] <= (1.0 - bound_margin) * w[j])) return false;
  }
  return true;
}

bool below_solution(const std::vector<double>& v, const std::vector<double>& bv, const solve::DirectChanges& cs,
                    std::size_t g) {
  const std::size_t ld = v.size();
  std::vector<double> dv(ld, 0.0);
  const std::size_t id = 0;
  cs.add(v.data(), dv.data(), &id, 1, ld, false, {g});
  double top = 0;
  for (const double x : v) top = std::max(top, x);
  for (std::size_t i = 0; i < ld; ++i)
    if (!(v[i] > 0) || !(v[i] - bv[i] - dv[i] > bound_margin * top)) return false;
  return true;
}

}  // namespace

// Every change's ChangedColumns for each of the systems, in their order (Leontief::change_facts).
struct ChangeFacts {
  std::vector<const Leontief*> systems;
  std::vector<std::vector<ChangedColumns>> of;  // [system][change]
};

std::shared_ptr<const ChangeFacts> Leontief::change_facts(const solve::DirectChanges& changes,
                                                          const std::vector<const Leontief*>& systems) {
  if (systems.empty()) return nullptr;
  const MrioStructure* a = nullptr;
  for (const Leontief* sys : systems) {
    if (!sys || !sys->structured_ || sys->update_ || sys->change_) return nullptr;
    const MrioStructure* its = &sys->structured_->solver.structure();
    if (a && its != a) return nullptr;
    a = its;
  }
  const std::size_t G = changes.size(), V = systems.size(), n = a->regions * a->industries;
  std::vector<const std::vector<double>*> ws(V, nullptr);
  for (std::size_t v = 0; v < V; ++v)
    if (systems[v]->check_w_) ws[v] = &systems[v]->check_w_->w;
  auto out = std::make_shared<ChangeFacts>();
  out->systems = systems;
  out->of.assign(V, std::vector<ChangedColumns>(G));
  // The runs of changes on the same columns (as solve_with_changes reads A's columns once for a run),
  // and every (run, column) pair: A's column is read once for the run's changes.
  std::vector<std::pair<std::size_t, std::size_t>> runs;  // [first change, end)
  for (std::size_t g = 0; g < G; ++g) {
    const std::size_t k = changes.change(g).cols().size();
    if (changes.change(g).rows() != n) return nullptr;
    for (std::size_t v = 0; v < V; ++v)
      out->of[v][g] = ChangedColumns{std::vector<double>(k, 0.0), std::vector<double>(k, 0.0), std::vector<char>(k, 1)};
    if (g == 0 || changes.change(g).cols() != changes.change(g - 1).cols()) runs.emplace_back(g, g + 1);
    else runs.back().second = g + 1;
  }
  std::vector<std::pair<std::size_t, std::size_t>> tasks;  // (run, column)
  for (std::size_t r = 0; r < runs.size(); ++r)
    for (std::size_t q = 0; q < changes.change(runs[r].first).cols().size(); ++q) tasks.emplace_back(r, q);
  std::vector<std::exception_ptr> errors(tasks.size());
#pragma omp parallel
  {
    std::vector<double> d(n);
    std::vector<double*> weighted(V);
#pragma omp for schedule(dynamic, 4)
    for (std::size_t e = 0; e < tasks.size(); ++e) {
      try {
        const auto [r, q] = tasks[e];
        const Matrix ac = solve::coefficient_columns(*a, {changes.change(runs[r].first).cols()[q]});
        for (std::size_t g = runs[r].first; g < runs[r].second; ++g) {
          changes.column(g, q, d.data());
          for (std::size_t v = 0; v < V; ++v) weighted[v] = &out->of[v][g].weighted[q];
          double sum = 0;
          char nonnegative = 1;
          changed_column(d.data(), ac.data(), n, ws, sum, weighted, nonnegative);
          for (std::size_t v = 0; v < V; ++v) out->of[v][g].sum[q] = sum, out->of[v][g].nonnegative[q] = nonnegative;
        }
      } catch (...) {
        errors[e] = std::current_exception();
      }
    }
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  return out;
}

bool Leontief::solve_with_changes(const Model& m, const solve::DirectChanges& changes,
                                  const std::vector<std::size_t>& set, Matrix& b, std::size_t* solved_checks,
                                  const ChangeFacts* facts) const {
  if (!structured_ || (closure_ != Closure::type_i && !bordered()) || update_ || change_ || m.num_sectors() != sectors_ ||
      b.rows() != size_ || set.size() != b.cols())
    throw Error("Leontief::solve_with_changes: needs the model's own structured Type I or bordered system and a "
                "change for each column of b");
  const MrioStructure& a = structured_->solver.structure();
  // the base system's column sums, kept from its construction (computed here only where they were not)
  const bool kept = structured_->sums.sums.size() == size_ && (size_ == sectors_ || structured_->a_sums.size() == sectors_);
  const FactoredColumnSums base = kept ? structured_->sums : factored_column_sums(a, structured_->solver.households());
  const Vector a_sums = size_ == sectors_ ? base.sums : kept ? structured_->a_sums : column_sums(a);
  const double base_top = base.nonnegative ? largest(&base.sums) : -1.0;
  std::vector<std::string> hints(changes.size());
  std::vector<std::size_t> group = set, checked;  // checked: the changes proved productive by a solve
  std::vector<double> bv;  // B v for check_v_, once needed
  Matrix ac;               // the changed columns of A, read once for the tables that share them
  const std::vector<ChangedColumns>* given = nullptr;  // this system's in `facts`
  if (facts)
    for (std::size_t v = 0; v < facts->systems.size(); ++v)
      if (facts->systems[v] == this && facts->of[v].size() == changes.size()) given = &facts->of[v];
  for (std::size_t g = 0; g < changes.size(); ++g) {
    bool nonnegative = base.nonnegative;
    const std::vector<std::size_t>& cols = changes.change(g).cols();
    ChangedColumns read;
    if (!given) {
      if (g == 0 || cols != changes.change(g - 1).cols())  // the tables of a run share their columns
        ac = solve::coefficient_columns(a, cols);
      read = changed_columns(changes, g, ac, check_w_ ? &check_w_->w : nullptr);
    }
    const ChangedColumns& cc = given ? (*given)[g] : read;
    const double bound = changed_bound(m, cols, cc, base_top, base.sums, a_sums, hints[g], nonnegative);
    if (bound >= 0 && bound <= 1.0 - bound_margin) continue;
    if (nonnegative && check_w_ && below_weights(check_w_->w, check_w_->y, cols, cc)) continue;
    if (nonnegative && check_v_) {
      if (bv.empty()) {
        bv.resize(size_);
        if (size_ > sectors_) multiply(a, *structured_->solver.households(), check_v_->data(), bv.data(), 1, false);
        else multiply(a, check_v_->data(), bv.data(), 1, false);
      }
      if (below_solution(*check_v_, bv, changes, g)) continue;
    }
    checked.push_back(g), group.push_back(g);
  }
  timeline::mark(closure_ == Closure::type_i ? "Type I: bounds" : "Type II: bounds");
  if (solved_checks) *solved_checks = checked.size();
  const std::size_t k = b.cols(), all = group.size();
  Matrix v;  // b, then (I - A') v = 1 for each change in `checked`; without checks b is solved in place
  if (!checked.empty()) {
    v = Matrix(size_, all, 1.0);
    std::copy(b.data(), b.data() + size_ * k, v.data());
  }
  double* solved = checked.empty() ? b.data() : v.data();
  const std::size_t ld = size_;
  std::vector<std::size_t> reads;  // the rows of x the changes read: their changed columns
  for (std::size_t g = 0; g < changes.size(); ++g)
    reads.insert(reads.end(), changes.change(g).cols().begin(), changes.change(g).cols().end());
  std::sort(reads.begin(), reads.end());
  reads.erase(std::unique(reads.begin(), reads.end()), reads.end());
  try {
    structured_->solver.solve(
        solved, all, false,
        [&](const double* x, double* y, const std::size_t* ids, std::size_t kc, bool transposed) {
          changes.add(x, y, ids, kc, ld, transposed, group);
        },
        group.data(), &reads);
  } catch (const ModelError&) {
    return false;
  }
  const std::string what = "model '" + m.id + "' (Type " + to_string(closure_) + ")";
  for (std::size_t e = 0; e < checked.size(); ++e) {
    Matrix ve(size_, 1);
    std::copy(v.data() + (k + e) * size_, v.data() + (k + e + 1) * size_, ve.data());
    check_positive(what, ve, hints[checked[e]]);
  }
  if (!checked.empty()) std::copy(v.data(), v.data() + size_ * k, b.data());
  return true;
}

Leontief::Leontief(Matrix&& a) : closure_(Closure::type_i), size_(a.rows()), sectors_(a.rows()) {
  if (a.rows() != a.cols()) throw Error("Leontief: coefficient matrix is not square");
  auto impl = std::make_shared<Impl>(std::move(a));
  auto ima = impl->matrix();
  ima = -ima;
  ima.diagonal().array() += 1.0;
  bool nonnegative = true;
  const Vector t = column_sums_of_ima(impl->data, size_, nonnegative);
  sums_ = sums_of_a(t, nonnegative);
  impl->factorise();
  impl_ = std::move(impl);
  factorise_and_check("coefficient matrix", "", largest(sums_.get()));
}

Leontief::Leontief(const Matrix& a) : closure_(Closure::type_i), size_(a.rows()), sectors_(a.rows()) {
  if (a.rows() != a.cols()) throw Error("Leontief: coefficient matrix is not square");
  auto impl = std::make_shared<Impl>(size_);
  auto ima = impl->matrix();
  ima = -linalg::view(a);
  ima.diagonal().array() += 1.0;
  bool nonnegative = true;
  const Vector t = column_sums_of_ima(impl->data, size_, nonnegative);
  sums_ = sums_of_a(t, nonnegative);
  impl->factorise();
  impl_ = std::move(impl);
  factorise_and_check("coefficient matrix", "", largest(sums_.get()));
}

// Productive (Hawkins-Simon): for A >= 0, (I - A)^-1 exists and is non-negative if and only if the
// solution v of (I - A) v = 1 is strictly positive. One extra solve, no inverse; or none where
// `bound`, the largest column sum of a non-negative A (-1 if unknown), is below 1 by bound_margin:
// then rho(A) <= max column sum < 1 and (I - A)^-1 = sum_k A^k >= 0 (docs/methodology.md, section 3).
void Leontief::factorise_and_check(const std::string& what, const std::string& hint, double bound, bool weighted,
                                   const double* ones_solved) {
  if (impl_ && impl_->info > 0)
    throw ModelError(what + " is singular: (I - A) has a zero pivot at position " + std::to_string(impl_->info) +
                     "; the model is not productive" + hint);
  if (bound >= 0 && bound <= 1.0 - bound_margin) {
    productive_by_ = std::string(weighted ? "weighted column sums of " : "column sums of ") + (size_ > sectors_ ? "B" : "A") +
                     " at most " + text::sig(bound, 6);
    return;
  }
  productive_by_ = "solve of (I - A) v = 1";
  Matrix ones(size_, 1, 1.0);
  Matrix v = ones;
  try {
    if (structured_ && !households_ && !update_ && !change_)
      structured_->check_iterations = structured_->solver.solve(v.data(), 1, false);
    else if (ones_solved && closure_ == Closure::type_i && !households_) {  // (I - A)^-1 1 given: solve()'s first step
      std::copy(ones_solved, ones_solved + size_, v.data());
      if (update_) update_->correct(v.data(), 1);
    } else v = solve(ones);
  } catch (const ModelError& e) {
    throw ModelError(what + ": " + e.what() + hint);
  }
  check_positive(what, v, hint);
  if (structured_) check_v_ = std::make_shared<const std::vector<double>>(v.data(), v.data() + size_);
}

bool Leontief::kept_factors_usable(const Model& m) {
  const ModelCacheFacts* kept = m.cache_facts.get().get();
  const std::size_t n = m.num_sectors();
  return kept && kept->lu_order() == n && kept->pivots.size() == n && kept->blas == blas_configuration();
}

ModelCacheFacts Leontief::factors() const {
  if (!impl_) throw Error("Leontief::factors: a structured system has no LU factors to keep");
  if (update_) throw Error("Leontief::factors: an updated system's LU factors are not its own");
  ModelCacheFacts f;
  f.lu = Matrix(sectors_, sectors_);
  std::copy(impl_->data, impl_->data + sectors_ * sectors_, f.lu.data());
  f.pivots = impl_->ipiv;
  f.blas = blas_configuration();
  if (sums_) f.a_column_sums = *sums_;
  if (households_ && !update_) f.type_ii_w = households_->w, f.type_ii_hc = households_->hc;
  return f;
}

namespace {

// x = (I - A)^-1 b with the LU factors, in place on b (n x k): blocked forward and back substitution
// (solve/lu_solve.cpp), each element's operations fixed whatever k, the other columns of the call
// and the thread count (docs/methodology.md, "Results and the thread count"). The columns are shared
// between the caller's OpenMP threads where it has them and the call has n^2 k > 2e7 (a team costs
// more below); on the calling thread in a sweep's runs (one_thread_bits), inside a parallel region
// and in a batch's workers (one thread each).
void lu_solve(const double* f, const std::vector<int>& ipiv, int n, double* b, int k) {
  if (n <= 0 || k <= 0) return;
  const bool team = !one_thread_bits && !omp_in_parallel() && double(n) * double(n) * double(k) > 2e7;
  solve::lu_solve_columns(f, ipiv.data(), std::size_t(n), b, std::size_t(k), team ? omp_get_max_threads() : 1);
}

// X = C (I - A)^-1 with (I - A) = P L U (dgetrf), P = s_1 s_2 ... s_n the row interchanges:
// solve W U = C, then V L = W (both right-hand triangular solves), then X = V P' = V s_n ... s_1,
// i.e. swap columns of V in reverse order of the interchanges. In place on x (k x n).
// With `lead` (non-decreasing, one per row), row r of x is zero before column lead[r], and so is
// that row of W: the columns [c0, c1) of W involve only the rows with lead < c1, a prefix of the
// rows. W U = C is then solved right-looking over segments of at least 256 columns, each a dtrsm of
// those rows with U's diagonal block and a dgemm updating their later columns; rows with lead d S
// (the multipliers of destination d) use U's trailing block only, about a third of the flops.
void lu_left_solve(const double* f, const std::vector<int>& ipiv, int n, Matrix& x,
                   const std::vector<std::size_t>* lead = nullptr) {
  const int k = int(x.rows());
  if (k == 0 || n == 0) return;
  ThreadedBlas threaded;  // threaded as before: the multipliers' bits are those of OpenBLAS's thread count
  const double one = 1.0, minus_one = -1.0;
  const std::size_t N = std::size_t(n), K = std::size_t(k);
  if (!lead) dtrsm_("R", "U", "N", "N", &k, &n, &one, f, &n, x.data(), &k, 1, 1, 1, 1);
  for (std::size_t c0 = lead ? std::min(lead->front(), N) : N; c0 < N;) {
    constexpr std::size_t min_width = 256;
    std::size_t p = 0;  // the rows with lead < c1
    while (p < K && (*lead)[p] < c0 + min_width) ++p;
    const std::size_t c1 = p < K ? std::min((*lead)[p], N) : N;
    const int rows = int(p), width = int(c1 - c0), rest = int(N - c1);
    dtrsm_("R", "U", "N", "N", &rows, &width, &one, f + c0 + c0 * N, &n, x.data() + c0 * K, &k, 1, 1, 1, 1);
    if (rest > 0)
      dgemm_("N", "N", &rows, &rest, &width, &minus_one, x.data() + c0 * K, &k, f + c0 + c1 * N, &n, &one,
             x.data() + c1 * K, &k, 1, 1);
    c0 = c1;
  }
  dtrsm_("R", "L", "N", "U", &k, &n, &one, f, &n, x.data(), &k, 1, 1, 1, 1);
  for (int i = n - 1; i >= 0; --i) {
    const int p = ipiv[std::size_t(i)] - 1;
    if (p != i)
      for (int r = 0; r < k; ++r) std::swap(x(std::size_t(r), std::size_t(i)), x(std::size_t(r), std::size_t(p)));
  }
}

}  // namespace

double Leontief::factorise_seconds() const { return impl_ ? impl_->seconds : structured_->seconds; }

Solver Leontief::solver() const { return structured_ ? Solver::structured : Solver::dense; }

std::string Leontief::solver_description() const {
  if (!structured_) return "dense LU (n = " + std::to_string(sectors_) + ")";
  const MrioStructure& a = structured_->solver.structure();
  const std::string system = structured_->solver.has_households() ? "bordered Type II system, " : "";
  return "structured (GMRES on the factored coefficients, " + system + "block-Jacobi preconditioned, n = " + std::to_string(sectors_) + ", " +
         std::to_string(a.regions) + " regions x " + std::to_string(a.industries) +
         " industries, relative residual <= 1e-13; " +
         (productive_by_.find("column sums") != std::string::npos ? "productive by the column-sum bound, " + productive_by_ + ", no solve"
                                                      : std::to_string(structured_->check_iterations) + " steps for (I - A) v = 1") +
         ")";
}

std::string Leontief::productive_by() const { return productive_by_; }

// B^-1 b in place on b (size() x k for the structured solver, n x k for the LU), without the update.
void Leontief::base_solve(double* b, std::size_t k) const {
  if (structured_) return void(structured_->solver.solve(b, k, false, change_term(change_, size_)));
  const std::size_t n = sectors_;
  if (k != 1 || !std::all_of(b, b + n, [](double v) { return v == 1.0; }))
    return lu_solve(impl_->data, impl_->ipiv, int(n), b, int(k));
  std::call_once(impl_->ones_once, [&] {  // the same solve, kept (Impl::ones)
    impl_->ones.assign(n, 1.0);
    lu_solve(impl_->data, impl_->ipiv, int(n), impl_->ones.data(), 1);
  });
  std::copy(impl_->ones.begin(), impl_->ones.end(), b);
}

void Leontief::type_i_solve(double* b, std::size_t k) const {
  base_solve(b, k);
  if (update_) update_->correct(b, k);
}

// X = C B^-1 without the update, i.e. X' = B'^-1 C': the structured path solves the transposed system.
void Leontief::base_left_solve(Matrix& x) const {
  if (!structured_) return lu_left_solve(impl_->data, impl_->ipiv, int(sectors_), x);
  const std::size_t k = x.rows(), n = x.cols();  // n + R for the bordered Type II system
  Matrix t(n, k);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t r = 0; r < k; ++r) t(j, r) = x(r, j);
  structured_->solver.solve(t.data(), k, true, change_term(change_, size_));
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t r = 0; r < k; ++r) x(r, j) = t(j, r);
}

void Leontief::type_i_left_solve(Matrix& x) const {
  if (update_) update_->prepare_left(x, [this](Matrix& u) { base_left_solve(u); });
  base_left_solve(x);
}

Matrix Leontief::solve(const Matrix& b) const {
  if (b.rows() != size_) throw Error("Leontief::solve: right-hand side has the wrong number of rows");
  const std::size_t n = sectors_, k = b.cols();
  if (closure_ == Closure::type_i || !households_) {
    Matrix x = b;
    type_i_solve(x.data(), k);
    return x;
  }
  const Households& hh = *households_;
  const std::size_t R = size_ - n;
  Matrix lx(n, k);
  for (std::size_t c = 0; c < k; ++c)
    for (std::size_t i = 0; i < n; ++i) lx(i, c) = b(i, c);
  type_i_solve(lx.data(), k);  // (I - A)^-1 b_x
  Eigen::MatrixXd rhs(static_cast<Eigen::Index>(R), static_cast<Eigen::Index>(k));
  for (std::size_t c = 0; c < k; ++c)
    for (std::size_t r = 0; r < R; ++r) rhs(Eigen::Index(r), Eigen::Index(c)) = b(n + r, c);
  rhs += product(linalg::view(hh.hr), linalg::view(std::as_const(lx)));
  const Eigen::MatrixXd h = hh.s.solve(rhs);
  Matrix x(size_, k);
  auto top = linalg::view(lx);
  top += product(linalg::view(hh.w), h);
  for (std::size_t c = 0; c < k; ++c) {
    for (std::size_t i = 0; i < n; ++i) x(i, c) = lx(i, c);
    for (std::size_t r = 0; r < R; ++r) x(n + r, c) = h(Eigen::Index(r), Eigen::Index(c));
  }
  return x;
}

Matrix Leontief::solve_from_type_i(const Matrix& y, Matrix x1) const {
  const std::size_t n = sectors_, k = y.cols();
  if (y.rows() != n || (households_ && (x1.rows() != n || x1.cols() != k)))
    throw Error("Leontief::solve_from_type_i: needs n x k columns and their Type I solution");
  if (closure_ == Closure::type_i || !households_) {
    Matrix b(size_, k, 0.0);
    for (std::size_t c = 0; c < k; ++c) std::copy(y.data() + c * n, y.data() + (c + 1) * n, b.data() + c * size_);
    const Matrix x = solve(b);
    Matrix out(n, k);
    for (std::size_t c = 0; c < k; ++c) std::copy(x.data() + c * size_, x.data() + c * size_ + n, out.data() + c * n);
    return out;
  }
  // solve()'s steps after its type_i_solve, on x1 in place of (I - A)^-1 b_x (b_h = 0).
  const Households& hh = *households_;
  Eigen::MatrixXd rhs = Eigen::MatrixXd::Zero(Eigen::Index(size_ - n), Eigen::Index(k));
  rhs += product(linalg::view(hh.hr), linalg::view(std::as_const(x1)));
  const Eigen::MatrixXd h = hh.s.solve(rhs);
  auto top = linalg::view(x1);
  top += product(linalg::view(hh.w), h);
  return x1;
}

Matrix Leontief::left_solve(const Matrix& c) const {
  if (c.cols() != size_) throw Error("Leontief::left_solve: left-hand side has the wrong number of columns");
  const std::size_t n = sectors_, k = c.rows();
  if (closure_ == Closure::type_i || !households_) {
    Matrix x = c;
    type_i_left_solve(x);
    return x;
  }
  const Households& hh = *households_;
  const std::size_t R = size_ - n;
  Matrix cx(k, n);
  Eigen::MatrixXd ch(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(R));
  for (std::size_t r = 0; r < k; ++r) {
    for (std::size_t j = 0; j < n; ++j) cx(r, j) = c(r, j);
    for (std::size_t j = 0; j < R; ++j) ch(Eigen::Index(r), Eigen::Index(j)) = c(r, n + j);
  }
  // X_h = (C_h + C_x W) S^-1: solve S' X_h' = (C_h + C_x W)'.
  const Eigen::MatrixXd rhs = ch + linalg::view(cx) * linalg::view(hh.w);
  const Eigen::MatrixXd xh = hh.st.solve(rhs.transpose()).transpose();
  auto cxv = linalg::view(cx);
  cxv += xh * linalg::view(hh.hr);
  type_i_left_solve(cx);
  Matrix x(k, size_);
  for (std::size_t r = 0; r < k; ++r) {
    for (std::size_t j = 0; j < n; ++j) x(r, j) = cx(r, j);
    for (std::size_t j = 0; j < R; ++j) x(r, n + j) = xh(Eigen::Index(r), Eigen::Index(j));
  }
  return x;
}

void Leontief::left_solve_trailing(Matrix& c, const std::vector<std::size_t>& lead) const {
  if (c.cols() != size_ || lead.size() != c.rows())
    throw Error("Leontief::left_solve_trailing: left-hand side or leads of the wrong shape");
  for (std::size_t r = 0; r < c.rows(); ++r) {
    if (r > 0 && lead[r] < lead[r - 1]) throw Error("Leontief::left_solve_trailing: leads must not decrease");
    for (std::size_t j = 0; j < std::min(lead[r], size_); ++j)
      if (c(r, j) != 0.0) throw Error("Leontief::left_solve_trailing: a row is not zero before its lead");
  }
  if (structured_ || households_ || (update_ && !update_->cols().empty()) || c.rows() == 0) return void(c = left_solve(c));
  lu_left_solve(impl_->data, impl_->ipiv, int(sectors_), c, &lead);
}

void Leontief::left_solve_rows(double* rows, std::size_t k) const {
  if (structured_ && !update_) return void(structured_->solver.solve(rows, k, true, change_term(change_, size_)));
  Matrix c(k, size_);
  for (std::size_t r = 0; r < k; ++r)
    for (std::size_t j = 0; j < size_; ++j) c(r, j) = rows[r * size_ + j];
  const Matrix x = left_solve(c);
  for (std::size_t r = 0; r < k; ++r)
    for (std::size_t j = 0; j < size_; ++j) rows[r * size_ + j] = x(r, j);
}

bool Leontief::bordered() const { return structured_ && structured_->solver.has_households(); }

// With [X_x X_h] (I - B) = [C 0], B = [A C_h; H 0]: X_h = X_x C_h and X_x (I - A) = C + X_h H, so
//   X_x = X_I + X_h (H L),   X_h = X_I C_h S^-1,   S = I - (H L) C_h,   L = (I - A)^-1,
// where H L = M (E L), M the residence shares: the income rows. x C_h for rows x is the household
// part of B' [x; 0] (the factored product), in chunks of rows to bound memory.
std::vector<double> Leontief::left_solve_from_type_i(const std::vector<double>& x_i, const Matrix& income_rows,
                                                     const Vector& earnings) const {
  if (!bordered() || update_ || change_)
    throw Error("Leontief::left_solve_from_type_i: needs a bordered Type II system without changed columns");
  const MrioStructure& a = structured_->solver.structure();
  const HouseholdStructure& h = *structured_->solver.households();
  const std::size_t n = sectors_, R = size_ - n, N = size_, k = n ? x_i.size() / n : 0;
  if (x_i.size() != k * n || income_rows.rows() != R || income_rows.cols() != n || earnings.size() != n)
    throw Error("Leontief::left_solve_from_type_i: rows of the wrong shape");
  Matrix solved;  // E L, where the income rows are not it (no copy of them otherwise: 110 MB at uk-lad-2022)
  if (!std::equal(earnings.begin(), earnings.end(), h.earnings.begin())) {
    solved = Matrix(R, n);
    for (std::size_t j = 0; j < n; ++j) solved(j / a.industries, j) = h.earnings[j];
    type_i_left_solve(solved);
  }
  const Matrix& el = solved.rows() ? solved : income_rows;
  using Eigen::Index;
  const Eigen::MatrixXd hl = linalg::MapC(h.residence.data(), Index(R), Index(R)) * linalg::view(el);  // R x n
  // x C_h for the rows of xt' (n x kc): the household rows of B' [xt; 0].
  auto times_ch = [&](const auto& xt) {
    const Index kc = xt.cols();
    Eigen::MatrixXd in = Eigen::MatrixXd::Zero(Index(N), kc), out(Index(N), kc);
    in.topRows(Index(n)) = xt;
    multiply(a, h, in.data(), out.data(), std::size_t(kc), true);
    return Eigen::MatrixXd(out.bottomRows(Index(R)));  // R x kc: (x C_h)'
  };
  const Eigen::MatrixXd st = Eigen::MatrixXd::Identity(Index(R), Index(R)) - times_ch(hl.transpose());  // S'
  const Eigen::PartialPivLU<Eigen::MatrixXd> lu(st);
  if (!(std::abs(lu.determinant()) > 0)) throw ModelError("the Type II household block is singular");
  std::vector<double> out(k * n);
  constexpr std::size_t rows = 128;
  for (std::size_t r0 = 0; r0 < k; r0 += rows) {
    const Index kc = Index(std::min(rows, k - r0));
    const linalg::MapC xt(x_i.data() + r0 * n, Index(n), kc);  // rows of X_I as columns
    const Eigen::MatrixXd xh = lu.solve(times_ch(xt));          // X_h', R x kc
    linalg::MapM(out.data() + r0 * n, Index(n), kc) = xt + hl.transpose() * xh;
  }
  return out;
}

}  // namespace devolve
