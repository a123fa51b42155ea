#pragma once
// The one table of scenario inputs (docs/scenarios.md, docs/sweeps.md "Sweepable inputs"): each
// numeric key path a scenario takes, its type and limits, whether it enters linearly (only scales
// final demand or the R&D dynamics) and how it is set on a resolved scenario. The scenario reader
// takes its limits from here, the sweep reader which paths may vary and on which path, and the
// sweep runner how to check and set a sampled value.
#include <string>
#include <string_view>
#include <vector>

namespace devolve {

struct Scenario;
struct ScenarioSpec;

//! One row of the table.
struct ScenarioInput {
  enum class Type { number, integer };
  std::string_view pattern;  //!< key path; [i] a shock index, [t] a year index, YEAR a calendar year
  Type type = Type::number;
  double lo = 0, hi = 0;     //!< limits of a value, in the key's unit
  bool hi_open = false;      //!< the value must be below hi (else at most hi)
  bool linear = false;       //!< scales final demand or the R&D dynamics only (the sweep's fast path)
  bool sweepable = true;     //!< a sweep may vary it (false: it would change array shapes)
  std::string_view unit;     //!< e.g. "GBP million a year", "1", "years"
  //! Sets the value on a resolved scenario (linear inputs only; the numbers fill [i], [t], YEAR).
  void (*set)(Scenario&, const std::vector<long long>& numbers, double value) = nullptr;
  //! Sets the value on a scenario spec (every sweepable scenario input), which is then resolved
  //! again; false, with `why`, when the spec has no such place (no shock [i], a single amount given a year).
  bool (*set_spec)(ScenarioSpec&, const std::vector<long long>& numbers, double value, std::string& why) = nullptr;
};

//! Every row, in the order the docs list them.
const std::vector<ScenarioInput>& scenario_inputs();

//! The row whose pattern `path` matches, with the numbers written in place of [i], [t] and YEAR;
//! nullptr when none matches. A malformed path (an unclosed '[', an index of more than 9 digits)
//! also gives nullptr, with the reason in `why`.
const ScenarioInput* match_scenario_input(std::string_view path, std::vector<long long>& numbers, std::string& why);

//! The row with this exact pattern (throws std::logic_error if there is none: a programming error).
const ScenarioInput& scenario_input(std::string_view pattern);

//! Sets `value` at `path` (whose row is `input`, with `numbers`) in `spec` through the row's set_spec:
//! false, with `why`, when the spec has no such place; an InputError naming `path` when the value is
//! outside the row's limits.
bool set_scenario_input(ScenarioSpec& spec, const ScenarioInput& input, const std::vector<long long>& numbers,
                        const std::string& path, double value, std::string& why);

//! Empty if `value` is within the row's limits (and whole, for an integer), else why not, in the
//! scenario reader's words: "must be at least 0 and below 1, found 2".
std::string limit_violation(const ScenarioInput& input, double value);

}  // namespace devolve
