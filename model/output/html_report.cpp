#include "devolve/html_report.hpp"

#include "devolve/error.hpp"
#include "output/geo_areas.hpp"
#include "output/html_pages.hpp"

namespace devolve {

std::string html_report(const std::string& file, const std::string& data_dir) {
  const H5File f = H5File::open(file);
  if (!f.has_attr("/", "file_type")) throw InputError(file, "not a devolve output file: no file_type attribute");
  const std::string type = f.read_attr_string("/", "file_type");
  const auto version = f.read_attr_ints("/", "format_version");
  if (version.empty() || version[0] != 1)
    throw InputError(file, "unknown format version of " + type + ": this devolve reads major version 1");
  const std::string model = html::attr(f, "model_id");
  Boundaries boundaries(data_dir);
  boundaries.set_members(html::area_members(f));
  if (type == "devolve-scenario-results")
    return html::page("devolve results: " + html::attr(f, "scenario_name") + " (" + model + ")", html::results_body(f, file, boundaries));
  if (type == "devolve-sweep-results")
    return html::page("devolve sweep: " + html::attr(f, "scenario_name") + " (" + model + ")", html::sweep_body(f, file, boundaries));
  if (type == "devolve-multipliers")
    return html::page("devolve multipliers: " + html::attr(f, "model_name") + " (" + model + ")",
                      html::multipliers_body(f, file, boundaries));
  throw InputError(file, "not a devolve output file: file_type is '" + type + "'");
}

}  // namespace devolve
