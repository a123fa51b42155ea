#include <iostream>

#include "cli/options.hpp"
#include "cli/output_files.hpp"
#include "devolve/compare.hpp"
#include "devolve/error.hpp"
#include "devolve/model_cache.hpp"
#include "cli/commands.hpp"

namespace devolve::cli {

int cmd_compare(const Args& args) {
  const auto c = parse_compare(args);
  if (!c) return ok;
  if (c->files.size() != 2) throw UsageError("devolve compare: error: give two results files, A.h5 and B.h5");
  CompareOptions o;
  o.json = c->json;
  if (c->align) o.align = *c->align;
  o.data_dir = data_dir(model_settings());  // the LAD to ITL lookup of --align itl1, the html map
  if (c->html) {
    write_text_file(*c->html, compare_html(c->files[0], c->files[1], o), c->overwrite);
    std::cout << "wrote " << *c->html << "\n";
    return ok;
  }
  std::cout << compare(c->files[0], c->files[1], o);
  return ok;
}

}  // namespace devolve::cli
