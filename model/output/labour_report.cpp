#include "output/labour_report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <vector>

#include "base/text.hpp"
#include "devolve/summary.hpp"

namespace devolve {

namespace {

// The region with the largest (sign +1) or smallest (sign -1) value.
std::size_t extreme(const std::vector<double>& v, double sign) {
  std::size_t best = 0;
  for (std::size_t r = 1; r < v.size(); ++r)
    if (sign * v[r] > sign * v[best]) best = r;
  return best;
}

std::string signed_num(double v, int decimals) { return (v > 0 ? "+" : "") + text::thousands(v, decimals); }

// A level or gap with decimals to suit its size: 22,800; 75.1; 6.06.
std::string value(double v, bool sign) {
  const double a = std::fabs(v);
  const std::string s = text::thousands(v, a >= 100 ? 0 : a >= 10 ? 1 : 2);
  return (sign && v > 0 ? "+" : "") + s;
}

std::string low_pay_text(const H5File& h, std::size_t t, const std::vector<std::string>& regions) {
  const LowPayGap lp = low_pay_gap(h, t);
  if (lp.gap.empty()) return "";
  if (!std::isfinite(lp.reference)) return "  new_jobs_low_pay_share: not available (no jobs change or no low-pay data)\n";
  std::vector<double> g = lp.gap;
  for (double& v : g) v = std::isfinite(v) ? v : 0.0;
  const std::size_t lo = extreme(g, -1), hi = extreme(g, 1);
  std::ostringstream o;
  o << "  new_jobs_low_pay_share: " << text::sig(lp.reference, 4) << " of all new jobs; " << regions[lo] << " "
    << signed_num(lp.gap[lo], 3) << ", " << regions[hi] << " " << signed_num(lp.gap[hi], 3) << "\n";
  return o.str();
}

std::string gaps_text(const H5File& h, std::size_t t, int year) {
  GapsYear gy;
  if (!read_gaps(h, t, gy) || gy.regions.empty()) return "";
  std::ostringstream o;
  o << "\nGaps between regions in " << year << ", with the scenario (value of all regions together; the regions "
       "furthest below and above it; coefficient of variation, baseline -> scenario)\n";
  for (std::size_t k = 0; k < gy.indicators.size(); ++k) {
    const auto& s = gy.spread[k];
    o << "  " << gy.indicators[k] << ": ";
    if (!std::isfinite(s[0])) {
      o << "not available for this model\n";
      continue;
    }
    std::vector<double> g = gy.gap[k];
    for (double& v : g) v = std::isfinite(v) ? v : 0.0;
    const std::size_t lo = extreme(g, -1), hi = extreme(g, 1);
    o << value(s[0], false) << " " << gy.units[k] << "; " << gy.regions[lo] << " " << value(gy.gap[k][lo], true) << ", "
      << gy.regions[hi] << " " << value(gy.gap[k][hi], true) << "; CV " << text::sig(gy.base[k][2], 4) << " -> "
      << text::sig(s[2], 4) << "\n";
  }
  return o.str() + low_pay_text(h, t, gy.regions);
}

std::string gaps_json(const H5File& h, std::size_t t) {
  GapsYear gy;
  if (!read_gaps(h, t, gy)) return "";
  const auto num = text::num_or_null;
  std::ostringstream o;
  o << ",\n  \"beyond_gva_gaps\": {";
  for (std::size_t k = 0; k < gy.indicators.size(); ++k) {
    o << (k ? ", " : "") << json_quote(gy.indicators[k]) << ": {\"unit\": " << json_quote(gy.units[k])
      << ", \"reference\": " << num(gy.spread[k][0]) << ", \"max_minus_min\": " << num(gy.spread[k][1])
      << ", \"coefficient_of_variation\": " << num(gy.spread[k][2])
      << ", \"baseline_coefficient_of_variation\": " << num(gy.base[k][2]) << ", \"gap\": {";
    for (std::size_t r = 0; r < gy.regions.size(); ++r)
      o << (r ? ", " : "") << json_quote(gy.regions[r]) << ": " << num(gy.gap[k][r]);
    o << "}}";
  }
  const LowPayGap lp = low_pay_gap(h, t);
  if (!lp.gap.empty()) {
    o << ", \"new_jobs_low_pay_share\": {\"unit\": \"1\", \"reference\": " << num(lp.reference) << ", \"gap\": {";
    for (std::size_t r = 0; r < gy.regions.size() && r < lp.gap.size(); ++r)
      o << (r ? ", " : "") << json_quote(gy.regions[r]) << ": " << num(lp.gap[r]);
    o << "}}";
  }
  o << "}";
  return o.str();
}

}  // namespace

bool read_labour(const H5File& h, std::size_t t, LabourYear& out) {
  const std::string g = "/results";
  if (!h.exists(g + "/labour_supply")) return false;
  out.regions = h.read_strings(g + "/region");
  const std::size_t R = out.regions.size(), Y = h.read_ints(g + "/year").size();
  out.year = int(h.read_ints(g + "/year").at(t));
  std::vector<std::size_t> shape;
  const std::vector<double> place = h.read_doubles(g + "/by_place", shape);  // (basis, place_measure, year, region), jobs first
  const std::size_t P = shape.at(1);
  for (std::size_t r = 0; r < R; ++r) {
    out.work.push_back(place[(0 * P * Y + t) * R + r]);
    out.home.push_back(place[(1 * P * Y + t) * R + r]);
  }
  const std::vector<double> rates = h.read_doubles(g + "/labour_rates", shape);  // (rate, case, year, region)
  auto at = [&](std::size_t k, std::size_t c, std::size_t r) { return rates[((k * 2 + c) * Y + t) * R + r]; };
  for (std::size_t r = 0; r < R; ++r) {
    out.emp_change.push_back(at(0, 1, r) - at(0, 0, r));
    out.unemp_change.push_back(at(1, 1, r) - at(1, 0, r));
  }
  out.rates = R > 0 && std::isfinite(out.emp_change[0]);
  out.exceeded_in = h.read_attr_string(g + "/labour_reserve_exceeded", "exceeded_in");
  return true;
}

bool read_gaps(const H5File& h, std::size_t t, GapsYear& out) {
  const std::string g = "/results";
  if (!h.exists(g + "/beyond_gva_gap")) return false;
  out.indicators = h.read_strings(g + "/indicator");
  out.units = h.read_strings(g + "/indicator_unit");
  out.regions = h.read_strings(g + "/region");
  const std::size_t B = out.indicators.size(), R = out.regions.size(), Y = h.read_ints(g + "/year").size();
  std::vector<std::size_t> shape;
  const std::vector<double> gap = h.read_doubles(g + "/beyond_gva_gap", shape);      // (indicator, case, year, region)
  const std::vector<double> spr = h.read_doubles(g + "/beyond_gva_spread", shape);  // (indicator, case, year, spread)
  for (std::size_t k = 0; k < B; ++k) {
    out.gap.emplace_back();
    for (std::size_t r = 0; r < R; ++r) out.gap[k].push_back(gap[((k * 2 + 1) * Y + t) * R + r]);
    std::array<double, 3> sc{}, bs{};
    for (std::size_t x = 0; x < 3; ++x) sc[x] = spr[((k * 2 + 1) * Y + t) * 3 + x], bs[x] = spr[((k * 2 + 0) * Y + t) * 3 + x];
    out.spread.push_back(sc), out.base.push_back(bs);
  }
  return true;
}

LowPayGap low_pay_gap(const H5File& h, std::size_t t) {
  const std::string g = "/results/";
  LowPayGap out;
  if (!h.exists(g + "new_jobs_low_pay_share") || !h.exists(g + "low_pay_industry") || !h.exists(g + "total")) return out;
  const auto measures = h.read_strings(g + "measure");
  const std::size_t jobs = std::find(measures.begin(), measures.end(), "jobs") - measures.begin();
  if (jobs == measures.size()) return out;
  std::vector<std::size_t> shape, ts;
  const auto share = h.read_doubles(g + "new_jobs_low_pay_share", shape);  // (year, region)
  const auto low = h.read_doubles(g + "low_pay_industry", shape);         // (region, industry)
  const auto total = h.read_doubles(g + "total", ts);                      // (measure, year, region, industry)
  const std::size_t Y = ts[1], R = ts[2], S = ts[3];
  double low_jobs = 0, all_jobs = 0;
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t s = 0; s < S; ++s) {
      const double d = total[((jobs * Y + t) * R + r) * S + s];
      all_jobs += d, low_jobs += low[r * S + s] * d;
    }
  out.reference = all_jobs != 0 ? low_jobs / all_jobs : std::nan("");
  for (std::size_t r = 0; r < R; ++r) out.gap.push_back(share[t * R + r] - out.reference);
  return out;
}

