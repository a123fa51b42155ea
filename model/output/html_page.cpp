#include <algorithm>
#include <sstream>

#include "devolve/error.hpp"
#include "output/geo_areas.hpp"
#include "output/html_pages.hpp"
#include "output/svg_chart.hpp"

namespace devolve::html {

namespace {

const char* const css =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;max-width:1100px;margin:1.5em auto;"
    "padding:0 1em;color:#222;line-height:1.4}h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}"
    "figure{margin:1em 0;break-inside:avoid;page-break-inside:avoid}figcaption{font-weight:600;margin-bottom:.3em}"
    "svg{max-width:100%;height:auto;font-size:12px}svg text{fill:#222}svg .val{font-size:11px}"
    "svg .axis{font-size:11px;fill:#555}.note{font-size:.9em;color:#444;margin:.2em 0}"
    ".maps{display:flex;flex-wrap:wrap;gap:0 1em}.maps>div{max-width:520px}"
    ".headline{display:flex;flex-wrap:wrap;gap:1em}.headline div{border:1px solid #ccc;padding:.6em 1em;"
    "border-radius:4px;min-width:14em}.headline b{display:block;font-size:1.5em}"
    "table{border-collapse:collapse;font-size:.9em;margin:.5em 0}th,td{border:1px solid #ccc;padding:2px 6px;"
    "text-align:left}td{text-align:right;font-variant-numeric:tabular-nums}pre{background:#f6f6f6;padding:.6em;"
    "overflow-x:auto;white-space:pre-wrap;font-size:.85em}"
    "@media print{body{max-width:none;margin:0}details{display:block}details>summary{display:none}"
    "h2{break-after:avoid}pre{white-space:pre-wrap}}";

}  // namespace

std::string page(const std::string& title, const std::string& body) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
       "content=\"width=device-width,initial-scale=1\"><title>"
    << svg::esc(title) << "</title><style>" << css << "</style></head><body>\n"
    << svg::shared_defs() << "<main><h1>" << svg::esc(title) << "</h1>\n"
    << body << "</main></body></html>\n";
  return o.str();
}

std::string attr(const H5File& f, const std::string& name) {
  if (!f.has_attr("/", name)) return "";
  try {
    return f.read_attr_string("/", name);
  } catch (const InputError&) {
  }
  try {
    std::string out;
    for (const auto v : f.read_attr_ints("/", name)) out += (out.empty() ? "" : ".") + std::to_string(v);
    return out;
  } catch (const InputError&) {
  }
  std::ostringstream o;
  o << f.read_attr_double("/", name);
  return o.str();
}

std::string provenance(const H5File& f, const std::string& file, const std::vector<std::string>& extra) {
  std::vector<std::string> keys = {"file_type", "format_version", "model_id",   "model_name", "model_checksum",
                                   "model_path", "currency",      "prices",     "base_year",  "devolve_version",
                                   "created"};
  keys.insert(keys.end(), extra.begin(), extra.end());
  std::vector<std::vector<std::string>> rows = {{"file", file}};
  for (const auto& k : keys)
    if (f.has_attr("/", k)) rows.push_back({k, attr(f, k)});
  std::ostringstream o;
  o << "<h2 id=\"provenance\">Provenance</h2><table id=\"provenance-table\"><caption>Root attributes of the file, as "
       "stored</caption><tbody>";
  for (const auto& r : rows) o << "<tr><th scope=\"row\">" << svg::esc(r[0]) << "</th><td style=\"text-align:left\">"
                               << svg::esc(r[1]) << "</td></tr>";
  o << "</tbody></table>\n";
  return o.str();
}

std::string yaml_block(const std::string& heading, const std::string& text) {
  return "<h2>" + svg::esc(heading) + "</h2><pre>" + svg::esc(text) + "</pre>\n";
}

std::string region_map(const Boundaries& b, const std::string& id, const std::string& title, const std::string& unit,
                       const std::vector<std::string>& codes, const std::vector<std::string>& names,
                       const std::vector<double>& values, const std::string& note) {
  std::string level;
  auto areas = b.areas(codes, level);
  for (std::size_t i = 0; i < areas.size() && i < names.size(); ++i)
    if (areas[i].name == areas[i].code) areas[i].name = names[i];  // areas drawn from their LADs carry no name
  std::vector<std::vector<std::string>> rows;
  const int dec = svg::decimals_for(svg::max_abs_of(values));
  for (std::size_t i = 0; i < codes.size(); ++i) rows.push_back({codes[i], names[i], svg::num(values[i], dec)});
  const std::string tab = svg::table(title, {"code", "region", unit}, rows);
  if (areas.empty())
    return "<div><figure id=\"" + svg::esc(id) + "\"><figcaption>" + svg::esc(title) +
           "</figcaption><p class=\"note\">No map: the file's regions are not all in one level of the shipped "
           "boundaries (data/geo: ITL1, ITL2, ITL3, LAD).</p></figure>" + tab + "</div>";
  const std::string full_note = note + (note.empty() ? "" : " ") + "Boundaries: " + level +
                                " (ONS, OGL v3.0; contains OS data, Crown copyright and database right 2025).";
  return "<div>" + svg::choropleth({id, title, unit, full_note}, areas, values) + tab + "</div>";
}

std::map<std::string, std::vector<std::string>> area_members(const H5File& f) {
  std::map<std::string, std::vector<std::string>> out;
  if (!f.exists("/model_metadata/key")) return out;
  const auto keys = f.read_strings("/model_metadata/key"), values = f.read_strings("/model_metadata/value");
  for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
    if (keys[i].rfind("area.", 0) != 0) continue;
    auto& list = out[keys[i].substr(5)];
    for (std::size_t a = 0; a <= values[i].size();) {
      const std::size_t b = std::min(values[i].find(", ", a), values[i].size());
      list.push_back(values[i].substr(a, b - a));
      a = b + 2;
    }
  }
  return out;
}

Labels read_labels(const H5File& f, const std::string& group) {
  Labels l;
  l.measures = f.read_strings(group + "measure");
  l.units = f.read_strings(group + "measure_unit");
  l.regions = f.read_strings(group + "region");
  l.region_names = f.read_strings(group + "region_name");
  for (const auto y : f.read_ints(group + "year")) l.years.push_back(y);
  return l;
}

std::size_t index_of(const std::vector<std::string>& labels, const std::string& label) {
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i] == label) return i;
  return labels.size();
}

}  // namespace devolve::html
