#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "devolve/household_closure.hpp"
#include "devolve/matrix.hpp"
#include "devolve/model.hpp"
#include "devolve/mrio_structure.hpp"

namespace devolve {

namespace solve {
class ColumnUpdate;
class DirectChange;
class DirectChanges;
}

//! Which Leontief system: households exogenous (Type I) or endogenous per region (Type II).
enum class Closure { type_i, type_ii };

//! Text "I" or "II"
const char* to_string(Closure c);

//! How (I - A) is solved (docs/methodology.md, "The structured solver"): dense LU, or iteratively on
//! the factored coefficients without an n x n matrix; automatic picks dense LU up to
//! Leontief::structured_threshold sectors and the structured solver above it where the model's Z
//! has the factored form.
enum class Solver { automatic, dense, structured };

//! Text "automatic", "dense" or "structured"
const char* to_string(Solver s);

//! How a change of some columns of A is solved on the structured solver (docs/methodology.md, "Local
//! procurement"): `direct` applies it inside every GMRES step (no solves up front), `woodbury` as a
//! rank-k Sherman-Morrison-Woodbury update (k solves up front). The dense LU always uses the update.
enum class ChangeMethod { direct, woodbury };
//! Parses that text; returns false if it names none.
bool parse_solver(const std::string& text, Solver& s);

//! What Leontief::solve_with_changes' productivity checks read of a set of changes, made once for
//! several systems (Leontief::change_facts); defined in leontief.cpp.
struct ChangeFacts;

//! The factorised Leontief system (I - A) of a model. (I - A) is factorised once by dense LU with
//! partial pivoting and reused for every right-hand side; the inverse is never formed. Above
//! structured_threshold sectors, a regionalised model is solved instead iteratively (GMRES,
//! block-Jacobi preconditioned) on its factored coefficients (MrioStructure) to a relative
//! residual of 1e-13.
//! Type II appends one household row (compensation per unit of output of the region's industries)
//! and one household column (the region's household consumption per unit of the region's
//! compensation) for each region: size() = n + R, solved as a bordered system on the Type I
//! factorisation (docs/methodology.md).
class Leontief {
 public:
  //! Builds A = Z diag(x)^-1 and factorises (I - A); for Type II adds the household closure as a
  //! bordered system on that factorisation. Throws ModelError if the system is not productive.
  //! With Solver::dense (or automatic at or below structured_threshold), a model from the cache
  //! with LU factors made under this process's blas_configuration() uses them instead of
  //! factorising: the same bits, without z (docs/model-format.md, "The model cache").
  Leontief(const Model& model, Closure closure, Solver solver = Solver::automatic);
  //! The structured system of a model whose coefficients are given in factored form (the model's
  //! dense Z is not read and may be empty).
  Leontief(const Model& model, std::shared_ptr<const MrioStructure> a, Closure closure);
  //! The Type II system of the same model, sharing this Type I factorisation (no second n x n LU).
  //! On the structured solver, the household closure is read in factored form
  //! (factor_households) and Type II is solved iteratively as one bordered system of order n + R.
  Leontief with_households(const Model& model) const;
  //! The same on the structured solver with the closure given in factored form (the model's
  //! final demand and compensation are not read; its labels name errors).
  Leontief with_households(const Model& model, std::shared_ptr<const HouseholdStructure> h) const;
  //! The Type II system of this dense system, a rank-k update of `base_type_i`'s factorisation
  //! (with_changed_columns), given `base_type_ii` = base_type_i.with_households(base model): where
  //! `model` has the base's household closure bit for bit (a procurement shock changes Z alone), W =
  //! (I - A)^-1 Hc is the base's W with the rank-k correction, W + Z C^-1 E'W, the same bits as
  //! with_households(model) without its R solves. Otherwise as with_households(model).
  Leontief with_households(const Model& model, const Leontief& base_type_ii) const;
  //! The dense Type II system of this base Type I system (as with_households(model)) given `hc`,
  //! household_closure(model), and `w` = (I - A)^-1 hc.col (n x R) solved by the caller with this
  //! system's factors, e.g. in one call with other columns: no solves here. Other systems: Error.
  Leontief with_households(const Model& model, const HouseholdClosure& hc, Matrix w) const;
  //! The Type I system of `changed`, a model equal to `base` (this system's model) except in the
  //! columns `cols` of Z, as a rank-k update of this factorisation (Sherman-Morrison-Woodbury,
  //! docs/methodology.md, "Local procurement"): with D the n x k change of those columns of A,
  //! (I - A - D E')^-1 y = u + Z C^-1 E'u, u = (I - A)^-1 y, Z = (I - A)^-1 D, C = I_k - E'Z; k solves
  //! and a k x k LU, no new n x n factorisation. Dense Type I systems only. Returns nullopt (the
  //! caller factorises `changed` instead) when C's reciprocal condition estimate, or 1 / ||C^-1||_1,
  //! is below update_rcond_min. Throws ModelError if the updated system is not productive.
  std::optional<Leontief> with_changed_columns(const Model& base, const Model& changed,
                                               const std::vector<std::size_t>& cols) const;
  //! The same with the changed columns alone: column q of `changed` (n x k) is column cols[q] of the
  //! changed Z (the changed model is not copied; errors name `base`, whose labels it shares).
  std::optional<Leontief> with_changed_columns(const Model& base, const Matrix& changed,
                                               const std::vector<std::size_t>& cols) const;
  //! The same for several changed tables at once, table t's changed columns `changed[t]` of Z being
  //! its columns `cols[t]`, and `b` (n x m) solved on this system in the same call: every table's
  //! k solves and b's columns are one triangular solve with the factors (one pass over them for all
  //! tables instead of one a table), and b then holds (I - A)^-1 b, which each table's
  //! solve_from_base completes. Entry t is nullopt where with_changed_columns would return it;
  //! throws ModelError, as that does, for the first table in order that is not productive.
  std::vector<std::optional<Leontief>> with_changed_columns(const Model& base, const std::vector<Matrix>& changed,
                                                            const std::vector<std::vector<std::size_t>>& cols,
                                                            Matrix& b) const;
  //! The same on either solver with the change given directly: column q of `d` (n x k) is the change
  //! of column cols[q] of A [currency per currency]. A factored model, which has no Z, takes its
  //! changes this way. On the structured solver, ChangeMethod::direct solves the changed system
  //! itself by GMRES, the change D E' applied beside the factored A in every step and the base
  //! preconditioner kept, and returns nullopt if the productivity check's solve does not converge
  //! (the changed system is singular or too close to it); ChangeMethod::woodbury makes each solve a
  //! base GMRES solve plus the rank-k correction (k extra solves up front), and with_households
  //! borders it (k more solves on the bordered one). A bordered Type II system takes the same n x k
  //! change (zero in the household rows). Returns nullopt as with_changed_columns; throws ModelError
  //! if the changed system is not productive.
  std::optional<Leontief> with_changed_coefficients(const Model& model, const std::vector<std::size_t>& cols,
                                                    Matrix d, ChangeMethod method = ChangeMethod::direct) const;
  //! The same (ChangeMethod::direct), also solving b (size() rows, in place) on the changed system:
  //! on the structured solver in the productivity check's GMRES run, so a shocked table whose
  //! columns are few costs one run, not two. b is unchanged when it returns nullopt.
  std::optional<Leontief> with_changed_coefficients(const Model& model, const std::vector<std::size_t>& cols,
                                                    Matrix d, Matrix& b) const;
  //! Solves each column c of b (size() rows, in place) on this structured system (Type I or bordered)
  //! with A's columns changed by changes.change(set[c]) (as ChangeMethod::direct), all columns in one
  //! GMRES run: e.g. the columns of several shocked tables. Each changed system is proved productive by
  //! the column-sum bound where the base's factors are non-negative, the changed columns stay so and
  //! every column sum stays below 1 (docs/methodology.md, section 3), else by a solve of
  //! (I - A') v = 1 in the same run; where the bound does not hold but a solve proved this system
  //! productive, a changed system with non-negative entries is productive if (I - A') v > 0 for that
  //! solve's v (Collatz-Wielandt), and where this bordered system was proved productive by its
  //! weighted column sums w'B <= (1 - 1e-9) w', a changed one with non-negative entries is if each
  //! changed column keeps (w'(B + D))_j below (1 - 1e-9) w_j. Returns false (b then holds no solution:
  //! without check columns b is solved in place) if the run does not converge (some changed system is singular or too close to it); throws ModelError if
  //! one is not productive, as with_changed_coefficients; Error on a dense system or one already
  //! changed. `solved_checks`, if given, receives how many tables needed a check column.
  //! With `facts` (change_facts of the systems this one is among), its checks read the changed
  //! columns' sums from them instead of reading every change again.
  bool solve_with_changes(const Model& model, const solve::DirectChanges& changes, const std::vector<std::size_t>& set,
                          Matrix& b, std::size_t* solved_checks = nullptr, const ChangeFacts* facts = nullptr) const;
  //! What solve_with_changes' productivity checks read of every change of `changes`, for each of
  //! `systems` (structured systems on one A, e.g. a Type I system and the Type II system bordered on
  //! it): each changed column's sum, whether A plus the change stays non-negative, and its sum
  //! weighted by each system's weights, each column read once for all of them, the columns on the
  //! caller's OpenMP threads (the same numbers as each system's own reading). Null where the
  //! systems do not share their A (each then reads the changes itself).
  static std::shared_ptr<const ChangeFacts> change_facts(const solve::DirectChanges& changes,
                                                         const std::vector<const Leontief*>& systems);
  //! A system from with_changed_coefficients (or its with_households) with the change of A's
  //! columns times `factor`: B^-1 D scales with D, so the k solves are not repeated (procurement
  //! years whose shares differ by the phasing alone); a direct change shares D. Returns nullopt as
  //! with_changed_coefficients; Error on a system without changed columns.
  std::optional<Leontief> with_scaled_change(const Model& model, double factor) const;
  //! Reciprocal condition estimate (or 1 / ||C^-1||_1) of the capacitance matrix C below which with_changed_columns
  //! declines: SMW's error grows with cond(C), and a C this far from I means the changed table is
  //! close to unproductive, where a fresh LU with pivoting is the safer answer
  static constexpr double update_rcond_min = 1e-4;
  //! Factorises (I - A) for given technical coefficients a (square) [currency per currency].
  explicit Leontief(const Matrix& a);
  //! The same, taking over a's storage: (I - A) and its factors overwrite it, nothing is allocated.
  explicit Leontief(Matrix&& a);
  ~Leontief();
  Leontief(Leontief&&) noexcept;
  Leontief& operator=(Leontief&&) noexcept;

