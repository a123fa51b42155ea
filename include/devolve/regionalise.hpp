#pragma once
#include <memory>

#include "devolve/build_config.hpp"
#include "devolve/model.hpp"

namespace devolve {

//! Version of the regionalisation: part of the model cache key (model_cache.hpp), so a cached
//! model is never reused by code that would build it differently. Rule: bump it in the same commit
//! as any change to model/regional/* (or to its inputs' reading) that can change a built model's
//! numbers, labels or metadata; a refactoring that keeps every built model bit-identical keeps it.
inline constexpr int regionalisation_version = 8;  // 2: households by residents' GDHI, household account;
                                                  // 3: compensation and jobs of LAD-level builds computed per LAD
                                                  // 4: LAD-level builds record area_itl2/3, area_itl3_list, area_lad_names, itl_name
                                                  // 5: geography of LAD-level builds without areas: what they are
                                                  // 6: BRES section employees split over industries at GB employment per GVA
                                                  // 7: metadata check.jobs_and_pay (screening of jobs and pay)
                                                  // 8: step 6 fitted to published group compensation and national CoE, capped at GVA

//! The compact inputs of a configuration, read once (a sweep regionalises many times).
struct RegionalInputs;
std::shared_ptr<const RegionalInputs> read_regional_inputs(const BuildConfig& config);

//! Which form the regionalisation keeps the flows in: dense z and final_demand, or factored
//! (Model::coefficients and Model::factored_final_demand, docs/model-format.md "Factored models");
//! automatic: factored above factored_above sectors, where a dense z no longer fits comfortably
enum class FlowForm { automatic, dense, factored };
//! Sectors above which FlowForm::automatic keeps the flows factored: every shipped model up to ITL2
//! (n = 4830) stays dense; ITL3 (n = 19,110; a 2.9 GB dense z) and LAD (n = 37,905; 11.5 GB) are factored
inline constexpr std::size_t factored_above = 10000;

//! Builds the multi-region model from the compact national and regional inputs: regional output
//! from regional GVA, intra-regional coefficients by location quotients, interregional trade by a
//! gravity rule, regional final demand, RAS balancing, compensation and indicators. Deterministic.
Model regionalise(const BuildConfig& config, const RegionalInputs& inputs, FlowForm form = FlowForm::automatic,
                  DenseRas ras = DenseRas::matrix);
//! As above, reading the inputs first
Model regionalise(const BuildConfig& config, FlowForm form = FlowForm::automatic);

//! Hands back a variant built with DenseRas::factors (a sweep's) once it is no longer needed: the
//! next such variant of the same size this thread builds writes its Z (every entry) into the
//! storage of this one's instead of a new zero-filled n x n matrix. A thread keeps one.
void reuse_flows(Model&& variant);

}  // namespace devolve
