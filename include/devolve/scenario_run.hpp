#pragma once
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "devolve/labelled_array.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model.hpp"
#include "devolve/scenario.hpp"

namespace devolve {

namespace projection {
struct Systems;
}
class PreparedChunks;

//! ScenarioResults::prepared: compression jobs reading the results' own `impact` and `total` by
//! address. A copy is empty (a copy of the results never adopts jobs reading the source's arrays,
//! which the source may free); moving keeps the jobs (the arrays keep their addresses). Not
//! assignable: assigning results would free the old arrays while their jobs still read them.
struct PreparedArrays {
  std::shared_ptr<PreparedChunks> jobs;
  PreparedArrays() = default;
  PreparedArrays(const PreparedArrays&) noexcept {}
  PreparedArrays(PreparedArrays&&) noexcept = default;
  PreparedArrays& operator=(const PreparedArrays&) = delete;
  PreparedArrays& operator=(PreparedArrays&&) = delete;
  ~PreparedArrays() = default;
};

//! The impacts of a scenario (docs/output-format.md, "Scenario results file"). Every array carries
//! its dimension names and coordinates; the results file is written from them as they are.
struct ScenarioResults {
  std::vector<int> years;                 //!< Y
  std::vector<std::string> measures;      //!< M: output, gva, income, then the model's indicators
  std::vector<std::string> measure_units; //!< M
  std::vector<std::string> components = {"direct", "indirect", "induced", "productivity", "supply_side"};  //!< C
  std::vector<std::string> shocks;        //!< H: shock labels, then "<label>: leveraged private R&D" for R&D shocks
  std::vector<std::string> shock_types;   //!< H
  std::vector<std::vector<std::size_t>> shock_regions;  //!< H
  std::vector<std::string> gap_names;     //!< G: levelling-up measures

  LabelledArray impact;    //!< (component, measure, year, region, industry) [measure unit]
  LabelledArray by_shock;  //!< (shock, measure, year, region), all components [measure unit]
  LabelledArray landing;   //!< (shock, place, measure, year): place 0 = the shock's regions, 1 = elsewhere [measure unit]
  LabelledArray demand;    //!< (shock, year, region): change in final demand spent in the region [GBP million]
  LabelledArray baseline;  //!< (measure, year, region): the baseline path [measure unit]
  LabelledArray knowledge_stock;  //!< (year, region): added knowledge stock of all R&D shocks [GBP million]
  LabelledArray discount_factor;  //!< (year): Green Book discount factor to the appraisal year [1]
  LabelledArray gva_per_head;     //!< (case, year, region): case 0 baseline, 1 scenario [GBP per person]
  LabelledArray gaps;             //!< (case, year, gap) [1]

  // Derived once by the appraisal stage (projection/appraisal.hpp), written as they are.
  LabelledArray total;                 //!< (measure, year, region, industry): all components [measure unit]
  LabelledArray by_region;             //!< (measure, year, region): all components and industries [measure unit]
  LabelledArray cumulative_by_region;  //!< (measure, region): by_region summed over the years [measure unit x year]
  LabelledArray scenario_by_region;    //!< (measure, year, region): baseline plus by_region [measure unit]
  LabelledArray present_value;         //!< (measure, region): by_region discounted to the appraisal year [measure unit]
  LabelledArray present_value_supply_side_gva;  //!< (region): of which supply-side GVA [GBP million]

  // Both closures (docs/output-format.md, "Both closures"): the arrays above are the headline
  // closure's, the scenario's `type`; these carry Type I and Type II side by side.
  std::vector<std::string> closures = {"type_i", "type_ii"};  //!< K
  std::size_t headline = 1;         //!< position of the scenario's closure in `closures`
  std::string type_ii = "yes";      //!< "yes", or "no: <why>" when the model has no Type II system
  LabelledArray other_by_shock;     //!< (shock, measure, year, region): by_shock under the other closure [measure unit]
  LabelledArray supply_side_by_shock;  //!< (shock, measure, year): UK supply-side GVA of each source [measure unit]
  LabelledArray by_region_by_closure;  //!< (closure, measure, year, region) [measure unit]
  LabelledArray by_shock_by_closure;   //!< (closure, shock, measure, year, region) [measure unit]
  LabelledArray landing_by_closure;    //!< (closure, shock, place, measure, year) [measure unit]
  //! Terms of a redirect's UK total (docs/methodology.md, "A redirect's national effect")
  std::vector<std::string> terms = {"import_leakage", "household_spending", "productivity", "supply_side"};
  LabelledArray redirect_decomposition;  //!< (closure, shock, term, measure, year); NaN but for redirects [measure unit]

