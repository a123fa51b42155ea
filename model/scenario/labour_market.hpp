#pragma once
// Resolving a scenario's labour supply (docs/methodology.md, "Labour supply"): its shares as
// written (or the defaults) and the base labour market of the model's regions from the shipped
// data (data/uk/<level>/labour_market.csv, by tools/labour_market.py: published at ITL1, derived
// at ITL2 and for local authorities, which areas made of LADs sum).
#include <string>

#include "devolve/model.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_spec.hpp"

namespace devolve {

//! The labour supply of a scenario: the spec's shares over the defaults of LabourSupply, and the
//! base levels where data_dir/uk/<model level>/labour_market.csv has every region of the model
//! (else `source` says why there are none). Throws InputError at labour_supply when the four
//! weights are all 0, or at a bad field of the data file.
LabourSupply resolve_labour_supply(const LabourSupplySpec& spec, const Model& model, const std::string& data_dir);

}  // namespace devolve