std::string labour_text(const H5File& h, std::size_t t) {
  LabourYear l;
  if (!read_labour(h, t, l) || l.regions.empty()) return "";
  std::vector<double> net(l.regions.size());
  for (std::size_t r = 0; r < net.size(); ++r) net[r] = l.home[r] - l.work[r];
  const std::size_t in = extreme(net, 1), out = extreme(net, -1);
  std::ostringstream o;
  o << "\nWho gets the jobs in " << l.year << " (jobs by residence through Census 2021 commuting)\n";
  o << "  residence minus workplace jobs: most in " << l.regions[in] << " (" << signed_num(net[in], 0) << "), least in "
    << l.regions[out] << " (" << signed_num(net[out], 0) << ")\n";
  if (l.rates) {
    const std::size_t e = extreme(l.emp_change, 1), u = extreme(l.unemp_change, -1);
    o << "  residents' employment rate (16-64): largest change " << l.regions[e] << " " << signed_num(l.emp_change[e], 3)
      << " points; ILO unemployment rate: largest fall " << l.regions[u] << " " << signed_num(l.unemp_change[u], 3)
      << " points\n";
    o << "  labour reserve (unemployed + inactive wanting work) exceeded: " << l.exceeded_in << "\n";
  } else {
    o << "  residents' employment and unemployment rates: no base labour market data for this model\n";
  }
  return o.str() + gaps_text(h, t, l.year);
}

std::string labour_json(const H5File& h, std::size_t t) {
  LabourYear l;
  if (!read_labour(h, t, l)) return "";
  const auto num = text::num_or_null;
  std::ostringstream o;
  o << ",\n  \"labour\": {\"year\": " << l.year << ", \"reserve_exceeded_in\": " << json_quote(l.exceeded_in)
    << ", \"regions\": [";
  for (std::size_t r = 0; r < l.regions.size(); ++r)
    o << (r ? ", " : "") << "{\"code\": " << json_quote(l.regions[r]) << ", \"workplace_jobs\": " << num(l.work[r])
      << ", \"residence_jobs\": " << num(l.home[r]) << ", \"employment_rate_change\": " << num(l.emp_change[r])
      << ", \"unemployment_rate_change\": " << num(l.unemp_change[r]) << "}";
  o << "]}";
  return o.str() + gaps_json(h, t);
}

}  // namespace devolve
