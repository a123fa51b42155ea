#pragma once
#include <cstddef>
#include <memory>
#include <vector>

#include "devolve/factored_model.hpp"
#include "devolve/matrix.hpp"
#include "devolve/model.hpp"

namespace devolve {

//! The household closure of Type II (docs/methodology.md, "Type II") in factored form, beside an
//! MrioStructure of the same regions and industries. The household row is
//!   H(r, w j) = residence(r, w) * earnings(w j)
//! (residents of r paid per unit of output of sector (w, j)) and the household column
//!   C(u i, r) = own(i, r)                    if u = r,
//!   C(u i, r) = T_i(u, r) * bought(i, r)     if u != r,
//! (households of r buying industry i per unit of their gross income), sourced from other regions by
//! the trade shares T_i of the coefficients, as regionalisation does, except for the industries
//! listed in `alone` (those no industry buys from other regions, e.g. imputed rent), which have
//! shares of their own. Storage 3 R S + R^2 + R^2 per listed industry.
struct HouseholdStructure {
  std::size_t regions = 0;     //!< R
  std::size_t industries = 0;  //!< S
  //! R x R, column-major: share of compensation earned in workplace region w (column) received by residents of r (row) [1]
  std::vector<double> residence;
  //! n: compensation per unit of output of each sector [currency per currency]
  std::vector<double> earnings;
  //! S x R, column-major: households of r buying industry i from r, per unit of gross income [1]
  std::vector<double> own;
  //! S x R, column-major: households of r buying industry i from all other UK regions, per unit of gross income [1]
  std::vector<double> bought;
  //! Industries whose purchases from other regions are not in A's trade shares
  std::vector<std::size_t> alone;
  //! One R x R block per industry in `alone`, column-major: supplier region u's share (row) of the
  //! purchases of households of r (column) from other regions [1]
  std::vector<double> alone_trade;
};

//! Reads the household closure's factored form from a model (its compensation row, household
//! account and households final-demand column; not Z): an industry whose households' purchases
//! from other regions differ from T_i(u, r) bought(i, r) by more than `tolerance` relative goes
//! into `alone`. Throws ModelError as household_closure does. O(n R).
HouseholdStructure factor_households(const Model& model, const MrioStructure& a, double tolerance = 1e-10);

//! y = B x, or y = B' x when `transposed`, for the bordered coefficients B = [A C; H 0] of order
//! n + R (Type II); x and y are (n + R) x k, column-major. The households' purchases from other
//! regions share the trade step of A: O(R S^2 k + R^2 S k).
void multiply(const MrioStructure& a, const HouseholdStructure& h, const double* x, double* y, std::size_t k,
              bool transposed);

//! The n x k temporaries of the products below, kept from one call to the next by a caller that
//! makes many (the structured solver's GMRES steps): without them each product allocates about four
//! n x k arrays, and where the allocator hands their pages back to the system at every free, their
//! first touch faults them in again at every step (docs/performance.md, r-ladsolve). Not shared
//! between threads.
struct ProductBuffers;
std::shared_ptr<ProductBuffers> product_buffers();

//! multiply() for Type II with `buffers` (may be null) for its temporaries.
void multiply(const MrioStructure& a, const HouseholdStructure& h, const double* x, double* y, std::size_t k,
              bool transposed, ProductBuffers* buffers);

//! Reads the factored form from a model's dense Z: M_s(i, j) = sum over u != s of A(u i, s j) and
//! T_i(u, s) = sum_j A(u i, s j) / sum_j M_s(i, j). Returns false if some entry of A differs from
//! its factored value by more than `tolerance` relative to the entry (the model is not a
//! regionalised table of this form); O(n^2).
bool factor_coefficients(const Model& model, MrioStructure& out, double tolerance = 1e-10);

//! y = A x, or y = A' x when `transposed`, for k columns; x and y are n x k, column-major, and must
//! not overlap. O(R S^2 k + R^2 S k), no n x n matrix.
void multiply(const MrioStructure& a, const double* x, double* y, std::size_t k, bool transposed);
void multiply(const MrioStructure& a, const double* x, double* y, std::size_t k, bool transposed, ProductBuffers* buffers);

//! The trade shares in the form regionalisation gives them (docs/methodology.md, "The structured
//! solver"): T_i(u, s) = a_i(u) K(u, s) b_i(s) with one R x R kernel K for every industry (the gravity
//! kernel, zero diagonal) and row and column factors per industry (RAS and the gravity shares'
//! normalisation). Then the trade step of all industries is one R x R by R x (S k) matrix product
//! instead of S products with R x R blocks. Industries whose T_i the form does not reproduce are
//! left out (`fits` false) and keep their T_i.
struct TradeKernel {
  std::vector<double> kernel;      //!< K, R x R, column-major [1]; empty if no industry fits
  std::vector<double> row, column;  //!< a_i(u) at i R + u and b_i(s) at i R + s [1]
  std::vector<char> fits;           //!< per industry: T_i = diag(a_i) K diag(b_i) to the tolerance
};

//! Reads the kernel form of a's trade shares: K from the industry whose T_i has the most positive
//! entries (all off the diagonal, else no industry fits), then a_i and b_i for each industry, kept
//! if every entry of T_i is reproduced to `tolerance` relative. O(S R^2).
TradeKernel factor_trade(const MrioStructure& a, double tolerance = 1e-12);

//! multiply() with the trade step of the industries in `t` done on its kernel form: the same
//! product to rounding (each entry of T_i to the tolerance of factor_trade). h may be null (Type I).
void multiply(const MrioStructure& a, const TradeKernel& t, const HouseholdStructure* h, const double* x, double* y,
              std::size_t k, bool transposed);

//! y = O x, or O' x when `transposed`: the purchases between regions alone, i.e. A less
//! blockdiag(D_s), or with h (Type II) B less [blockdiag(D_s) C_own; H 0] (the households' purchases
//! in their own region and the household row): what the structured solver's preconditioner leaves
//! out. Trade step on `t`'s kernel form, as multiply() with it.
void multiply_between(const MrioStructure& a, const TradeKernel& t, const HouseholdStructure* h, const double* x,
                      double* y, std::size_t k, bool transposed, ProductBuffers* buffers = nullptr);

//! multiply_between (not transposed) for a z given by the products the step needs instead of z
//! itself: y = O z where M_s z_s = G_s x_s + (shared(., s) - h's purchases from other regions in
//! A's trade shares) xh_s, i.e. the purchases between regions reach z only through each region's
//! M_s z_s and, with h (Type II), the household rows of z, xh. G_s at blocks + s S^2 (S x S,
//! column-major); shared (n, with h) the households' part per unit of xh, M_s-side terms included;
//! x (n x k) and xh (R x k, with h) with columns ldx and ldh apart; y (columns ldy apart) gets O z
//! in its n industry rows and, with h, zero in the R household rows below them. For the structured
//! solver's Arnoldi step on G_s = M_s (I - D_s)^-1, which spares it the preconditioner's products.
//! False, doing nothing, unless every industry's trade shares are on t's kernel form.
bool multiply_between_from(const MrioStructure& a, const TradeKernel& t, const HouseholdStructure* h, const double* blocks,
                           const double* shared, const double* x, std::size_t ldx, const double* xh, std::size_t ldh,
                           double* y, std::size_t ldy, std::size_t k, ProductBuffers* buffers = nullptr);

//! True if a product with k columns is large enough (R S^2 k > 2e7) to share among threads, and the
//! caller is not already on one of a parallel region's threads (then it runs on that one)
bool parallel_worthwhile(const MrioStructure& a, std::size_t k);

//! A as a dense n x n matrix (for tests and small models) [currency per currency]
Matrix dense_coefficients(const MrioStructure& a);

//! Column sums of A by sector, n [currency per currency]
Vector column_sums(const MrioStructure& a);

//! The inputs of the productiveness bound (docs/methodology.md, section 3) from the factors: the
//! column sums of A (n), or with h of the bordered B = [A C; H 0] (n + R: industry columns A's sum
//! plus the household row's entries, household columns the consumption per unit of income), and
//! whether every factor is non-negative (then so is every entry of A, and of B). O(R S^2 + R^2 S).
//! With `of_a` (this function's answer for a without h), A's part is taken from it: O(R S + R^2 S).
struct FactoredColumnSums {
  Vector sums;               //!< n, or n + R with households [currency per currency]
  bool nonnegative = false;  //!< every entry of own, bought, trade (and of h) >= 0
};
FactoredColumnSums factored_column_sums(const MrioStructure& a, const HouseholdStructure* h,
                                        const FactoredColumnSums* of_a = nullptr);

}  // namespace devolve
