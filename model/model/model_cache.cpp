// Resolving a model id or path, and the cache of regionalised models: the only place that regionalises.
#include "devolve/model_cache.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "base/hash.hpp"
#include "base/text.hpp"
#include "devolve/error.hpp"
#include "devolve/model_check.hpp"
#include "devolve/model_h5.hpp"
#include "devolve/model_io.hpp"
#include "devolve/regionalise.hpp"
#include "devolve/version.hpp"

namespace fs = std::filesystem;

namespace devolve {

std::string data_dir(const ModelSettings& s) {
  return s.data_dir.empty() ? (fs::path(source_dir) / "data").string() : s.data_dir;
}

namespace {
// Shipped models live in data/examples/<id>/ (CSV form), data/models/<id>.h5, and
// data/models/<id>.yaml (a build configuration: built from data/uk on first use, then cached).
const char* const shipped_folders[] = {"examples", "models"};
}  // namespace

std::vector<std::string> shipped_models(const ModelSettings& settings) {
  std::vector<std::string> ids;
  for (const char* sub : shipped_folders) {
    const fs::path d = fs::path(data_dir(settings)) / sub;
    std::error_code ec;
    if (!fs::is_directory(d, ec)) continue;
    for (const auto& e : fs::directory_iterator(d, ec)) {
      if (e.is_directory() && fs::exists(e.path() / "model.yaml")) ids.push_back(e.path().filename().string());
      if (e.is_regular_file() && (e.path().extension() == ".h5" || e.path().extension() == ".yaml"))
        ids.push_back(e.path().stem().string());
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::string resolve_model(const std::string& spec, const ModelSettings& settings) {
  std::error_code ec;
  if (fs::exists(spec, ec)) return spec;
  for (const char* sub : shipped_folders) {
    const fs::path d = fs::path(data_dir(settings)) / sub;
    if (fs::exists(d / spec / "model.yaml", ec)) return (d / spec).string();
    if (fs::exists(d / (spec + ".h5"), ec)) return (d / (spec + ".h5")).string();
    if (fs::exists(d / (spec + ".yaml"), ec)) return (d / (spec + ".yaml")).string();
  }
  const auto ids = shipped_models(settings);
  throw InputError(spec, "no such model file or folder, and no shipped model has this id" +
                             text::did_you_mean(spec, ids) + " (shipped: " + text::join(ids) + ")");
}

Model load_model(const std::string& spec, const ModelSettings& settings) {
  const std::string path = resolve_model(spec, settings);
  if (fs::path(path).extension() == ".yaml") return build_or_load_cached(read_build_config(path), settings);
  return read_model_file(path);
}

std::function<Model(const RegionalisationParameters&)> model_builder(const BuildConfig& config, DenseRas ras, FlowForm form) {
  std::shared_ptr<const RegionalInputs> inputs = read_regional_inputs(config);
  return [config, inputs, ras, form](const RegionalisationParameters& params) {
    BuildConfig c = config;
    c.params = params;
    Model m = regionalise(c, *inputs, form, ras);
    require_consistent(m, c.path);
    return m;
  };
}

void reuse_variant(Model&& variant) { reuse_flows(std::move(variant)); }

namespace {
// The layout of the cache's files (docs/model-format.md, "The model cache"); a new one rebuilds old
// entries. 2: the solver file records where its factors' bytes start (`solver/lu_offset`).
// 3: the solver file keeps the column sums of A (`solver/a_column_sums`).
// 4: the Type II W the solver file keeps is solved by solve::lu_solve_columns (model/solve/lu_solve.cpp),
// whose last bits differ from OpenBLAS's dgetrs that solved it before: an older entry would give a run
// other last bits than a fresh model (tools/golden.py failed on 104 datasets with caches of layout 3).
constexpr int cache_layout_version = 4;
}  // namespace

std::string model_cache_key(const BuildConfig& c) {
  hash::Fnv1a h;
  h.str(c.text);
  h.str(version);
  h.str("regionalisation " + std::to_string(regionalisation_version));
  h.str("cache layout " + std::to_string(cache_layout_version));
  // The solver file's W is solved by devolve's own kernel, whose last bits depend on the instruction
  // set it was compiled for (fused multiply-adds under DEVOLVE_NATIVE): builds for other ones keep
  // entries of their own.
  h.str(std::string("compiled for") +
#if defined(__AVX512F__)
        " avx512f" +
#endif
#if defined(__AVX2__)
        " avx2" +
#endif
#if defined(__FMA__)
        " fma" +
#endif
        "");
  std::vector<fs::path> files;
  for (const auto& sub : {std::string("national"), c.level}) {
    for (const auto& e : fs::directory_iterator(fs::path(c.inputs) / sub))
      if (e.path().extension() == ".csv") files.push_back(e.path());
  }
  files.push_back(fs::path(c.inputs) / "assumptions.csv");
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    h.str(f.filename().string());
    h.str(ss.str());
  }
  return h.hex();
}

namespace {

// The solver file beside a cache entry (docs/model-format.md, "The model cache").
fs::path solver_file(const fs::path& file) { return fs::path(file).replace_extension(".solver.h5"); }

// The stamp beside a cache file that records the state in which it last passed the seal and heap
// checks (H5File::open_kept; docs/model-format.md, "The model cache").
std::string stamp(const fs::path& file) { return file.string() + ".checked"; }

// The cached copy if it reads and is the configured model; otherwise why not (empty reason and no
// model when there is no copy). The seal (H5File::open) has proved the file is the one this
// devolve wrote, after checking every identity, so neither the identities nor the checksum are
// computed again (docs/model-format.md, "The model cache"). Without need_flows, the solver file is
// read instead if its factors were made under this process's BLAS configuration, z's columns then
// read from the model file when asked for (Model::z_columns). A damaged solver file is damage like
// any other.
std::optional<Model> load_cached(const fs::path& file, const BuildConfig& c, const ModelSettings& settings,
                                 std::string& reason) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  try {
    if (!settings.need_flows && settings.blas_configuration && fs::exists(solver_file(file), ec)) {
      Model m = read_solver_h5(solver_file(file).string(), stamp(solver_file(file)), file.string(), stamp(file));
      if (m.id != c.id) {
        reason = solver_file(file).string() + " holds model '" + m.id + "', not '" + c.id + "'";
        return std::nullopt;
      }
      if (m.cache_facts->blas == settings.blas_configuration()) return m;
    }
    std::string stored;
    Model m = read_model_h5(file.string(), &stored, stamp(file));
    if (m.id != c.id) {
      reason = "it holds model '" + m.id + "', not '" + c.id + "'";
      return std::nullopt;
    }
    auto facts = std::make_shared<ModelCacheFacts>();
    facts->checksum = stored;
    m.cache_facts = std::move(facts);
    return m;
  } catch (const std::exception& e) {
    reason = e.what();
  }
  return std::nullopt;
}

// Writes the cache entry: the model, and if it is productive its solver file (the model without z,
// with the LU factors of I - A). Returns the facts kept (the checksum at least).
std::shared_ptr<const ModelCacheFacts> store(const Model& m, const fs::path& file, const std::string& id,
                                              const ModelSettings& settings) {
  auto facts = std::make_shared<ModelCacheFacts>();
  facts->checksum = model_checksum(m);
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) return facts;  // a cache that cannot be written only costs a rebuild next time
  try {
    write_model_h5(m, file.string(), true);
    if (settings.factorise && !m.factored()) try {  // a factored model is solved without an n x n LU
        *facts = settings.factorise(m);
        facts->checksum = model_checksum(m);
        if (facts->lu.rows() != 0) write_model_h5(m, solver_file(file).string(), true, facts.get());
      } catch (const ModelError&) {  // not productive: no factors to keep; runs report it
        *facts = ModelCacheFacts{};
        facts->checksum = model_checksum(m);
      }
    // Older builds of the same id (other inputs, parameters or engine) are no longer reachable
    // by their key unless their configuration comes back; keep the cache to one entry per id.
    const std::string keep = file.stem().string() + ".";  // this entry's files and stamps
    for (const auto& e : fs::directory_iterator(file.parent_path(), ec)) {
      const std::string name = e.path().filename().string();
      if (name.rfind(keep, 0) != 0 && name.rfind(id + "-", 0) == 0 &&
          (e.path().extension() == ".h5" || e.path().extension() == ".checked"))
        fs::remove(e.path(), ec);
    }
  } catch (const Error&) {
  }
  return facts;
}

}  // namespace

Model build_or_load_cached(const BuildConfig& c, const ModelSettings& settings, std::string* cache_path) {
  const fs::path file = settings.cache_dir.empty() ? fs::path()
                                                   : fs::path(settings.cache_dir) / (c.id + "-" + model_cache_key(c) + ".h5");
  if (cache_path) *cache_path = file.string();
  if (!file.empty()) {
    std::string reason;
    if (auto m = load_cached(file, c, settings, reason)) return std::move(*m);
    if (!reason.empty() && settings.notice)
      settings.notice("cached model " + file.string() + " is damaged (" + reason + "); rebuilding it");
  }
  Model m = regionalise(c);
  require_consistent(m, c.path);
  if (!file.empty()) m.cache_facts = store(m, file, c.id, settings);
  return m;
}

}  // namespace devolve
