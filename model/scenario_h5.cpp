#include <numeric>

#include "devolve/atomic_output.hpp"
#include "devolve/scenario_run.hpp"
#include "h5file.hpp"
#include "output_common.hpp"
#include "text.hpp"

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
                "(household spending, Type II less Type I), productivity (change of coefficients on base output)");
    h.dimension(g, "shock", res.shocks, "shock label");
    std::vector<std::string> types, profiles, add;
    for (const auto& s : sc.shocks) {
      types.push_back(s.type == Shock::Type::spend ? "spend" : s.type == Shock::Type::redirect ? "redirect"
                      : s.type == Shock::Type::productivity ? "productivity" : "local_procurement");
      profiles.push_back(s.profile);
      add.push_back(text::num(s.additionality.factor()));
    }
    h.strings(g, "shock_type", {"shock"}, types, "shock type");
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
    h.dataset(g, "demand", {"shock", "year", "region"}, res.demand, model.currency,
              "change in final demand spent in the region (after phasing and additionality; a redirect's donors "
              "negative; local procurement: purchases moved into the region)");
  }
  out.commit();
}

}  // namespace devolve
