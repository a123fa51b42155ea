#pragma once
// A rank-k change of k columns of A on a base solver of (I - A) (docs/methodology.md, "Local
// procurement"): Sherman-Morrison-Woodbury on any base, the dense LU or the structured solver
// (GMRES on the factored coefficients, Type I or the bordered Type II system), or the change applied
// as it stands inside the structured solver's GMRES steps. Also the columns of A read from its
// factored form, for the changes themselves.
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "devolve/matrix.hpp"
#include "devolve/mrio_structure.hpp"

namespace devolve::solve {

//! With B = I - A the base system (order N), D (N x k) the change of the columns `cols` of A and E
//! their unit columns, M = B - D E' and C = I_k - E' B^-1 D (Golub & Van Loan, "Matrix
//! Computations", 4th ed., §2.1.4):
//!   M^-1 y = u + Z C^-1 E'u,  u = B^-1 y,  Z = B^-1 D,
//!   c M^-1 = (c + w E') B^-1,  w = (c B^-1 D) C^-1   (rows; two left solves with the base).
class ColumnUpdate {
 public:
  //! x = B^-1 x in place on N x k columns (column-major)
  using Solve = std::function<void(double* x, std::size_t k)>;
  //! X = X B^-1 in place on rows
  using LeftSolve = std::function<void(Matrix& x)>;

  //! k solves with the base for Z and a k x k LU of C. Returns null when C's reciprocal condition
  //! estimate, or 1 / ||C^-1||_1, is below rcond_min (the changed system is near singular).
  static std::shared_ptr<const ColumnUpdate> make(std::vector<std::size_t> cols, Matrix d, const Solve& base,
                                                  double rcond_min);
  //! The update of the change factor x D: Z scales with D, so no solve, only C's LU (null as make)
  std::shared_ptr<const ColumnUpdate> scaled(double factor, double rcond_min) const;
  ~ColumnUpdate();

  //! u += Z C^-1 E'u on u = B^-1 y (N x k, column-major): then u = M^-1 y
  void correct(double* u, std::size_t k) const;
  //! x += w E', w = (x B^-1 D) C^-1, on rows x: then x M^-1 = (the result) B^-1
  void prepare_left(Matrix& x, const LeftSolve& base) const;

  const std::vector<std::size_t>& cols() const { return cols_; }
  //! D, N x k
  const Matrix& change() const { return d_; }

 private:
  ColumnUpdate() = default;
  static std::shared_ptr<const ColumnUpdate> factorise(std::shared_ptr<ColumnUpdate> up, double rcond_min);
  std::vector<std::size_t> cols_;
  Matrix d_, z_;  // N x k
  struct Factors;
  std::unique_ptr<const Factors> lu_;  // of C and C'
};

//! The change D E' of the columns `cols` of A applied as it stands, for an iterative solver of
//! (I - A - D E') (the structured solver's GMRES with the base preconditioner): no Z = B^-1 D, so no
//! solves up front; each operator application adds D (E'x), or E (D'x) transposed, 2 n k flops a
//! column. D has n rows; a system of order N > n (the bordered Type II) has no change in its last
//! N - n rows, so one D serves both closures.
class DirectChange {
 public:
  //! D (n x k, column q the change of column cols[q] of A) times `factor` [currency per currency]
  DirectChange(std::vector<std::size_t> cols, std::shared_ptr<const Matrix> d, double factor = 1.0);
  //! A change of n rows without its D, held by DirectChanges's blocks (DirectChanges::add with a
  //! FillColumn): change() and add() throw; DirectChanges::column gives its columns
  DirectChange(std::vector<std::size_t> cols, std::size_t n);
  //! y += factor D E'x, or factor E D'x when `transposed`, on N x k columns x and y (column-major,
  //! N = ld >= n)
  void add(const double* x, double* y, std::size_t k, std::size_t ld, bool transposed) const;
  //! The same change times `by`, sharing D
  std::shared_ptr<const DirectChange> scaled(double by) const;
  const std::vector<std::size_t>& cols() const { return cols_; }
  //! D, n x k (before `factor`); throws for a change without its D
  const Matrix& change() const;
  //! Whether the change holds its D
  bool dense() const { return d_ != nullptr; }
  //! n
  std::size_t rows() const { return rows_; }
  double factor() const { return factor_; }

