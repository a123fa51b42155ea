#include "projection/residence.hpp"

#include "devolve/household_closure.hpp"

namespace devolve::projection {

void by_place_of_residence(const Model& m, ScenarioResults& res) {
  res.place_measures.clear();
  std::vector<std::size_t> ks;
  for (const char* code : {"jobs", "fte", "income"})
    for (std::size_t k = 0; k < res.measures.size(); ++k)
      if (res.measures[k] == code) ks.push_back(k), res.place_measures.push_back(code);
  const Dimension& year = res.by_region.dim("year");
  const Dimension& region = res.by_region.dim("region");
  res.by_place = LabelledArray({label_dimension("basis", {"workplace", "residence"}),
                                label_dimension("place_measure", res.place_measures), year, region});
  const std::size_t R = region.size();
  for (std::size_t q = 0; q < ks.size(); ++q)
    for (std::size_t t = 0; t < year.size(); ++t) {
      Vector work(R);
      for (std::size_t r = 0; r < R; ++r) work[r] = res.by_region(ks[q], t, r);
      // residents_compensation is M x v, the same shares for people as for their pay
      const Vector home = residents_compensation(m, work);
      for (std::size_t r = 0; r < R; ++r) res.by_place(0u, q, t, r) = work[r], res.by_place(1u, q, t, r) = home[r];
    }
}

}  // namespace devolve::projection
