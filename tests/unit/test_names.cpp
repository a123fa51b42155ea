// Name hints and industry groups (model/base/names.cpp; docs/scenarios.md, "Names and hints").
#include <catch2/catch.hpp>

#include "base/names.hpp"

using namespace devolve;

namespace {

// The shipped ITL2 model's regions in the West Yorkshire / North West / Wales neighbourhood,
// written by code and by name, and the ITL1 areas by code (what scenario.cpp offers on ITL2).
std::vector<names::Candidate> itl2() {
  std::vector<names::Candidate> c;
  for (auto [code, name] : std::vector<std::pair<std::string, std::string>>{
           {"TLD3", "Greater Manchester"}, {"TLD7", "Merseyside"}, {"TLE2", "North Yorkshire"},
           {"TLE3", "South Yorkshire"}, {"TLE4", "West Yorkshire"}, {"TLL3", "North Wales"},
           {"TLL5", "South East Wales"}, {"TLC3", "Tees Valley"}})
    c.push_back({code, code}), c.push_back({name, name});
  for (const auto& r : names::itl1_regions()) c.push_back(r);
  return c;
}

std::vector<names::Candidate> itl1() {
  std::vector<names::Candidate> c;
  for (const auto& r : names::itl1_regions()) c.push_back({r.write, r.write}), c.push_back({r.text, r.text});
  return c;
}

std::string hint(std::string_view w, const std::vector<names::Candidate>& c) { return names::did_you_mean(w, c); }

}  // namespace

TEST_CASE("region hints by name, word, prefix and alias") {
  const auto two = itl2(), one = itl1();
  // issue 15: on ITL2 "North West" suggested "North Wales"
  CHECK(hint("North West", two) == " (did you mean 'TLD' (North West)?)");
  CHECK(hint("North West", one) == " (did you mean 'North West'?)");
  CHECK(hint("Yorkshire", one) == " (did you mean 'Yorkshire and The Humber'?)");
  CHECK(hint("Yorkshire", two) == " (did you mean 'TLE' (Yorkshire and The Humber)?)");
  CHECK(hint("West Yorks", two) == " (did you mean 'West Yorkshire'?)");
  CHECK(hint("West Yorks", one) == " (did you mean 'Yorkshire and The Humber'?)");
  CHECK(hint("Leeds City Region", two) == " (did you mean 'West Yorkshire'?)");
  CHECK(hint("Leeds City Region", one) == " (did you mean 'Yorkshire and The Humber'?)");
  CHECK(hint("Greater Manchester Combined Authority", two) == " (did you mean 'Greater Manchester'?)");
  CHECK(hint("Greater Manchester Combined Authority", one) == " (did you mean 'North West'?)");
  CHECK(hint("Liverpool City Region", two) == " (did you mean 'Merseyside'?)");
  CHECK(hint("South Yorkshire Mayoral Combined Authority", one) == " (did you mean 'Yorkshire and The Humber'?)");
  CHECK(hint("South Yorkshire Mayoral Combined Authority", two) == " (did you mean 'South Yorkshire'?)");
  // typing mistakes still find the closest
  CHECK(hint("North Easst", one) == " (did you mean 'North East'?)");
  CHECK(hint("TLZ", one) == " (did you mean 'TLC'?)");
  CHECK(hint("Atlantis", one).empty());
}

TEST_CASE("industry hints by code token and name") {
  const auto c = names::as_candidates({"A01", "C19", "C29", "F41, F42 & F43", "M72", "Scientific Research And Development"});
  // issue 15: "F41" suggested "A01"
  CHECK(names::did_you_mean("F41", c) == " (did you mean 'F41, F42 & F43'?)");
  CHECK(names::did_you_mean("f43", c) == " (did you mean 'F41, F42 & F43'?)");
  CHECK(names::did_you_mean("C99", c) == " (did you mean 'C19'?)");
  CHECK(names::did_you_mean("scientific research", c) == " (did you mean 'Scientific Research And Development'?)");
}

TEST_CASE("industry groups: SIC sections and named groups") {
  const std::vector<std::string> codes = {"A01", "B06 & B07", "C10.1", "C20A", "D35", "F41, F42 & F43", "G47", "M72", "AGR"};
  bool g = false;
  CHECK(names::industry_group("C", codes, g) == std::vector<std::size_t>{2, 3});
  CHECK(g);
  CHECK(names::industry_group("manufacturing", codes, g) == std::vector<std::size_t>{2, 3});
  CHECK(names::industry_group("Construction", codes, g) == std::vector<std::size_t>{5});
  CHECK(names::industry_group("production", codes, g) == std::vector<std::size_t>{1, 2, 3, 4});
  CHECK(names::industry_group("a", codes, g) == std::vector<std::size_t>{0});  // not AGR: no digit after the letter
  CHECK(names::industry_group("services", codes, g) == std::vector<std::size_t>{6, 7});
  CHECK(names::industry_group("U", codes, g).empty());
  CHECK(g);
  CHECK(names::industry_group("widgets", codes, g).empty());
  CHECK_FALSE(g);
}
