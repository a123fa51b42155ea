#include <iostream>

#include "cli/options.hpp"
#include "cli/output_files.hpp"
#include "devolve/html_report.hpp"
#include "devolve/report.hpp"

namespace devolve::cli {

int cmd_report(const Args& args) {
  po::options_description opts("devolve report options");
  opts.add_options()("help,h", "show this help")("file", po::value<std::string>()->required(), "devolve output file")(
      "json", "print JSON for scripts")("html", po::value<std::string>(),
                                        "write a self-contained HTML report (maps, charts) to this file")(
      "overwrite", "replace the HTML file if it exists");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve report OUT.h5 [--json] [--html REPORT.html [--overwrite]]")) return ok;
  const std::string file = vm["file"].as<std::string>();
  if (vm.count("html")) {
    const std::string out = vm["html"].as<std::string>();
    write_text_file(out, html_report(file), vm.count("overwrite") > 0);
    std::cout << "wrote " << out << "\n";
    return ok;
  }
  std::cout << report(file, vm.count("json") > 0);
  return ok;
}

}  // namespace devolve::cli
