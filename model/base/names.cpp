#include "base/names.hpp"

#include <cctype>
#include <limits>
#include <utility>

#include "base/text.hpp"

namespace devolve::names {

namespace {

// Lower-case words of s: letters, digits and dots; "&" reads as "and"; generic words of authority
// names (and, the, of, combined, authority, mayoral, county, ca) are left out.
std::vector<std::string> words(std::string_view s) {
  static const std::vector<std::string> generic = {"and", "the", "of", "combined", "authority", "mayoral", "county", "ca"};
  std::vector<std::string> out;
  std::string w;
  auto flush = [&] {
    bool skip = w.empty();
    for (const auto& g : generic) skip = skip || w == g;
    if (!skip) out.push_back(w);
    w.clear();
  };
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '.') w += static_cast<char>(std::tolower(u));
    else flush();
  }
  flush();
  return out;
}

std::string joined(const std::vector<std::string>& w) {
  std::string s;
  for (const auto& x : w) s += (s.empty() ? "" : " ") + x;
  return s;
}

// Aliases: what people call a place -> names of model regions, finest first (the first the model
// has is suggested). Keys are compared after words() (generic words such as "combined authority" dropped).
const std::vector<std::pair<std::string, std::vector<std::string>>>& aliases() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> a = {
      {"yorkshire", {"Yorkshire and The Humber"}},
      {"yorks", {"Yorkshire and The Humber"}},
      {"yorkshire humber", {"Yorkshire and The Humber"}},
      {"west yorks", {"West Yorkshire", "Yorkshire and The Humber"}},
      {"south yorks", {"South Yorkshire", "Yorkshire and The Humber"}},
      {"north yorks", {"North Yorkshire", "Yorkshire and The Humber"}},
      {"west yorkshire", {"West Yorkshire", "Yorkshire and The Humber"}},
      {"south yorkshire", {"South Yorkshire", "Yorkshire and The Humber"}},
      {"north yorkshire", {"North Yorkshire", "Yorkshire and The Humber"}},
      {"sheffield", {"South Yorkshire", "Yorkshire and The Humber"}},
      {"leeds city region", {"West Yorkshire", "Yorkshire and The Humber"}},
      {"leeds", {"West Yorkshire", "Yorkshire and The Humber"}},
      {"sheffield city region", {"South Yorkshire", "Yorkshire and The Humber"}},
      {"greater manchester", {"Greater Manchester", "North West"}},
      {"manchester", {"Greater Manchester", "North West"}},
      {"liverpool city region", {"Merseyside", "North West"}},
      {"liverpool", {"Merseyside", "North West"}},
      {"west midlands", {"West Midlands"}},
      {"birmingham", {"West Midlands"}},
      {"tees valley", {"Tees Valley", "North East"}},
      {"north east", {"North East"}},
      {"north tyne", {"Northumberland, Durham and Tyne & Wear", "North East"}},
      {"tyne wear", {"Northumberland, Durham and Tyne & Wear", "North East"}},
      {"west england", {"West of England", "South West"}},
      {"bristol", {"West of England", "South West"}},
      {"cambridgeshire peterborough", {"Cambridgeshire and Peterborough", "East"}},
      {"east midlands", {"East Midlands"}},
      {"greater london", {"London"}},
      {"gla", {"London"}},
      {"east anglia", {"Norfolk", "East"}},
      {"east england", {"East"}},
      {"humber", {"East Yorkshire and Northern Lincolnshire", "Yorkshire and The Humber"}},
  };
  return a;
}

// How well every word of `w` is found among the words of `t`: {found, exact, words of t left over}.
struct Fit {
  bool found = false;
  std::size_t exact = 0, left = std::numeric_limits<std::size_t>::max();
};

Fit fit(const std::vector<std::string>& w, const std::vector<std::string>& t) {
  Fit f;
  if (w.empty()) return f;
  std::vector<bool> used(t.size(), false);
  for (const auto& x : w) {
    std::size_t hit = t.size();
    for (std::size_t i = 0; i < t.size() && hit == t.size(); ++i)
      if (!used[i] && t[i] == x) hit = i, ++f.exact;
    for (std::size_t i = 0; i < t.size() && hit == t.size(); ++i)
      if (!used[i] && x.size() >= 2 && t[i].compare(0, x.size(), x) == 0) hit = i;
    if (hit == t.size()) return {};
    used[hit] = true;
  }
  f.found = true;
  f.left = t.size() - w.size();
  return f;
}

}  // namespace

