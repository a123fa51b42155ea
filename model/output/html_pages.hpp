#pragma once
// The parts of the HTML report (include/devolve/html_report.hpp): one body per file type and
// the helpers they share. docs/reports.md describes what each page shows.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "base/h5file.hpp"

namespace devolve {
class Boundaries;
}

namespace devolve::html {

//! The whole page around a body: <title>, print-friendly CSS, the shared SVG patterns.
std::string page(const std::string& title, const std::string& body);
//! A root attribute as text ("" when absent), whatever its stored type.
std::string attr(const H5File& f, const std::string& name);
//! The provenance table: model id, name, checksum, devolve version, file, created, ...
std::string provenance(const H5File& f, const std::string& file, const std::vector<std::string>& extra);
//! A <pre> block with a YAML text, under a heading.
std::string yaml_block(const std::string& heading, const std::string& text);
//! The map of a value by region (boundaries from b), or a sentence saying why there is none.
std::string region_map(const Boundaries& b, const std::string& id, const std::string& title, const std::string& unit,
                       const std::vector<std::string>& codes, const std::vector<std::string>& names,
                       const std::vector<double>& values, const std::string& note);
//! The labels that results and sweep files share, read from group (e.g. "/results/").
struct Labels {
  std::vector<std::string> measures, units, regions, region_names;
  std::vector<long long> years;
};
Labels read_labels(const H5File& f, const std::string& group);
//! The local authorities of each area of a model made of LADs, from the file's /model_metadata
//! (`area.<code>`: "L1, L2, ..."); empty for other models.
std::map<std::string, std::vector<std::string>> area_members(const H5File& f);
//! Index of label in labels, or labels.size().
std::size_t index_of(const std::vector<std::string>& labels, const std::string& label);

//! The shares of each shock split by need (/results/allocation), "" when none is.
std::string allocation_section(const H5File& f, const Labels& l);
//! Who gets the jobs in year index t: the employment-rate map, the gaps between regions beyond GVA
//! and in the low-pay share, a table by region; "" when the file has no labour account.
std::string labour_section(const H5File& f, const Labels& l, const Boundaries& b, std::size_t t);
//! The context indicators (/context, not model output), "" when the file has none.
std::string context_section(const H5File& f);

std::string results_body(const H5File& f, const std::string& file, const Boundaries& b);
std::string sweep_body(const H5File& f, const std::string& file, const Boundaries& b);
std::string multipliers_body(const H5File& f, const std::string& file, const Boundaries& b);

}  // namespace devolve::html
