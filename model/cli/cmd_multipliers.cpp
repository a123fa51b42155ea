#include <algorithm>
#include <cstdio>
#include <iostream>
#include <numeric>

#include "cli/heap.hpp"
#include "cli/options.hpp"
#include "cli/output_files.hpp"
#include "devolve/atomic_output.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/multipliers.hpp"
#include "devolve/multipliers_h5.hpp"

namespace devolve::cli {

namespace {

void print_table(const Model& m, const Multipliers& mu, std::size_t top) {
  const bool ii = mu.has_type_ii;
  std::vector<std::size_t> order;
  for (std::size_t j = 0; j < mu.sectors; ++j)
    if (m.output[j] > 0) order.push_back(j);  // sectors absent from a region have no multiplier
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
    return (ii ? mu.type_ii(0, a) : mu.type_i(0, a)) > (ii ? mu.type_ii(0, b) : mu.type_i(0, b));
  });
  top = std::min(top, order.size());
  std::cout << "Largest " << top << " output multipliers of " << m.num_sectors() << " (" << m.id
            << "): effect per " << m.currency << " of final demand for the output of the industry in the region\n";
  std::printf("%-8s %-10s %-34s", "region", "industry", "name");
  for (std::size_t k = 0; k < mu.measures.size() && k < 4; ++k)
    std::printf(" %10s %10s", (mu.measures[k].code + " I").substr(0, 10).c_str(),
                ii ? (mu.measures[k].code + " II").substr(0, 10).c_str() : "");
  std::printf(" %9s\n", ii ? "spill II" : "spill I");
  for (std::size_t t = 0; t < top; ++t) {
    const std::size_t j = order[t];
    std::printf("%-8s %-10s %-34s", m.regions[m.region_of(j)].code.c_str(), m.industries[m.industry_of(j)].code.c_str(),
                m.industries[m.industry_of(j)].name.substr(0, 34).c_str());
    for (std::size_t k = 0; k < mu.measures.size() && k < 4; ++k) {
      std::printf(" %10.4g", mu.type_i(k, j));
      if (ii) std::printf(" %10.4g", mu.type_ii(k, j));
      else std::printf(" %10s", "");
    }
    const double total = ii ? mu.type_ii(0, j) : mu.type_i(0, j);
    const double own = ii ? mu.type_ii_in(0, m.region_of(j), j) : mu.type_i_in(0, m.region_of(j), j);
    std::printf(" %8.1f%%\n", total > 0 ? 100.0 * (total - own) / total : 0.0);
  }
  std::cout << "units:";
  for (std::size_t k = 0; k < mu.measures.size() && k < 4; ++k)
    std::cout << (k ? ";" : "") << " " << mu.measures[k].code << " in " << mu.measures[k].unit << " per " << m.currency;
  std::cout << ". spill: share of the output effect landing outside the region.\n";
  if (!ii) std::cout << "Type II not computed: the model has no compensation row or no households category.\n";
}

}  // namespace

int cmd_multipliers(const Args& args) {
  const auto o = parse_multipliers(args);
  if (!o) return ok;
  const std::string &spec = o->model, &out = o->output;
  const bool overwrite = o->overwrite;
  require_h5_extension(out, "multipliers");
  { AtomicOutput probe(out, overwrite); }  // refuse an existing output before any work
  // Multipliers only solve: a cached model may come with the LU factors of I - A instead of z (no
  // factorisation, and 186 MB less to read on uk-itl2-2022); the structured solver needs z.
  ModelSettings settings = model_settings();
  settings.need_flows = o->solver == Solver::structured;
  keep_freed_memory();
  const Model m = load_model(spec, settings);
  const Leontief type_i(m, Closure::type_i, o->solver);
  const Multipliers mu = compute_multipliers(m, type_i);
  release_freed_memory();
  write_multipliers_h5(m, resolve_model(spec, settings), mu, out, overwrite);
  print_table(m, mu, o->top);
  std::cout << "wrote " << out << "\n";
  return ok;
}

}  // namespace devolve::cli
