#pragma once
// Builds small models in code for the published worked examples.
#include <vector>

#include "devolve/model.hpp"

namespace devolve::test {

using Rows = std::vector<std::vector<double>>;

//! A model from Z (rows = supplying sector), output x, and optionally GVA and an employment row.
//! Final demand is the row residual x - Z 1 (one category, "other"), and the column residual
//! x - 1'Z - GVA is booked as imports, so every identity holds by construction.
Model from_published(const Rows& z, const std::vector<double>& x, std::size_t regions = 1,
                     const std::vector<double>& gva = {}, const std::vector<double>& jobs = {});

}  // namespace devolve::test
