#include "regional/compensation.hpp"

#include <cmath>
#include <limits>
#include <map>

namespace devolve::regional {

void scale_capped(std::vector<double*>& v, const std::vector<double>& u, double target) {
  const std::size_t n = v.size();
  std::vector<char> capped(n, 0);
  for (;;) {
    double at_cap = 0, free = 0;
    for (std::size_t k = 0; k < n; ++k) (capped[k] ? at_cap : free) += capped[k] ? u[k] : *v[k];
    if (free <= 0) {  // nothing left to scale: every cell that can take compensation is at its cap
      for (std::size_t k = 0; k < n; ++k)
        if (capped[k]) *v[k] = u[k];
      return;
    }
    const double f = std::max(0.0, target - at_cap) / free;
    bool more = false;
    for (std::size_t k = 0; k < n; ++k)
      if (!capped[k] && *v[k] * f > u[k]) capped[k] = 1, more = true;
    if (more) continue;
    for (std::size_t k = 0; k < n; ++k) *v[k] = capped[k] ? u[k] : *v[k] * f;
    return;
  }
}

RegionalCompensation regional_compensation(const RegionalInputs& in) {
  const std::size_t S = in.industries.size(), R = in.regions.size();
  RegionalCompensation out;
  out.coe = Matrix(R, S);
  Matrix& coe = out.coe;
  constexpr double none = std::numeric_limits<double>::infinity();
  std::map<std::string, std::pair<double, double>> uk;  // published UK totals of each group (CoE, GVA)
  for (const auto& [key, v] : in.comp) {
    uk[key.second].first += v.first;
    uk[key.second].second += v.second;
  }
  std::map<std::string, std::vector<std::size_t>> members;  // the industries of each income group
  for (std::size_t i = 0; i < S; ++i) members[in.income_group[i]].push_back(i);
  Matrix cap(R, S);
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t r = 0; r < R; ++r) cap(r, i) = in.coe[i] > in.gva[i] ? none : std::max(0.0, in.region_gva(r, i));

  // The seed (the rule before the fit) and the target of each (region, group) from the seed's group total.
  struct Group {
    std::size_t r;
    const std::vector<std::size_t>* ind;
    double target;
    std::string name;
  };
  std::vector<Group> groups;
  for (const auto& [g, ind] : members) {
    const double uk_ratio = uk[g].second > 0 ? uk[g].first / uk[g].second : 0.0;
    double national = 0, raw_total = 0;
    for (std::size_t i : ind) national += in.coe[i];
    const std::size_t first = groups.size();
    for (std::size_t r = 0; r < R; ++r) {
      double ratio = uk_ratio, seed = 0;
      auto it = in.comp.find({in.regions[r].code, g});
      if (it != in.comp.end() && it->second.second > 0 && uk_ratio > 0) ratio = it->second.first / it->second.second;
      for (std::size_t i : ind) {
        // Extra-Regio GVA (offshore oil and gas, allocated to Scotland) is in no region's published
        // income components: it takes the industry's UK ratio, the onshore rest the region's relative one.
        const double extra = in.extra_regio_gva.rows() == R ? in.extra_regio_gva(r, i) : 0.0;
        coe(r, i) = in.gva[i] > 0 ? in.coe[i] / in.gva[i] *
                                        ((in.region_gva(r, i) - extra) * (uk_ratio > 0 ? ratio / uk_ratio : 1.0) + extra)
                                  : 0.0;
        seed += coe(r, i);
      }
      groups.push_back({r, &ind, seed, in.regions[r].code + " " + g});
      raw_total += seed;
    }
    // The national CoE of the group's industries over the regions in proportion to the seed's group
    // totals, none above the GVA of its cells (the excess spread over the other regions likewise).
    std::vector<double*> t;
    std::vector<double> caps;
    for (std::size_t k = first; k < groups.size(); ++k) {
      double c = 0;
      for (std::size_t i : ind) c += cap(groups[k].r, i);
      t.push_back(&groups[k].target), caps.push_back(c);
    }
    if (raw_total > 0) scale_capped(t, caps, national);
  }

  // The fit, alternating the groups' totals and the industries' national totals (the control totals,
  // last in every sweep). Where the three constraints cannot all hold, a group's total cannot be met:
  // while a fit leaves groups off (its error no longer halving in 50 sweeps, or coe_max_sweeps), the
  // group furthest off in each income group is released (left to the national totals and the caps)
  // and the fit starts again from the seed.
  const Matrix seed = coe;
  std::vector<char> held(groups.size(), 1);
  std::vector<double*> v;
  std::vector<double> u;
  std::vector<double> error(groups.size(), 0.0);
  auto group_error = [&] {
    double worst = 0;
    for (std::size_t k = 0; k < groups.size(); ++k) {
      const auto& gr = groups[k];
      error[k] = 0;
      if (!held[k] || gr.target <= 0) continue;
      double sum = 0;
      for (std::size_t i : *gr.ind) sum += coe(gr.r, i);
      error[k] = std::abs(sum - gr.target) / gr.target;
      if (error[k] > worst) worst = error[k], out.worst_group = gr.name;
    }
    return out.group_error = worst;
  };
  for (;;) {
    coe = seed;
    double before = std::numeric_limits<double>::infinity();
    for (out.sweeps = 1; out.sweeps <= coe_max_sweeps; ++out.sweeps) {
      for (std::size_t k = 0; k < groups.size(); ++k) {  // each region's group total
        const auto& gr = groups[k];
        if (!held[k] || gr.target <= 0) continue;
        v.clear(), u.clear();
        for (std::size_t i : *gr.ind) v.push_back(&coe(gr.r, i)), u.push_back(cap(gr.r, i));
        scale_capped(v, u, gr.target);
      }
      for (std::size_t i = 0; i < S; ++i) {  // each industry's national total, the control total: last
        v.clear(), u.clear();
        for (std::size_t r = 0; r < R; ++r) v.push_back(&coe(r, i)), u.push_back(cap(r, i));
        scale_capped(v, u, in.coe[i]);
      }
      if (group_error() <= coe_group_tolerance) break;
      if (out.sweeps % 50 == 0) {
        if (out.group_error > 0.5 * before) break;
        before = out.group_error;
      }
    }
    if (out.group_error <= coe_group_tolerance) break;
    std::map<const std::vector<std::size_t>*, std::size_t> furthest;  // in each income group
    for (std::size_t k = 0; k < groups.size(); ++k)
      if (error[k] > coe_group_tolerance) {
        auto [it, fresh] = furthest.emplace(groups[k].ind, k);
        if (!fresh && error[k] > error[it->second]) it->second = k;
      }
    for (const auto& [ind, k] : furthest) held[k] = 0, out.released.push_back(groups[k].name);
  }
  out.sweeps = std::min(out.sweeps, coe_max_sweeps);
  return out;
}

}  // namespace devolve::regional
