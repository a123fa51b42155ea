// The dense solve (model/solve/lu_solve.cpp) against LAPACK's dgetrs on the same factors
// (docs/performance.md, "The dense solve: our own substitutions"): a random productive system of
// order n (A's column sums below 1), k right-hand sides. The calling thread's CPU time (so THREADS
// 1 for timings), best of 15, interleaved: of one dgetrs call, of dgetrs on the first ceil(k/2)
// columns and then the rest (devolve's split until 2026-12-01), and of lu_solve_columns. OpenBLAS
// on one thread with the kernels devolve picks (model/cli/blas_tuning.cpp: SkylakeX on an AVX-512
// CPU, where Debian's OpenBLAS takes its SSE3 Prescott kernels on this machine). Then the largest
// difference relative to the value, the residual of the first three columns, and how many sampled
// columns differ in their bits from the call of k when solved alone or in a call of three at
// another position on two threads.
//   build/bin/devolve_bench_lu N K [THREADS]       (COLD=1: 512 MB written before each timed call)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

#include "cli/blas_tuning.hpp"
#include "solve/lu_solve.hpp"

extern "C" {
void dgetrf_(const int* m, const int* n, double* a, const int* lda, int* ipiv, int* info);
void dgetrs_(const char* trans, const int* n, const int* nrhs, const double* a, const int* lda, const int* ipiv,
             double* b, const int* ldb, int* info, std::size_t trans_len);
void openblas_set_num_threads(int);
}

namespace {
// the calling thread's CPU time [s]: on a shared machine, the time it was not descheduled
double now() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}
}  // namespace

int main(int argc, char** argv) {
  devolve::cli::select_blas_kernels(argv);
  if (argc < 3) return std::fprintf(stderr, "usage: %s N K [THREADS]\n", argv[0]), 2;
  int n = std::atoi(argv[1]), k = std::atoi(argv[2]);
  const int threads = argc > 3 ? std::atoi(argv[3]) : 1;
  if (n <= 0 || k <= 0 || threads <= 0) return 2;
  openblas_set_num_threads(1);
  const std::size_t N = std::size_t(n), K = std::size_t(k);
  std::srand(1);
  auto uniform = [] { return std::rand() / double(RAND_MAX); };
  std::vector<double> a(N * N);
  for (double& v : a) v = -uniform() / double(n);
  for (std::size_t i = 0; i < N; ++i) a[i + i * N] += 1.0;
  std::vector<double> lu = a;
  std::vector<int> ipiv(N);
  int info = 0;
  dgetrf_(&n, &n, lu.data(), &n, ipiv.data(), &info);
  std::vector<double> b(N * K);
  for (double& v : b) v = uniform();
  std::vector<double> x, y;
  std::vector<char> junk(std::getenv("COLD") ? std::size_t(512) << 20 : 0);
  auto flush = [&junk] {
    for (std::size_t i = 0; i < junk.size(); i += 64) ++junk[i];
  };
  double lapack = 1e9, halves = 1e9, ours = 1e9;
  for (int rep = 0; rep < 15; ++rep) {
    flush();
    x = b;
    const double t0 = now();
    dgetrs_("N", &n, &k, lu.data(), &n, ipiv.data(), x.data(), &n, &info, 1);
    const double t1 = now();
    flush();
    y = b;  // the first ceil(k/2) columns and the rest, two calls (devolve's lu_solve until 2026-12-01)
    const double h0 = now();
    int first = (k + 1) / 2, rest = k - first;
    dgetrs_("N", &n, &first, lu.data(), &n, ipiv.data(), y.data(), &n, &info, 1);
    if (rest > 0) dgetrs_("N", &n, &rest, lu.data(), &n, ipiv.data(), y.data() + std::size_t(first) * N, &n, &info, 1);
    halves = std::min(halves, now() - h0);
    flush();
    y = b;
    const double t2 = now();
    devolve::solve::lu_solve_columns(lu.data(), ipiv.data(), N, y.data(), K, threads);
    const double t3 = now();
    lapack = std::min(lapack, t1 - t0), ours = std::min(ours, t3 - t2);
  }
  double difference = 0, residual = 0;
  for (std::size_t i = 0; i < N * K; ++i)
    difference = std::max(difference, std::abs(x[i] - y[i]) / std::max(std::abs(x[i]), 1e-300));
  for (std::size_t c = 0; c < std::min<std::size_t>(K, 3); ++c)
    for (std::size_t i = 0; i < N; ++i) {
      double r = -b[i + c * N];
      for (std::size_t j = 0; j < N; ++j) r += a[i + j * N] * y[j + c * N];
      residual = std::max(residual, std::abs(r));
    }
  int differ = 0;
  for (std::size_t c = 0; c < K; c += std::max<std::size_t>(1, K / 5)) {
    std::vector<double> alone(b.begin() + std::ptrdiff_t(c * N), b.begin() + std::ptrdiff_t((c + 1) * N));
    devolve::solve::lu_solve_columns(lu.data(), ipiv.data(), N, alone.data(), 1, 1);
    differ += std::memcmp(alone.data(), y.data() + c * N, N * sizeof(double)) != 0;
    std::vector<double> three(3 * N);  // column c last of three, the others beside it
    for (std::size_t q = 0; q < 3; ++q)
      std::copy_n(b.begin() + std::ptrdiff_t((c + q) % K * N), N, three.begin() + std::ptrdiff_t((2 - q) * N));
    devolve::solve::lu_solve_columns(lu.data(), ipiv.data(), N, three.data(), 3, 2);
    differ += std::memcmp(three.data() + 2 * N, y.data() + c * N, N * sizeof(double)) != 0;
  }
  std::printf("n=%d k=%d threads=%d: dgetrs %.1f ms, in two halves %.1f ms, lu_solve_columns %.1f ms (%.2fx, %.2fx; "
              "%.1f GFlop/s); largest relative difference %.2e, residual %.2e, columns with other bits %d\n",
              n, k, threads, 1e3 * lapack, 1e3 * halves, 1e3 * ours, lapack / ours, halves / ours,
              2.0 * double(N * N * K) / ours * 1e-9, difference, residual, differ);
  return differ == 0 ? 0 : 1;
}
