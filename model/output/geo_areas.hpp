#pragma once
// The shipped map boundaries (DATA/geo/LEVEL.tsv, made by tools/derive_boundaries.py).
#include <map>
#include <string>
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
  std::vector<svg::Area> areas(const std::vector<std::string>& codes, std::string& level) const;
  //! How many boundary files have been read so far (each at most once)
  std::size_t files_read() const { return files_read_; }

 private:
  const std::map<std::string, svg::Area>* level(const std::string& name) const;
  std::string dir_;
  mutable std::map<std::string, std::map<std::string, svg::Area>> levels_;  // read on first use
  mutable std::map<std::string, bool> missing_;
  mutable std::size_t files_read_ = 0;
};

}  // namespace devolve
