#include "regional/compensation.hpp"

#include <map>

namespace devolve::regional {

Matrix regional_compensation(const RegionalInputs& in) {
  const std::size_t S = in.industries.size(), R = in.regions.size();
  Matrix coe(R, S);
  {
    std::map<std::string, std::pair<double, double>> uk;
    for (const auto& [key, v] : in.comp) {
      uk[key.second].first += v.first;
      uk[key.second].second += v.second;
    }
    for (std::size_t i = 0; i < S; ++i) {
      const auto g = in.income_group[i];
      const double uk_ratio = uk[g].second > 0 ? uk[g].first / uk[g].second : 0.0;
      double total = 0;
      for (std::size_t r = 0; r < R; ++r) {
        double rel = 1.0;
        auto it = in.comp.find({in.regions[r].code, g});
        if (it != in.comp.end() && it->second.second > 0 && uk_ratio > 0)
          rel = (it->second.first / it->second.second) / uk_ratio;
        coe(r, i) = in.gva[i] > 0 ? in.coe[i] / in.gva[i] * in.region_gva(r, i) * rel : 0.0;
        total += coe(r, i);
      }
      for (std::size_t r = 0; r < R; ++r) coe(r, i) = total > 0 ? coe(r, i) * in.coe[i] / total : 0.0;
    }
  }
  return coe;
}

}  // namespace devolve::regional