  // Who gets the jobs (docs/methodology.md, "Who gets the jobs"): projection/residence.hpp.
  std::vector<std::string> place_measures;  //!< P: jobs, fte, income (those the model has)
  LabelledArray by_place;  //!< (basis, place_measure, year, region): basis workplace or residence, all components [measure unit]
  // The labour-supply account (docs/methodology.md, "Labour supply"): projection/labour_supply.hpp.
  std::vector<std::string> labour_sources;  //!< unemployed, inactive, in_commuting, in_migration, displacement
  LabelledArray labour_supply;   //!< (labour_source, year, region): new resident jobs filled from each source [persons]
  LabelledArray labour_rates;    //!< (labour_rate, case, year, region): residents' employment and unemployment rates [%]
  LabelledArray labour_reserve;  //!< (region): unemployed plus inactive wanting a job, base year [persons]
  LabelledArray labour_reserve_exceeded;  //!< (year, region): 1 where new resident jobs exceed the reserve, else 0 [1]
  // Measures beyond GVA (docs/methodology.md, "Measures beyond GVA"): projection/beyond_gva.hpp.
  std::vector<std::string> indicators;       //!< B: gdhi_per_head, employment_rate_16_64, jobs_per_1000_residents, ghg_per_head, ghg_per_gva
  std::vector<std::string> indicator_units;  //!< B
  LabelledArray beyond_gva;  //!< (indicator, case, year, region): baseline and scenario; NaN where the model lacks the data [indicator unit]
  LabelledArray compensation_per_fte;    //!< (region, industry): base year; NaN without FTE [GBP per FTE a year]
  LabelledArray low_pay_industry;        //!< (region, industry): 1 below the Real Living Wage for a full-time year, else 0 [1]
  LabelledArray new_jobs_low_pay_share;  //!< (year, region): share of the change in jobs in low-paid industries [1]
  //! (indicator, case, year, region): beyond_gva minus the value of all regions together [indicator unit]
  LabelledArray beyond_gva_gap;
  //! (indicator, case, year, spread): that value of all regions (`reference`), max - min [indicator unit] and
  //! the weighted coefficient of variation [1] across regions
  LabelledArray beyond_gva_spread;

  double solve_seconds = 0;  //!< time of the whole run [s]
  std::string solver;        //!< how (I - A) was solved (Leontief::solver_description), or "none" without demand columns

  //! Compression of arrays above for the results file, started during the run (run_scenario's
  //! FinalArray; `jobs` null if none). The last member, so destroyed first: its jobs end before the
  //! arrays they read are freed. It makes ScenarioResults copyable (the copy without jobs) and
  //! movable by construction only, never assignable.
  PreparedArrays prepared;
};

//! Called by run_scenario with each of the results' `impact` and `total` as soon as it is final
//! (`impact` after the effects are booked, `total` once the appraisal has summed it), before the
//! stages after them: e.g. prepare_results_array (results_h5.hpp) starts compressing it.
using FinalArray = std::function<void(ScenarioResults& results, const LabelledArray& array)>;

//! Applies the shocks year by year to the model (docs/methodology.md, "Scenarios over time"): the
//! stages of model/projection in order: coefficients by year and productivity shocks, final-demand
//! columns, one solve per closure and the decomposition, R&D dynamics, baseline, appraisal, gaps, jobs by
//! residence, the labour-supply account and the measures beyond GVA.
//! `solver` chooses the dense LU or the structured solver (automatic: by the model's size).
ScenarioResults run_scenario(const Scenario& scenario, const Model& model, Solver solver = Solver::automatic);
//! The same, calling `final` with each array as it becomes final.
ScenarioResults run_scenario(const Scenario& scenario, const Model& model, Solver solver, const FinalArray& final);

//! A model's Leontief systems factorised once for many runs (batches): a scenario without
//! local_procurement shocks solves every year on the base table, so every such scenario on a model
//! solves with the same factorisation of (I - A) and the Type II system bordered on it, the same
//! bits as a run's own. Scenarios with local_procurement shocks factorise their shocked tables.
struct SharedSystems {
  std::shared_ptr<const projection::Systems> systems;  //!< null if the factorisation failed
  std::exception_ptr error;  //!< the ModelError of a model that is not productive, thrown by runs that solve
  //! The model's runs thread their solves (the structured solver, a factored model): a batch runs
  //! them alone. Otherwise a run's numbers do not depend on its thread count (dense LU).
  bool threaded = false;
};

//! Factorises a model's systems for run_scenario; never throws (a failure is kept in `error`).
SharedSystems share_systems(const Model& model);

//! True if the scenario has local_procurement shocks, which change the technical coefficients:
//! its run needs the model's flows (z), and shares no factorisation.
bool changes_coefficients(const Scenario& scenario);

//! True if the scenario's shocked tables need `model` read whole: a model from the cache's solver
//! file reads the columns of z they change on demand from the cache's model file, which this opens
//! and checks now (on the calling thread: no later caller touches HDF5), and only where that file
//! cannot be read is the model read whole. False for scenarios without local_procurement.
bool needs_whole_model(const Model& model, const Scenario& scenario);

//! run_scenario with the model's systems factorised beforehand (`shared` from share_systems(model)).
ScenarioResults run_scenario(const Scenario& scenario, const Model& model, const SharedSystems& shared);

//! What a sweep's run keeps of a scenario (docs/sweeps.md, "The coefficients path"): the measures
//! and by_region, (measure, year, region), all components of the headline closure.
struct RegionTotals {
  std::vector<std::string> measures;  //!< M, as ScenarioResults::measures
  LabelledArray by_region;            //!< as ScenarioResults::by_region [measure unit]
};

//! run_scenario's by_region with less work, the same to rounding: every source's final demand of a
//! year summed before the solve (one column a year, not one a source and year), the headline
//! closure alone, and on a dense base every solve of the run in one call (with Type II's border);
//! no stage after the effects are booked (baseline, appraisal, closures, residence, labour, gaps).
//! `shared`: as run_scenario's (null: the run factorises its own systems).
RegionTotals run_scenario_totals(const Scenario& scenario, const Model& model, const SharedSystems* shared = nullptr);

}  // namespace devolve
