#pragma once
#include <optional>
#include <string>

namespace devolve {

//! Which values the region table of a text or JSON summary shows (docs/reports.md).
struct SummaryChoice {
  enum class Basis { peak_year, year, cumulative, peak };
  //! peak_year (the default): the year of the largest absolute UK change of the headline measure
  //! (jobs where present), stated in the heading; year: `year`; cumulative: summed over the years;
  //! peak: each region's and measure's own largest absolute change over the years.
  Basis basis = Basis::peak_year;
  std::optional<int> year;
  //! Money (measures in the file's currency) in cash of this year: x D(year) / D(base year), D the
  //! ONS GDP deflator shipped in `data_dir`/uk/national/gdp_deflator.csv (docs/reports.md)
  std::optional<int> cash_year;
  //! With cash_year after the deflator's last published year: its assumed yearly growth after it
  //! (--deflator-growth; the scenario key `deflator_growth`), stated in the report's money line.
  std::optional<double> deflator_growth;
  std::string data_dir;  //!< the shipped data folder, for cash_year and aggregate
  //! "itl1", "itl2" or "itl3": regions summed into their parents (region_grouping, summary.hpp);
  //! empty: the file's own regions. Scenario results only.
  std::string aggregate;
  //! Every region in the region table and the need splits (--all); otherwise, above
  //! summary_all_regions_up_to regions (summary.hpp), the largest and a line saying how many more.
  bool all = false;
};

//! A readable summary of a devolve output file (scenario results or multipliers): totals by
//! region, by year, the largest industries, where effects land. With json, the same for scripts.
//! Throws InputError if the file is not a devolve output or its format version is unknown, or if
//! the chosen year is not one of the file's years.
std::string report(const std::string& file, bool json, const SummaryChoice& choice = {});

}  // namespace devolve
