#include "output/geo_areas.hpp"

#include <filesystem>
#include <fstream>
#include <utility>

#include "devolve/model_cache.hpp"

namespace devolve {

namespace {

std::map<std::string, svg::Area> read_level(const std::filesystem::path& file) {
  std::map<std::string, svg::Area> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    if (t1 == std::string::npos || t2 == std::string::npos) continue;
    svg::Area a{line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1)};
    out.emplace(a.code, std::move(a));
  }
  return out;
}

}  // namespace

Boundaries::Boundaries(std::string data_dir) {
  ModelSettings s;
  s.data_dir = std::move(data_dir);
  dir_ = devolve::data_dir(s);
}

const std::map<std::string, svg::Area>* Boundaries::level(const std::string& name) const {
  if (const auto it = levels_.find(name); it != levels_.end()) return &it->second;
  if (missing_.count(name)) return nullptr;
  const auto file = std::filesystem::path(dir_) / "geo" / (name + ".tsv");
  if (!std::filesystem::exists(file)) {
    missing_[name] = true;
    return nullptr;
  }
  ++files_read_;
  return &(levels_[name] = read_level(file));
}

std::vector<svg::Area> Boundaries::areas(const std::vector<std::string>& codes, std::string& level_name) const {
  level_name.clear();
  for (const char* name : {"itl1", "itl2", "itl3", "lad"}) {
    const auto* all = level(name);
    if (!all) continue;
    std::vector<svg::Area> areas;
    for (const auto& c : codes) {
      const auto it = all->find(c);
      if (it == all->end()) break;
      areas.push_back(it->second);
    }
    if (!codes.empty() && areas.size() == codes.size()) {
      level_name = name;
      return areas;
    }
  }
  return from_members(codes, level_name);
}

std::vector<svg::Area> Boundaries::from_members(const std::vector<std::string>& codes, std::string& level_name) const {
  const auto* lads = members_.empty() ? nullptr : level("lad");
  if (!lads || codes.empty()) return {};
  std::vector<svg::Area> areas;
  for (const auto& c : codes) {
    const auto m = members_.find(c);
    if (m == members_.end() || m->second.empty()) return {};
    svg::Area a{c, c, ""};
    for (const auto& l : m->second) {
      const auto it = lads->find(l);
      if (it == lads->end()) return {};
      a.path += (a.path.empty() ? "" : " ") + it->second.path;
    }
    areas.push_back(std::move(a));
  }
  level_name = "lad (areas drawn from their local authorities)";
  return areas;
}

}  // namespace devolve
