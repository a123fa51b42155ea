#include <iostream>

#include "cli/options.hpp"
#include "devolve/error.hpp"
#include "devolve/export_csv.hpp"

namespace devolve::cli {

int cmd_export(const Args& args) {
  const auto o = parse_export(args);
  if (!o) return ok;
  if (!o->csv) throw UsageError("devolve export: error: say where to write: --csv DIR");
  std::string dir = *o->csv;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  const auto files = export_csv(o->file, dir, o->overwrite);
  std::cout << "wrote " << files.size() << " CSV files to " << dir << "/\n";
  return ok;
}

}  // namespace devolve::cli