  //! How the system was proved productive (docs/methodology.md, section 3): "column sums of A at
  //! most X" (of the bordered B for Type II on the structured solver), "weighted column sums of B at
  //! most X" (structured Type II where B's plain sums reach 1), "household block: ..." (dense
  //! Type II), or "solve of (I - A) v = 1" where the bound did not apply and the solve decided
  std::string productive_by() const;

  //! Sectors above which Solver::automatic uses the structured solver: measured on the 2-core
  //! development machine (docs/performance.md), and above every shipped model up to ITL2 (n = 4830)
  //! so that their results stay those of the dense LU
  static constexpr std::size_t structured_threshold = 5000;
  //! True if the model cache kept LU factors of this model that a dense system takes instead of
  //! factorising (of its order, made under this process's BLAS configuration, blas_configuration())
  static bool kept_factors_usable(const Model& m);

  Closure closure() const { return closure_; }
  //! Solver::dense or Solver::structured
  Solver solver() const;
  //! One line saying how the system is solved, e.g. "dense LU (n = 1260)" or "structured
  //! (GMRES on the factored coefficients, block-Jacobi preconditioned, n = 4830, ...)"
  std::string solver_description() const;
  //! Order of the system: n for Type I, n + R for Type II
  std::size_t size() const { return size_; }
  //! Number of industry sectors n (the leading block of the system)
  std::size_t sectors() const { return sectors_; }

