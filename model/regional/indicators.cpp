// Indicators by region and industry: jobs, FTE and GHG (docs/methodology.md, "Regionalisation").
#include "regional/indicators.hpp"

#include <cmath>
#include <map>

#include "regional/ras.hpp"

namespace devolve::regional {

std::vector<Indicator> indicator_labels() {
  return {{"jobs", "Employment (jobs)", "jobs",
                   "ONS LFS 2022 jobs by industry scaled to ONS total filled jobs 2021 (UK); over regions by the "
                   "pattern of BRES 2022 full-time employees by section (within the section, by GVA at GB BRES 2021 "
                   "employment per GVA of each industry), balanced by RAS to ONS total filled jobs 2021 by region"},
                  {"fte", "Full-time equivalent employment", "FTE",
                   "ONS LFS 2022 FTE by industry, spread over regions in proportion to jobs"},
                  {"ghg", "Greenhouse gas emissions", "kt CO2e",
                   "ONS Environmental Accounts GHG intensity x 2022 GVA by industry (data/uk/national/ghg.csv), "
                   "spread over regions in proportion to output"}};
}

namespace {

// The region whose jobs row is furthest, relatively, from its filled-jobs total, named for the error.
std::string worst_row(const std::vector<double>& t, const std::vector<double>& target, const std::vector<Label>& regions) {
  const std::size_t R = target.size(), S = R ? t.size() / R : 0;
  std::size_t worst = 0;
  double largest = -1;
  for (std::size_t r = 0; r < R; ++r) {
    double sum = 0;
    for (std::size_t i = 0; i < S; ++i) sum += t[i * R + r];
    const double e = target[r] != 0 ? std::abs(sum - target[r]) / std::abs(target[r]) : std::abs(sum);
    if (e > largest) largest = e, worst = r;
  }
  return R ? regions[worst].code + " (" + regions[worst].name + ")" : std::string();
}

}  // namespace

// Jobs: national jobs by industry (LFS 2022 shares) scaled to the UK total of ONS filled jobs; the
// regional pattern from BRES full-time employees of the industry's section, split within the
// region's section by the employment its industries' GVA has at GB BRES employment per GVA (the
// industries of a section differ up to a hundredfold in GVA per employee: oil and gas extraction
// and mining support in section B; docs/methodology.md, "Regionalisation", step 7) (regions without BRES, i.e. Northern Ireland, and industries outside
// BRES, by output at the GB jobs per output); then RAS to filled jobs by region. FTE: national FTE
// in proportion to jobs. GHG: national emissions of the industry in proportion to output.
RegionalIndicators regional_indicators(const RegionalInputs& in, const Matrix& x, const RegionalisationParameters& prm) {
  const std::size_t S = in.industries.size(), R = in.regions.size();
  RegionalIndicators out;
  double lfs_total = 0, filled_total = 0;
  for (std::size_t i = 0; i < S; ++i) lfs_total += in.jobs[i];
  for (std::size_t r = 0; r < R; ++r) filled_total += in.filled_jobs[r];
  out.jobs_scale = lfs_total > 0 ? filled_total / lfs_total : 1.0;
  Matrix weight(R, S);
  {
    // The employment each cell's GVA has at its industry's GB BRES employment per GVA.
    Matrix at_gb(R, S);
    for (std::size_t i = 0; i < S; ++i)
      if (!in.bres_section[i].empty() && in.gva[i] > 0)
        for (std::size_t r = 0; r < R; ++r) at_gb(r, i) = in.region_gva(r, i) * in.bres_gb[i] / in.gva[i];
    std::map<std::pair<std::size_t, std::string>, double> section_gva;
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t i = 0; i < S; ++i) section_gva[{r, in.bres_section[i]}] += at_gb(r, i);
    for (std::size_t i = 0; i < S; ++i) {
      double gb_w = 0, gb_x = 0;
      std::vector<bool> has(R, false);
      for (std::size_t r = 0; r < R; ++r) {
        auto it = in.bres.find({in.regions[r].code, in.bres_section[i]});
        if (in.bres_section[i].empty() || it == in.bres.end()) continue;
        const double sg = section_gva[{r, in.bres_section[i]}];
        weight(r, i) = sg > 0 ? it->second * at_gb(r, i) / sg : 0.0;
        has[r] = true;
        gb_w += weight(r, i);
        gb_x += x(r, i);
      }
      for (std::size_t r = 0; r < R; ++r)
        if (!has[r]) weight(r, i) = gb_x > 0 ? x(r, i) * gb_w / gb_x : x(r, i);
    }
  }
  // Balance the jobs pattern to the regional totals of ONS filled jobs (rows) and the scaled national
  // jobs by industry (columns): BRES gives the pattern, filled jobs the published regional totals.
  std::vector<double> jobs_rc(R * S, 0.0), ind_target(S, 0.0);  // column-major: region r of industry i at i*R + r
  for (std::size_t i = 0; i < S; ++i) {
    double wsum = 0;
    for (std::size_t r = 0; r < R; ++r) wsum += weight(r, i);
    ind_target[i] = in.jobs[i] * out.jobs_scale;
    for (std::size_t r = 0; r < R; ++r) jobs_rc[i * R + r] = wsum > 0 ? ind_target[i] * weight(r, i) / wsum : 0.0;
  }
  out.ras_error = ras(jobs_rc, R, S, in.filled_jobs, ind_target, prm.ras_tolerance, prm.ras_max_iterations);
  if (out.ras_error > 0) out.worst_row = worst_row(jobs_rc, in.filled_jobs, in.regions);
  out.totals = Matrix(3, R * S);
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t r = 0; r < R; ++r) {
      const std::size_t k = r * S + i;
      out.totals(0, k) = jobs_rc[i * R + r];
      out.totals(1, k) = ind_target[i] > 0 ? in.fte[i] * jobs_rc[i * R + r] / ind_target[i] : 0.0;
      out.totals(2, k) = in.output[i] > 0 ? in.ghg[i] * x(r, i) / in.output[i] : 0.0;
    }

  return out;
}

}  // namespace devolve::regional
