#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "devolve/model_cache.hpp"
#include "cli/output_files.hpp"
#include "devolve/html_report.hpp"
#include "devolve/report.hpp"

namespace devolve::cli {

int cmd_report(const Args& args) {
  const auto o = parse_report(args);
  if (!o) return ok;
  if (o->html) {
    write_text_file(*o->html, html_report(o->file, data_dir(model_settings())), o->overwrite);
    std::cout << "wrote " << *o->html << "\n";
    return ok;
  }
  SummaryChoice choice = o->summary;
  if (choice.cash_year || !choice.aggregate.empty()) choice.data_dir = data_dir(model_settings());
  std::cout << report(o->file, o->json, choice);
  return ok;
}

}  // namespace devolve::cli
