#include "regional/plausibility.hpp"

#include "base/text.hpp"

namespace devolve::regional {

namespace {

// Compensation above GVA by more than this share is reported (step 6 caps compensation at GVA, so
// none is in the shipped models; the margin keeps rounding from being reported).
constexpr double coe_above_gva = 0.01;

bool outside(double ratio) { return !(ratio >= 1 / plausibility_factor && ratio <= plausibility_factor); }

}  // namespace

std::vector<std::string> jobs_and_pay_findings(const RegionalInputs& in, const Matrix& x, const Matrix& coe,
                                               const Matrix& jobs) {
  const std::size_t R = in.regions.size(), S = in.industries.size();
  std::vector<std::string> found;
  for (std::size_t i = 0; i < S; ++i) {
    double X = 0, J = 0, C = 0, G = 0;
    for (std::size_t r = 0; r < R; ++r) X += x(r, i), J += jobs(r, i), C += coe(r, i), G += in.region_gva(r, i);
    const std::string& code = in.industries[i].code;
    if (in.jobs[i] > 0 && in.bres_gb[i] > 0 && outside(in.jobs[i] / in.bres_gb[i]))
      found.push_back("UK " + code + ": LFS jobs " + text::thousands(in.jobs[i], 0) + " vs BRES GB employment " +
                      text::thousands(in.bres_gb[i], 0));
    if (X <= 0 || J <= 0 || C <= 0) continue;
    const double jpx = J / X, cpj = C / J;
    for (std::size_t r = 0; r < R; ++r) {
      const std::string cell = in.regions[r].code + " " + code + ": ";
      if (x(r, i) <= 0) continue;
      const double j = jobs(r, i) / x(r, i);
      if (outside(j / jpx))
        found.push_back(cell + "jobs per GBP m of output " + text::thousands(j, 1) + " (UK " + text::thousands(jpx, 1) + ")");
      if (jobs(r, i) > 0 && outside(coe(r, i) / jobs(r, i) / cpj))
        found.push_back(cell + "compensation per job GBP " + text::thousands(coe(r, i) / jobs(r, i) * 1e6, 0) + " (UK " +
                        text::thousands(cpj * 1e6, 0) + ")");
      if (C <= G * (1 + 1e-6) && coe(r, i) > in.region_gva(r, i) * (1 + coe_above_gva))
        found.push_back(cell + "compensation GBP m " + text::thousands(coe(r, i), 1) + " exceeds GVA " + text::thousands(in.region_gva(r, i), 1));
    }
  }
  return found;
}

}  // namespace devolve::regional
