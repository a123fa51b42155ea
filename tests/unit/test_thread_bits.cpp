// A dense solve's bits do not depend on the thread count, nor on the other columns solved with a
// column (docs/methodology.md, "Results and the thread count"): Leontief's triangular solves are
// solve/lu_solve.cpp's substitutions, each element one fixed sequence of operations on its own column.
#include <catch2/catch.hpp>

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "devolve/leontief.hpp"
#include "solve/lu_solve.hpp"
#include "support.hpp"

using namespace devolve;

extern "C" {
void openblas_set_num_threads(int);
void dgetrf_(const int* m, const int* n, double* a, const int* lda, int* ipiv, int* info);
void dgetrs_(const char* trans, const int* n, const int* nrhs, const double* a, const int* lda, const int* ipiv,
             double* b, const int* ldb, int* info, std::size_t trans_len);
}

namespace {

// lu = P L U of the n x n column-major matrix it holds, by LAPACK on one thread; ipiv its row interchanges.
void factorise(std::vector<double>& lu, std::vector<int>& ipiv) {
  int nn = int(ipiv.size()), info = 0;
  openblas_set_num_threads(1);
  dgetrf_(&nn, &nn, lu.data(), &nn, ipiv.data(), &info);
  REQUIRE(info == 0);
}

// 300 sectors, a dense A with column sums 0.6 (not symmetric, no two columns alike).
Model dense_model(std::size_t n) {
  auto weight = [](std::size_t i, std::size_t j) { return double((i * 37 + j * 11) % 17 + 1) * (1.0 + 1e-3 * double(i % 7)); };
  test::Rows z(n, std::vector<double>(n));
  for (std::size_t j = 0; j < n; ++j) {
    double w = 0;
    for (std::size_t i = 0; i < n; ++i) w += weight(i, j);
    for (std::size_t i = 0; i < n; ++i) z[i][j] = 60.0 * weight(i, j) / w;
  }
  return test::from_published(z, std::vector<double>(n, 100.0));
}

// column c of the right-hand sides used below (c up to 40)
double rhs(std::size_t i, std::size_t c) { return 1.0 + double((i * 7 + c * 3) % 11) / 7.0 + double(c % 5) * 1e-3; }

Matrix columns(std::size_t n, const std::vector<std::size_t>& which) {
  Matrix b(n, which.size());
  for (std::size_t c = 0; c < which.size(); ++c)
    for (std::size_t i = 0; i < n; ++i) b(i, c) = rhs(i, which[c]);
  return b;
}

bool same_column(const Matrix& a, std::size_t ca, const Matrix& b, std::size_t cb) {
  const std::size_t n = a.rows();
  return std::equal(a.data() + ca * n, a.data() + (ca + 1) * n, b.data() + cb * n);
}

}  // namespace

TEST_CASE("dense solves: a column's bits whatever the thread count and the other columns of the call", "[leontief]") {
  const std::size_t n = 300;
  const Model m = dense_model(n);
  const Leontief lt(m, Closure::type_i, Solver::dense);
  const ModelCacheFacts f = lt.factors();
  const int threads = omp_get_max_threads();
  // each column alone: the reference
  std::vector<Matrix> alone;
  for (std::size_t c = 0; c < 40; ++c) alone.push_back(lt.solve(columns(n, {c})));
  // Leontief's solves (on one thread at this size) and the kernel itself on 1, 2 and 3 threads,
  // which share the columns, with 1 to 40 columns in several orders.
  for (std::size_t k : {1, 2, 3, 5, 6, 7, 9, 13, 22, 40}) {
    std::vector<std::size_t> forward(k), backward(k), shifted(k);
    for (std::size_t c = 0; c < k; ++c) forward[c] = c, backward[c] = k - 1 - c, shifted[c] = (c + 5) % 40;
    for (const auto& order : {forward, backward, shifted}) {
      const Matrix b = columns(n, order);
      for (int t : {1, 2}) {
        omp_set_num_threads(t);
        const Matrix x = lt.solve(b);
        for (std::size_t c = 0; c < k; ++c) {
          INFO(k << " columns, column " << order[c] << " at " << c << ", " << t << " OpenMP threads");
          CHECK(same_column(x, c, alone[order[c]], 0));
        }
      }
      omp_set_num_threads(threads);
      for (int t : {1, 2, 3}) {
        Matrix x = b;
        solve::lu_solve_columns(f.lu.data(), f.pivots.data(), n, x.data(), k, t);
        for (std::size_t c = 0; c < k; ++c) {
          INFO(k << " columns, column " << order[c] << " at " << c << ", lu_solve_columns on " << t << " threads");
          CHECK(same_column(x, c, alone[order[c]], 0));
        }
      }
    }
  }
}

