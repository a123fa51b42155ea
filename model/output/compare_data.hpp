#pragma once
// Two results files read and aligned for devolve compare (include/devolve/compare.hpp).
#include <string>
#include <vector>

#include "devolve/compare.hpp"

namespace devolve {

struct CompareSide {
  std::string file, model_id, checksum, scenario, closure;
  std::vector<double> v;  //!< (measure, year, region) of the common labels
};

struct CompareData {
  std::vector<std::string> measures, units, regions, region_names;
  std::vector<long long> years;
  CompareSide a, b;
  std::string note;  //!< what was aligned or dropped, said in every output
  //! "UK total" when the common regions are every region of both files, else "total of the N
  //! common regions" (--align regions on files of different geographies)
  std::string total_label;
  double at(const CompareSide& s, std::size_t m, std::size_t y, std::size_t r) const {
    return s.v[(m * years.size() + y) * regions.size() + r];
  }
};

//! Reads by_region of both files on their common measures, years and (aligned) regions.
CompareData compare_data(const std::string& a, const std::string& b, const CompareOptions& opts);

}  // namespace devolve
