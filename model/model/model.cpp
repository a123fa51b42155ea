#include "devolve/model.hpp"

#include <algorithm>

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

std::vector<std::string> Model::itl1_of_regions() const {
  std::vector<std::string> out(regions.size());
  for (std::size_t r = 0; r < regions.size(); ++r) {
    const std::string& code = regions[r].code;
    std::string itl1 = meta("area_itl1." + code);
    if (itl1.empty() && code.size() >= 3 && code.compare(0, 2, "TL") == 0 && code[2] >= 'A' && code[2] <= 'Z')
      itl1 = code.substr(0, 3);
    out[r] = std::move(itl1);
  }
  return out;
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
