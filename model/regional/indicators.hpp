#pragma once
// Satellite rows of the regionalised model: jobs, FTE and GHG by region and industry.
#include <string>
#include <vector>

#include "devolve/build_config.hpp"
#include "devolve/matrix.hpp"
#include "devolve/model.hpp"
#include "regional/regional_inputs.hpp"

namespace devolve::regional {

//! The indicator rows of the model: jobs, fte, ghg (labels, units and sources)
std::vector<Indicator> indicator_labels();

struct RegionalIndicators {
  Matrix totals;           //!< 3 x R*S, region-major: jobs [jobs], FTE [FTE], GHG [kt CO2e]
  double jobs_scale = 1;   //!< ONS filled jobs (UK) / LFS jobs [1]
  double ras_error = 0;    //!< largest relative row error of the jobs balancing [1]
  std::string worst_row;   //!< "CODE (Name)" of the region (a LAD when built per LAD) with that error
};

//! Jobs balanced by RAS to filled jobs by region (rows) and scaled national jobs by industry
//! (columns); FTE in proportion to jobs; GHG in proportion to output x (R x S).
RegionalIndicators regional_indicators(const RegionalInputs& in, const Matrix& x, const RegionalisationParameters& prm);

}  // namespace devolve::regional
