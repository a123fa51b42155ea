#pragma once
// The iterative solver of (I - A) x = b on the factored coefficients (docs/methodology.md, "The
// structured solver"): restarted GMRES preconditioned by the intra-regional blocks (block Jacobi);
// for Type II, of the bordered system (I - B) x = b, B = [A C; H 0], with the household row and
// column kept factored and the preconditioner corrected for the households' own-region loop.
#include <cstddef>
#include <functional>
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
  //! A change of the coefficients beside the factored ones, (A + E) in place of A: adds E x, or E' x
  //! when `transposed`, to y (x and y size() x k, column-major); e.g. a change of some columns of A
  //! (docs/methodology.md, "Local procurement"). The preconditioner does not see it.
  using Change = std::function<void(const double* x, double* y, std::size_t k, bool transposed)>;

  //! Factorises I - D_s for every region (LU, S x S each) and keeps their inverses.
  //! Throws ModelError if a block is singular.
  explicit StructuredSolver(std::shared_ptr<const MrioStructure> a);
  //! The Type II (bordered) solver of order n + R on a Type I solver's coefficients and block
  //! inverses. Throws ModelError if the preconditioner's household block is singular.
  StructuredSolver(const StructuredSolver& type_i, std::shared_ptr<const HouseholdStructure> h);

  //! Solves (I - A) X = B, or (I - A)' X = B when `transposed`, in place on b (size() x k,
  //! column-major); returns the number of GMRES steps (operator applications) of the slowest group
  //! of columns. Zero columns give zero and columns that are multiples of an earlier one (to within
  //! a hundredth of the tolerance) are scaled from its solution, which is solved tighter so that
  //! every column meets the tolerance. Throws ModelError if it does not converge. With `change`,
  //! solves (I - A - E) X = B (or its transpose) instead.
  int solve(double* b, std::size_t k, bool transposed, const Change& change = {}) const;
  //! A change that differs by column: as Change, on the columns ids[0 .. k) of solve's b
  using ColumnChange =
      std::function<void(const double* x, double* y, const std::size_t* ids, std::size_t k, bool transposed)>;
  //! As solve, with a change per column (e.g. several shocked tables' columns in one run): column c
  //! solves (I - A - E_c) x = b_c; a column is scaled from an earlier one only within its group
  //! (group[c], one per column: the columns sharing E).
  //! `reads` (may be null): the rows of x a non-transposed change reads (the changed columns of a
  //! DirectChange), sorted; then the Arnoldi steps compute the preconditioned vector only there
  //! (docs/methodology.md, "The structured solver").
  int solve(double* b, std::size_t k, bool transposed, const ColumnChange& change, const std::size_t* group,
            const std::vector<std::size_t>* reads = nullptr) const;

  const MrioStructure& structure() const { return *a_; }
  //! n, or n + R with households
  std::size_t size() const { return a_->sectors() + (h_ ? a_->regions : 0); }
  bool has_households() const { return h_ != nullptr; }
  //! The factored household closure of a Type II solver (null for Type I)
  const HouseholdStructure* households() const { return h_.get(); }

 private:
  void apply(const double* x, double* y, std::size_t k, bool transposed, ProductBuffers* buffers) const;
  void precondition(const double* r, double* x, std::size_t k, bool transposed) const;
  void precondition_households(const double* r, double* x, std::size_t k, bool transposed) const;
  struct Work;
  int solve_reduced(double* b, std::size_t k, bool transposed, const ColumnChange& change, const std::size_t* group,
                    const std::vector<std::size_t>* reads) const;
  int solve_chunk(Work& work, std::size_t k, bool transposed, const double* target, const Change& change,
                  const std::vector<std::size_t>* reads) const;
  bool between_from(const double* v, double* z, double* w, std::size_t k, bool transposed, const Change& change,
                    const std::vector<std::size_t>* reads, ProductBuffers* buffers) const;
  std::shared_ptr<const MrioStructure> a_;
  std::shared_ptr<const std::vector<double>> inverse_;  // (I - D_s)^-1, R blocks of S x S
  std::shared_ptr<const TradeKernel> kernel_;           // the trade shares' kernel form, for the Arnoldi steps
  // G_s = M_s (I - D_s)^-1, R blocks of S x S, where every industry is on the kernel form (else
  // null), computed by the first right-hand step that uses it (folded()): a non-transposed Arnoldi
  // step's O P^-1 v from v (multiply_between_from)
  struct Folded;
  std::shared_ptr<Folded> bought_inverse_;
  const double* folded() const;
  // Type II with bought_inverse_: M_s w_s + the households' purchases from other regions in A's
  // trade shares, n (multiply_between_from's `shared`)
  std::vector<double> household_between_;
  std::shared_ptr<const HouseholdStructure> h_;         // Type II only
  // The households' part of the preconditioner (Type II): w_s = (I - D_s)^-1 own(., s),
  // q_s = (I - D_s)'^-1 earnings_s (n each), and the LU factors of S0 = I - M diag(k_s . w_s) (R x R).
  std::vector<double> w_, q_;
  struct Household;
  std::shared_ptr<const Household> s0_;
};

}  // namespace devolve::solve
