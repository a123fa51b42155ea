#pragma once
// The part of a scenario report about who gets the jobs (docs/reports.md): jobs by residence
// against workplace, residents' employment and unemployment rates, the labour-reserve flag, and the
// gaps between regions in the measures beyond GVA (docs/methodology.md, section 12).
#include <array>
#include <string>
#include <vector>

#include "base/h5file.hpp"
#include "devolve/summary.hpp"

namespace devolve {

//! What the report says about who gets the jobs in one year.
struct LabourYear {
  int year = 0;
  std::vector<std::string> regions;
  std::vector<double> work, home, emp_change, unemp_change;  // R: jobs; rate changes in percentage points
  std::string exceeded_in;                                     // "none", or "TLC 2026, ..."
  bool rates = false;
  std::string no_rates;  // why there are no rates, where rates is false
};

//! Reads year index t of a results file's labour account; false when it has none (before 1.4).
bool read_labour(const H5File& results, std::size_t t, LabourYear& out);

//! The regions of a labour report summed into their parents (devolve report --aggregate), and the
//! data folder whose uk/<level>/labour_market.csv holds the base levels the run read.
struct LabourGrouping {
  RegionGrouping groups;
  std::string data_dir;
};

//! `l` (year index t of `results`) with its regions summed into g's parents: jobs by workplace and
//! residence summed; the rates recomputed from the summed base levels (data_dir, the same rows the
//! run read) and the summed flows of labour_supply, never averaged (no rates where those levels do
//! not reproduce the file's baseline rates); the reserve flag from the summed residence jobs change
//! and summed reserve (docs/methodology.md, "Labour supply").
void group_labour(const H5File& results, std::size_t t, const LabourGrouping& g, LabourYear& l);

//! The gaps between regions in the measures beyond GVA in one year (format 1.5).
struct GapsYear {
  std::vector<std::string> indicators, units, regions;
  std::vector<std::vector<double>> gap;           // [indicator][region], scenario
  std::vector<std::array<double, 3>> spread, base;  // [indicator]: reference, max - min, cv; scenario and baseline
};

//! Reads year index t of a results file's gaps; false when it has none (before 1.5).
bool read_gaps(const H5File& results, std::size_t t, GapsYear& out);

//! Text lines for year index t of a results file of format 1.4 or later (the gaps from 1.5); empty
//! for older files and for files without a labour account.
//! With `g`, the regions are summed into their parents (group_labour, low_pay_gap); the gaps beyond
//! GVA, whose levels the file does not hold, are left out with a note.
//! Unless `all`, a list of more than 12 regions and years where the reserve is exceeded is cut to 12
//! and says how many more (docs/reports.md).
std::string labour_text(const H5File& results, std::size_t t, const LabourGrouping* g = nullptr, bool all = false);

//! The share of gross new jobs in low-paid industries for all regions together, V = sum over
//! regions and industries that gain jobs of low_pay_industry x the jobs change (/results/total) /
//! those gains summed (the ratio of the totals, as for the gaps beyond GVA), and each region's share
//! of its own gains minus V, in year index t (docs/methodology.md, "Gaps in the measures beyond
//! GVA"). NaN where no region-industry gains jobs, and for regions none of whose industries does.
struct LowPayGap {
  double reference = 0;      //!< V [1]
  std::vector<double> gap;   //!< R (or parents) [1]
  double gross_new = 0;      //!< the gains of the region-industries that gain jobs [jobs]
  double gross_lost = 0;     //!< the losses of those that lose jobs, positive [jobs]
};
//! With `groups`, each parent's share is recomputed from the summed numerator and denominator.
LowPayGap low_pay_gap(const H5File& results, std::size_t t, const RegionGrouping* groups = nullptr);

//! The same as a JSON member (`,\n  "labour": {...}`); empty where labour_text is.
std::string labour_json(const H5File& results, std::size_t t, const LabourGrouping* g = nullptr);

}  // namespace devolve
