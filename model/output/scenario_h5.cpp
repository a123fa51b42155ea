#include <algorithm>
#include <numeric>

#include "devolve/atomic_output.hpp"
#include "devolve/scenario_run.hpp"
#include "base/h5file.hpp"
#include "output/output_common.hpp"
#include "base/text.hpp"

namespace devolve {

void write_results_h5(const Scenario& sc, const Model& model, const ScenarioResults& res, const std::string& file,
                      bool overwrite) {
  AtomicOutput out(file, overwrite);
  {
    H5File h = H5File::create(out.temp_path());
    write_root_attributes(h, "devolve-scenario-results", results_format_major, results_format_minor, model, sc.model_path);
    h.attr("/", "scenario_yaml", sc.text);
    h.attr("/", "scenario_file", sc.file);
    h.attr("/", "scenario_name", sc.name);
    h.attr("/", "scenario_description", sc.description);
    h.attr("/", "closure", std::string(to_string(sc.closure)));
    h.attr("/", "first_year", std::int64_t(sc.first_year));
    h.attr("/", "last_year", std::int64_t(sc.last_year));
    h.attr("/", "additionality",
           "deadweight " + text::num(sc.additionality.deadweight) + ", displacement " +
               text::num(sc.additionality.displacement) + ", substitution " + text::num(sc.additionality.substitution) +
               " (scenario default; shocks may override, see /results/shock_additionality)");
    for (const char* k : {"regionalisation.lq", "regionalisation.delta", "regionalisation.beta", "regionalisation.households"})
      if (!model.meta(k).empty()) h.attr("/", k, model.meta(k));

    const std::string g = "/results";
    write_region_industry_dims(h, g, model);
    std::vector<std::int64_t> years(res.years.begin(), res.years.end());
    h.dimension(g, "year", years, "calendar year of the effect");
    h.dimension(g, "measure", res.measures, "what is measured: output, gva, income, or an indicator of the model");
    h.strings(g, "measure_unit", {"measure"}, res.measure_units, "unit of every value of this measure");
    h.dimension(g, "component", res.components,
                "direct (the final-demand change itself), indirect (supply chains, Type I less direct), induced "
                "(household spending, Type II less Type I), productivity (change of coefficients on baseline "
                "output), supply_side (GVA from the return on the R&D knowledge stock; no jobs)");
    h.dimension(g, "shock", res.shocks, "shock label");
    std::vector<std::string> profiles, add;
    for (std::size_t k = 0; k < res.shocks.size(); ++k) {
      const Shock& s = sc.shocks[k < sc.shocks.size() ? k : 0];
      if (k < sc.shocks.size()) {
        profiles.push_back(s.profile);
        add.push_back(text::num(s.additionality.factor()));
      } else {  // leveraged private R&D of an R&D shock, in the order of the shocks
        std::size_t nth = k - sc.shocks.size(), seen = 0;
        for (const auto& x : sc.shocks)
          if (x.rd.enabled && seen++ == nth) add.push_back(text::num(x.additionality.factor()));
        profiles.push_back("business_rd");
      }
    }
    h.strings(g, "shock_type", {"shock"}, res.shock_types,
              "shock type (private_rd: private R&D crowded in by an R&D shock, a source of its own)");
    h.strings(g, "shock_profile", {"shock"}, profiles, "expenditure profile (spend and redirect shocks)");
    h.strings(g, "shock_additionality", {"shock"}, add,
              "net/gross factor applied: (1 - deadweight)(1 - displacement)(1 - substitution)");
    h.dimension(g, "place", std::vector<std::string>{"shock_regions", "elsewhere"},
                "where effects land: in the regions the shock names (recipients for a redirect), or elsewhere");

    const std::size_t M = res.measures.size(), Y = res.years.size(), R = res.regions, S = res.industries;
    const std::size_t C = res.components.size();
    std::vector<double> total(M * Y * R * S, 0.0);
    for (std::size_t c = 0; c < C; ++c)
      for (std::size_t i = 0; i < total.size(); ++i) total[i] += res.impact[c * total.size() + i];
    const std::string units = "see measure_unit";
    h.dataset(g, "impact", {"component", "measure", "year", "region", "industry"}, res.impact, units,
              "net change by component, year, and the region and industry where it lands (after additionality)");
    h.dataset(g, "total", {"measure", "year", "region", "industry"}, total, units, "net change, all components");
    const auto br = res.by_region();
    h.dataset(g, "by_region", {"measure", "year", "region"}, br, units, "net change by region, all industries and components");
    std::vector<double> cum(M * R, 0.0);
    for (std::size_t m = 0; m < M; ++m)
      for (std::size_t y = 0; y < Y; ++y)
        for (std::size_t r = 0; r < R; ++r) cum[m * R + r] += br[(m * Y + y) * R + r];
    h.dataset(g, "cumulative_by_region", {"measure", "region"}, cum, units,
              "sum over the scenario's years (for jobs: job-years), by region");
    h.dataset(g, "by_shock", {"shock", "measure", "year", "region"}, res.by_shock, units, "net change by shock");
    h.dataset(g, "landing", {"shock", "place", "measure", "year"}, res.landing, units,
              "net change landing in the shock's regions versus elsewhere");
    h.dataset(g, "baseline_by_region", {"measure", "year", "region"}, res.baseline, units,
              "baseline path: base-year totals grown with the region's real GVA trend (jobs and FTE: less the "
              "productivity trend); see /baseline attributes");
    std::vector<double> scen(res.baseline);
    for (std::size_t i = 0; i < scen.size(); ++i) scen[i] += br[i];
    h.dataset(g, "scenario_by_region", {"measure", "year", "region"}, scen, units, "baseline plus the net change");
    h.dataset(g, "discount_factor", {"year"}, res.discount_factor, "1",
              "HM Treasury Green Book discount factor to the appraisal year (3.5% a year for years 1-30, 3.0% for 31-75, "
              "2.5% for 76-125, 2.0% after)");
    std::vector<double> pv(M * R, 0.0), pv_supply(R, 0.0);
    const std::size_t supply = 4, gva_m = std::size_t(std::find(res.measures.begin(), res.measures.end(), "gva") - res.measures.begin());
    for (std::size_t m = 0; m < M; ++m)
      for (std::size_t y = 0; y < Y; ++y)
        for (std::size_t r = 0; r < R; ++r) {
          pv[m * R + r] += br[(m * Y + y) * R + r] * res.discount_factor[y];
          if (m == gva_m)
            for (std::size_t s = 0; s < S; ++s)
              pv_supply[r] += res.impact[(((supply * M + m) * Y + y) * R + r) * S + s] * res.discount_factor[y];
        }
    h.dataset(g, "present_value", {"measure", "region"}, pv, units,
              "present value in the appraisal year of the net change over the scenario's years (for jobs: "
              "discounted job-years, for information only)");
    h.dataset(g, "present_value_supply_side_gva", {"region"}, pv_supply, model.currency,
              "present value of the supply-side GVA from R&D (part of present_value for gva)");
    h.dataset(g, "knowledge_stock", {"year", "region"}, res.knowledge_stock, model.currency,
              "knowledge stock added by the scenario's R&D (public and leveraged private, net of depreciation)");
    h.dimension(g, "case", std::vector<std::string>{"baseline", "scenario"}, "baseline path, or with the scenario");
    h.dataset(g, "gva_per_head", {"case", "year", "region"}, res.gva_per_head, "GBP per person",
              "GVA (without Extra-Regio) per resident, population held at the base year; NaN without population");
    h.dimension(g, "gap", res.gap_names,
                "levelling-up measures of GVA per head: north / greater South East; population-weighted "
                "coefficient of variation across regions; highest / lowest region");
    h.dataset(g, "gaps", {"case", "year", "gap"}, res.gaps, "1", "gaps in GVA per head between regions");
    h.group("/baseline");
    h.attr("/baseline", "growth", sc.baseline.growth_source);
    h.attr("/baseline", "productivity", sc.baseline.productivity_source);
    h.attr("/baseline", "appraisal_year", std::int64_t(sc.appraisal_year));
    h.attr("/baseline", "population", "held at the base year: " + model.population_source);
    h.dataset(g, "demand", {"shock", "year", "region"}, res.demand, model.currency,
              "change in final demand spent in the region (after phasing and additionality; a redirect's donors "
              "negative; local procurement: purchases moved into the region)");
  }
  out.commit();
}

}  // namespace devolve
