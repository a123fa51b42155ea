#pragma once
// Context indicators (docs/data.md, "Context indicators"): measures of need and wellbeing by region
// that devolve does not model (a scenario does not change them), shipped for the UK models in
// data/uk/<level>/context.csv, written to every results file as context (group /context), and the
// need split that shares an amount by the gap in one of them (docs/scenarios.md, "Splits").
#include <cstddef>
#include <string>
#include <vector>

namespace devolve {

//! One context indicator by region, as published or aggregated by tools/derive_context.py.
struct ContextIndicator {
  std::string code;         //!< e.g. "employment_rate"
  std::string unit;         //!< e.g. "percent", "GBP per person"
  std::string period;       //!< e.g. "2023", "Apr 2022-Mar 2023"
  std::string source;       //!< publisher and table
  std::string description;  //!< what it measures
  std::vector<double> value;     //!< R; NaN where there is none [unit]
  std::vector<double> coverage;  //!< R: share of the region's population behind the value [1]
};

//! The context indicators of a model's regions; empty for a model without shipped context.
struct ContextData {
  std::string file;  //!< the context.csv read
  std::vector<ContextIndicator> indicators;
  //! The indicator with this code, or nullptr.
  const ContextIndicator* find(const std::string& code) const;
};

//! Reads a context.csv (columns region_code, indicator, value, unit, period, coverage, source,
//! description) for the given region codes, in their order: NaN (coverage 0) for a region without a
//! row; no indicators when no region has one; InputError (located) for a value that is not a number.
ContextData read_context(const std::string& path, const std::vector<std::string>& region_codes);

//! A need measure a split may name: the gap below the benchmark in a context indicator.
struct NeedMeasure {
  std::string name;       //!< e.g. "employment_rate_gap"
  std::string indicator;  //!< the context indicator, e.g. "employment_rate" (higher is better)
};

//! The need measures (docs/scenarios.md, "Splits"): employment_rate_gap, gdhi_per_head_gap.
const std::vector<NeedMeasure>& need_measures();
//! The need measure named `name`, or nullptr.
const NeedMeasure* need_measure(const std::string& name);

//! Shares of an amount by need (docs/scenarios.md, "Splits"): with x_r the indicator, pop_r the
//! population and B = sum_r pop_r x_r / sum_r pop_r over every region with a value (the benchmark),
//! the gap g_r = max(0, B - x_r), n_r = pop_r g_r / sum_s pop_s g_s and p_r = pop_r / sum_s pop_s over
//! the shock's regions, and w_r = share n_r + (1 - share) p_r.
struct NeedShares {
  std::vector<double> weights;  //!< R: w_r, summing to 1 over the regions; 0 elsewhere [1]
  std::vector<double> gap;      //!< R: g_r (0 outside the regions) [indicator unit]
  double benchmark = 0;         //!< B [indicator unit]
  bool any_gap = false;         //!< false when every region is at or above B (weights then empty)
};
//! `value` and `population` have one entry per region of the model; `regions` are the shock's.
NeedShares need_shares(const std::vector<double>& value, const std::vector<double>& population,
                       const std::vector<std::size_t>& regions, double share);

}  // namespace devolve
