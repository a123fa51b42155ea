#include "output/labour_report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <vector>

#include "base/text.hpp"
#include "devolve/error.hpp"
#include "devolve/model.hpp"
#include "devolve/summary.hpp"
#include "scenario/labour_market.hpp"

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

std::string low_pay_text(const H5File& h, std::size_t t, const std::vector<std::string>& regions,
                         const RegionGrouping* groups = nullptr) {
  const LowPayGap lp = low_pay_gap(h, t, groups);
  if (lp.gap.empty()) return "";
  if (!std::isfinite(lp.reference))
    return "  new_jobs_low_pay_share: not available (no region-industry gains jobs, or no low-pay data)\n";
  // the regions furthest below and above, among those with gains (a NaN is never the extreme)
  std::vector<double> below = lp.gap, above = lp.gap;
  for (double& v : below) v = std::isfinite(v) ? v : HUGE_VAL;
  for (double& v : above) v = std::isfinite(v) ? v : -HUGE_VAL;
  const std::size_t lo = extreme(below, -1), hi = extreme(above, 1);
  std::ostringstream o;
  o << "  new_jobs_low_pay_share: " << text::sig(lp.reference, 4) << " of gross new jobs (" << text::thousands(lp.gross_new, 0)
    << " gained where jobs grow, " << text::thousands(lp.gross_lost, 0) << " lost where they fall); " << regions[lo] << " "
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
    o << ", \"new_jobs_low_pay_share\": {\"unit\": \"1\", \"reference\": " << num(lp.reference)
      << ", \"definition\": \"gross\", \"gross_new_jobs\": " << num(lp.gross_new) << ", \"gross_jobs_lost\": " << num(lp.gross_lost)
      << ", \"gap\": {";
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

LowPayGap low_pay_gap(const H5File& h, std::size_t t, const RegionGrouping* groups) {
  const std::string g = "/results/";
  LowPayGap out;
  if (!h.exists(g + "new_jobs_low_pay_share") || !h.exists(g + "low_pay_industry") || !h.exists(g + "total")) return out;
  const auto measures = h.read_strings(g + "measure");
  const std::size_t jobs = std::find(measures.begin(), measures.end(), "jobs") - measures.begin();
  if (jobs == measures.size()) return out;
  std::vector<std::size_t> shape, ts;
  // A model without FTE or compensation (or not in GBP million) has no pay per FTE: its low_pay_industry
  // is 0 everywhere and the stored share NaN (beyond_gva.cpp); not available, never a share of 0.
  if (h.exists(g + "compensation_per_fte")) {
    const auto pay = h.read_doubles(g + "compensation_per_fte", shape);
    if (std::none_of(pay.begin(), pay.end(), [](double v) { return std::isfinite(v); })) return out;
  }
  const auto low = h.read_doubles(g + "low_pay_industry", shape);         // (region, industry)
  const auto total = h.read_doubles(g + "total", ts);                      // (measure, year, region, industry)
  const std::size_t Y = ts[1], R = ts[2], S = ts[3], G = groups ? groups->codes.size() : R;
  // Every share from the gross new jobs of /results/total (each region's, or parent's, gains only),
  // so that files written with the net definition (before the `definition` attribute) read the same.
  double low_jobs = 0, all_jobs = 0;
  std::vector<double> low_g(G, 0.0), all_g(G, 0.0);  // each region's or parent's numerator and denominator
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t s = 0; s < S; ++s) {
      const double d = total[((jobs * Y + t) * R + r) * S + s];
      if (!(d > 0)) {
        out.gross_lost -= std::isfinite(d) ? d : 0.0;
        continue;
      }
      const std::size_t p = groups ? groups->of[r] : r;
      all_jobs += d, low_jobs += low[r * S + s] * d;
      all_g[p] += d, low_g[p] += low[r * S + s] * d;
    }
  out.gross_new = all_jobs;
  out.reference = all_jobs > 0 ? low_jobs / all_jobs : std::nan("");
  for (std::size_t p = 0; p < G; ++p) out.gap.push_back(all_g[p] > 0 ? low_g[p] / all_g[p] - out.reference : std::nan(""));
  return out;
}

