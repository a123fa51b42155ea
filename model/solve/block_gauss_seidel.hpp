#pragma once
// Block Gauss-Seidel preconditioner of I - A on the factored coefficients (docs/methodology.md,
// "The structured solver"): P = I - D - L, with D = blockdiag(D_s) the purchases within regions and
// L the purchases of region u from regions s < u (regions in the model's order), solved by one
// forward sweep over the regions; P' by one backward sweep. What P leaves out is U = A - D - L, the
// purchases from later regions: (I - A) P^-1 v = v - U P^-1 v, so a GMRES step costs one sweep and
// the rest of the trade step, the same products as block Jacobi's step.
#include <cstddef>
#include <memory>
#include <vector>

#include "devolve/mrio_structure.hpp"

namespace devolve::solve {

class BlockGaussSeidel {
 public:
  //! On a's factors, the inverses (I - D_s)^-1 (R blocks of S x S, column-major) and the trade
  //! shares' kernel form (industries that do not fit keep their T_i). All three must outlive it.
  BlockGaussSeidel(const MrioStructure& a, const std::vector<double>& inverse, const TradeKernel& kernel);

  //! z = P^-1 v (P'^-1 v when `transposed`); v and z are n x k with leading dimension ld >= n and
  //! must not overlap. With `rest` non-null, also rest = U z (U' z): then (I - A) z = v - rest.
  void solve(const double* v, double* z, double* rest, std::size_t k, std::size_t ld, bool transposed) const;

 private:
  struct Sweep;
  const MrioStructure& a_;
  const std::vector<double>& inverse_;
  const TradeKernel& kernel_;
  std::vector<std::size_t> alone_;  // industries off the kernel form (their own T_i)
  // The sweep's coupling, by position p in the sweep's order (region p, or R - 1 - p when
  // transposed): K(p, q) and T_i(p, q) that add what position q supplies to position p.
  std::vector<double> k_forward_, k_backward_;
  std::vector<double> t_forward_, t_backward_;  // one R x R block per industry in alone_
};

}  // namespace devolve::solve
