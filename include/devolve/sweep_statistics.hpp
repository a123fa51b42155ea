#pragma once
// Statistics of a sweep's runs (docs/sweeps.md, "Statistics"): quantiles and Sobol indices.
#include <cstddef>
#include <vector>

namespace devolve {

//! The q-quantile of `values` by linear interpolation between order statistics (Hyndman and Fan
//! type 7, numpy's default): position q (n - 1) in the sorted values. `values` is taken by value.
double quantile(std::vector<double> values, double q);

//! Quantiles of each column of a (run x width) row-major array over the runs listed in `runs`:
//! (quantile, column).
std::vector<double> column_quantiles(const std::vector<double>& values, std::size_t width,
                                     const std::vector<std::size_t>& runs, const std::vector<double>& qs);

//! First-order and total Sobol indices, (input, column), NaN where the variance is 0.
struct SobolIndices {
  std::vector<double> first;  //!< Saltelli et al. (2010), Table 2 (b) [1]
  std::vector<double> total;  //!< Jansen (1999), Saltelli et al. (2010) Table 2 (f) [1]
  //! standard error of `first` (the sd of its N terms over sqrt(N), over the variance)
  std::vector<double> first_se;
  //! 1 where the first-order estimate exceeds its total index, or 1, and either by more than twice
  //! the standard error of the difference (or of `first`), or with a standard error of `first` above
  //! 0.05 (not known to +-0.1): too few base samples (docs/sweeps.md, "Statistics"); else 0
  std::vector<char> implausible;
};

//! Sobol indices of each column of a (run x width) array of a Saltelli design with `inputs` inputs
//! and `samples` base samples: run j (inputs + 2) is A_j, the next B_j, then AB_j^i for each input
//! i (A_j with input i from B_j). The variance is that of the A and B runs together.
SobolIndices sobol_indices(const std::vector<double>& values, std::size_t width, std::size_t inputs, std::size_t samples);

}  // namespace devolve
