#include "regional/household_inputs.hpp"

#include <cmath>
#include <filesystem>
#include <map>

#include "base/csv.hpp"
#include "devolve/error.hpp"

namespace devolve {

namespace fs = std::filesystem;

HouseholdInputs read_household_inputs(const std::string& dir, const std::vector<Label>& regions) {
  HouseholdInputs h;
  const fs::path hf = fs::path(dir) / "households.csv", cf = fs::path(dir) / "commuting.csv";
  if (!fs::exists(hf) || !fs::exists(cf)) return h;
  const std::size_t R = regions.size();
  std::map<std::string, std::size_t> index;
  for (std::size_t r = 0; r < R; ++r) index[regions[r].code] = r;
  auto region = [&](const csv::Table& t, const csv::Row& row, std::size_t col) {
    auto it = index.find(row.fields[col].text);
    if (it == index.end()) csv::fail(t, row, col, t.header.fields[col].text, "unknown region '" + row.fields[col].text + "'");
    return it->second;
  };
  h.gdhi.assign(R, 0.0);
  h.gross.assign(R, 0.0);
  std::vector<bool> seen(R, false);
  {
    const auto t = csv::read(hf.string());
    const auto rc = csv::column(t, "region_code"), g = csv::column(t, "gdhi"), gr = csv::column(t, "gross_resources");
    for (const auto& row : t.rows) {
      const std::size_t r = region(t, row, rc);
      h.gdhi[r] = csv::number(t, row, g, "gdhi");
      h.gross[r] = csv::number(t, row, gr, "gross_resources");
      if (!(h.gdhi[r] > 0) || !(h.gross[r] >= h.gdhi[r]))
        csv::fail(t, row, gr, "gross_resources", "needs 0 < gdhi <= gross_resources");
      seen[r] = true;
    }
  }
  for (std::size_t r = 0; r < R; ++r)
    if (!seen[r]) throw InputError(hf.string(), "no row for region " + regions[r].code);
  h.residence_share = Matrix(R, R);
  const auto t = csv::read(cf.string());
  const auto rc = csv::column(t, "residence_code"), wc = csv::column(t, "workplace_code"), s = csv::column(t, "share");
  for (const auto& row : t.rows) {
    const double v = csv::number(t, row, s, "share");
    if (!(v >= 0 && v <= 1)) csv::fail(t, row, s, "share", "a share must lie in [0, 1]");
    h.residence_share(region(t, row, rc), region(t, row, wc)) = v;
  }
  for (std::size_t w = 0; w < R; ++w) {
    double sum = 0;
    for (std::size_t r = 0; r < R; ++r) sum += h.residence_share(r, w);
    if (std::abs(sum - 1.0) > 1e-6)
      throw InputError(cf.string(), "the shares of workplace region " + regions[w].code + " add up to " +
                                        std::to_string(sum) + ", not 1");
  }
  return h;
}

void attach_household_account(Model& m, const HouseholdInputs& h) {
  if (!h.present()) return;
  m.residence_share = h.residence_share;
  m.household_gdhi = h.gdhi;
  m.household_gross_income = h.gross;
}

}  // namespace devolve