  //! dgetrf's LU factors of (I - A) (n x n) and row interchanges, for the model cache (dense
  //! solver only; Error on a structured or updated system), with the column sums of A where A is
  //! non-negative, and on a Type II system its border W and the Hc it was solved for
  ModelCacheFacts factors() const;

  //! Wall time of the LU factorisation alone (structured: of the intra-regional blocks), without
  //! assembling (I - A) [s] (for bench/)
  double factorise_seconds() const;

  //! True for a Type II system solved as one bordered system on the structured solver
  bool bordered() const;
  //! Type II rows from Type I rows, without Type II solves (docs/methodology.md, "Multipliers on the
  //! structured solver"): for rows C over the industries (zero in the household columns), given
  //! x_i = C (I - A)^-1 (k rows of n, row after row) and income_rows = E (I - A)^-1 (R x n), E's row w holding
  //! `earnings` (compensation per unit of output) on region w's sectors, returns the industry block
  //! of [C 0] (I - B)^-1 (k rows of n, row after row). Bordered systems only (Error otherwise); if `earnings` differs
  //! from the closure's, the income rows are solved here instead (R transposed solves).
  std::vector<double> left_solve_from_type_i(const std::vector<double>& x_i, const Matrix& income_rows,
                                             const Vector& earnings) const;
  //! X = (I - A)^-1 B, column by column; B has size() rows
  Matrix solve(const Matrix& b) const;
  //! The industry rows of solve([y; 0]) (y: n x k) given x1, the solve of y by the Type I system this
  //! system borders (the same factorisation and update): on the dense LU the Type II solve's own first
  //! step is that Type I solve, so the bits are solve_output's without its n x n solves. Other
  //! systems (and a Type I one): the industry rows of solve([y; 0]), x1 unread.
  Matrix solve_from_type_i(const Matrix& y, Matrix x1) const;
  //! solve(y) of a dense Type I system given u = (I - A)^-1 y solved with the factors it shares (a
  //! system from with_changed_columns: its rank-k correction of u; the base system: u itself), the
  //! same bits as solve(y) where u has the bits of that solve's own first step. Error otherwise.
  Matrix solve_from_base(Matrix u) const;
  //! X = C (I - A)^-1, row by row, by right-hand triangular solves with the LU factors
  //! (no explicit inverse, no transposed solve); C has size() columns
  Matrix left_solve(const Matrix& c) const;
  //! with_households' checks (S = I - H_r (I - A)^-1 H_c nonsingular, the Type II system productive)
  //! on a dense Type I system without forming W (n x R): given G = H_r (I - A)^-1 (R x n,
  //! household_closure's rows times the inverse), one solve. Throws ModelError as with_households.
  void check_households(const Model& model, const Matrix& g) const;
  //! left_solve in place for C whose row r is zero before column lead[r] (lead non-decreasing, one
  //! per row; Error otherwise): on the dense LU of a Type I system, those rows of W U = C are solved
  //! on U's trailing block only. Other systems: as left_solve.
  void left_solve_trailing(Matrix& c, const std::vector<std::size_t>& lead) const;
  //! left_solve in place on k rows of size() values each, stored row after row (equivalently C',
  //! size() x k, column-major): the structured solver solves them in chunks without a copy.
  void left_solve_rows(double* rows, std::size_t k) const;

