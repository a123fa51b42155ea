#pragma once
// The iterative solver of (I - A) x = b on the factored coefficients (docs/methodology.md, "The
// structured solver"): restarted GMRES preconditioned by the intra-regional blocks (block Jacobi).
#include <cstddef>
#include <memory>
#include <vector>

#include "devolve/mrio_structure.hpp"

namespace devolve::solve {

class StructuredSolver {
 public:
  //! Relative residual every solve reaches: max over columns of |b - (I - A) x|_inf / |b|_inf
  static constexpr double tolerance = 1e-13;
  //! Operator applications after which a solve gives up (ModelError): the model is not productive
  static constexpr int max_iterations = 1000;

  //! Factorises I - D_s for every region (LU, S x S each) and keeps their inverses.
  //! Throws ModelError if a block is singular.
  explicit StructuredSolver(std::shared_ptr<const MrioStructure> a);

  //! Solves (I - A) X = B, or (I - A)' X = B when `transposed`, in place on b (n x k,
  //! column-major); returns the number of GMRES steps (operator applications) of the slowest group
  //! of columns. Throws ModelError if it does not converge.
  int solve(double* b, std::size_t k, bool transposed) const;

  const MrioStructure& structure() const { return *a_; }

 private:
  void precondition(const double* r, double* x, std::size_t k, bool transposed) const;
  int solve_chunk(double* b, std::size_t k, bool transposed) const;
  std::shared_ptr<const MrioStructure> a_;
  std::vector<double> inverse_;  // (I - D_s)^-1, R blocks of S x S
};

}  // namespace devolve::solve
