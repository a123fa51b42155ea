// Context indicators and need shares (docs/data.md, "Context indicators"; docs/scenarios.md, "Splits").
#include "devolve/context.hpp"

#include <cmath>
#include <map>

#include "base/csv.hpp"
#include "devolve/error.hpp"

namespace devolve {

const ContextIndicator* ContextData::find(const std::string& code) const {
  for (const auto& i : indicators)
    if (i.code == code) return &i;
  return nullptr;
}

ContextData read_context(const std::string& path, const std::vector<std::string>& region_codes) {
  const csv::Table t = csv::read(path);
  csv::require_header(t, {"region_code", "indicator", "value", "unit", "period", "coverage", "source", "description"});
  ContextData out;
  out.file = path;
  std::map<std::string, std::size_t> region_index, indicator_index;
  for (std::size_t r = 0; r < region_codes.size(); ++r) region_index[region_codes[r]] = r;
  const std::size_t R = region_codes.size();
  for (const auto& row : t.rows) {
    const auto reg = region_index.find(row.fields[0].text);
    if (reg == region_index.end()) continue;  // a region of another model of the level
    const std::string& code = row.fields[1].text;
    auto [it, added] = indicator_index.emplace(code, out.indicators.size());
    if (added) {
      out.indicators.push_back({code, row.fields[3].text, row.fields[4].text, row.fields[6].text, row.fields[7].text,
                                std::vector<double>(R, std::nan("")), std::vector<double>(R, 0.0)});
    }
    ContextIndicator& ind = out.indicators[it->second];
    if (!row.fields[2].text.empty()) ind.value[reg->second] = csv::number(t, row, 2, code + ".value");
    ind.coverage[reg->second] = csv::number(t, row, 5, code + ".coverage");
  }
  // A region without a row keeps NaN and coverage 0; a need split on it is refused where it is used.
  return out;
}

const std::vector<NeedMeasure>& need_measures() {
  static const std::vector<NeedMeasure> m = {{"employment_rate_gap", "employment_rate"},
                                             {"gdhi_per_head_gap", "gdhi_per_head"}};
  return m;
}

const NeedMeasure* need_measure(const std::string& name) {
  for (const auto& m : need_measures())
    if (m.name == name) return &m;
  return nullptr;
}

NeedShares need_shares(const std::vector<double>& value, const std::vector<double>& population,
                       const std::vector<std::size_t>& regions, double share) {
  NeedShares out;
  const std::size_t R = value.size();
  double pop_all = 0, weighted = 0;
  for (std::size_t r = 0; r < R; ++r)
    if (std::isfinite(value[r])) pop_all += population[r], weighted += population[r] * value[r];
  out.benchmark = pop_all > 0 ? weighted / pop_all : std::nan("");
  out.gap.assign(R, 0.0);
  double need_total = 0, pop_total = 0;
  for (auto r : regions) {
    out.gap[r] = std::max(0.0, out.benchmark - value[r]);
    need_total += population[r] * out.gap[r];
    pop_total += population[r];
  }
  out.any_gap = need_total > 0;
  if (!out.any_gap || !(pop_total > 0)) return out;
  out.weights.assign(R, 0.0);
  for (auto r : regions)
    out.weights[r] = share * population[r] * out.gap[r] / need_total + (1 - share) * population[r] / pop_total;
  return out;
}

}  // namespace devolve