const Candidate* suggest(std::string_view word, const std::vector<Candidate>& candidates) {
  // No hint for a name longer than any real one: word matching and the edit distance are
  // quadratic, and the fuzzer found hostile names of 100 kB taking seconds per region list.
  if (word.size() > 256) return nullptr;
  // Nor among more candidates than any geography has (361 LADs): a file of 30,000 user groups
  // with many unknown references would otherwise cost seconds per error.
  if (candidates.size() > 2000) return nullptr;
  const std::vector<std::string> w = words(word);
  const std::string key = joined(w);
  for (const auto& [alias, targets] : aliases())
    if (alias == key)
      for (const auto& target : targets)
        for (const auto& c : candidates)
          if (text::iequals(c.text, target)) return &c;
  const Candidate* best = nullptr;
  Fit best_fit;
  for (const auto& c : candidates) {
    const Fit f = fit(w, words(c.text));
    if (f.found && (!best || f.left < best_fit.left || (f.left == best_fit.left && f.exact > best_fit.exact)))
      best = &c, best_fit = f;
  }
  if (best) return best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  // The edit distance is at least the difference in length: skip what cannot be close.
  for (const auto& c : candidates) {
    const std::size_t gap = word.size() > c.text.size() ? word.size() - c.text.size() : c.text.size() - word.size();
    if (gap >= best_d) continue;
    const std::size_t d = text::edit_distance(word, c.text);
    if (d < best_d) best_d = d, best = &c;
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<Candidate>& candidates) {
  const Candidate* c = suggest(word, candidates);
  if (!c) return "";
  return " (did you mean '" + c->write + "'" + (c->write == c->text ? "" : " (" + c->text + ")") + "?)";
}

std::vector<Candidate> as_candidates(const std::vector<std::string>& texts) {
  std::vector<Candidate> out;
  for (const auto& t : texts) out.push_back({t, t});
  return out;
}

const std::vector<Candidate>& itl1_regions() {
  static const std::vector<Candidate> r = {
      {"TLC", "North East"},    {"TLD", "North West"},      {"TLE", "Yorkshire and The Humber"},
      {"TLF", "East Midlands"}, {"TLG", "West Midlands"},   {"TLH", "East"},
      {"TLI", "London"},        {"TLJ", "South East"},      {"TLK", "South West"},
      {"TLL", "Wales"},         {"TLM", "Scotland"},        {"TLN", "Northern Ireland"}};
  return r;
}

// SIC 2007 sections (ONS, UK SIC 2007, section titles) and the ONS aggregates "production" (B-E)
// and "services" (G-T).
const std::vector<IndustryGroup>& industry_groups() {
  static const std::vector<IndustryGroup> g = [] {
    std::vector<IndustryGroup> v;
    for (char c = 'A'; c <= 'U'; ++c) v.push_back({std::string(1, c), std::string(1, c)});
    const std::vector<IndustryGroup> named = {
        {"agriculture", "A"}, {"mining", "B"}, {"manufacturing", "C"}, {"energy", "D"}, {"water", "E"},
        {"construction", "F"}, {"retail", "G"}, {"wholesale and retail", "G"}, {"transport", "H"},
        {"hospitality", "I"}, {"accommodation and food", "I"}, {"information and communication", "J"},
        {"finance", "K"}, {"real estate", "L"}, {"professional services", "M"}, {"administrative services", "N"},
        {"public administration", "O"}, {"education", "P"}, {"health", "Q"}, {"arts", "R"},
        {"other services", "S"}, {"households as employers", "T"}, {"extraterritorial", "U"},
        {"production", "BCDE"}, {"services", "GHIJKLMNOPQRST"}};
    v.insert(v.end(), named.begin(), named.end());
    return v;
  }();
  return g;
}

std::vector<std::size_t> industry_group(std::string_view ref, const std::vector<std::string>& codes, bool& is_group) {
  is_group = false;
  std::vector<std::size_t> out;
  for (const auto& g : industry_groups()) {
    if (!text::iequals(g.name, ref)) continue;
    is_group = true;
    for (std::size_t i = 0; i < codes.size(); ++i) {
      const std::string& c = codes[i];
      if (c.size() >= 2 && std::isdigit(static_cast<unsigned char>(c[1])) && g.sections.find(c[0]) != std::string::npos)
        out.push_back(i);
    }
    break;
  }
  return out;
}

}  // namespace devolve::names
