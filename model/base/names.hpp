#pragma once
// Names people use for regions and industries: "did you mean" hints by code and by name (word and
// prefix matching, common aliases and combined-authority names), and industry groups (SIC 2007
// sections and named groups such as "manufacturing"). docs/scenarios.md, "Names and hints".
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace devolve::names {

//! Something a user may write: `write` is the text to suggest, `text` the text matched against
//! (a code, or a name; for an ITL1 area on a finer model, the ITL1 name with its code to write).
struct Candidate {
  std::string write, text;
};

//! The best hint for `word`, in this order: an alias (Yorkshire, West Yorks, Leeds City Region,
//! Greater Manchester Combined Authority, ...) whose target is a candidate's text; every word of
//! `word` equal to, or the start of, a word of a candidate (fewest words left over wins, then most
//! exact words); then the closest by edit distance. Null when nothing is close.
const Candidate* suggest(std::string_view word, const std::vector<Candidate>& candidates);
//! " (did you mean 'X'?)", " (did you mean 'TLD' (North West)?)", or "".
std::string did_you_mean(std::string_view word, const std::vector<Candidate>& candidates);
//! Candidates each written as itself
std::vector<Candidate> as_candidates(const std::vector<std::string>& texts);

//! The 12 ITL1 regions of the UK (ONS ITL 2025): {code, name}
const std::vector<Candidate>& itl1_regions();

//! An industry group: a SIC 2007 section letter (A-U) or a named group (docs/scenarios.md).
struct IndustryGroup {
  std::string name;      //!< "manufacturing", or the letter itself
  std::string sections;  //!< SIC 2007 section letters, e.g. "C" or "BCDE"
};
const std::vector<IndustryGroup>& industry_groups();
//! The indices of `codes` in the group named `ref` (case-insensitive): an industry is in section X
//! when its code is X followed by a digit (the IOAT codes, e.g. "C10.1", "F41, F42 & F43").
//! Empty when `ref` names no group; `is_group` says whether it named one.
std::vector<std::size_t> industry_group(std::string_view ref, const std::vector<std::string>& codes, bool& is_group);

}  // namespace devolve::names
