// Form (a) of docs/model-format.md: a folder with model.yaml and tidy CSV files.
#include "devolve/model_csv.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "base/csv.hpp"
#include "devolve/atomic_output.hpp"
#include "devolve/error.hpp"
#include "devolve/model_io.hpp"
#include "base/text.hpp"
#include "base/yaml_support.hpp"

namespace fs = std::filesystem;

namespace devolve {

namespace {

// Case-sensitive code lookup for the labels declared in the header files.
class Codes {
 public:
  Codes(std::vector<std::string> codes, std::string what) : codes_(std::move(codes)), what_(std::move(what)) {
    for (std::size_t i = 0; i < codes_.size(); ++i) index_[codes_[i]] = i;
  }
  std::size_t find(const csv::Table& t, const csv::Row& r, std::size_t field) const {
    const std::string& s = r.fields[field].text;
    auto it = index_.find(s);
    if (it == index_.end())
      csv::fail(t, r, field, t.header.fields[field].text,
                "unknown " + what_ + " '" + s + "'" + text::did_you_mean(s, codes_) + " (known: " +
                    text::join(codes_) + ")");
    return it->second;
  }

 private:
  std::vector<std::string> codes_;
  std::string what_;
  std::map<std::string, std::size_t> index_;
};

std::vector<Label> read_labels(const std::string& path, const std::string& what, std::vector<double>* population = nullptr) {
  const csv::Table t = csv::read(path);
  const bool with_pop = population && t.header.fields.size() == 3;
  if (with_pop) csv::require_header(t, {"code", "name", "population"});
  else csv::require_header(t, {"code", "name"});
  std::vector<Label> out;
  std::set<std::string> seen;
  for (const auto& r : t.rows) {
    const std::string& code = r.fields[0].text;
    if (code.empty()) csv::fail(t, r, 0, "code", "empty " + what + " code");
    if (!seen.insert(code).second) csv::fail(t, r, 0, "code", "duplicate " + what + " '" + code + "'");
    out.push_back({code, r.fields[1].text});
    if (with_pop) {
      const double p = csv::number(t, r, 2, "population");
      if (!(p > 0)) csv::fail(t, r, 2, "population", "population must be positive");
      population->push_back(p);
    }
  }
  if (out.empty()) throw InputError(path, "no " + what + "s listed");
  return out;
}

std::vector<std::string> codes_of(const std::vector<Label>& v) {
  std::vector<std::string> c;
  for (const auto& l : v) c.push_back(l.code);
  return c;
}

// Reads a tidy value file into `cell(row, col)`, where the leading label fields map to an index pair.
// Each cell may appear once; absent cells stay zero.
template <class Locate, class Store>
void read_values(const std::string& path, const std::vector<std::string>& header, Locate locate, Store store) {
  const csv::Table t = csv::read(path);
  csv::require_header(t, header);
  std::set<std::pair<std::size_t, std::size_t>> seen;
  const std::size_t vcol = header.size() - 1;
  for (const auto& r : t.rows) {
    const auto cell = locate(t, r);
    const double v = csv::number(t, r, vcol, "value");
    if (!seen.insert(cell).second) csv::fail(t, r, 0, header[0], "duplicate cell: this combination of labels appeared before");
    store(cell, v, t, r);
  }
}

template <class T>
std::vector<T> parse_list(const yaml::Source& src, const YAML::Node& root, const std::string& key, bool required,
                          const std::function<T(const YAML::Node&, const std::string&)>& one) {
  std::vector<T> out;
  const YAML::Node n = root[key];
  if (!n) {
    if (required) throw yaml::error_at(src, root, key, "missing required key '" + key + "'");
    return out;
  }
  if (!n.IsSequence()) throw yaml::error_at(src, n, key, "expected a list");
  std::set<std::string> codes;
  for (std::size_t i = 0; i < n.size(); ++i) {
    out.push_back(one(n[i], yaml::item(key, i)));
  }
  return out;
}

}  // namespace

namespace {

// model.yaml: the scalar keys (format, id, units, tolerance, ...).
Model read_header_scalars(const yaml::Source& src) {
  const YAML::Node& root = src.root;
  Model m;
  auto str = [&](const char* k, std::string& out, bool required) {
    if (root[k]) out = yaml::as_string(src, root[k], k);
    else if (required) throw yaml::error_at(src, root, k, std::string("missing required key '") + k + "'");
  };
  std::string format;
  str("format", format, true);
  if (format != "devolve-model-csv")
    throw yaml::error_at(src, root["format"], "format", "expected 'devolve-model-csv', found '" + format + "'");
  if (root["format_version"]) {
    const long long v = yaml::as_integer(src, root["format_version"], "format_version");
    if (v != model_format_major)
      throw yaml::error_at(src, root["format_version"], "format_version",
                           "this devolve reads model format version " + std::to_string(model_format_major) +
                               ", the file is version " + std::to_string(v));
  }
  str("id", m.id, true);
  str("name", m.name, false);
  str("description", m.description, false);
  str("currency", m.currency, false);
  str("prices", m.prices, false);
  str("population_source", m.population_source, false);
  if (root["base_year"]) m.base_year = int(yaml::as_integer(src, root["base_year"], "base_year"));
  if (root["tolerance"]) {
    m.tolerance = yaml::as_number(src, root["tolerance"], "tolerance");
    if (!(m.tolerance > 0 && m.tolerance < 1))
      throw yaml::error_at(src, root["tolerance"], "tolerance", "must be between 0 and 1");
  }

  return m;
}

// model.yaml: the category, primary-input and indicator lists, and the metadata.
void read_header_lists(const yaml::Source& src, Model& m) {
  const YAML::Node& root = src.root;
  auto item_keys = [&](const YAML::Node& n, const std::string& path, const std::vector<std::string>& allowed) {
    if (!n.IsMap()) throw yaml::error_at(src, n, path, "expected a map with keys " + text::join(allowed));
    yaml::Diagnostics d;
    yaml::check_keys(src, n, path, allowed, d);
    d.throw_if_any();
    if (!n["code"]) throw yaml::error_at(src, n, path, "missing required key 'code'");
  };
  std::set<std::string> seen_codes;
  auto unique_code = [&](const YAML::Node& n, const std::string& path, const std::string& code) {
    if (!seen_codes.insert(code).second) throw yaml::error_at(src, n["code"], yaml::child(path, "code"), "duplicate code '" + code + "'");
  };
  m.final_demand_categories = parse_list<FinalDemandCategory>(
      src, root, "final_demand_categories", true, [&](const YAML::Node& n, const std::string& path) {
        item_keys(n, path, {"code", "name", "role"});
        FinalDemandCategory c;
        c.code = yaml::as_string(src, n["code"], yaml::child(path, "code"));
        unique_code(n, path, c.code);
        if (n["name"]) c.name = yaml::as_string(src, n["name"], yaml::child(path, "name"));
        if (n["role"]) {
          const std::string r = yaml::as_string(src, n["role"], yaml::child(path, "role"));
          if (!parse_role(r, c.role))
            throw yaml::error_at(src, n["role"], yaml::child(path, "role"),
                                 "unknown role '" + r + "' (known: households, npish, government, gfcf, "
                                 "inventories, exports, other)");
        }
        return c;
      });
  seen_codes.clear();
  m.primary_inputs = parse_list<PrimaryInput>(src, root, "primary_inputs", true, [&](const YAML::Node& n,
                                                                                     const std::string& path) {
    item_keys(n, path, {"code", "name", "role"});
    PrimaryInput p;
    p.code = yaml::as_string(src, n["code"], yaml::child(path, "code"));
    unique_code(n, path, p.code);
    if (n["name"]) p.name = yaml::as_string(src, n["name"], yaml::child(path, "name"));
    if (!n["role"]) throw yaml::error_at(src, n, path, "missing required key 'role'");
    const std::string r = yaml::as_string(src, n["role"], yaml::child(path, "role"));
    if (!parse_role(r, p.role))
      throw yaml::error_at(src, n["role"], yaml::child(path, "role"),
                           "unknown role '" + r + "' (known: imports, product_taxes, compensation, surplus, "
                           "production_taxes, other_value_added)");
    return p;
  });
  seen_codes.clear();
  m.indicators = parse_list<Indicator>(src, root, "indicators", false, [&](const YAML::Node& n,
                                                                         const std::string& path) {
    item_keys(n, path, {"code", "name", "unit", "description"});
    Indicator ind;
    ind.code = yaml::as_string(src, n["code"], yaml::child(path, "code"));
    unique_code(n, path, ind.code);
    if (n["name"]) ind.name = yaml::as_string(src, n["name"], yaml::child(path, "name"));
    if (!n["unit"]) throw yaml::error_at(src, n, path, "missing required key 'unit'");
    ind.unit = yaml::as_string(src, n["unit"], yaml::child(path, "unit"));
    if (n["description"]) ind.description = yaml::as_string(src, n["description"], yaml::child(path, "description"));
    return ind;
  });
  if (const YAML::Node md = root["metadata"]) {
    if (!md.IsMap()) throw yaml::error_at(src, md, "metadata", "expected a map of text values");
    for (auto it = md.begin(); it != md.end(); ++it)
      m.metadata.emplace_back(it->first.Scalar(), yaml::as_string(src, it->second, "metadata." + it->first.Scalar()));
  }

}

// The CSV files: labels, then the value files in model order.
void read_tables(const fs::path& dir, Model& m) {
  m.regions = read_labels((dir / "regions.csv").string(), "region", &m.population);
  m.industries = read_labels((dir / "industries.csv").string(), "industry");
  const std::size_t n = m.num_sectors(), S = m.num_industries(), K = m.num_categories();
  const Codes regions(codes_of(m.regions), "region"), industries(codes_of(m.industries), "industry");
  std::vector<std::string> cat_codes, in_codes, ind_codes;
  for (const auto& c : m.final_demand_categories) cat_codes.push_back(c.code);
  for (const auto& c : m.primary_inputs) in_codes.push_back(c.code);
  for (const auto& c : m.indicators) ind_codes.push_back(c.code);
  const Codes cats(cat_codes, "final-demand category"), inputs(in_codes, "primary input"),
      indicators(ind_codes, "indicator");

  m.z = Matrix(n, n);
  read_values(
      (dir / "z.csv").string(), {"from_region", "from_industry", "to_region", "to_industry", "value"},
      [&](const csv::Table& t, const csv::Row& r) {
        return std::pair(regions.find(t, r, 0) * S + industries.find(t, r, 1), regions.find(t, r, 2) * S + industries.find(t, r, 3));
      },
      [&](auto c, double v, const csv::Table&, const csv::Row&) { m.z(c.first, c.second) = v; });
  m.final_demand = Matrix(n, m.num_regions() * K);
  read_values(
      (dir / "final_demand.csv").string(), {"from_region", "from_industry", "to_region", "category", "value"},
      [&](const csv::Table& t, const csv::Row& r) {
        return std::pair(regions.find(t, r, 0) * S + industries.find(t, r, 1), regions.find(t, r, 2) * K + cats.find(t, r, 3));
      },
      [&](auto c, double v, const csv::Table&, const csv::Row&) { m.final_demand(c.first, c.second) = v; });
  m.primary = Matrix(m.primary_inputs.size(), n);
  read_values(
      (dir / "primary_inputs.csv").string(), {"input", "region", "industry", "value"},
      [&](const csv::Table& t, const csv::Row& r) {
        return std::pair(inputs.find(t, r, 0), regions.find(t, r, 1) * S + industries.find(t, r, 2));
      },
      [&](auto c, double v, const csv::Table&, const csv::Row&) { m.primary(c.first, c.second) = v; });
  m.output.assign(n, 0.0);
  read_values(
      (dir / "output.csv").string(), {"region", "industry", "value"},
      [&](const csv::Table& t, const csv::Row& r) {
        return std::pair(regions.find(t, r, 0) * S + industries.find(t, r, 1), std::size_t(0));
      },
      [&](auto c, double v, const csv::Table& t, const csv::Row& r) {
        if (v < 0) csv::fail(t, r, 2, "value", "negative output " + text::num(v) + " for " + m.sector_label(c.first));
        m.output[c.first] = v;
      });
  m.indicator_totals = Matrix(m.indicators.size(), n);
  if (!m.indicators.empty() || fs::exists(dir / "indicators.csv"))
    read_values(
        (dir / "indicators.csv").string(), {"indicator", "region", "industry", "value"},
        [&](const csv::Table& t, const csv::Row& r) {
          return std::pair(indicators.find(t, r, 0), regions.find(t, r, 1) * S + industries.find(t, r, 2));
        },
        [&](auto c, double v, const csv::Table&, const csv::Row&) { m.indicator_totals(c.first, c.second) = v; });
}

}  // namespace

Model read_model_csv(const std::string& folder) {
  const fs::path dir(folder);
  const std::string header_path = (dir / "model.yaml").string();
  if (!fs::is_directory(dir)) throw InputError(folder, "not a folder (a CSV model is a folder holding model.yaml)");
  const yaml::Source src = yaml::load(header_path);
  const YAML::Node& root = src.root;
  if (!root.IsMap()) throw yaml::error_at(src, root, "", "expected a map of keys");
  yaml::Diagnostics diag;
  yaml::check_keys(src, root, "",
                   {"format", "format_version", "id", "name", "description", "base_year", "currency", "prices",
                    "tolerance", "final_demand_categories", "primary_inputs", "indicators", "metadata",
                    "population_source"},
                   diag);
  diag.throw_if_any();
  Model m = read_header_scalars(src);
  read_header_lists(src, m);
  read_tables(dir, m);
  return m;
}

namespace {

std::string yaml_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// An output stream whose failure (a full disk) is noticed: on close it records the first file that
// could not be written in full, and write_model_csv refuses to commit.
class CheckedStream {
 public:
  CheckedStream(const fs::path& p, std::string& failed) : s_(p, std::ios::binary), p_(p), failed_(failed) {}
  ~CheckedStream() {
    s_.close();
    if (s_.fail() && failed_.empty()) failed_ = p_.filename().string();
  }
  template <class T>
  CheckedStream& operator<<(const T& v) {
    s_ << v;
    return *this;
  }

