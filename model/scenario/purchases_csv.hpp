#pragma once
// A custom spending pattern's CSV file (docs/scenarios.md, "custom_spending"): one purchase a row,
// region,industry,amount, each value located at its file, line and column.
#include <string>
#include <vector>

#include "devolve/scenario_spec.hpp"

namespace devolve {

//! Reads `path` (header exactly region,industry,amount; amounts finite, at least 0 and at most
//! 1,000,000 GBP million a year; at least one row). Values carry their CSV places; `key` is the
//! key path of the file in the scenario (e.g. "shocks[0].purchases_file"). Throws InputError.
std::vector<PurchaseSpec> read_purchases_csv(const std::string& path, const std::string& key);

}  // namespace devolve
