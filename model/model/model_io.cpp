#include "devolve/model_io.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "devolve/error.hpp"
#include "devolve/model_check.hpp"
#include "devolve/regionalise.hpp"
#include "devolve/version.hpp"
#include "base/text.hpp"

namespace fs = std::filesystem;

namespace devolve {

std::string data_dir() {
  if (const char* env = std::getenv("DEVOLVE_DATA_DIR"); env && *env) return env;
  return (fs::path(source_dir) / "data").string();
}

namespace {
// Shipped models live in data/examples/<id>/ (CSV form), data/models/<id>.h5, and
// data/models/<id>.yaml (a build configuration: built from data/uk on first use, then cached).
const char* const shipped_folders[] = {"examples", "models"};
}  // namespace

std::vector<std::string> shipped_models() {
  std::vector<std::string> ids;
  for (const char* sub : shipped_folders) {
    const fs::path d = fs::path(data_dir()) / sub;
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

std::string resolve_model(const std::string& spec) {
  std::error_code ec;
  if (fs::exists(spec, ec)) return spec;
  for (const char* sub : shipped_folders) {
    const fs::path d = fs::path(data_dir()) / sub;
    if (fs::exists(d / spec / "model.yaml", ec)) return (d / spec).string();
    if (fs::exists(d / (spec + ".h5"), ec)) return (d / (spec + ".h5")).string();
    if (fs::exists(d / (spec + ".yaml"), ec)) return (d / (spec + ".yaml")).string();
  }
  const auto ids = shipped_models();
  throw InputError(spec, "no such model file or folder, and no shipped model has this id" +
                             text::did_you_mean(spec, ids) + " (shipped: " + text::join(ids) + ")");
}

Model load_model(const std::string& spec) {
  const std::string path = resolve_model(spec);
  if (fs::path(path).extension() == ".yaml") return build_or_load_cached(read_build_config(path));
  Model m = fs::is_directory(path) ? read_model_csv(path) : read_model_h5(path);
  require_consistent(m, path);
  return m;
}

namespace {
struct Fnv {
  std::uint64_t h = 1469598103934665603ull;
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  }
  void str(const std::string& s) { bytes(s.data(), s.size() + 1); }
  void mat(const Matrix& m) { bytes(m.data(), m.rows() * m.cols() * sizeof(double)); }
};
}  // namespace

std::string model_checksum(const Model& m) {
  Fnv f;
  // Everything that changes a result: labels, roles, units, the base year and tolerance, the numbers.
  f.str(m.id);
  f.str(m.currency);
  f.str(m.prices);
  f.str(std::to_string(m.base_year));
  f.bytes(&m.tolerance, sizeof m.tolerance);
  for (const auto& l : m.regions) f.str(l.code);
  for (const auto& l : m.industries) f.str(l.code);
  for (const auto& c : m.final_demand_categories) f.str(c.code + "/" + to_string(c.role));
  for (const auto& c : m.primary_inputs) f.str(c.code + "/" + to_string(c.role));
  for (const auto& c : m.indicators) f.str(c.code + "/" + c.unit);
  f.mat(m.z);
  f.mat(m.final_demand);
  f.mat(m.primary);
  f.mat(m.indicator_totals);
  f.bytes(m.output.data(), m.output.size() * sizeof(double));
  f.bytes(m.population.data(), m.population.size() * sizeof(double));
  if (!m.household_gross_income.empty()) {  // the household account changes Type II results
    f.mat(m.residence_share);
    f.bytes(m.household_gdhi.data(), m.household_gdhi.size() * sizeof(double));
    f.bytes(m.household_gross_income.data(), m.household_gross_income.size() * sizeof(double));
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(f.h));
  return buf;
}

}  // namespace devolve