 private:
  std::ofstream s_;
  fs::path p_;
  std::string& failed_;
};

void write_labels(const fs::path& p, const std::vector<Label>& labels, std::string& failed) {
  CheckedStream o(p, failed);
  o << "code,name\n";
  for (const auto& l : labels) o << csv::quote(l.code) << "," << csv::quote(l.name) << "\n";
}

}  // namespace

namespace {
const char* const model_csv_header = "# devolve model, CSV form; see docs/model-format.md";
}  // namespace

// The files of a model's CSV form; an existing folder of nothing else is one --overwrite may replace.
bool model_csv_entry(const std::string& name) {
  for (const char* f : {"model.yaml", "regions.csv", "industries.csv", "z.csv", "final_demand.csv", "primary_inputs.csv",
                        "output.csv", "indicators.csv"})
    if (name == f) return true;
  return false;
}

// A model folder devolve wrote is recognised by its model.yaml: devolve's header line, then the format.
std::string model_csv_marked(const std::string& folder) {
  std::ifstream in(fs::path(folder) / "model.yaml", std::ios::binary);
  std::string a, b;
  std::getline(in, a);
  std::getline(in, b);
  if (a != model_csv_header || b != "format: devolve-model-csv") return "no model.yaml as devolve writes it";
  return "";
}

void write_model_csv(const Model& m, const std::string& folder, bool overwrite) {
  if (m.factored())
    throw Error(folder + ": error: model '" + m.id + "' keeps its flows in factored form (docs/model-format.md, "
                "\"Factored models\"), which the CSV form cannot hold; write it as HDF5 (.h5)");
  AtomicOutput out(folder, overwrite, model_csv_entry, model_csv_marked);
  const fs::path dir(out.temp_path());
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(folder + ": error: cannot create the folder: " + ec.message());
  std::string failed;  // the first file that could not be written in full
  {
    CheckedStream y(dir / "model.yaml", failed);
    y << model_csv_header << "\n";
    y << "format: devolve-model-csv\nformat_version: " << model_format_major << "\n";
    y << "id: " << yaml_quote(m.id) << "\nname: " << yaml_quote(m.name) << "\ndescription: " << yaml_quote(m.description)
      << "\nbase_year: " << m.base_year << "\ncurrency: " << yaml_quote(m.currency) << "\nprices: " << yaml_quote(m.prices)
      << "\ntolerance: " << text::num(m.tolerance) << "\n";
    if (!m.population_source.empty()) y << "population_source: " << yaml_quote(m.population_source) << "\n";
    y << "final_demand_categories:\n";
    for (const auto& c : m.final_demand_categories)
      y << "  - {code: " << yaml_quote(c.code) << ", name: " << yaml_quote(c.name) << ", role: " << to_string(c.role) << "}\n";
    y << "primary_inputs:\n";
    for (const auto& c : m.primary_inputs)
      y << "  - {code: " << yaml_quote(c.code) << ", name: " << yaml_quote(c.name) << ", role: " << to_string(c.role) << "}\n";
    y << "indicators:" << (m.indicators.empty() ? " []" : "") << "\n";
    for (const auto& c : m.indicators)
      y << "  - {code: " << yaml_quote(c.code) << ", name: " << yaml_quote(c.name) << ", unit: " << yaml_quote(c.unit)
        << ", description: " << yaml_quote(c.description) << "}\n";
    if (!m.metadata.empty()) {
      y << "metadata:\n";
      for (const auto& [k, v] : m.metadata) y << "  " << yaml_quote(k) << ": " << yaml_quote(v) << "\n";
    }
  }
  {
    CheckedStream o(dir / "regions.csv", failed);
    o << (m.population.empty() ? "code,name\n" : "code,name,population\n");
    for (std::size_t r = 0; r < m.regions.size(); ++r) {
      o << csv::quote(m.regions[r].code) << "," << csv::quote(m.regions[r].name);
      if (!m.population.empty()) o << "," << text::num(m.population[r]);
      o << "\n";
    }
  }
  write_labels(dir / "industries.csv", m.industries, failed);
  const std::size_t n = m.num_sectors(), K = m.num_categories();
  auto sec = [&](std::size_t k) {
    return csv::quote(m.regions[m.region_of(k)].code) + "," + csv::quote(m.industries[m.industry_of(k)].code);
  };
  {
    CheckedStream o(dir / "z.csv", failed);
    o << "from_region,from_industry,to_region,to_industry,value\n";
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        if (m.z(i, j) != 0) o << sec(i) << "," << sec(j) << "," << text::num(m.z(i, j)) << "\n";
  }
  {
    CheckedStream o(dir / "final_demand.csv", failed);
    o << "from_region,from_industry,to_region,category,value\n";
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t c = 0; c < m.final_demand.cols(); ++c)
        if (m.final_demand(i, c) != 0)
          o << sec(i) << "," << csv::quote(m.regions[c / K].code) << ","
            << csv::quote(m.final_demand_categories[c % K].code) << "," << text::num(m.final_demand(i, c)) << "\n";
  }
  {
    CheckedStream o(dir / "primary_inputs.csv", failed);
    o << "input,region,industry,value\n";
    for (std::size_t p = 0; p < m.primary_inputs.size(); ++p)
      for (std::size_t j = 0; j < n; ++j)
        if (m.primary(p, j) != 0) o << csv::quote(m.primary_inputs[p].code) << "," << sec(j) << "," << text::num(m.primary(p, j)) << "\n";
  }
  {
    CheckedStream o(dir / "output.csv", failed);
    o << "region,industry,value\n";
    for (std::size_t j = 0; j < n; ++j) o << sec(j) << "," << text::num(m.output[j]) << "\n";
  }
  {
    CheckedStream o(dir / "indicators.csv", failed);
    o << "indicator,region,industry,value\n";
    for (std::size_t p = 0; p < m.indicators.size(); ++p)
      for (std::size_t j = 0; j < n; ++j)
        if (m.indicator_totals(p, j) != 0)
          o << csv::quote(m.indicators[p].code) << "," << sec(j) << "," << text::num(m.indicator_totals(p, j)) << "\n";
  }
  if (!failed.empty()) throw Error(folder + ": error: cannot write " + failed + " (disk full, or not writable); nothing was written");
  out.commit();
}

}  // namespace devolve
