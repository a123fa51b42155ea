#include <iostream>

#include "cli/options.hpp"
#include "cli/output_files.hpp"
#include "devolve/html_report.hpp"
#include "devolve/report.hpp"

namespace devolve::cli {

int cmd_report(const Args& args) {
  const auto o = parse_report(args);
  if (!o) return ok;
  if (o->html) {
    write_text_file(*o->html, html_report(o->file), o->overwrite);
    std::cout << "wrote " << *o->html << "\n";
    return ok;
  }
  std::cout << report(o->file, o->json, o->summary);
  return ok;
}

}  // namespace devolve::cli
