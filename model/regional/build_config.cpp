#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "devolve/error.hpp"
#include "devolve/model_check.hpp"
#include "devolve/model_io.hpp"
#include "devolve/regionalise.hpp"
#include "devolve/version.hpp"
#include "base/text.hpp"
#include "base/yaml_support.hpp"

namespace fs = std::filesystem;

namespace devolve {

BuildConfig read_build_config(const std::string& path) {
  const yaml::Source src = yaml::load(path);
  const YAML::Node& root = src.root;
  if (!root.IsMap()) throw yaml::error_at(src, root, "", "expected a map of keys");
  yaml::Diagnostics diag;
  yaml::check_keys(src, root, "", {"format", "format_version", "id", "name", "inputs", "level", "regionalisation"}, diag);
  if (const YAML::Node r = root["regionalisation"]; r && r.IsMap())
    yaml::check_keys(src, r, "regionalisation", {"lq", "delta", "beta", "households"}, diag);
  diag.throw_if_any();
  auto required = [&](const char* key) {
    if (!root[key]) throw yaml::error_at(src, root, key, std::string("missing required key '") + key + "'");
    return yaml::as_string(src, root[key], key);
  };
  if (required("format") != "devolve-build")
    throw yaml::error_at(src, root["format"], "format", "expected 'devolve-build'");
  BuildConfig c;
  c.path = path;
  c.text = src.text;
  c.id = required("id");
  c.name = root["name"] ? yaml::as_string(src, root["name"], "name") : c.id;
  c.level = required("level");
  if (c.level != "itl1" && c.level != "itl2")
    throw yaml::error_at(src, root["level"], "level", "expected 'itl1' or 'itl2', found '" + c.level + "'" +
                                                          text::did_you_mean(c.level, {"itl1", "itl2"}));
  const fs::path base = fs::path(path).parent_path();
  c.inputs = (base / required("inputs")).lexically_normal().string();
  if (!fs::is_directory(fs::path(c.inputs) / "national"))
    throw yaml::error_at(src, root["inputs"], "inputs", "no folder '" + c.inputs + "/national'");
  if (const YAML::Node r = root["regionalisation"]) {
    if (!r.IsMap()) throw yaml::error_at(src, r, "regionalisation", "expected a map");
    if (r["lq"]) {
      const std::string v = yaml::as_string(src, r["lq"], "regionalisation.lq");
      if (v == "flq") c.params.lq = LocationQuotient::flq;
      else if (v == "slq") c.params.lq = LocationQuotient::slq;
      else if (v == "cilq") c.params.lq = LocationQuotient::cilq;
      else
        throw yaml::error_at(src, r["lq"], "regionalisation.lq",
                             "expected flq, slq or cilq, found '" + v + "'" + text::did_you_mean(v, {"flq", "slq", "cilq"}));
    }
    if (r["delta"]) {
      c.params.delta = yaml::as_number(src, r["delta"], "regionalisation.delta");
      if (c.params.delta < 0 || c.params.delta >= 1)
        throw yaml::error_at(src, r["delta"], "regionalisation.delta", "must be at least 0 and below 1");
    }
    if (r["beta"]) {
      c.params.beta = yaml::as_number(src, r["beta"], "regionalisation.beta");
      if (c.params.beta < 0 || c.params.beta > 10)
        throw yaml::error_at(src, r["beta"], "regionalisation.beta", "must be between 0 and 10");
    }
    if (r["households"]) {
      const std::string v = yaml::as_string(src, r["households"], "regionalisation.households");
      if (v == "population") c.params.households = HouseholdShare::population;
      else if (v == "income") c.params.households = HouseholdShare::income;
      else throw yaml::error_at(src, r["households"], "regionalisation.households", "expected population or income");
    }
  }
  return c;
}

namespace {

std::string cache_dir() {
  if (const char* d = std::getenv("DEVOLVE_CACHE_DIR"); d && *d) return d;
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return (fs::path(d) / "devolve").string();
  if (const char* d = std::getenv("HOME"); d && *d) return (fs::path(d) / ".cache" / "devolve").string();
  return (fs::temp_directory_path() / "devolve-cache").string();
}

// FNV-1a over the configuration, every input file under the inputs folder, and the version.
std::string build_key(const BuildConfig& c) {
  std::uint64_t h = 1469598103934665603ull;
  auto add = [&](const std::string& s) {
    for (unsigned char b : s) h = (h ^ b) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  };
  add(c.text);
  add(version);
  add(regionalisation_revision());
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
    add(f.filename().string());
    add(ss.str());
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

Model build_or_load_cached(const BuildConfig& c, std::string* cache_path) {
  const fs::path file = fs::path(cache_dir()) / (c.id + "-" + build_key(c) + ".h5");
  if (cache_path) *cache_path = file.string();
  std::error_code ec;
  if (fs::exists(file, ec)) {
    try {
      return read_model_h5(file.string());
    } catch (const Error&) {
      // An unreadable cache entry is rebuilt below.
    }
  }
  Model m = regionalise(c);
  require_consistent(m, c.path);
  fs::create_directories(file.parent_path(), ec);
  if (!ec) {
    try {
      write_model_h5(m, file.string(), true);
      // Older builds of the same id (other inputs, parameters or engine) are no longer reachable
      // by their key unless their configuration comes back; keep the cache to one file per id.
      for (const auto& e : fs::directory_iterator(file.parent_path(), ec)) {
        const std::string name = e.path().filename().string();
        if (e.path() != file && name.rfind(c.id + "-", 0) == 0 && e.path().extension() == ".h5") fs::remove(e.path(), ec);
      }
    } catch (const Error&) {
      // A cache that cannot be written only costs a rebuild next time.
    }
  }
  return m;
}

}  // namespace devolve
