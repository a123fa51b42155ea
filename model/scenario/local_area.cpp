// The local area of each local_procurement shock (docs/scenarios.md, "local_procurement"): what the
// results file records (/results/shock_local_area) and what devolve run, batches and sweeps print.
#include <string>

#include "devolve/scenario.hpp"

namespace devolve {

std::string local_area_value(const Shock& sh) {
  if (sh.type != Shock::Type::local_procurement) return "";
  return sh.local_together ? "together" : "each";
}

std::string local_area_notes(const Scenario& sc) {
  std::string out;
  for (const auto& sh : sc.shocks) {
    if (sh.type != Shock::Type::local_procurement || sh.shock_regions.size() < 2) continue;
    std::string regions = sh.regions_text;
    while (!regions.empty() && (regions.back() == '\n' || regions.back() == ' ')) regions.pop_back();
    if (regions.find('\n') != std::string::npos) regions = "the shock's list";  // a list written as a block
    const std::string n = std::to_string(sh.shock_regions.size());
    out += "local area \"" + sh.label + "\": " +
           (sh.local_together ? regions + " as a whole: its " + n + " regions' buyers buy more from suppliers anywhere in them"
                              : "each of the " + n + " regions of " + regions + " on its own: its buyers buy more from its own suppliers") +
           " (local_area: " + local_area_value(sh) +
           (sh.local_area_written ? "" : sh.local_together ? ", the default for one named area" : ", the default for a list or group") +
           ")\n";
  }
  return out;
}

}  // namespace devolve
