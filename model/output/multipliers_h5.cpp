#include "devolve/multipliers_h5.hpp"

#include <cmath>
#include <limits>

#include "devolve/atomic_output.hpp"
#include "devolve/multipliers.hpp"
#include "base/h5file.hpp"
#include "output/output_common.hpp"

namespace devolve {

void write_multipliers_h5(const Model& model, const std::string& model_path, const Multipliers& mu,
                          const std::string& file, bool overwrite) {
  AtomicOutput out(file, overwrite);
  {
    H5File h = H5File::create(out.temp_path());
    write_root_attributes(h, "devolve-multipliers", multipliers_format_major, multipliers_format_minor, model, model_path);
    h.attr("/", "type_ii", std::string(mu.has_type_ii ? "yes" : "no: the model has no compensation row or households category"));
    h.attr("/", "solver", mu.solver);
    const std::string g = "/multipliers";
    write_region_industry_dims(h, g, model);
    std::vector<std::string> rc;
    for (const auto& r : model.regions) rc.push_back(r.code);
    h.dimension(g, "destination", rc, "region where the effect lands");
    std::vector<std::string> mc, mn, mu_units;
    for (const auto& m : mu.measures) {
      mc.push_back(m.code);
      mn.push_back(m.name);
      mu_units.push_back(m.unit + " per " + model.currency + " of final demand");
    }
    h.dimension(g, "measure", mc, "what the multiplier measures: output, gva, income, or an indicator");
    h.strings(g, "measure_name", {"measure"}, mn, "measure name");
    h.strings(g, "measure_unit", {"measure"}, mu_units, "unit of every multiplier of this measure");

    const std::size_t M = mu.measures.size(), n = mu.sectors, R = mu.regions;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // A sector with no output in the base year (an industry absent from a region) has no
    // multiplier: NaN rather than the unit column its empty column of A would give.
    auto grid = [&](auto f) {
      std::vector<double> v(M * n);
      for (std::size_t m = 0; m < M; ++m)
        for (std::size_t j = 0; j < n; ++j) v[m * n + j] = model.output[j] > 0 ? f(m, j) : nan;
      return v;
    };
    // Measure m's R x n effects by destination, masked as grid() masks: written a measure at a
    // time, not as a second copy of all of them (1.3 GB at uk-lad-2022).
    auto masked = [&](const std::vector<double>& by) {
      return [&](std::size_t m, double* dst) {
        for (std::size_t row = m * R; row < (m + 1) * R; ++row, dst += n)
          for (std::size_t j = 0; j < n; ++j) dst[j] = model.output[j] > 0 ? by[row * n + j] : nan;
      };
    };
    // The effect outside sector j's region, (m, j) at m n + j: rows added in destination order.
    auto spills = [&](const std::vector<double>& by) {
      std::vector<double> s(M * n, 0.0);
      for (std::size_t m = 0; m < M; ++m)
        for (std::size_t d = 0; d < R; ++d)
          for (std::size_t j = 0; j < n; ++j)
            if (d != model.region_of(j)) s[m * n + j] += by[(m * R + d) * n + j];
      return s;
    };
    const std::vector<std::string> dims{"measure", "region", "industry"};
    const std::string unit = "see measure_unit";
    const std::string per =
        ", per unit of final demand for the output of the industry in the region (NaN where that sector has no "
        "output)";
    h.dataset(g, "direct", dims, grid([&](auto m, auto j) { return mu.direct(m, j); }), unit,
              "direct (initial) effect: the measure's own coefficient, per unit of the sector's output" + per);
    h.dataset(g, "indirect", dims, grid([&](auto m, auto j) { return mu.type_i(m, j) - mu.direct(m, j); }), unit,
              "indirect effect: Type I total less direct" + per);
    h.dataset(g, "type_i", dims, grid([&](auto m, auto j) { return mu.type_i(m, j); }), unit,
              "Type I multiplier (households exogenous): direct + indirect" + per);
    h.dataset(g, "type_i_ratio", dims,
              grid([&](auto m, auto j) { return mu.direct(m, j) > 0 ? mu.type_i(m, j) / mu.direct(m, j) : nan; }),
              "1", "Type I ratio multiplier: Type I total / direct (NaN where the direct coefficient is not positive)");
    h.dataset(g, "type_i_spillover", dims,
              grid([&, s = spills(mu.type_i_by_destination)](auto m, auto j) { return s[m * n + j]; }), unit,
              "Type I effect landing outside the region of the sector whose output is demanded" + per);
    h.dataset_by_slab(g, "type_i_by_destination", {"measure", "destination", "region", "industry"}, masked(mu.type_i_by_destination),
              unit, "Type I effect landing in the destination region" + per);
    if (mu.has_type_ii) {
      h.dataset(g, "induced", dims, grid([&](auto m, auto j) { return mu.type_ii(m, j) - mu.type_i(m, j); }), unit,
                "induced effect of household spending of income earned: Type II less Type I" + per);
      h.dataset(g, "type_ii", dims, grid([&](auto m, auto j) { return mu.type_ii(m, j); }), unit,
                "Type II multiplier (households endogenous per region): direct + indirect + induced" + per);
      h.dataset(g, "type_ii_ratio", dims,
                grid([&](auto m, auto j) { return mu.direct(m, j) > 0 ? mu.type_ii(m, j) / mu.direct(m, j) : nan; }),
                "1", "Type II ratio multiplier: Type II total / direct (NaN where the direct coefficient is not positive)");
      h.dataset(g, "type_ii_spillover", dims,
                grid([&, s = spills(mu.type_ii_by_destination)](auto m, auto j) { return s[m * n + j]; }), unit,
                "Type II effect landing outside the region of the sector whose output is demanded" + per);
      h.dataset_by_slab(g, "type_ii_by_destination", {"measure", "destination", "region", "industry"},
                masked(mu.type_ii_by_destination), unit, "Type II effect landing in the destination region" + per);
    }
    h.close();  // written to disk here, every write checked
  }
  out.commit();
}

}  // namespace devolve
