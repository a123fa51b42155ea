#pragma once
#include <functional>
#include <string>
#include <vector>

#include "devolve/build_config.hpp"
#include "devolve/model.hpp"
#include "devolve/regionalise.hpp"

namespace devolve {

//! Where models come from. The library reads no environment variables: the CLI fills this once
//! (DEVOLVE_DATA_DIR, DEVOLVE_CACHE_DIR, XDG_CACHE_HOME, HOME; docs/model-format.md).
struct ModelSettings {
  std::string data_dir;   //!< shipped data (models/, uk/); empty: the source tree's data/
  std::string cache_dir;  //!< built models are kept here; empty: build every time, keep nothing
  //! Told about what the user should know (a damaged cache entry rebuilt); may be empty
  std::function<void(const std::string& message)> notice;
  //! false: the command only solves (devolve run), so a cached model may come without z, with
  //! the LU factors of (I - A) kept by the cache instead, and the columns of z a run changes
  //! (local procurement) read from the cache when asked for, Model::z_columns (docs/model-format.md,
  //! "The model cache")
  bool need_flows = true;
  //! The LU factors of a productive model's (I - A) for the cache's solver file, and the BLAS
  //! configuration factors must have been made under to be reused; set by the devolve command
  //! (model/solve does the factorising). Empty: the cache keeps no factors.
  std::function<ModelCacheFacts(const Model&)> factorise;
  std::function<std::string()> blas_configuration;
};

//! Folder of shipped data: settings.data_dir, else the source tree's data/
std::string data_dir(const ModelSettings& settings);
//! Ids of the models shipped in data_dir
std::vector<std::string> shipped_models(const ModelSettings& settings);
//! Path of a model given a path or a shipped id; throws InputError listing shipped ids if neither.
std::string resolve_model(const std::string& path_or_id, const ModelSettings& settings);

//! Loads a model from a CSV folder, an HDF5 model file, a build configuration (.yaml) or the id of
//! a shipped model; checks every accounting identity (throws ModelError) before returning it.
Model load_model(const std::string& path_or_id, const ModelSettings& settings);

//! The model for a build configuration: from the cache if a copy with the same key is there and
//! passes its checks (stored checksum recomputed, identities), else built, checked and cached. A
//! damaged copy is rebuilt and reported through settings.notice. The only place that regionalises.
Model build_or_load_cached(const BuildConfig& config, const ModelSettings& settings, std::string* cache_path = nullptr);

//! Builds variants of one configuration with other regionalisation parameters (a sweep over delta
//! and beta), reading the inputs once; each variant is checked (ModelError) and not cached. With
//! DenseRas::factors (a sweep) the variants' RAS runs on the factors of the prior (build_config.hpp);
//! `form`: the variants' flows dense or factored (regionalise.hpp).
std::function<Model(const RegionalisationParameters&)> model_builder(const BuildConfig& config, DenseRas ras,
                                                                     FlowForm form = FlowForm::automatic);

//! Hands back a variant from model_builder once it is no longer needed: the next variant of the same
//! size this thread builds with DenseRas::factors writes its Z into this one's storage
//! (reuse_flows, regionalise.hpp) instead of a new zero-filled n x n matrix.
void reuse_variant(Model&& variant);

//! The cache key: FNV-1a of the configuration text, every input file (name and content), the
//! program version and regionalisation_version, as 16 hex digits.
std::string model_cache_key(const BuildConfig& config);

}  // namespace devolve
