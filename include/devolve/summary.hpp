#pragma once
#include <map>
#include <string>
#include <vector>

#include "devolve/labelled_array.hpp"
#include "devolve/model.hpp"

namespace devolve {

//! Regions summed into their parents at a coarser ITL level (`--aggregate` of devolve report and
//! devolve model info; docs/results.md, "What is stored at which level").
struct RegionGrouping {
  std::string level;                      //!< "itl1", "itl2" or "itl3"
  std::vector<std::string> codes, names;  //!< the parents, in code order
  std::vector<std::size_t> of;            //!< [region]: index of its parent in codes
};

//! Maps each region code (a LAD, ITL3, ITL2 or ITL1 code) to its parent at `level` (itl1, itl2 or
//! itl3) by the lookup the UK models are built from, `data_dir`/uk/lad/regions.csv (ONS LAD to ITL,
//! docs/data.md); a user-defined area listed in `members` (its LAD codes, the model's area.<code>
//! metadata) maps to the parent all its LADs share. `file` names errors. Throws InputError for an
//! unknown level or a region with no parent there (an area spanning parents, or a region coarser
//! than the level).
RegionGrouping region_grouping(const std::vector<std::string>& regions, const std::string& level,
                               const std::string& data_dir, const std::string& file,
                               const std::map<std::string, std::vector<std::string>>& members = {});

//! `a` with dimension `dim` (the regions of `g`) replaced by g's parents, each the sum of its regions
LabelledArray group_regions(const LabelledArray& a, const std::string& dim, const RegionGrouping& g);

//! Region tables of summaries list every region up to this many (the UK ITL1 and ITL2 models, 12
//! and 46); above it, the `summary_top_regions` largest and a line saying how many more and how to
//! list them (--all), so a summary of 182 or 361 regions stays a screen (docs/model-format.md,
//! docs/reports.md).
inline constexpr std::size_t summary_all_regions_up_to = 50, summary_top_regions = 15;

//! What model_summary_text prints beyond the defaults.
struct ModelSummaryOptions {
  //! Every region, every metadata entry, and values whole (devolve model info --all). Otherwise, on
  //! more than summary_all_regions_up_to regions the largest by GVA; each metadata family of more
  //! than summary_all_regions_up_to entries (`key.<region or ITL code>`) as one line; and a value
  //! wider than a line wrapped, cut after 10 lines.
  bool all = false;
  std::string solver;  //!< how (I - A) would be solved, printed in the header when not empty
};

//! A readable summary of a model: identity, geography, dimensions, source, solver, and totals of
//! output, GVA, compensation and each indicator by region (what `devolve model info` prints).
//! With `groups`, the region table shows their parents instead (each the sum of its regions).
std::string model_summary_text(const Model& model, const std::string& path, const RegionGrouping* groups = nullptr,
                               const ModelSummaryOptions& options = {});
//! The screening of jobs and pay a build recorded (metadata check.jobs_and_pay, docs/methodology.md,
//! "Checks on jobs and pay"), as devolve model build prints it, a warning a line: the header ("N
//! findings: ..."), the first `shown` findings, then how many more. Nothing when the model records
//! no finding (the header alone, "0 findings: ...", is no warning) or no screening.
std::vector<std::string> jobs_and_pay_warnings(const Model& model, std::size_t shown);
//! The same as JSON: {"id", "name", "regions": [{code, name, output, gva, compensation,
//! indicators: {code: total}}], "industries": [{code, name}], "totals": {...}, ...}
//! With `groups`, "regions" lists their parents instead.
std::string model_summary_json(const Model& model, const std::string& path, const RegionGrouping* groups = nullptr);

//! JSON string literal with escapes
std::string json_quote(const std::string& s);

}  // namespace devolve
