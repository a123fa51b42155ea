#pragma once
// Small string helpers shared by the readers: case folding, "did you mean" hints, number formatting.
#include <string>
#include <string_view>
#include <vector>

namespace devolve::text {

std::string lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
//! Levenshtein distance, case-insensitive
std::size_t edit_distance(std::string_view a, std::string_view b);
//! The closest candidate within a small distance, or empty
std::string closest(std::string_view word, const std::vector<std::string>& candidates);
//! " (did you mean 'x'?)" or ""
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);
//! "a, b, c, ..." listing at most max_items
std::string join(const std::vector<std::string>& items, std::size_t max_items = 12);
//! Shortest round-trip text of a double
std::string num(double v);
//! num(v), or "null" where v is not finite (JSON has no NaN or infinity)
std::string num_or_null(double v);
//! A number with thousands separators and the given decimals, e.g. "-1,234.5"
std::string thousands(double v, int decimals);
//! Fixed text of a double with the given significant digits
std::string sig(double v, int digits);

}  // namespace devolve::text

#include <optional>
#include <utility>

namespace devolve::text {

//! The offset of the first byte that is not part of valid UTF-8 (overlong forms, surrogates and
//! code points past U+10FFFF are invalid too); nullopt if the text is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view s);
//! The 0-based line and byte column of an offset in a text
std::pair<std::size_t, std::size_t> line_column(std::string_view s, std::size_t offset);

}  // namespace devolve::text
