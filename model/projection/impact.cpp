#include "projection/impact.hpp"

#include <limits>

namespace devolve::projection {

namespace {

std::string type_name(Shock::Type t) {
  switch (t) {
    case Shock::Type::spend: return "spend";
    case Shock::Type::redirect: return "redirect";
    case Shock::Type::productivity: return "productivity";
    case Shock::Type::employment: return "employment";
    case Shock::Type::labour_income: return "labour_income";
    case Shock::Type::household_income: return "household_income";
    case Shock::Type::custom_spending: return "custom_spending";
    default: return "local_procurement";
  }
}

}  // namespace

std::vector<EffectSource> effect_sources(const Scenario& sc) {
  std::vector<EffectSource> sources;
  for (std::size_t i = 0; i < sc.shocks.size(); ++i) {
    const Shock& s = sc.shocks[i];
    sources.push_back({s.label, type_name(s.type), s.shock_regions, &s, i, false});
  }
  for (std::size_t i = 0; i < sc.shocks.size(); ++i) {
    const Shock& s = sc.shocks[i];
    if (s.rd.enabled) sources.push_back({s.label + ": leveraged private R&D", "private_rd", s.shock_regions, &s, i, true});
  }
  return sources;
}

MeasureIndex::MeasureIndex(const std::vector<Measure>& ms) : jobs(ms.size()), fte(ms.size()), gva(ms.size()), income(ms.size()), count(ms.size()) {
  for (std::size_t k = 0; k < ms.size(); ++k) {
    if (ms[k].code == "jobs") jobs = k;
    if (ms[k].code == "fte") fte = k;
    if (ms[k].code == "gva") gva = k;
    if (ms[k].code == "income") income = k;
  }
}

ScenarioResults empty_results(const Scenario& sc, const Model& m, const std::vector<Measure>& ms,
                              const std::vector<EffectSource>& sources) {
  ScenarioResults res;
  res.years = sc.years();
  for (const auto& x : ms) {
    res.measures.push_back(x.code);
    res.measure_units.push_back(x.unit);
  }
  for (const auto& s : sources) {
    res.shocks.push_back(s.label);
    res.shock_types.push_back(s.type);
    res.shock_regions.push_back(s.regions);
  }
  res.gap_names = {"north_to_greater_south_east", "coefficient_of_variation", "max_to_min"};
  std::vector<std::string> regions, industries;
  for (const auto& r : m.regions) regions.push_back(r.code);
  for (const auto& i : m.industries) industries.push_back(i.code);
  const Dimension component = label_dimension("component", res.components),
                  measure = label_dimension("measure", res.measures), year = integer_dimension("year", res.years),
                  region = label_dimension("region", regions), industry = label_dimension("industry", industries),
                  shock = label_dimension("shock", res.shocks),
                  place = label_dimension("place", {"shock_regions", "elsewhere"}),
                  cases = label_dimension("case", {"baseline", "scenario"}), gap = label_dimension("gap", res.gap_names);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  res.impact = LabelledArray({component, measure, year, region, industry});
  res.by_shock = LabelledArray({shock, measure, year, region});
  res.landing = LabelledArray({shock, place, measure, year});
  res.demand = LabelledArray({shock, year, region});
  res.baseline = LabelledArray({measure, year, region});
  res.knowledge_stock = LabelledArray({year, region});
  res.discount_factor = LabelledArray({year});
  res.gva_per_head = LabelledArray({cases, year, region}, nan);
  res.gaps = LabelledArray({cases, year, gap}, nan);
  res.headline = sc.closure == Closure::type_ii ? 1 : 0;
  const Dimension closure = label_dimension("closure", res.closures), term = label_dimension("term", res.terms);
  res.other_by_shock = LabelledArray({shock, measure, year, region});
  res.supply_side_by_shock = LabelledArray({shock, measure, year});
  res.redirect_decomposition = LabelledArray({closure, shock, term, measure, year}, nan);
  return res;
}

ImpactAccumulator::ImpactAccumulator(ScenarioResults& res, const Model& m, const std::vector<EffectSource>& sources)
    : res_(res), region_(m.num_sectors()), own_(sources.size() * m.num_regions(), 0), n_(m.num_sectors()),
      R_(m.num_regions()), S_(m.num_industries()), K_(res.measures.size()), Y_(res.years.size()) {
  for (std::size_t j = 0; j < n_; ++j) region_[j] = m.region_of(j);
  for (std::size_t h = 0; h < sources.size(); ++h)
    for (std::size_t r : sources[h].regions) own_[h * R_ + r] = 1;
}

// The arrays are row-major over the dimensions of empty_results, so with sector j = r S + s:
// impact (c, k, t, r, s) is at ((c K + k) Y + t) n + j, by_shock and other_by_shock (h, k, t, r) at
// ((h K + k) Y + t) R + r, supply_side_by_shock (h, k, t) at (h K + k) Y + t and landing
// (h, place, k, t) at ((h 2 + place) K + k) Y + t.
void ImpactAccumulator::add(Component c, std::size_t k, std::size_t t, std::size_t j, double v, std::size_t h) {
  const std::size_t r = region_[j];
  const std::size_t hkt = (h * K_ + k) * Y_ + t;
  // The other closure differs from the headline by the induced component alone.
  const bool headline_ii = res_.headline == 1;
  if (c != induced || !headline_ii) res_.other_by_shock.values()[hkt * R_ + r] += v;
  if (c == supply_side) res_.supply_side_by_shock.values()[hkt] += v;
  if (c == induced && !headline_ii) return;
  res_.impact.values()[((std::size_t(c) * K_ + k) * Y_ + t) * n_ + j] += v;
  res_.by_shock.values()[hkt * R_ + r] += v;
  res_.landing.values()[((h * 2 + (own_[h * R_ + r] ? 0u : 1u)) * K_ + k) * Y_ + t] += v;
}

// G columns (distinct measures or years) side by side, lane u the column columns[u]: each lane's sums
// are those of booking its column alone, and the lanes' elements are distinct.
template <std::size_t G>
void ImpactAccumulator::add_demand_lanes(std::size_t h, const DemandColumn* columns) {
  const std::size_t component = K_ * Y_ * n_, place = K_ * Y_;
  const bool headline_ii = res_.headline == 1;
  const char* own = own_.data() + h * R_;
  double *other[G], *shock[G], *land[G], *imp[G], l_own[G], l_else[G];
  DemandColumn col[G];
  for (std::size_t u = 0; u < G; ++u) {
    col[u] = columns[u];
    const std::size_t k = col[u].k, hkt = (h * K_ + k) * Y_ + col[u].t;
    other[u] = res_.other_by_shock.values().data() + hkt * R_;                  // [region]
    shock[u] = res_.by_shock.values().data() + hkt * R_;                        // [region]
    land[u] = res_.landing.values().data() + (h * 2 * K_ + k) * Y_ + col[u].t;  // [place K Y]
    imp[u] = res_.impact.values().data() + (k * Y_ + col[u].t) * n_;            // [component K Y n + sector]
    l_own[u] = land[u][0], l_else[u] = land[u][place];
  }
  for (std::size_t r = 0; r < R_; ++r) {  // region r's sectors are r S .. r S + S - 1
    double o[G], s[G], l[G];
    for (std::size_t u = 0; u < G; ++u) o[u] = other[u][r], s[u] = shock[u][r], l[u] = own[r] ? l_own[u] : l_else[u];
    for (std::size_t j = r * S_; j < (r + 1) * S_; ++j)
      for (std::size_t u = 0; u < G; ++u) {
        const DemandColumn& q = col[u];
        if (q.dir[j] == 0 && q.ind[j] == 0 && q.hh[j] == 0) continue;  // with dir = 0, ind is the Type I output itself
        const double c = q.c[j];
        if (c == 0) continue;
        const double d = c * q.dir[j], i = c * q.ind[j], x = c * q.hh[j];
        o[u] += d;
        imp[u][direct * component + j] += d;
        s[u] += d;
        l[u] += d;
        o[u] += i;
        imp[u][indirect * component + j] += i;
        s[u] += i;
        l[u] += i;
        if (!headline_ii) {  // Type I headline: the induced component goes to the other closure alone
          o[u] += x;
          continue;
        }
        imp[u][induced * component + j] += x;
        s[u] += x;
        l[u] += x;
      }
    for (std::size_t u = 0; u < G; ++u) {
      other[u][r] = o[u], shock[u][r] = s[u];
      (own[r] ? l_own[u] : l_else[u]) = l[u];
    }
  }
  for (std::size_t u = 0; u < G; ++u) land[u][0] = l_own[u], land[u][place] = l_else[u];
}

void ImpactAccumulator::add_demand_columns(std::size_t h, const std::vector<DemandColumn>& columns) {
  std::size_t q = 0;
  for (; q + 4 <= columns.size(); q += 4) add_demand_lanes<4>(h, columns.data() + q);
  switch (columns.size() - q) {
    case 3: add_demand_lanes<3>(h, columns.data() + q); break;
    case 2: add_demand_lanes<2>(h, columns.data() + q); break;
    case 1: add_demand_lanes<1>(h, columns.data() + q); break;
    default: break;
  }
}

}  // namespace devolve::projection
