#include "scenario/purchases_csv.hpp"

#include "base/csv.hpp"
#include "base/text.hpp"

namespace devolve {

namespace {

constexpr double max_amount = 1e6;  // GBP million a year, the limit of every amount

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

SourceLocation at_field(const csv::Table& t, const csv::Row& r, std::size_t k, const std::string& key) {
  return {t.file, r.line, k < r.fields.size() ? r.fields[k].column : 1, key, r.raw};
}

}  // namespace

std::vector<PurchaseSpec> read_purchases_csv(const std::string& path, const std::string& key) {
  const csv::Table t = csv::read(path);
  csv::require_header(t, {"region", "industry", "amount"});
  if (t.rows.empty()) csv::fail(t, t.header, 0, key, "no purchases: the file has a header and no rows");
  std::vector<PurchaseSpec> out;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const csv::Row& r = t.rows[i];
    const std::string k = key + "[" + std::to_string(i) + "]";
    PurchaseSpec p;
    for (std::size_t f : {0, 1})
      if (trim(r.fields[f].text).empty()) csv::fail(t, r, f, k + (f == 0 ? ".region" : ".industry"), "empty field");
    p.region = {trim(r.fields[0].text), true, at_field(t, r, 0, k + ".region")};
    p.industry = {trim(r.fields[1].text), true, at_field(t, r, 1, k + ".industry")};
    const double v = csv::number(t, r, 2, k + ".amount");
    if (v < 0 || v > max_amount)
      csv::fail(t, r, 2, k + ".amount",
                "a purchase must be at least 0 and at most " + text::num(max_amount) + " GBP million a year, found " + text::num(v));
    p.amount = {v, true, at_field(t, r, 2, k + ".amount")};
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace devolve
