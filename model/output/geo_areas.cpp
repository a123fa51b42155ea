#include "output/geo_areas.hpp"

#include <filesystem>
#include <fstream>
#include <map>

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

std::vector<svg::Area> load_areas(const std::vector<std::string>& codes, std::string& level) {
  level.clear();
  for (const char* name : {"itl1", "itl2", "itl3", "lad"}) {
    const auto file = std::filesystem::path(data_dir(ModelSettings{})) / "geo" / (std::string(name) + ".tsv");
    if (!std::filesystem::exists(file)) continue;
    const auto all = read_level(file);
    std::vector<svg::Area> areas;
    for (const auto& c : codes) {
      const auto it = all.find(c);
      if (it == all.end()) break;
      areas.push_back(it->second);
    }
    if (!codes.empty() && areas.size() == codes.size()) {
      level = name;
      return areas;
    }
  }
  return {};
}

}  // namespace devolve
