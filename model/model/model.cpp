#include "devolve/model.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "devolve/error.hpp"
#include "devolve/factored_model.hpp"
#include "base/text.hpp"

namespace devolve {

namespace {

template <class Items, class Key>
std::size_t find_label(const Items& items, std::string_view wanted, const char* what, Key key_of) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (text::iequals(key_of(items[i]).first, wanted) || text::iequals(key_of(items[i]).second, wanted)) return i;
  std::vector<std::string> codes;
  for (const auto& it : items) codes.push_back(key_of(it).first);
  throw Error(std::string("unknown ") + what + " '" + std::string(wanted) + "'" + text::did_you_mean(wanted, codes) +
              " (known: " + text::join(codes) + ")");
}

}  // namespace

std::string Model::sector_label(std::size_t k) const {
  return regions[region_of(k)].code + "/" + industries[industry_of(k)].code;
}

Matrix Model::z_columns(const std::vector<std::size_t>& cols) const {
  const std::size_t n = num_sectors();
  for (const std::size_t c : cols)
    if (c >= n) throw Error("model '" + id + "': column " + std::to_string(c) + " of z is outside the table");
  if (z.rows() != n || z.cols() != n) {
    if (cache_facts && cache_facts->z_columns) return cache_facts->z_columns(cols);
    throw Error("model '" + id + "' was loaded without its flows (z)");
  }
  Matrix out(n, cols.size());
  for (std::size_t q = 0; q < cols.size(); ++q) std::copy(z.data() + cols[q] * n, z.data() + (cols[q] + 1) * n, out.data() + q * n);
  return out;
}

bool Model::has_z_columns() const {
  const std::size_t n = num_sectors();
  return (z.rows() == n && z.cols() == n) || (cache_facts && cache_facts->z_columns);
}

std::size_t Model::region_index(std::string_view s) const {
  return find_label(regions, s, "region", [](const Label& l) { return std::pair(l.code, l.name); });
}

std::size_t Model::industry_index(std::string_view s) const {
  return find_label(industries, s, "industry", [](const Label& l) { return std::pair(l.code, l.name); });
}

std::size_t Model::indicator_index(std::string_view s) const {
  return find_label(indicators, s, "indicator", [](const Indicator& l) { return std::pair(l.code, l.code); });
}

std::size_t Model::category_with_role(FinalDemandRole role) const {
  for (std::size_t k = 0; k < final_demand_categories.size(); ++k)
    if (final_demand_categories[k].role == role) return k;
  return npos;
}

std::size_t Model::primary_with_role(PrimaryRole role) const {
  for (std::size_t k = 0; k < primary_inputs.size(); ++k)
    if (primary_inputs[k].role == role) return k;
  return npos;
}

std::string Model::meta(std::string_view key) const {
  for (const auto& [k, v] : metadata)
    if (k == key) return v;
  return {};
}

std::vector<double> Model::extra_regio_gva() const {
  std::vector<double> extra(regions.size(), 0.0);
  for (std::size_t r = 0; r < regions.size(); ++r)
    if (const std::string v = meta("extra_regio_gva." + regions[r].code); !v.empty()) extra[r] = std::stod(v);
  return extra;
}

std::vector<RegionPlace> Model::places() const {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t r = 0; r < regions.size(); ++r) index.emplace(regions[r].code, r);
  std::vector<RegionPlace> out(regions.size());
  constexpr std::array<std::string_view, 5> prefixes = {"area_itl1.", "area_itl2.", "area_itl3.", "area_itl3_list.", "area."};
  for (const auto& [k, v] : metadata)  // one pass: a LAD model has thousands of entries
    for (std::size_t p = 0; p < prefixes.size(); ++p) {
      const std::string_view prefix = prefixes[p];
      if (k.size() <= prefix.size() || k.compare(0, prefix.size(), prefix) != 0) continue;
      if (const auto it = index.find(k.substr(prefix.size())); it != index.end()) {
        RegionPlace& place = out[it->second];
        if (p < 3) place.itl[p] = v;
        else if (p == 3) {
          place.itl3s.clear();
          for (std::size_t b = 0; b <= v.size();) {  // "TLE42, TLD33"
            std::size_t e = v.find(',', b);
            if (e == std::string::npos) e = v.size();
            while (b < e && v[b] == ' ') ++b;
            if (e > b) place.itl3s.push_back(v.substr(b, e - b));
            b = e + 1;
          }
        } else place.of_lads = true;
      }
      break;
    }
  return out;
}

