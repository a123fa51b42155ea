#pragma once
#include <string>

namespace devolve {

//! How two results files are matched region by region: "" (same model only: equal model
//! checksums and region codes), "regions" (equal region codes, models may differ) or "itl1"
//! (both summed into ITL1 regions by region_grouping, summary.hpp, as `devolve report --aggregate`).
struct CompareOptions {
  std::string align;
  bool json = false;
  //! the data folder: uk/lad/regions.csv for --align itl1, geo/ for the map (html); "": the source tree's data/
  std::string data_dir;
};

//! Two scenario results files side by side (docs/reports.md): UK totals by measure and year, and
//! each region's change summed over the common years, with the differences B - A; text or JSON.
//! Throws UsageError for files of different models without align, InputError for a bad file.
std::string compare(const std::string& a, const std::string& b, const CompareOptions& opts);
//! The same comparison as a self-contained HTML page with charts.
std::string compare_html(const std::string& a, const std::string& b, const CompareOptions& opts);

}  // namespace devolve
