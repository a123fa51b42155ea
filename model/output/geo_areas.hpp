#pragma once
// The shipped map boundaries (DATA/geo/LEVEL.tsv, made by tools/derive_boundaries.py).
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "output/svg_map.hpp"

namespace devolve {

//! The boundaries of one page: each level's file is read at most once, however many maps it draws.
class Boundaries {
 public:
  //! data_dir: the folder holding geo/ (the CLI's data folder, $DEVOLVE_DATA_DIR); "" for the
  //! source tree's data/
  explicit Boundaries(std::string data_dir);
  //! The areas of the first level (itl1, itl2, itl3, lad) whose file holds every one of codes, in
  //! the order of codes; level receives its name. Empty (and level empty) when no level covers them
  //! all or DATA/geo is missing: the report then draws no map and says why.
  //! Where no level holds them all but every code is an area made of local authorities (set_members),
  //! each area is drawn as its LADs' boundaries together (level "lad (areas drawn from their local
  //! authorities)").
  std::vector<svg::Area> areas(const std::vector<std::string>& codes, std::string& level) const;
  //! The local authorities of each area of a model made of LADs (its `area.<code>` metadata), so that
  //! areas no boundary file holds (user areas, "Rest of ...") can be drawn from their LADs
  void set_members(std::map<std::string, std::vector<std::string>> members) { members_ = std::move(members); }
  //! How many boundary files have been read so far (each at most once)
  std::size_t files_read() const { return files_read_; }

 private:
  const std::map<std::string, svg::Area>* level(const std::string& name) const;
  std::vector<svg::Area> from_members(const std::vector<std::string>& codes, std::string& level) const;
  std::string dir_;
  mutable std::map<std::string, std::map<std::string, svg::Area>> levels_;  // read on first use
  mutable std::map<std::string, bool> missing_;
  mutable std::size_t files_read_ = 0;
  std::map<std::string, std::vector<std::string>> members_;
};

}  // namespace devolve