std::vector<std::vector<std::string>> Model::itl1s_of_regions(const std::vector<RegionPlace>& places) const {
  std::vector<std::vector<std::string>> out(regions.size());
  for (std::size_t r = 0; r < regions.size() && r < places.size(); ++r) {
    const std::string& code = regions[r].code;
    const RegionPlace& p = places[r];
    if (!p.of_lads) {
      if (code.size() >= 3 && code.compare(0, 2, "TL") == 0 && code[2] >= 'A' && code[2] <= 'Z') out[r] = {code.substr(0, 3)};
    } else if (!p.itl[0].empty()) {
      out[r] = {p.itl[0]};
    } else {
      for (const auto& itl3 : p.itl3s)  // the ITL1 of each of its ITL3 areas
        if (itl3.size() >= 3 && std::find(out[r].begin(), out[r].end(), itl3.substr(0, 3)) == out[r].end())
          out[r].push_back(itl3.substr(0, 3));
    }
  }
  return out;
}

std::vector<std::size_t> Model::regions_inside_itl1(const std::vector<std::vector<std::string>>& of,
                                                    const std::vector<std::string>& itl1,
                                                    std::vector<std::size_t>* straddling) {
  std::vector<std::size_t> inside;
  for (std::size_t r = 0; r < of.size(); ++r) {
    std::size_t in = 0;
    for (const auto& c : of[r]) in += std::find(itl1.begin(), itl1.end(), c) != itl1.end();
    if (in > 0 && in == of[r].size()) inside.push_back(r);
    else if (in > 0 && straddling) straddling->push_back(r);
  }
  return inside;
}

double Model::final_use(std::size_t row, std::size_t column) const {
  if (!factored_final_demand) return final_demand(row, column);
  const std::size_t R = num_regions(), S = num_industries(), K = num_categories();
  const std::size_t u = row / S, i = row % S, s = column / K, k = column % K;
  const std::size_t at = (s * K + k) * S + i;
  if (u == s) return factored_final_demand->own[at];
  return coefficients->trade[i * R * R + u + s * R] * factored_final_demand->bought[at];
}

double Model::final_use_total(std::size_t row) const {
  if (!factored_final_demand) return final_demand.row_sum(row);
  double sum = 0;
  for (std::size_t c = 0; c < num_regions() * num_categories(); ++c) sum += final_use(row, c);
  return sum;
}

Vector Model::gva() const {
  Vector v(num_sectors(), 0.0);
  for (std::size_t p = 0; p < primary_inputs.size(); ++p)
    if (is_value_added(primary_inputs[p].role))
      for (std::size_t j = 0; j < v.size(); ++j) v[j] += primary(p, j);
  return v;
}

Vector Model::compensation() const {
  Vector v(num_sectors(), 0.0);
  const std::size_t p = primary_with_role(PrimaryRole::compensation);
  if (p != npos)
    for (std::size_t j = 0; j < v.size(); ++j) v[j] = primary(p, j);
  return v;
}

namespace {
constexpr std::pair<FinalDemandRole, const char*> fd_roles[] = {
    {FinalDemandRole::households, "households"}, {FinalDemandRole::npish, "npish"},
    {FinalDemandRole::government, "government"}, {FinalDemandRole::gfcf, "gfcf"},
    {FinalDemandRole::inventories, "inventories"}, {FinalDemandRole::exports, "exports"},
    {FinalDemandRole::other, "other"}};
constexpr std::pair<PrimaryRole, const char*> primary_roles[] = {
    {PrimaryRole::imports, "imports"},
    {PrimaryRole::product_taxes, "product_taxes"},
    {PrimaryRole::compensation, "compensation"},
    {PrimaryRole::surplus, "surplus"},
    {PrimaryRole::production_taxes, "production_taxes"},
    {PrimaryRole::other_value_added, "other_value_added"}};
}  // namespace

std::string to_string(FinalDemandRole role) {
  for (auto [r, s] : fd_roles)
    if (r == role) return s;
  return "other";
}

std::string to_string(PrimaryRole role) {
  for (auto [r, s] : primary_roles)
    if (r == role) return s;
  return "other_value_added";
}

bool parse_role(std::string_view t, FinalDemandRole& role) {
  for (auto [r, s] : fd_roles)
    if (t == s) return role = r, true;
  return false;
}

bool parse_role(std::string_view t, PrimaryRole& role) {
  for (auto [r, s] : primary_roles)
    if (t == s) return role = r, true;
  return false;
}

bool is_value_added(PrimaryRole role) {
  return role == PrimaryRole::compensation || role == PrimaryRole::surplus || role == PrimaryRole::production_taxes ||
         role == PrimaryRole::other_value_added;
}

}  // namespace devolve
