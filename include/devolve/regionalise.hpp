#pragma once
#include <memory>

#include "devolve/build_config.hpp"
#include "devolve/model.hpp"

namespace devolve {

//! Version of the regionalisation: part of the model cache key (model_cache.hpp), so a cached
//! model is never reused by code that would build it differently. Rule: bump it in the same commit
//! as any change to model/regional/* (or to its inputs' reading) that can change a built model's
//! numbers, labels or metadata; a refactoring that keeps every built model bit-identical keeps it.
inline constexpr int regionalisation_version = 2;  // 2: households by residents' GDHI, household account

//! The compact inputs of a configuration, read once (a sweep regionalises many times).
struct RegionalInputs;
std::shared_ptr<const RegionalInputs> read_regional_inputs(const BuildConfig& config);

//! Builds the multi-region model from the compact national and regional inputs: regional output
//! from regional GVA, intra-regional coefficients by location quotients, interregional trade by a
//! gravity rule, regional final demand, RAS balancing, compensation and indicators. Deterministic.
Model regionalise(const BuildConfig& config, const RegionalInputs& inputs);
//! As above, reading the inputs first
Model regionalise(const BuildConfig& config);

}  // namespace devolve
