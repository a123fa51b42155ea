#pragma once
// RAS (biproportional) balancing: Miller and Blair 2009, Input-Output Analysis, 2nd ed., section 7.4.
#include <cstddef>
#include <vector>

namespace devolve::regional {

//! Scales the rows and columns of a non-negative matrix t (rows x cols, stored column by column)
//! until its column sums equal col_target and its row sums equal row_target to relative error tol,
//! or max_iter rounds; each round scales columns, then rows. Unconverged, it ends on the columns.
//! Returns the largest relative row error left [1].
double ras(std::vector<double>& t, std::size_t rows, std::size_t cols, const std::vector<double>& row_target,
           const std::vector<double>& col_target, double tol, int max_iter);


//! The prior of one supplying industry in factored form: column c (bought by region buyer[c]) has
//! own[c] at its buyer's row and bought[c] w[buyer[c] R + u] at every other row u; row targets R
//! and column targets P.
struct FactoredPrior {
  const std::vector<std::size_t>& buyer;
  const std::vector<double>& own;
  const std::vector<double>& bought;
  const std::vector<double>& w;  //!< R x R, row s: the shares of the regions u selling to buyer s
  const std::vector<double>& row_target;
  const std::vector<double>& col_target;
};

//! The factors of a balanced table t(u, c) = rho_u gamma_c prior(u, c)
struct RasFactors {
  std::vector<double> rho, gamma;  //!< R, P
  double error = 0;                //!< largest relative row error left [1]
  int rounds = 0;                  //!< rounds made (ras_on_factors)
};

//! sigma_s = sum_u rho_u w[s R + u] (w R x R, row s: the shares of the regions u selling to buyer s):
//! what the row factors make of buyer s's bought share, for RAS on factors.
void factored_sigma(const std::vector<double>& w, const std::vector<double>& rho, std::vector<double>& sigma);

//! The row half of a round of RAS on factors: row sums rs_u = rho_u (inside_u + sum_s w[s R + u]
//! outside_s), where inside_s and outside_s are buyer s's column-scaled own and bought totals;
//! returns the largest relative row error and, if it is above tol, scales rho to the row targets.
double factored_row_round(const std::vector<double>& w, const std::vector<double>& row_target,
                          const std::vector<double>& inside, const std::vector<double>& outside, double tol,
                          std::vector<double>& rho, std::vector<double>& rs);

//! RAS on the factors of the prior: rounds of columns to their targets, then rows, as ras(), each in
//! O(P + R^2) instead of O(R P); after the first, the row factors take Newton steps (R unknowns) while
//! each brings the rows nearer, and plain rounds otherwise. It stops where the rows meet tol, or where
//! they are within 1e-11 of RAS's limit when the row and column targets disagree by more than tol
//! (ras() goes on to max_iter there); unconverged, it ends on the columns. A row with a positive target
//! and no prior entry keeps its error but is left out of that test. The same table as ras() on the
//! dense prior to the tolerance, not bit for bit.
RasFactors ras_on_factors(const FactoredPrior& p, double tol, int max_iter);

}  // namespace devolve::regional
