#include <iostream>

#include "cli/options.hpp"
#include "devolve/error.hpp"
#include "devolve/export_csv.hpp"

namespace devolve::cli {

int cmd_export(const Args& args) {
  po::options_description opts("devolve export options");
  opts.add_options()("help,h", "show this help")("file", po::value<std::string>()->required(), "devolve output file")(
      "csv", po::value<std::string>(), "new folder for the CSV files (one tidy long file per dataset)")(
      "overwrite", "replace the folder if it exists");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve export OUT.h5 --csv DIR [--overwrite]")) return ok;
  if (!vm.count("csv")) throw UsageError("devolve export: error: say where to write: --csv DIR");
  std::string dir = vm["csv"].as<std::string>();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  const auto files = export_csv(vm["file"].as<std::string>(), dir, vm.count("overwrite") > 0);
  std::cout << "wrote " << files.size() << " CSV files to " << dir << "/\n";
  return ok;
}

}  // namespace devolve::cli
