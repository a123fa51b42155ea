// Benchmark of devolve's solver on seeded synthetic MRIO tables (docs/performance.md).
//
//   devolve_bench N REGIONS SEED [--write-a FILE]
//
// Generates a synthetic A (n = N), times devolve's factorisation of (I - A) plus Type I multipliers
// for four indicators (right-hand solves), and measures this machine's DGEMM rate with Eigen in the
// same run. With --write-a it also writes A (row-major float64) and the four indicator rows so the
// numpy reference (bench/run.py) times the same matrices. Prints one JSON line.
#include <Eigen/Core>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "cli/blas_tuning.hpp"
#include "devolve/leontief.hpp"

using clk = std::chrono::steady_clock;

namespace {

double seconds_since(clk::time_point t0) { return std::chrono::duration<double>(clk::now() - t0).count(); }

// Regions of S industries each; a column's purchases are dense inside its own region (p = 0.6)
// and sparse from other regions (p chosen so the whole matrix is about 17% dense); each column of
// A sums to a target drawn uniformly from [0.3, 0.9].
devolve::Matrix synthetic_a(std::size_t n, std::size_t regions, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unif(0.0, 1.0), target(0.3, 0.9);
  std::exponential_distribution<double> size(1.0);
  const std::size_t S = n / regions;
  const double p_own = 0.6;
  const double own_share = 1.0 / double(regions);
  const double p_other = regions > 1 ? std::max(0.0, (0.17 - p_own * own_share) / (1.0 - own_share)) : 0.0;
  devolve::Matrix a(n, n);
  for (std::size_t j = 0; j < n; ++j) {
    double sum = 0;
    double* col = a.data() + j * n;
    for (std::size_t i = 0; i < n; ++i) {
      const bool own = i / S == j / S;
      if (unif(rng) < (own ? p_own : p_other)) sum += col[i] = size(rng) * (own ? 4.0 : 1.0);
    }
    if (sum == 0) sum = col[j] = 1.0;
    const double scale = target(rng) / sum;
    for (std::size_t i = 0; i < n; ++i) col[i] *= scale;
  }
  return a;
}

// Rate of Eigen's matrix product on this machine [GFLOP/s], best of three, m x m.
double dgemm_rate(std::size_t m) {
  Eigen::MatrixXd x = Eigen::MatrixXd::Random(Eigen::Index(m), Eigen::Index(m));
  Eigen::MatrixXd y = Eigen::MatrixXd::Random(Eigen::Index(m), Eigen::Index(m));
  const Eigen::Index e = Eigen::Index(m);
  Eigen::MatrixXd z(e, e);
  double best = 1e30;
  for (int k = 0; k < 3; ++k) {
    const auto t0 = clk::now();
    z.noalias() = x * y;
    best = std::min(best, seconds_since(t0));
  }
  return 2.0 * double(m) * double(m) * double(m) / best / 1e9;
}

extern "C" void dgemm_(const char*, const char*, const int*, const int*, const int*, const double*, const double*,
                       const int*, const double*, const int*, const double*, double*, const int*, std::size_t,
                       std::size_t);

// Rate of the BLAS (OpenBLAS) matrix product, the kernel the LU factorisation is built on [GFLOP/s].
double blas_dgemm_rate(std::size_t m) {
  const int k = int(m);
  std::vector<double> x(m * m, 0.5), y(m * m, 0.25), z(m * m, 0.0);
  const double one = 1.0, zero = 0.0;
  double best = 1e30;
  for (int r = 0; r < 3; ++r) {
    const auto t0 = clk::now();
    dgemm_("N", "N", &k, &k, &k, &one, x.data(), &k, y.data(), &k, &zero, z.data(), &k, 1, 1);
    best = std::min(best, seconds_since(t0));
  }
  return 2.0 * double(m) * double(m) * double(m) / best / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  devolve::cli::select_blas_kernels(argv);
  if (argc < 4) {
    std::fprintf(stderr, "usage: devolve_bench N REGIONS SEED [--write-a FILE]\n");
    return 2;
  }
  const std::size_t n = std::stoul(argv[1]), regions = std::stoul(argv[2]);
  const std::uint64_t seed = std::stoull(argv[3]);
  const std::string write = argc >= 6 && std::string(argv[4]) == "--write-a" ? argv[5] : "";

  auto t0 = clk::now();
  devolve::Matrix a = synthetic_a(n, regions, seed);
  const double t_generate = seconds_since(t0);
  std::size_t nnz = 0;
  for (std::size_t k = 0; k < n * n; ++k) nnz += a.data()[k] != 0;

  std::mt19937_64 rng(seed + 1);
  std::uniform_real_distribution<double> unif(0.0, 1.0);
  devolve::Matrix c(4, n);  // four indicator coefficient rows (e.g. GVA, income, jobs, emissions)
  for (std::size_t k = 0; k < 4; ++k)
    for (std::size_t j = 0; j < n; ++j) c(k, j) = unif(rng);

  if (!write.empty()) {
    std::ofstream o(write, std::ios::binary);
    const auto rm = a.row_major();
    o.write(reinterpret_cast<const char*>(rm.data()), std::streamsize(rm.size() * sizeof(double)));
    const auto cm = c.row_major();
    o.write(reinterpret_cast<const char*>(cm.data()), std::streamsize(cm.size() * sizeof(double)));
  }

  t0 = clk::now();
  devolve::Leontief lt(std::move(a));  // (I - A) and its factors take A's place: one dense n x n matrix
  const double t_factor = seconds_since(t0);
  t0 = clk::now();
  const devolve::Matrix mult = lt.left_solve(c);
  const double t_mult = seconds_since(t0);
  double checksum = 0;
  for (std::size_t j = 0; j < n; ++j) checksum += mult(0, j);

  const double gemm = dgemm_rate(std::min<std::size_t>(n, 4000));
  const double lu_gflops = 2.0 / 3.0 * double(n) * double(n) * double(n) / lt.factorise_seconds() / 1e9;
  const double blas_gemm = blas_dgemm_rate(std::min<std::size_t>(n, 4000));
  std::printf(
      "{\"n\": %zu, \"regions\": %zu, \"density\": %.4f, \"generate_s\": %.3f, \"factorise_s\": %.3f, "
      "\"multipliers_s\": %.3f, \"total_s\": %.3f, \"lu_s\": %.3f, \"lu_gflops\": %.1f, \"eigen_dgemm_gflops\": %.1f, \"blas_dgemm_gflops\": %.1f, "
      "\"multiplier_sum_row0\": %.10g, \"eigen_threads\": %d, \"openblas_coretype\": \"%s\"}\n",
      n, regions, double(nnz) / double(n) / double(n), t_generate, t_factor, t_mult, t_factor + t_mult, lt.factorise_seconds(), lu_gflops, gemm, blas_gemm,
      checksum, Eigen::nbThreads(), std::getenv("OPENBLAS_CORETYPE") ? std::getenv("OPENBLAS_CORETYPE") : "default");
  return 0;
}