 private:
  Leontief() = default;
  void factorise_and_check(const std::string& what, const std::string& hint, double bound = -1, bool weighted = false,
                           const double* ones_solved = nullptr);
  void init_structured(std::shared_ptr<const MrioStructure> a, const Model& model);
  void base_solve(double* b, std::size_t k) const;
  void base_left_solve(Matrix& x) const;
  void type_i_solve(double* b, std::size_t k) const;
  void type_i_left_solve(Matrix& x) const;
  std::optional<Leontief> updated(const Model& model, const std::vector<std::size_t>& cols, Matrix d,
                                  const std::string& hint, std::shared_ptr<const Vector> sums = {},
                                  const double* solved = nullptr, const double* ones_solved = nullptr) const;
  std::optional<Leontief> changed(const Model& model, const std::vector<std::size_t>& cols, Matrix d,
                                  ChangeMethod method, Matrix* b) const;
  std::optional<Leontief> changed_directly(const Model& model, std::shared_ptr<const solve::DirectChange> c,
                                           const std::string& hint, Matrix* b) const;
  struct Impl;
  struct Structured;
  struct Households;
  Leontief bordered(const Model& model, std::shared_ptr<const HouseholdStructure> h) const;
  Leontief dense_households(const Model& model, const Households* base, const HouseholdClosure* given = nullptr,
                            Matrix* w = nullptr) const;
  std::shared_ptr<const Impl> impl_;             // LU of (I - A), shared by Type I and Type II
  std::shared_ptr<const Structured> structured_;  // or the structured solver
  std::shared_ptr<const Households> households_;  // Type II on the dense LU (by W = (I - A)^-1 C_h)
  std::shared_ptr<const solve::ColumnUpdate> update_;  // a rank-k change of A's columns on the base, if any
  std::shared_ptr<const solve::DirectChange> change_;  // or a change of A's columns inside the GMRES steps
  // Column sums of A (Type I, and the dense Type II system bordered on it), where every entry of A
  // is known to be non-negative; null otherwise
  std::shared_ptr<const Vector> sums_;
  std::string productive_by_;  // how the check proved the system productive (productive_by())
  // The structured system's positive solution of (I - A) v = 1 where a solve proved it productive
  // (null otherwise): solve_with_changes proves changed systems productive with it
  std::shared_ptr<const std::vector<double>> check_v_;
  // Where the weighted column sums proved the bordered Type II productive: the weights w and w'B
  // (one product), with which solve_with_changes bounds changed tables without a solve
  struct WeightedCheck {
    std::vector<double> w, y;
  };
  std::shared_ptr<const WeightedCheck> check_w_;
  Closure closure_ = Closure::type_i;
  std::size_t size_ = 0;
  std::size_t sectors_ = 0;
};

//! Makes the dense linear algebra (OpenBLAS and Eigen) single-threaded, so that results do not
//! depend on how many threads run beside it (sweeps parallelise over runs instead).
void single_threaded_linear_algebra();

//! The BLAS kernels and thread count factorisations run with now (e.g. "SkylakeX, 2 threads"):
//! LU factors kept by the model cache are reused only under the same configuration (the same bits).
std::string blas_configuration();

}  // namespace devolve
