#pragma once
#include <string>

namespace devolve {

//! How two results files are matched region by region: "" (same model only: equal model
//! checksums and region codes), "regions" (equal region codes, models may differ) or "itl1"
//! (both aggregated to ITL1 regions by the first three characters of their ITL codes).
struct CompareOptions {
  std::string align;
  bool json = false;
  std::string data_dir;  //!< the data folder whose geo/ holds the map boundaries (html); "": the source tree's data/
};

//! Two scenario results files side by side (docs/reports.md): UK totals by measure and year, and
//! each region's change summed over the common years, with the differences B - A; text or JSON.
//! Throws UsageError for files of different models without align, InputError for a bad file.
std::string compare(const std::string& a, const std::string& b, const CompareOptions& opts);
//! The same comparison as a self-contained HTML page with charts.
std::string compare_html(const std::string& a, const std::string& b, const CompareOptions& opts);

}  // namespace devolve