TEST_CASE("dense solves: the substitutions agree with LAPACK's dgetrs to 1e-12 and solve the system", "[leontief]") {
  // The 300-sector model's factors, and a random diagonally dominant matrix of 1000 (more than one
  // panel of the factor, row tiles cut short at the end).
  const std::size_t n = 1000;
  std::vector<double> a(n * n);
  unsigned state = 12345;
  auto uniform = [&state] { return double((state = state * 1103515245u + 12345u) >> 8 & 0xffffff) / double(1 << 24); };
  for (double& v : a) v = -uniform() / double(n);
  for (std::size_t i = 0; i < n; ++i) a[i + i * n] += 1.0;
  std::vector<double> lu = a;
  std::vector<int> ipiv(n);
  factorise(lu, ipiv);
  int nn = int(n), info = 0;
  for (int k : {1, 4, 11}) {
    Matrix b(n, std::size_t(k));
    for (std::size_t c = 0; c < b.cols(); ++c)
      for (std::size_t i = 0; i < n; ++i) b(i, c) = uniform() + 0.5;
    Matrix x = b, reference = b;
    solve::lu_solve_columns(lu.data(), ipiv.data(), n, x.data(), std::size_t(k), 1);
    dgetrs_("N", &nn, &k, lu.data(), &nn, ipiv.data(), reference.data(), &nn, &info, 1);
    REQUIRE(info == 0);
    double difference = 0, largest = 0, residual = 0, scale = 0;
    for (std::size_t c = 0; c < b.cols(); ++c)
      for (std::size_t i = 0; i < n; ++i) {
        difference = std::max(difference, std::abs(x(i, c) - reference(i, c)));
        largest = std::max(largest, std::abs(reference(i, c)));
        double r = -b(i, c);
        for (std::size_t j = 0; j < n; ++j) r += a[i + j * n] * x(j, c);
        residual = std::max(residual, std::abs(r));
        scale = std::max(scale, std::abs(b(i, c)));
      }
    INFO(k << " columns");
    CHECK(difference <= 1e-12 * largest);
    CHECK(residual <= 1e-13 * scale);
  }
  const Model m = dense_model(300);
  const Leontief lt(m, Closure::type_i, Solver::dense);
  const ModelCacheFacts f = lt.factors();
  Matrix b = columns(300, {0, 1, 2, 3, 4, 5, 6});
  const Matrix x = lt.solve(b);
  int k = 7, n3 = 300;
  dgetrs_("N", &n3, &k, f.lu.data(), &n3, f.pivots.data(), b.data(), &n3, &info, 1);
  REQUIRE(info == 0);
  double difference = 0, largest = 0;
  for (std::size_t i = 0; i < 300 * 7; ++i) {
    difference = std::max(difference, std::abs(x.data()[i] - b.data()[i]));
    largest = std::max(largest, std::abs(b.data()[i]));
  }
  CHECK(difference <= 1e-12 * largest);
}

TEST_CASE("dense solves: row interchanges of the factorisation applied as dgetrs applies them", "[leontief]") {
  // A general matrix (entries in [-1, 1], no dominant diagonal): dgetrf swaps rows, which the
  // diagonally dominant matrices above never make it do. n = 257 cuts panels and row tiles short.
  const std::size_t n = 257;
  std::vector<double> a(n * n);
  unsigned state = 777;
  auto uniform = [&state] { return double((state = state * 1103515245u + 12345u) >> 8 & 0xffffff) / double(1 << 24); };
  for (double& v : a) v = 2.0 * uniform() - 1.0;
  std::vector<double> lu = a;
  std::vector<int> ipiv(n);
  factorise(lu, ipiv);
  int nn = int(n), info = 0;
  std::size_t swaps = 0;
  for (std::size_t i = 0; i < n; ++i) swaps += ipiv[i] != int(i) + 1 ? 1 : 0;
  REQUIRE(swaps > n / 2);
  for (int k : {1, 9, 17}) {
    Matrix b(n, std::size_t(k));
    for (std::size_t c = 0; c < b.cols(); ++c)
      for (std::size_t i = 0; i < n; ++i) b(i, c) = uniform() - 0.5;
    Matrix x = b, reference = b;
    solve::lu_solve_columns(lu.data(), ipiv.data(), n, x.data(), std::size_t(k), 2);
    dgetrs_("N", &nn, &k, lu.data(), &nn, ipiv.data(), reference.data(), &nn, &info, 1);
    REQUIRE(info == 0);
    double difference = 0, largest = 0, residual = 0;
    for (std::size_t c = 0; c < b.cols(); ++c)
      for (std::size_t i = 0; i < n; ++i) {
        difference = std::max(difference, std::abs(x(i, c) - reference(i, c)));
        largest = std::max(largest, std::abs(reference(i, c)));
        double r = -b(i, c), size = std::abs(b(i, c));
        for (std::size_t j = 0; j < n; ++j) r += a[i + j * n] * x(j, c), size += std::abs(a[i + j * n] * x(j, c));
        residual = std::max(residual, std::abs(r) / size);
      }
    INFO(k << " columns, " << swaps << " rows interchanged");
    CHECK(difference <= 1e-9 * largest);  // a general matrix: its condition number, not 1e-12
    CHECK(residual <= 1e-12);             // backward stable: each row's residual against its terms
  }
}
