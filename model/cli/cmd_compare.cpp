#include <iostream>

#include "cli/options.hpp"
#include "cli/output_files.hpp"
#include "devolve/compare.hpp"
#include "devolve/error.hpp"

namespace devolve::cli {

int cmd_compare(const Args& args) {
  po::options_description opts("devolve compare options");
  opts.add_options()("help,h", "show this help")("files", po::value<std::vector<std::string>>()->required(),
                                                 "two results files, A and B")(
      "json", "print JSON for scripts")("html", po::value<std::string>(), "write an HTML page with charts to this file")(
      "overwrite", "replace the HTML file if it exists")(
      "align", po::value<std::string>(),
      "compare files of different models: 'regions' (by region code) or 'itl1' (both added up to ITL1)");
  po::positional_options_description pos;
  pos.add("files", 2);
  po::variables_map vm;
  if (!parse(args, opts, pos, vm, "devolve compare A.h5 B.h5 [--json] [--html OUT.html] [--align itl1|regions]"))
    return ok;
  const auto files = vm["files"].as<std::vector<std::string>>();
  if (files.size() != 2) throw UsageError("devolve compare: error: give two results files, A.h5 and B.h5");
  CompareOptions o;
  o.json = vm.count("json") > 0;
  if (vm.count("align")) o.align = vm["align"].as<std::string>();
  if (vm.count("html")) {
    const std::string out = vm["html"].as<std::string>();
    write_text_file(out, compare_html(files[0], files[1], o), vm.count("overwrite") > 0);
    std::cout << "wrote " << out << "\n";
    return ok;
  }
  std::cout << compare(files[0], files[1], o);
  return ok;
}

}  // namespace devolve::cli