namespace {

// The base levels the run read for the file's regions (resolve_labour_supply on the file's regions and
// model metadata: data_dir/uk/<level>/labour_market.csv, areas summed from their LADs); empty where
// there are none or they do not give the file's baseline rates (other data than the run's).
LabourSupply file_base_levels(const H5File& h, const std::string& data_dir, const std::vector<double>& rates, std::size_t Y) {
  Model m;
  const auto codes = h.read_strings("/results/region"), names = h.read_strings("/results/region_name");
  for (std::size_t r = 0; r < codes.size(); ++r) m.regions.push_back({codes[r], r < names.size() ? names[r] : codes[r]});
  if (h.exists("/model_metadata/key")) {
    const auto keys = h.read_strings("/model_metadata/key"), values = h.read_strings("/model_metadata/value");
    for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) m.metadata.emplace_back(keys[i], values[i]);
  }
  LabourSupply l;
  try {
    l = resolve_labour_supply(LabourSupplySpec{}, m, data_dir);
  } catch (const InputError&) {
    return {};
  }
  const std::size_t R = codes.size();
  const auto same = [](double a, double b) { return std::fabs(a - b) <= 1e-9 * std::fabs(b); };
  for (std::size_t r = 0; r < R && l.employed.size() == R; ++r)  // baseline rates of year 0: (rate, case, year, region)
    if (!same(100.0 * l.employed[r] / l.population_16_64[r], rates[r]) ||
        !same(100.0 * l.unemployed_level[r] / l.active[r], rates[(2 * Y) * R + r]))
      return {};
  return l;
}

}  // namespace

void group_labour(const H5File& h, std::size_t t, const LabourGrouping& lg, LabourYear& l) {
  const RegionGrouping& g = lg.groups;
  const std::size_t R = l.regions.size(), G = g.codes.size(), Y = h.read_ints("/results/year").size();
  std::vector<std::size_t> shape;
  const auto flows = h.read_doubles("/results/labour_supply", shape);  // (source, year, region)
  const auto rates = h.read_doubles("/results/labour_rates", shape);   // (rate, case, year, region)
  const auto place = h.read_doubles("/results/by_place", shape);       // (basis, place_measure, year, region)
  const auto reserve = h.read_doubles("/results/labour_reserve", shape);
  const std::size_t P = place.size() / (2 * Y * R);
  const LabourSupply base = file_base_levels(h, lg.data_dir, rates, Y);
  const bool levels = l.rates && base.employed.size() == R;
  std::vector<double> work(G, 0.0), home(G, 0.0), E(G, 0.0), Pop(G, 0.0), U(G, 0.0), A(G, 0.0), fu(G, 0.0), fi(G, 0.0),
      fm(G, 0.0), res(G, 0.0);
  for (std::size_t r = 0; r < R; ++r) {
    const std::size_t p = g.of[r];
    work[p] += l.work[r], home[p] += l.home[r], res[p] += reserve[r];
    fu[p] += flows[(0 * Y + t) * R + r], fi[p] += flows[(1 * Y + t) * R + r], fm[p] += flows[(3 * Y + t) * R + r];
    if (levels) E[p] += base.employed[r], Pop[p] += base.population_16_64[r], U[p] += base.unemployed_level[r], A[p] += base.active[r];
  }
  l.regions = g.codes, l.work = work, l.home = home, l.emp_change.assign(G, std::nan("")), l.unemp_change.assign(G, std::nan(""));
  for (std::size_t p = 0; p < G && levels; ++p) {  // docs/methodology.md, "Labour supply", on the summed levels and flows
    l.emp_change[p] = 100.0 * (E[p] + fu[p] + fi[p] + fm[p]) / (Pop[p] + fm[p]) - 100.0 * E[p] / Pop[p];
    l.unemp_change[p] = 100.0 * (U[p] - fu[p]) / (A[p] + fi[p] + fm[p]) - 100.0 * U[p] / A[p];
  }
  if (l.rates && !levels)
    l.no_rates = "not recomputed for the " + g.level + " parents: the base labour market in " + lg.data_dir +
                 " does not give this file's rates (run without --aggregate for the file's regions)";
  l.rates = levels;
  if (l.exceeded_in.rfind("not assessed", 0) == 0) return;
  std::string exceeded;  // the summed residence jobs change against the summed reserve, year by year
  const auto years = h.read_ints("/results/year");
  for (std::size_t y = 0; y < Y; ++y) {
    std::vector<double> d(G, 0.0);
    for (std::size_t r = 0; r < R; ++r) d[g.of[r]] += place[(1 * P * Y + y) * R + r];
    for (std::size_t p = 0; p < G; ++p)
      if (d[p] > res[p]) exceeded += (exceeded.empty() ? "" : ", ") + g.codes[p] + " " + std::to_string(years[y]);
  }
  l.exceeded_in = exceeded.empty() ? "none" : exceeded;
}

