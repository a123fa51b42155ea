#pragma once
#include <functional>
#include <string>
#include <vector>

#include "devolve/model.hpp"
#include "devolve/scenario.hpp"

namespace devolve {

//! The impacts of a scenario (docs/output-format.md, "Scenario results file"). Arrays are
//! row-major over the dimensions named beside them.
struct ScenarioResults {
  std::vector<int> years;                 //!< Y
  std::vector<std::string> measures;      //!< M: output, gva, income, then the model's indicators
  std::vector<std::string> measure_units; //!< M
  std::vector<std::string> components = {"direct", "indirect", "induced", "productivity", "supply_side"};  //!< C
  std::vector<std::string> shocks;        //!< H: shock labels, then "<label>: leveraged private R&D" for R&D shocks
  std::vector<std::string> shock_types;   //!< H
  std::vector<std::vector<std::size_t>> shock_regions;  //!< H
  std::size_t regions = 0, industries = 0;
  std::vector<double> impact;   //!< (component, measure, year, region, industry) [measure unit]
  std::vector<double> by_shock; //!< (shock, measure, year, region), all components [measure unit]
  std::vector<double> landing;  //!< (shock, place, measure, year): place 0 = the shock's regions, 1 = elsewhere
  std::vector<double> demand;   //!< (shock, year, region): change in final demand spent in the region [GBP million]
  std::vector<double> baseline;  //!< (measure, year, region): the baseline path [measure unit]
  std::vector<double> knowledge_stock;  //!< (year, region): added knowledge stock of all R&D shocks [GBP million]
  std::vector<double> discount_factor;  //!< (year): Green Book discount factor to the appraisal year [1]
  std::vector<double> gva_per_head;     //!< (case, year, region): case 0 baseline, 1 scenario [GBP per person]
  std::vector<std::string> gap_names;   //!< G: levelling-up measures
  std::vector<double> gaps;             //!< (case, year, gap) [1]
  double solve_seconds = 0;     //!< time in the factorisations and solves [s]

  //! Sum over components and industries: (measure, year, region)
  std::vector<double> by_region() const;
};

//! Applies the shocks year by year to the model: builds every (shock, year) change in final demand,
//! solves them all against one Type I (and one Type II) factorisation, applies productivity
//! changes to the coefficients, and splits the effects by component and by where they land.
ScenarioResults run_scenario(const Scenario& scenario, const Model& model);

//! Supply-side GVA of one R&D shock (docs/methodology.md, "R&D dynamics"): from public and private
//! R&D by year and region (Y x R) [GBP million] fills the knowledge stock (Y x R) and calls
//! emit(year, region, gva) for the GVA the stock yields there, spill-over included.
void rd_supply_side(const RdDynamics& rd, std::size_t years, const std::vector<double>& region_gva,
                    const std::vector<double>& public_rd, const std::vector<double>& private_rd,
                    std::vector<double>& stock, const std::function<void(std::size_t, std::size_t, double)>& emit);

//! Version of the scenario results file
inline constexpr int results_format_major = 1;
inline constexpr int results_format_minor = 1;

//! Writes the results file atomically (refuses an existing file unless overwrite).
void write_results_h5(const Scenario& scenario, const Model& model, const ScenarioResults& results,
                      const std::string& file, bool overwrite);

}  // namespace devolve
