#pragma once
// Location quotients for intra-regional coefficients (docs/methodology.md, "Regionalisation";
// Miller and Blair 2009, Input-Output Analysis, 2nd ed., section 8.3; Flegg and Webber 1997).
#include <cstddef>
#include <vector>

#include "devolve/build_config.hpp"
#include "devolve/matrix.hpp"

namespace devolve::regional {

//! Simple location quotients SLQ_ri = (x_ri / x_r) / (x_i / x_n), R x S; 0 where a size is 0.
//! x: output by region and industry; x_region: its row sums; national: x_i; x_nation: x_n.
Matrix simple_lq(const Matrix& x, const std::vector<double>& x_region, const std::vector<double>& national,
                 double x_nation);

//! Flegg's lambda = [log2(1 + region / nation)]^delta [1]
double flegg_lambda(double region, double nation, double delta);

//! Share of region r's purchases from supplying industry i by purchasing industry j made inside r:
//! SLQ_ri for SLQ (and on the diagonal i == j of CILQ and FLQ), CILQ_ij = SLQ_ri / SLQ_rj, and
//! FLQ_ij = CILQ_ij x lambda_r, AFLQ_ij = FLQ_ij x log2(1 + SLQ_rj) where SLQ_rj > 1 (else FLQ_ij);
//! never above cap.
double own_share(LocationQuotient lq, const Matrix& slq, const std::vector<double>& lambda, std::size_t r,
                 std::size_t i, std::size_t j, double cap);

}  // namespace devolve::regional
