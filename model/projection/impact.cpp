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
      R_(m.num_regions()), K_(res.measures.size()), Y_(res.years.size()) {
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

void ImpactAccumulator::add_demand(std::size_t k, std::size_t t, std::size_t j, double dir, double ind, double hh,
                                   std::size_t h) {
  const std::size_t r = region_[j], hkt = (h * K_ + k) * Y_ + t, component = K_ * Y_ * n_;
  double& other = res_.other_by_shock.values()[hkt * R_ + r];
  double& shock = res_.by_shock.values()[hkt * R_ + r];
  double& land = res_.landing.values()[((h * 2 + (own_[h * R_ + r] ? 0u : 1u)) * K_ + k) * Y_ + t];
  double* impact = res_.impact.values().data() + (k * Y_ + t) * n_ + j;  // component c at c K Y n further
  other += dir;
  impact[direct * component] += dir;
  shock += dir;
  land += dir;
  other += ind;
  impact[indirect * component] += ind;
  shock += ind;
  land += ind;
  if (res_.headline != 1) {  // Type I headline: the induced component goes to the other closure alone
    other += hh;
    return;
  }
  impact[induced * component] += hh;
  shock += hh;
  land += hh;
}

void ImpactAccumulator::add_demand_column(std::size_t k, std::size_t t, std::size_t h, const double* c,
                                          const double* dir, const double* ind, const double* hh) {
  const std::size_t hkt = (h * K_ + k) * Y_ + t, component = K_ * Y_ * n_;
  double* other = res_.other_by_shock.values().data() + hkt * R_;  // [region]
  double* shock = res_.by_shock.values().data() + hkt * R_;        // [region]
  double* land = res_.landing.values().data() + (h * 2 * K_ + k) * Y_ + t;  // [place K Y]
  double* impact = res_.impact.values().data() + (k * Y_ + t) * n_;  // [c K Y n + j]
  double* imp_dir = impact + direct * component;
  double* imp_ind = impact + indirect * component;
  double* imp_hh = impact + induced * component;
  const char* own = own_.data() + h * R_;
  const bool headline_ii = res_.headline == 1;
  // The running sums of region r's elements (the sectors come region by region): other[r], shock[r],
  // and the landing of r's place (the other place's kept aside); each stored back when the region
  // changes and at the end.
  std::size_t r = R_;  // none yet
  double o = 0, s = 0, l = 0, l_own = land[0], l_else = land[K_ * Y_];
  for (std::size_t j = 0; j < n_; ++j) {
    if (dir[j] == 0 && ind[j] == 0 && hh[j] == 0) continue;  // with dir = 0, ind is the Type I output itself
    if (c[j] == 0) continue;
    const double d = c[j] * dir[j], i = c[j] * ind[j], u = c[j] * hh[j];
    if (region_[j] != r) {
      if (r != R_) {
        other[r] = o, shock[r] = s;
        (own[r] ? l_own : l_else) = l;
      }
      r = region_[j];
      o = other[r], s = shock[r], l = own[r] ? l_own : l_else;
    }
    o += d;
    imp_dir[j] += d;
    s += d;
    l += d;
    o += i;
    imp_ind[j] += i;
    s += i;
    l += i;
    if (!headline_ii) {  // Type I headline: the induced component goes to the other closure alone
      o += u;
      continue;
    }
    imp_hh[j] += u;
    s += u;
    l += u;
  }
  if (r != R_) {
    other[r] = o, shock[r] = s;
    (own[r] ? l_own : l_else) = l;
  }
  land[0] = l_own, land[K_ * Y_] = l_else;
}

}  // namespace devolve::projection