 private:
  std::vector<std::size_t> cols_;
  std::shared_ptr<const Matrix> d_;
  double factor_ = 1.0;
  std::size_t rows_ = 0;
};

//! Several changes of A's columns, each a changed system, for one GMRES run in which every column
//! has its own (StructuredSolver::ColumnChange): e.g. the shocked tables of a scenario's years. A change
//! proportional to an earlier one (the same columns, every entry a factor times the earlier's to
//! within proportional_tolerance of itself) shares its D with that factor, so one product with D
//! serves the columns of all of them in each step.
class DirectChanges {
 public:
  //! Relative difference, entry by entry, within which a change counts as a multiple of an earlier
  //! one: about 45 units of rounding, the rounding of the two tables' entries and of the factor
  static constexpr double proportional_tolerance = 1e-14;
  //! Adds the change d (n x k, column q the change of column cols[q] of A) [currency per currency];
  //! returns its index
  std::size_t add(std::vector<std::size_t> cols, Matrix d);
  //! Adds column q of a change to `column` (n values, zero on entry) [currency per currency]
  using FillColumn = std::function<void(std::size_t q, double* column)>;
  //! Adds the change of the columns `cols` of A (n rows) given column by column, for factor_by_blocks
  //! to store by blocks without its D (n x k) ever being held: the same patterns and factors as add()
  //! of the dense D, except that the change keeps its own factors where it is a multiple of an earlier
  //! one (which the blocks do not need). Where factor_by_blocks fails, it is made dense from `fill`.
  //! Returns its index
  std::size_t add(std::vector<std::size_t> cols, std::size_t n, FillColumn fill);
  //! Column q of change g as add() applies it (times its factor), to `out` (n values)
  void column(std::size_t g, std::size_t q, double* out) const;
  std::size_t size() const { return changes_.size(); }
  //! Change g (its D shared with an earlier one it is a multiple of)
  const DirectChange& change(std::size_t g) const { return *changes_.at(g); }
  //! y += change(set[ids[c]]) applied to x_c (DirectChange::add) for the k columns, column-major with
  //! ld rows each: one product with each distinct D
  void add(const double* x, double* y, const std::size_t* ids, std::size_t k, std::size_t ld, bool transposed,
           const std::vector<std::size_t>& set) const;

  //! Relative difference, entry by entry against the largest of its block, within which a block of a
  //! change is a multiple of a pattern (factor_by_blocks): about 450 units of rounding, that of the
  //! changes' entries (quotients of flows by sums over the regions)
  static constexpr double pattern_tolerance = 1e-13;
  //! Stores the changes by blocks, for rows ordered region by region with `industries` rows each
  //! (row u S + i): the block of column q and supplying industry i of a change (its R rows u S + i) is
  //! a factor times a pattern of that industry and of the region of the buying column (the entry
  //! in the buying column's own region 1, or the block's largest entry where that one is zero), to
  //! within pattern_tolerance; local procurement's are,
  //! one pattern per (industry, region) for every buying industry and every table
  //! (docs/methodology.md, "Local procurement"). Then add() makes one product with the patterns
  //! (R x G per industry, G patterns) for every column of every change, in place of one with each
  //! distinct D. Returns false, and keeps the dense D's (those of the changes given column by column
  //! made from their FillColumn), where a block has no such form.
  bool factor_by_blocks(std::size_t industries);
  //! Whether factor_by_blocks stored the changes by blocks
  bool by_blocks() const { return blocks_ != nullptr; }

 private:
  std::vector<std::shared_ptr<const DirectChange>> changes_;
  std::vector<FillColumn> fills_;  // per change: where it was given column by column
  struct Blocks;
  std::shared_ptr<const Blocks> blocks_;
  void add_blocks(const double* x, double* y, const std::size_t* ids, std::size_t k, std::size_t ld, bool transposed,
                  const std::vector<std::size_t>& set) const;
  // The changes given column by column made dense (their D's from their FillColumn); returns false
  bool dense();
};

//! The columns `cols` of A from its factored form, n x k: A(u i, s j) = D_s(i, j) for u = s and
//! T_i(u, s) M_s(i, j) otherwise; O(n) a column [currency per currency]
Matrix coefficient_columns(const MrioStructure& a, const std::vector<std::size_t>& cols);

}  // namespace devolve::solve
