// A dense solve's bits do not depend on the thread count (docs/methodology.md, "Results and the
// thread count"): Leontief's triangular solves split the columns as OpenBLAS's dgetrs on two threads
// does, whatever OpenMP's and OpenBLAS's thread counts.
#include <catch2/catch.hpp>

#include <omp.h>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "devolve/leontief.hpp"
#include "support.hpp"

using namespace devolve;

extern "C" {
void openblas_set_num_threads(int);
void dgetrs_(const char* trans, const int* n, const int* nrhs, const double* a, const int* lda, const int* ipiv,
             double* b, const int* ldb, int* info, std::size_t trans_len);
}

TEST_CASE("dense solves: OpenBLAS's two-thread dgetrs bits, on one thread or two, whatever OpenBLAS's own count",
          "[leontief]") {
  // 300 sectors, a dense A with column sums 0.6 (not symmetric, no two columns alike).
  const std::size_t n = 300;
  auto weight = [](std::size_t i, std::size_t j) { return double((i * 37 + j * 11) % 17 + 1) * (1.0 + 1e-3 * double(i % 7)); };
  test::Rows z(n, std::vector<double>(n));
  for (std::size_t j = 0; j < n; ++j) {
    double w = 0;
    for (std::size_t i = 0; i < n; ++i) w += weight(i, j);
    for (std::size_t i = 0; i < n; ++i) z[i][j] = 60.0 * weight(i, j) / w;
  }
  const Model m = test::from_published(z, std::vector<double>(n, 100.0));
  const Leontief lt(m, Closure::type_i, Solver::dense);
  const ModelCacheFacts f = lt.factors();
  const int threads = omp_get_max_threads();
  // 1 and 4 columns agreed between one and two OpenBLAS threads before; 2, 5, 6 and 9 did not.
  for (int k : {1, 2, 3, 4, 5, 6, 9, 13}) {
    Matrix b(n, std::size_t(k));
    for (std::size_t c = 0; c < b.cols(); ++c)
      for (std::size_t i = 0; i < n; ++i) b(i, c) = 1.0 + double((i * 7 + c * 3) % 11) / 7.0;
    Matrix reference = b;  // OpenBLAS's own dgetrs on two threads, with the same factors
    int nn = int(n), info = 0;
    openblas_set_num_threads(2);
    dgetrs_("N", &nn, &k, f.lu.data(), &nn, f.pivots.data(), reference.data(), &nn, &info, 1);
    REQUIRE(info == 0);
    // OpenBLAS on one thread, as on a one-core machine or under OPENBLAS_NUM_THREADS=1 (the state
    // this process keeps it in outside factorisations, which the solve must not depend on).
    openblas_set_num_threads(1);
    for (int t : {1, 2}) {
      omp_set_num_threads(t);
      const Matrix x = lt.solve(b);
      INFO(k << " columns, " << t << " OpenMP threads");
      CHECK(std::equal(x.data(), x.data() + n * std::size_t(k), reference.data()));
    }
    omp_set_num_threads(threads);
  }
}