std::string labour_text(const H5File& h, std::size_t t, const LabourGrouping* g, bool all) {
  LabourYear l;
  if (!read_labour(h, t, l) || l.regions.empty()) return "";
  if (g) group_labour(h, t, *g, l);
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
    std::string exceeded = l.exceeded_in;
    const std::size_t n = std::size_t(std::count(exceeded.begin(), exceeded.end(), ',')) + 1, shown = 12;
    if (!all && n > shown) {
      std::size_t at = 0;
      for (std::size_t k = 0; k < shown; ++k) at = exceeded.find(", ", at) + 2;
      exceeded = exceeded.substr(0, at) + "... " + std::to_string(n - shown) + " more (--all lists them)";
    }
    o << "  labour reserve (unemployed + inactive wanting work) exceeded: " << exceeded << "\n";
  } else {
    o << "  residents' employment and unemployment rates: "
      << (l.no_rates.empty() ? "no base labour market data for this model" : l.no_rates) << "\n";
  }
  if (!g) return o.str() + gaps_text(h, t, l.year);
  o << "  gaps between regions beyond GVA: shown for the file's own regions only (run without --aggregate)\n";
  return o.str() + low_pay_text(h, t, l.regions, &g->groups);
}

std::string labour_json(const H5File& h, std::size_t t, const LabourGrouping* g) {
  LabourYear l;
  if (!read_labour(h, t, l)) return "";
  if (g) group_labour(h, t, *g, l);
  const auto num = text::num_or_null;
  std::ostringstream o;
  o << ",\n  \"labour\": {\"year\": " << l.year << ", \"reserve_exceeded_in\": " << json_quote(l.exceeded_in)
    << ", \"regions\": [";
  for (std::size_t r = 0; r < l.regions.size(); ++r)
    o << (r ? ", " : "") << "{\"code\": " << json_quote(l.regions[r]) << ", \"workplace_jobs\": " << num(l.work[r])
      << ", \"residence_jobs\": " << num(l.home[r]) << ", \"employment_rate_change\": " << num(l.emp_change[r])
      << ", \"unemployment_rate_change\": " << num(l.unemp_change[r]) << "}";
  o << "]}";
  if (!g) return o.str() + gaps_json(h, t);
  const LowPayGap lp = low_pay_gap(h, t, &g->groups);  // the gaps beyond GVA: the file's regions only
  if (lp.gap.empty()) return o.str();
  o << ",\n  \"new_jobs_low_pay_share\": {\"unit\": \"1\", \"reference\": " << num(lp.reference)
      << ", \"definition\": \"gross\", \"gross_new_jobs\": " << num(lp.gross_new) << ", \"gross_jobs_lost\": " << num(lp.gross_lost)
      << ", \"gap\": {";
  for (std::size_t r = 0; r < l.regions.size() && r < lp.gap.size(); ++r)
    o << (r ? ", " : "") << json_quote(l.regions[r]) << ": " << num(lp.gap[r]);
  o << "}}";
  return o.str();
}

}  // namespace devolve
