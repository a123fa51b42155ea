#include "devolve/export_csv.hpp"

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "base/h5file.hpp"
#include "devolve/atomic_output.hpp"
#include "devolve/error.hpp"

namespace devolve {

namespace {

struct Spec {
  const char* name;
  std::vector<std::string> dims;
};

// The data datasets of each file type and their dimensions (docs/output-format.md).
const std::map<std::string, std::pair<std::string, std::vector<Spec>>>& layouts() {
  static const std::vector<std::string> mri = {"measure", "region", "industry"};
  static const std::vector<std::string> mdri = {"measure", "destination", "region", "industry"};
  static const std::map<std::string, std::pair<std::string, std::vector<Spec>>> l = {
      {"devolve-scenario-results",
       {"/results",
        {{"impact", {"component", "measure", "year", "region", "industry"}},
         {"total", {"measure", "year", "region", "industry"}},
         {"by_region", {"measure", "year", "region"}},
         {"cumulative_by_region", {"measure", "region"}},
         {"by_shock", {"shock", "measure", "year", "region"}},
         {"landing", {"shock", "place", "measure", "year"}},
         {"demand", {"shock", "year", "region"}},
         {"baseline_by_region", {"measure", "year", "region"}},
         {"scenario_by_region", {"measure", "year", "region"}},
         {"discount_factor", {"year"}},
         {"present_value", {"measure", "region"}},
         {"present_value_supply_side_gva", {"region"}},
         {"knowledge_stock", {"year", "region"}},
         {"gva_per_head", {"case", "year", "region"}},
         {"gaps", {"case", "year", "gap"}},
         {"allocation", {"shock", "region"}},
         {"by_region_by_closure", {"closure", "measure", "year", "region"}},
         {"by_shock_by_closure", {"closure", "shock", "measure", "year", "region"}},
         {"landing_by_closure", {"closure", "shock", "place", "measure", "year"}},
         {"redirect_decomposition", {"closure", "shock", "term", "measure", "year"}},
         // who gets the jobs (1.4) and the gaps in the measures beyond GVA (1.5)
         {"by_place", {"basis", "place_measure", "year", "region"}},
         {"labour_supply", {"labour_source", "year", "region"}},
         {"labour_rates", {"labour_rate", "case", "year", "region"}},
         {"labour_reserve", {"region"}},
         {"labour_reserve_exceeded", {"year", "region"}},
         {"beyond_gva", {"indicator", "case", "year", "region"}},
         {"beyond_gva_gap", {"indicator", "case", "year", "region"}},
         {"beyond_gva_spread", {"indicator", "case", "year", "spread"}},
         {"compensation_per_fte", {"region", "industry"}},
         {"low_pay_industry", {"region", "industry"}},
         {"new_jobs_low_pay_share", {"year", "region"}}}}},
      {"devolve-sweep-results",
       {"/sweep",
        {{"inputs", {"run", "input"}},
         {"headline", {"run", "measure", "year", "region"}},
         {"national", {"run", "measure", "year"}},
         {"quantiles", {"quantile", "measure", "year", "region"}},
         {"national_quantiles", {"quantile", "measure", "year"}},
         {"sobol_first", {"input", "measure", "year"}},
         {"sobol_total", {"input", "measure", "year"}},
         {"sobol_first_by_region", {"input", "measure", "year", "region"}},
         {"sobol_total_by_region", {"input", "measure", "year", "region"}}}}},
      {"devolve-multipliers",
       {"/multipliers",
        {{"direct", mri}, {"indirect", mri}, {"type_i", mri}, {"type_i_ratio", mri}, {"type_i_spillover", mri},
         {"type_i_by_destination", mdri}, {"induced", mri}, {"type_ii", mri}, {"type_ii_ratio", mri},
         {"type_ii_spillover", mri}, {"type_ii_by_destination", mdri}}}}};
  return l;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::vector<std::string> labels(const H5File& f, const std::string& path) {
  try {
    return f.read_strings(path);
  } catch (const InputError&) {
    std::vector<std::string> out;
    for (const auto v : f.read_ints(path)) out.push_back(std::to_string(v));
    return out;
  }
}

std::string text_attr(const H5File& f, const std::string& obj, const std::string& name) {
  if (!f.has_attr(obj, name)) return "";
  try {
    return f.read_attr_string(obj, name);
  } catch (const InputError&) {
    std::string out;
    for (const auto v : f.read_attr_ints(obj, name)) out += (out.empty() ? "" : " ") + std::to_string(v);
    return out;
  }
}

// The unit of each value of a dataset: its `units` attribute, or where that is "see X_unit" (X one of
// its dimensions: measure, place_measure, indicator) the unit of the row's label of X, except that
// a suffix "; U for LABEL" gives U to the rows of LABEL (beyond_gva_spread's coefficient_of_variation).
struct Units {
  std::string fixed;
  std::size_t dim = SIZE_MAX;  // the dimension whose labels carry the unit
  std::vector<std::string> by_label;
  std::string except_label, except_unit;
  std::size_t except_dim = SIZE_MAX;
  const std::string& at(const std::vector<std::size_t>& idx, const std::vector<std::vector<std::string>>& labels) const {
    if (except_dim < idx.size() && labels[except_dim][idx[except_dim]] == except_label) return except_unit;
    return dim < idx.size() ? by_label[idx[dim]] : fixed;
  }
};

Units units_of(const H5File& f, const std::string& group, const Spec& s, const std::vector<std::vector<std::string>>& labels) {
  Units u;
  u.fixed = text_attr(f, group + "/" + s.name, "units");
  if (u.fixed.rfind("see ", 0) != 0) return u;
  const std::size_t semi = u.fixed.find("; "), unit_end = u.fixed.find("_unit");
  const std::string dim = unit_end == std::string::npos ? "" : u.fixed.substr(4, unit_end - 4);
  for (std::size_t i = 0; i < s.dims.size(); ++i)
    if (s.dims[i] == dim && f.exists(group + "/" + dim + "_unit")) u.dim = i, u.by_label = f.read_strings(group + "/" + dim + "_unit");
  if (semi == std::string::npos) return u;
  const std::string rest = u.fixed.substr(semi + 2);
  const std::size_t for_at = rest.find(" for ");
  if (for_at == std::string::npos) return u;
  u.except_unit = rest.substr(0, for_at), u.except_label = rest.substr(for_at + 5);
  for (std::size_t i = 0; i < labels.size(); ++i)
    for (const auto& l : labels[i])
      if (l == u.except_label) u.except_dim = i;
  return u;
}

// One dataset as a long table: dims..., unit, value. Values in shortest round-trip form.
void write_dataset(const H5File& f, const std::string& group, const Spec& s, const std::string& path) {
  std::vector<std::vector<std::string>> dim_labels;
  for (const auto& d : s.dims) dim_labels.push_back(labels(f, group + "/" + d));
  std::vector<std::size_t> shape;
  const auto values = f.read_doubles(group + "/" + s.name, shape);
  const Units units = units_of(f, group, s, dim_labels);
  std::ofstream out(path, std::ios::binary);
  for (const auto& d : s.dims) out << d << ',';
  out << "unit,value\n";
  std::vector<std::size_t> idx(s.dims.size(), 0);
  char buf[32];
  for (std::size_t n = 0; n < values.size(); ++n) {
    for (std::size_t i = 0; i < idx.size(); ++i) out << csv_field(dim_labels[i][idx[i]]) << ',';
    out << csv_field(units.at(idx, dim_labels)) << ',';
    const auto r = std::to_chars(buf, buf + sizeof buf, values[n]);
    out.write(buf, r.ptr - buf) << '\n';
    for (std::size_t i = idx.size(); i-- > 0;) {
      if (++idx[i] < shape[i]) break;
      idx[i] = 0;
    }
  }
  if (!out) throw InputError(path, "cannot write the CSV file");
}

// The context indicators of a results file (format 1.3, not modelled) as one long table:
// context.csv with region, indicator, unit, period, coverage, value.
void export_context(const H5File& f, const std::filesystem::path& dir, std::ofstream& index, std::vector<std::string>& written) {
  if (!f.exists("/context/indicator")) return;
  const auto regions = f.read_strings("/context/region"), indicators = f.read_strings("/context/indicator");
  std::vector<std::size_t> shape;
  const auto coverage = f.read_doubles("/context/coverage", shape);
  std::ofstream out(dir / "context.csv", std::ios::binary);
  out << "region,indicator,unit,period,coverage,value\n";
  char buf[32];
  for (std::size_t i = 0; i < indicators.size(); ++i) {
    const std::string path = "/context/" + indicators[i];
    const auto values = f.read_doubles(path, shape);
    const std::string unit = csv_field(text_attr(f, path, "units")), period = csv_field(text_attr(f, path, "period"));
    for (std::size_t r = 0; r < regions.size(); ++r) {
      out << csv_field(regions[r]) << ',' << indicators[i] << ',' << unit << ',' << period << ',';
      const auto c = std::to_chars(buf, buf + sizeof buf, coverage[i * regions.size() + r]);
      out.write(buf, c.ptr - buf) << ',';
      const auto v = std::to_chars(buf, buf + sizeof buf, values[r]);
      out.write(buf, v.ptr - buf) << '\n';
    }
  }
  if (!out) throw InputError((dir / "context.csv").string(), "cannot write the CSV file");
  index << "context.csv,/context,region indicator,see unit,"
        << csv_field("context indicators, not model output (" + text_attr(f, "/context", "source_file") + ")") << '\n';
  written.push_back("context.csv");
}

// The files an export writes: attributes.csv, datasets.csv, context.csv and a dataset's NAME.csv of
// any file type; an existing folder of nothing else is one --overwrite may replace.
bool export_entry(const std::string& name) {
  static const std::set<std::string> names = [] {
    std::set<std::string> n = {"attributes.csv", "datasets.csv", "context.csv"};
    for (const auto& [type, layout] : layouts())
      for (const auto& s : layout.second) n.insert(std::string(s.name) + ".csv");
    return n;
  }();
  return names.count(name) > 0;
}

// An earlier export is recognised by its index files as devolve writes them: datasets.csv's header,
// attributes.csv's header then the file_type attribute. Empty if both are there, else what is not.
std::string export_marked(const std::string& folder) {
  const auto first = [&](const char* name, std::size_t n) {
    std::ifstream in(std::filesystem::path(folder) / name, std::ios::binary);
    std::string text, line;
    for (std::size_t i = 0; i < n && std::getline(in, line); ++i) text += line + '\n';
    return text;
  };
  if (first("datasets.csv", 1) != "file,dataset,dimensions,units,description\n")
    return "no datasets.csv as devolve export writes it";
  if (first("attributes.csv", 2).rfind("attribute,value\nfile_type,", 0) != 0)
    return "no attributes.csv as devolve export writes it";
  return "";
}

}  // namespace

std::vector<std::string> export_csv(const std::string& file, const std::string& dir, bool overwrite) {
  const H5File f = H5File::open(file);
  const std::string type = text_attr(f, "/", "file_type");
  const auto it = layouts().find(type);
  if (it == layouts().end()) throw InputError(file, "not a devolve output file (file_type '" + type + "')");
  AtomicOutput target(dir, overwrite, export_entry, export_marked);
  const std::filesystem::path tmp(target.temp_path());
  std::filesystem::create_directory(tmp);
  const auto& [group, specs] = it->second;
  std::vector<std::string> written = {"attributes.csv", "datasets.csv"};
  std::ofstream attrs(tmp / "attributes.csv", std::ios::binary), index(tmp / "datasets.csv", std::ios::binary);
  attrs << "attribute,value\n";
  for (const char* a : {"file_type", "format_version", "devolve_version", "created", "model_id", "model_name",
                        "model_checksum", "currency", "prices", "base_year", "scenario_name", "closure",
                        "additionality", "additionality_applied", "headline_closure", "regionalisation.households",
                        "first_year", "last_year", "sampler", "seed", "runs", "type_ii"})
    if (f.has_attr("/", a)) attrs << a << ',' << csv_field(text_attr(f, "/", a)) << '\n';
  // the provenance of the labour datasets (docs/output-format.md, "Who gets the jobs"), as dataset.attribute
  for (const auto& [ds, a] : {std::pair{"by_place", "commuting"}, {"labour_supply", "shares"}, {"labour_supply", "base_levels"},
                              {"labour_supply", "evidence"}, {"labour_reserve_exceeded", "exceeded_in"},
                              {"low_pay_industry", "threshold"}})
    if (f.exists(group + "/" + ds) && f.has_attr(group + "/" + ds, a))
      attrs << ds << '.' << a << ',' << csv_field(text_attr(f, group + "/" + ds, a)) << '\n';
  index << "file,dataset,dimensions,units,description\n";
  for (const auto& s : specs) {
    const std::string path = group + "/" + s.name;
    if (!f.exists(path)) continue;
    const std::string name = std::string(s.name) + ".csv";
    write_dataset(f, group, s, (tmp / name).string());
    std::string dims;
    for (const auto& d : s.dims) dims += (dims.empty() ? "" : " ") + d;
    index << name << ',' << path << ',' << dims << ',' << csv_field(text_attr(f, path, "units")) << ','
          << csv_field(text_attr(f, path, "description")) << '\n';
    written.push_back(name);
  }
  export_context(f, tmp, index, written);
  attrs.close();
  index.close();
  if (!attrs || !index) throw InputError(dir, "cannot write the CSV files");
  target.commit();
  return written;
}

}  // namespace devolve
