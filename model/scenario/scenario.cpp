// Reading a scenario file (docs/scenarios.md) and resolving it against its model.
#include "devolve/timeline.hpp"
#include <algorithm>
#include <cctype>
#include <array>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "base/csv.hpp"
#include "devolve/error.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/multipliers.hpp"
#include "devolve/scenario.hpp"
#include "devolve/scenario_inputs.hpp"
#include "devolve/scenario_spec.hpp"
#include "scenario/price_basis.hpp"
#include "scenario/labour_market.hpp"
#include "scenario/scenario_source.hpp"
#include "devolve/version.hpp"
#include "base/names.hpp"
#include "base/text.hpp"
#include "base/yaml_support.hpp"

namespace fs = std::filesystem;

namespace devolve {

std::array<double, 5> LabourSupply::shares() const {
  const double w = unemployed + inactive + in_commuting + in_migration, rest = 1.0 - displacement;
  return {rest * unemployed / w, rest * inactive / w, rest * in_commuting / w, rest * in_migration / w, displacement};
}

std::vector<int> Scenario::years() const {
  std::vector<int> y;
  for (int t = first_year; t <= last_year; ++t) y.push_back(t);
  return y;
}

double Baseline::scale(const std::string& code, std::size_t t) const {
  const auto it = national_scale.find(code);
  return it == national_scale.end() ? 1.0 : it->second[t];
}

double Baseline::factor(const std::string& code, bool per_job, std::size_t r, std::size_t t, int n) const {
  const double f = std::pow(1.0 + growth[r], n) * scale(code, t);
  return per_job ? f / std::pow(1.0 + productivity[r], n) : f;
}

double Baseline::per_job_divisor(const std::string& code, std::size_t r, std::size_t t, int n) const {
  return std::pow(1.0 + productivity[r], n) * (scale("gva", t) / scale(code, t));
}

const std::vector<std::pair<std::string, std::vector<std::string>>>& builtin_region_groups() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> groups = {
      {"north", {"TLC", "TLD", "TLE"}},
      {"midlands", {"TLF", "TLG"}},
      {"greater_south_east", {"TLH", "TLI", "TLJ"}},
      {"rest_of_england", {"TLC", "TLD", "TLE", "TLF", "TLG", "TLK"}},
      {"england", {"TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK"}},
      {"devolved_nations", {"TLL", "TLM", "TLN"}},
      {"outside_greater_south_east", {"TLC", "TLD", "TLE", "TLF", "TLG", "TLK", "TLL", "TLM", "TLN"}},
      {"uk", {"TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK", "TLL", "TLM", "TLN"}},
  };
  return groups;
}

const std::vector<std::string>& builtin_region_group(const std::string& name) {
  for (const auto& [g, codes] : builtin_region_groups())
    if (g == name) return codes;
  throw std::logic_error("no built-in region group '" + name + "'");
}

long long leverage_source_year(const RdDynamics& rd, std::size_t t) {
  return static_cast<long long>(t) - rd.leverage_lag >= 0 ? static_cast<long long>(t) - rd.leverage_lag : -1;
}

namespace {

std::string shipped_scenarios_dir() { return (fs::path(source_dir) / "scenarios").string(); }

struct Profile {
  std::string name;
  std::vector<double> shares;  // S
  double imports = 0;
  bool local = true;
  std::string category = "government";
};

}  // namespace

// The shipped data, read once (load_scenario_data): profiles.yaml and the data/uk tables.
struct ShippedData {
  std::string data_dir;                       // the shipped data folder (ModelSettings)
  std::optional<yaml::Source> profiles;       // the shipped profiles.yaml, if present
  std::optional<InputError> profiles_error;  // why it did not parse
  std::map<std::string, csv::Table> tables;   // path -> table
  // A table by path: read once, else read now (a missing file gives csv::read's error).
  const csv::Table& table(const std::string& path) const {
    if (auto it = tables.find(path); it != tables.end()) return it->second;
    thread_local csv::Table t;
    t = csv::read(path);
    return t;
  }
  // The context indicators of a context.csv for a model's regions, read once for every scenario
  // resolved with this data (a batch's); a file that fails is read again, failing again, each time.
  struct Contexts {
    std::mutex lock;
    std::map<std::string, std::shared_ptr<const ContextData>> read;  // file and region codes -> data
  };
  std::shared_ptr<Contexts> contexts = std::make_shared<Contexts>();
  ContextData context(const std::string& file, const std::vector<std::string>& codes) const {
    std::string key = file;
    for (const auto& c : codes) key += "\n" + c;
    const std::lock_guard<std::mutex> hold(contexts->lock);
    auto& found = contexts->read[key];
    if (!found) found = std::make_shared<const ContextData>(devolve::read_context(file, codes));
    return *found;
  }
};

namespace {

// Everything a parse needs: the source, the model, the shipped data and the error list.
class Parser {
 public:
  Parser(const yaml::Source& src, const Model& model, const ShippedData& data, yaml::Diagnostics& diag)
      : src_(src), m_(model), data_(data), diag_(diag) {}

  template <class F>
  bool attempt(F&& f) {
    return record_errors(diag_, f);
  }
  InputError err(const YAML::Node& n, const std::string& key, const std::string& msg) const {
    return yaml::error_at(src_, n, key, msg);
  }
  double number(const YAML::Node& n, const std::string& key) const { return yaml::as_number(src_, n, key); }
  std::string str(const YAML::Node& n, const std::string& key) const { return yaml::as_string(src_, n, key); }

  double fraction(const YAML::Node& n, const std::string& key, double lo, double hi, bool hi_open = true) const {
    const double v = number(n, key);
    if (v < lo || (hi_open ? v >= hi : v > hi))
      throw err(n, key, "must be at least " + text::num(lo) + " and " + (hi_open ? "below " : "at most ") + text::num(hi) +
                            ", found " + text::num(v));
    return v;
  }

  // User groups: name -> node (a list of region references), resolved when used, so they may refer
  // to each other.
  std::map<std::string, YAML::Node> groups;

  // The scalar references in a node (a reference or a list, lists nested), with their key paths;
  // iteratively, so no input can exhaust the stack.
  std::vector<std::pair<YAML::Node, std::string>> references(const YAML::Node& n, const std::string& key) const {
    std::vector<std::pair<YAML::Node, std::string>> out, todo{{n, key}};
    while (!todo.empty()) {
      auto [x, k] = todo.back();
      todo.pop_back();
      if (!x.IsSequence()) {
        out.emplace_back(x, k);
        continue;
      }
      for (std::size_t i = x.size(); i-- > 0;) todo.emplace_back(x[i], yaml::item(k, i));
    }
    return out;
  }

  // True when `n` is one reference (alone or the one item of a list) that names one area: a region of
  // the model, or an ITL area by code or name (on a finer model, the regions inside it), not a user
  // group nor a built-in group (docs/scenarios.md, "local_procurement": the default local area).
  bool names_one_area(const YAML::Node& n, const std::string& key) const {
    const auto refs = references(n, key);
    if (refs.size() != 1) return false;
    const std::string ref = str(refs[0].first, refs[0].second);
    if (groups.count(ref)) return false;
    for (const auto& r : m_.regions)
      if (text::iequals(r.code, ref) || text::iequals(r.name, ref)) return true;
    for (const auto& [g, codes] : builtin_region_groups())
      if (text::iequals(g, ref)) return false;
    return true;
  }

  // Adds the regions `n` refers to. Groups are expanded without recursion (a chain of 30,000 groups
  // must not overflow the stack) and memoised (24 levels of g: [g', g'] must not take 2^24 steps).
  void add_region_ref(const YAML::Node& n, const std::string& key, std::set<std::size_t>& out) const {
    struct Frame {
      std::string name;  // the group being expanded ("" for the reference itself)
      std::vector<std::pair<YAML::Node, std::string>> refs;
      std::size_t next = 0;
      std::set<std::size_t> regions;
    };
    std::vector<Frame> stack;
    stack.push_back({"", references(n, key), 0, {}});
    while (true) {
      if (stack.back().next == stack.back().refs.size()) {
        Frame done = std::move(stack.back());
        stack.pop_back();
        if (stack.empty()) {
          out.insert(done.regions.begin(), done.regions.end());
          return;
        }
        stack.back().regions.insert(done.regions.begin(), done.regions.end());
        group_memo_[done.name] = std::move(done.regions);
        continue;
      }
      const auto [node, k] = stack.back().refs[stack.back().next++];
      const std::string ref = str(node, k);
      auto it = groups.find(ref);
      if (it == groups.end()) {
        add_single_ref(ref, node, k, stack.back().regions);
        continue;
      }
      if (auto m = group_memo_.find(ref); m != group_memo_.end()) {
        stack.back().regions.insert(m->second.begin(), m->second.end());
        continue;
      }
      auto open = std::find_if(stack.begin(), stack.end(), [&](const Frame& f) { return f.name == ref; });
      if (open != stack.end()) {
        std::string cycle;
        for (; open != stack.end(); ++open) cycle += open->name + " -> ";
        throw err(node, k, "recursive group '" + ref + "' (" + cycle + ref + ")");
      }
      stack.push_back({ref, references(it->second, "groups." + ref), 0, {}});
    }
  }

  // A reference that is not a user group: a region, a built-in group, an ITL code or an ITL name.
  void add_single_ref(const std::string& ref, const YAML::Node& n, const std::string& key, std::set<std::size_t>& out) const {
    // 1. a region of the model by code, or by name (before built-in groups: a model may name a region
    // "North"); a name is checked against the ITL areas of that name below
    const std::size_t R = m_.num_regions();
    std::size_t named = R;
    for (std::size_t r = 0; r < R; ++r) {
      if (text::iequals(m_.regions[r].code, ref)) {
        out.insert(r);
        return;
      }
      if (named == R && text::iequals(m_.regions[r].name, ref)) named = r;
    }
    const Areas& a = areas();
    std::string straddled;  // an area the ITL area covers only in part
    if (named == R) {
      // 2. a built-in group, by ITL1 codes (on an ITL2 model, the areas inside them)
      for (const auto& [g, codes] : builtin_region_groups())
        if (text::iequals(g, ref)) {
          add_builtin_group(g, codes, n, key, out);
          return;
        }
      // 3. an ITL1, ITL2 or ITL3 code on a finer model (any case): the regions inside it
      if (const std::string itl = itl_code(ref); !itl.empty()) {
        if (add_itl(itl, out, straddled)) return;
        if (!straddled.empty()) throw err(n, key, straddle_message(ref, itl, straddled));
        for (const auto& r : m_.regions)  // an ITL area finer than the model's regions: the region holding it
          if (r.code.size() >= 3 && r.code.size() < itl.size() && itl.compare(0, r.code.size(), r.code) == 0)
            throw err(n, key, "unknown region '" + ref + "': " + itl + " is an ITL" + std::to_string(itl.size() - 2) +
                                  " area, finer than the regions of model '" + m_.id + "'; it lies in region '" + r.code +
                                  "' (" + r.name + ")");
      }
    }
    // 4. the region so named and the ITL areas of that name (ITL1 regions also by their short names,
    // "North West"), which must agree
    if (add_named(ref, named, n, key, out)) return;
    std::vector<std::string> known;
    std::vector<names::Candidate> candidates;
    for (const auto& r : m_.regions) known.push_back(r.code), candidates.push_back({r.code, r.code}), candidates.push_back({r.name, r.name});
    for (const auto& [g, c] : builtin_region_groups()) known.push_back(g), candidates.push_back({g, g});
    std::size_t listed = 0;  // a hint among the first 200 user groups: bounded work per error, whatever the file
    for (const auto& [g, c] : groups)
      if (listed++ < 200) known.push_back(g), candidates.push_back({g, g});
    for (const auto& c : a.itl_candidates) candidates.push_back(c);  // ITL areas the model has regions in
    if (const std::string area = area_holding(ref); !area.empty())
      throw err(n, key, "unknown region '" + ref + "': it is a local authority inside area " + area +
                            " of this model; name the area, or build a geography with it as an area of its own "
                            "(docs/data.md, \"User-defined geographies\")");
    throw err(n, key, "unknown region '" + ref + "'" + names::did_you_mean(ref, candidates) + " (known: " + text::join(known, 20) + ")");
  }

  // A name (rule 5 of docs/scenarios.md, "Region references"): the model's region `named` (R if
  // none) and every ITL area of that name. When they all select the same regions ("Northern
  // Ireland", TLN and TLN0) those are added; when they select different ones ("West Midlands", the
  // ITL1 region TLG and the ITL2 area TLG3) it is an error naming each by its code, never a silent
  // choice. False when nothing of that name selects whole regions of the model.
  bool add_named(const std::string& ref, std::size_t named, const YAML::Node& n, const std::string& key,
                 std::set<std::size_t>& out) const {
    const Areas& a = areas();
    std::vector<std::string> codes;  // the ITL areas of that name, coarsest first
    for (const auto& [name, code] : a.itl_by_name)
      if (text::iequals(name, ref) && std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
    std::stable_sort(codes.begin(), codes.end(), [](const auto& x, const auto& y) { return x.size() < y.size(); });
    struct Meaning {
      std::string what;               // "the ITL2 area 'TLG3'", "region 'WMCA' of this model"
      std::set<std::size_t> regions;  // what it selects
      std::string straddled;          // or the areas it covers only in part
    };
    std::vector<Meaning> meanings;
    auto add = [&](Meaning m) {
      for (const auto& o : meanings)
        if (o.straddled.empty() && m.straddled.empty() && o.regions == m.regions) return;  // the same extent
      meanings.push_back(std::move(m));
    };
    std::string last_straddle;  // the finest ITL area of that name covering areas only in part
    for (const auto& code : codes) {
      Meaning m{(code.size() == 3 ? "the ITL1 region '" : "the ITL" + std::to_string(code.size() - 2) + " area '") + code + "'", {}, ""};
      if (add_itl(code, m.regions, m.straddled)) add(std::move(m));
      else if (!m.straddled.empty()) last_straddle = code, add(std::move(m));
    }
    if (named < m_.num_regions()) add({"region '" + m_.regions[named].code + "' of this model", {named}, ""});
    std::size_t whole = 0;
    for (const auto& m : meanings) whole += m.straddled.empty();
    if (whole == 0) {  // nothing of that name is whole regions of the model: the finest that covers part of one
      if (!last_straddle.empty() && area_holding(ref).empty()) {
        std::string straddled;
        add_itl(last_straddle, out, straddled);
        throw err(n, key, straddle_message(ref, last_straddle, straddled));
      }
      return false;
    }
    if (meanings.size() == 1) {
      out.insert(meanings[0].regions.begin(), meanings[0].regions.end());
      return true;
    }
    std::string which;
    for (std::size_t i = 0; i < meanings.size(); ++i) {
      const Meaning& m = meanings[i];
      which += (i == 0 ? "" : i + 1 == meanings.size() ? " and " : ", ") + m.what;
      if (!m.straddled.empty()) {
        which += " (part of area " + m.straddled + " of this model)";
        continue;
      }
      std::vector<std::string> in;
      for (std::size_t r : m.regions) in.push_back(m_.regions[r].code);
      if (m.what.rfind("region '", 0) == 0) continue;
      which += in.size() == 1   ? " (region " + in[0] + " of this model)"
               : in.size() <= 6 ? " (regions " + text::join(in, in.size()) + " of this model)"
                                : " (" + std::to_string(in.size()) + " regions of this model)";
    }
    throw err(n, key, "region '" + ref + "' names " + std::to_string(meanings.size()) + " different areas here: " + which +
                          "; write the code of the one meant (docs/scenarios.md, \"Region references\")");
  }

  // What the model's metadata says of its areas of local authorities (docs/data.md, "User-defined
  // geographies"), read once: where each region lies (Model::places: the ITL areas holding it, the
  // ITL3 areas of one that straddles them) and its ITL1 regions, its LADs by code and name, and the
  // ITL areas' names.
  struct Areas {
    std::vector<RegionPlace> places;                // region -> where it lies
    std::vector<std::vector<std::string>> itl1s;    // region -> its ITL1 regions (Model::itl1s_of_regions)
    std::vector<std::set<std::string>> lads;        // region -> its LADs' codes and names (lower case)
    std::vector<std::pair<std::string, std::string>> itl_by_name;  // name -> ITL code, finest first
    std::vector<names::Candidate> itl_candidates;   // ITL areas with regions of the model in them
    std::map<std::string, std::string> itl_names;   // code -> name
  };
  const Areas& areas() const {
    if (areas_) return *areas_;
    Areas a;
    const std::size_t R = m_.num_regions();
    a.places = m_.places();
    a.itl1s = m_.itl1s_of_regions(a.places);
    a.lads.resize(R);
    std::map<std::string, std::size_t> index;
    for (std::size_t r = 0; r < R; ++r) index[m_.regions[r].code] = r;
    auto split = [](const std::string& v, const std::string& sep) {
      std::vector<std::string> out;
      for (std::size_t b = 0; b <= v.size();) {
        std::size_t e = v.find(sep, b);
        if (e == std::string::npos) e = v.size();
        if (e > b) out.push_back(v.substr(b, e - b));
        b = e + sep.size();
      }
      return out;
    };
    for (const auto& [k, v] : m_.metadata) {
      auto region = [&, &k = k](std::size_t prefix) -> std::size_t {
        auto it = index.find(k.substr(prefix));
        return it == index.end() ? R : it->second;
      };
      if (k.rfind("area.", 0) == 0)
        if (const std::size_t r = region(5); r < R)
          for (const auto& code : split(v, ", ")) a.lads[r].insert(text::lower(code));
      if (k.rfind("area_lad_names.", 0) == 0)
        if (const std::size_t r = region(15); r < R)
          for (const auto& name : split(v, "; ")) a.lads[r].insert(text::lower(name));
      if (k.rfind("itl_name.", 0) == 0) a.itl_names[k.substr(9)] = v;
    }
    for (std::size_t len : {5, 4, 3})
      for (const auto& [code, name] : a.itl_names)
        if (code.size() == len) a.itl_by_name.emplace_back(name, code);
    for (const auto& c : names::itl1_regions()) {
      a.itl_by_name.emplace_back(c.text, c.write);
      a.itl_names[c.write] = c.text;  // hints and messages use the short name
    }
    for (const auto& [code, name] : a.itl_names) {  // a hint only for what the model has regions in
      bool in = false;
      for (std::size_t r = 0; r < R && !in; ++r) {
        const std::string& rc = m_.regions[r].code;
        in = (rc.size() > code.size() && rc.compare(0, code.size(), code) == 0) ||
             (code.size() >= 3 && code.size() <= 5 && a.places[r].itl[code.size() - 3] == code);
      }
      if (in) a.itl_candidates.push_back({code, name});
    }
    areas_ = std::make_unique<Areas>(std::move(a));
    return *areas_;
  }

  // `ref` as an ITL1, ITL2 or ITL3 code in upper case ("tle4" -> "TLE4"), else "".
  static std::string itl_code(const std::string& ref) {
    if (ref.size() < 3 || ref.size() > 5 || !text::iequals(ref.substr(0, 2), "TL")) return "";
    std::string up;
    for (char c : ref) {
      if (!std::isalnum(static_cast<unsigned char>(c))) return "";
      up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return std::isalpha(static_cast<unsigned char>(up[2])) ? up : "";
  }

  // Adds the regions inside ITL area `itl` (an upper-case code): on a model of ITL areas those whose
  // codes start with it; on a model of areas of local authorities those whose LADs all lie in it
  // (metadata area_itl1/2/3.<code>). False when there are none; `straddled` then names an area
  // whose LADs lie partly in it.
  bool add_itl(const std::string& itl, std::set<std::size_t>& out, std::string& straddled) const {
    const Areas& a = areas();
    const std::size_t level = itl.size() - 3;
    bool any = false;
    std::vector<std::size_t> part;
    for (std::size_t r = 0; r < m_.num_regions(); ++r) {
      const std::string& code = m_.regions[r].code;
      const RegionPlace& place = a.places[r];
      if ((code.size() > itl.size() && code.compare(0, itl.size(), itl) == 0 && !place.of_lads) || place.itl[level] == itl) {
        out.insert(r);
        any = true;
        continue;
      }
      for (const auto& c : place.itl3s)
        if (c.compare(0, itl.size(), itl) == 0) {
          part.push_back(r);
          break;
        }
    }
    for (std::size_t r : part) {
      straddled += (straddled.empty() ? "'" : ", '") + m_.regions[r].code + "' (" + m_.regions[r].name + ")";
    }
    if (!part.empty()) any = false;  // never a silent part of what the scenario named
    return any;
  }

  std::string straddle_message(const std::string& ref, const std::string& itl, const std::string& straddled) const {
    const auto& names = areas().itl_names;
    const auto it = names.find(itl);
    const std::string level = "ITL" + std::to_string(itl.size() - 2) + " area ";
    const std::string what = ref == itl ? level + (it == names.end() ? itl : it->second) : level + itl;
    return "region '" + ref + "' (" + what + ") covers only part of area " + straddled +
           " of this model; name the areas, or build a geography whose areas lie inside " + itl +
           " (docs/data.md, \"User-defined geographies\")";
  }

  // "'WY' (West Yorkshire)" when `ref` is the code or name of a LAD inside an area of local
  // authorities (metadata area.<code> and area_lad_names.<code>, docs/data.md), else "".
  std::string area_holding(const std::string& ref) const {
    if (ref.size() <= 2) return "";
    const std::string lower = text::lower(ref);
    const Areas& a = areas();
    for (std::size_t r = 0; r < m_.num_regions(); ++r)
      if (a.lads[r].count(lower)) return "'" + m_.regions[r].code + "' (" + m_.regions[r].name + ")";
    return "";
  }


  // A built-in group: the regions lying wholly inside its ITL1 regions (an ITL area by its code, an
  // area of local authorities by its LADs: Model::regions_inside_itl1); an area lying partly inside
  // is a located error, never a silent part of the group.
  void add_builtin_group(const std::string& g, const std::vector<std::string>& codes, const YAML::Node& n,
                         const std::string& key, std::set<std::size_t>& out) const {
    std::vector<std::size_t> straddling;
    const auto& of = areas().itl1s;  // read once for every group of the scenario
    const std::vector<std::size_t> inside = Model::regions_inside_itl1(of, codes, &straddling);
    if (!straddling.empty()) {
      std::string which;
      for (std::size_t r : straddling)
        which += (which.empty() ? "'" : ", '") + m_.regions[r].code + "' (" + m_.regions[r].name + ")";
      throw err(n, key, "the built-in group '" + g + "' covers only part of area " + which +
                            " of this model (its local authorities lie in ITL1 regions inside and outside the group); "
                            "name the areas, or build a geography whose areas lie inside " + text::join(codes, codes.size()) +
                            " (docs/data.md, \"User-defined geographies\")");
    }
    for (const auto& c : codes) {
      bool any = false;
      for (std::size_t r : inside) any = any || std::find(of[r].begin(), of[r].end(), c) != of[r].end();
      if (!any) throw err(n, key, "the built-in group needs region " + c + ", which model '" + m_.id + "' does not have");
    }
    out.insert(inside.begin(), inside.end());
  }

  std::vector<std::size_t> regions(const YAML::Node& n, const std::string& key) const {
    std::set<std::size_t> out;
    add_region_ref(n, key, out);
    if (out.empty()) throw err(n, key, "no regions");
    return {out.begin(), out.end()};
  }

  std::vector<bool> industries(const YAML::Node& n, const std::string& key) const {
    std::vector<bool> mask(m_.num_industries(), false);
    if (n.IsScalar() && n.Scalar() == "all") return std::vector<bool>(m_.num_industries(), true);
    auto one = [&](const YAML::Node& x, const std::string& k) {
      const std::string code = str(x, k);
      for (std::size_t s = 0; s < m_.num_industries(); ++s)
        if (m_.industries[s].code == code || text::iequals(m_.industries[s].name, code)) {
          mask[s] = true;
          return;
        }
      std::vector<std::string> known;
      std::vector<names::Candidate> candidates;
      for (const auto& i : m_.industries) known.push_back(i.code), candidates.push_back({i.code, i.code}), candidates.push_back({i.name, i.name});
      bool is_group = false;  // a SIC section or named group (docs/scenarios.md, "Industry groups")
      const auto in_group = names::industry_group(code, known, is_group);
      for (auto s : in_group) mask[s] = true;
      if (!in_group.empty()) return;
      if (is_group) throw err(x, k, "industry group '" + code + "' has no industries in model '" + m_.id + "'");
      throw err(x, k, "unknown industry '" + code + "'" + names::did_you_mean(code, candidates) + " (known: " + text::join(known) + ")");
    };
    if (n.IsSequence()) {
      if (n.size() == 0) throw err(n, key, "empty list of industries");
      for (std::size_t i = 0; i < n.size(); ++i) one(n[i], yaml::item(key, i));
    } else {
      one(n, key);
    }
    return mask;
  }

  // How an amount is split over regions: population (default), gva, equal, {weights: {...}}, or
  // {per_head: DATASET or {region: GBP per person}} to level up spending per head.
  std::vector<double> split(const YAML::Node& n, const std::string& key, const std::vector<std::size_t>& regs,
                            double amount_for_per_head) const {
    const std::size_t R = m_.num_regions();
    std::vector<double> w(R, 0.0);
    const std::string kind = !n ? "population" : n.IsScalar() ? n.Scalar() : "";
    auto normalise = [&](const YAML::Node& at) {
      double s = 0;
      for (double x : w) s += x;
      if (!(s > 0)) throw err(at, key, "the split gives every region a zero share");
      for (double& x : w) x /= s;
    };
    if (kind == "population" || kind == "equal" || kind == "gva") {
      if (kind == "population" && m_.population.empty())
        throw err(n ? n : YAML::Node(), key, "model '" + m_.id + "' has no population: choose split: gva, equal or weights");
      const Vector g = m_.gva();
      for (auto r : regs) {
        if (kind == "population") w[r] = m_.population[r];
        else if (kind == "equal") w[r] = 1.0;
        else
          for (std::size_t s = 0; s < m_.num_industries(); ++s) w[r] += g[m_.sector(r, s)];
      }
      normalise(n);
      return w;
    }
    if (n.IsMap() && n["weights"]) {
      yaml::Diagnostics d;
      yaml::check_keys(src_, n, key, {"weights"}, d);
      d.throw_if_any();
      const YAML::Node ws = n["weights"];
      if (!ws.IsMap()) throw err(ws, key + ".weights", "expected a map of region: share");
      double total = 0;
      for (auto it = ws.begin(); it != ws.end(); ++it) {
        const std::string k = key + ".weights." + it->first.Scalar();
        const auto rs = regions(it->first, k);
        if (rs.size() != 1) throw err(it->first, k, "a weight needs a single region, not a group");
        if (std::find(regs.begin(), regs.end(), rs[0]) == regs.end())
          throw err(it->first, k, "region '" + it->first.Scalar() + "' is not among the shock's regions");
        const double v = fraction(it->second, k, 0.0, 1.0, false);
        w[rs[0]] += v;
        total += v;
      }
      if (std::abs(total - 1.0) > 1e-6)
        throw err(ws, key + ".weights", "the shares add up to " + text::num(total) + ", not 1");
      for (auto r : regs)
        if (w[r] == 0 && ws.size() != regs.size())
          throw err(ws, key + ".weights", "no weight for region " + m_.regions[r].code + " of the shock's regions");
      return w;
    }
    if (n.IsMap() && n["per_head"]) {
      yaml::Diagnostics d;
      yaml::check_keys(src_, n, key, {"per_head"}, d);
      d.throw_if_any();
      if (m_.population.empty()) throw err(n, key, "model '" + m_.id + "' has no population for a per-head split");
      const std::vector<double> base = per_head_baseline(n["per_head"], key + ".per_head");
      for (auto r : regs)
        if (!std::isfinite(base[r]))
          throw err(n["per_head"], key + ".per_head", "no baseline spending per head for region " + m_.regions[r].code +
                                                          " (" + m_.regions[r].name + "), one of the shock's regions");
      const double level = level_up(regs, base, amount_for_per_head);
      for (auto r : regs) w[r] = m_.population[r] * std::max(0.0, level - base[r]);
      normalise(n);
      return w;
    }
    throw err(n, key, "expected population, gva, equal, {weights: {REGION: SHARE, ...}}, {per_head: BASELINE} or {need: MEASURE}");
  }

  // Level up: give to the regions furthest below, lifting them to a common level L [GBP per person]
  // with sum over regions of population x max(0, L - baseline per head) = amount [GBP million];
  // L by bisection (200 steps: to the last bit of a double).
  double level_up(const std::vector<std::size_t>& regs, const std::vector<double>& base, double amount) const {
    auto need = [&](double level) {
      double s = 0;
      for (auto r : regs) s += m_.population[r] * std::max(0.0, level - base[r]) / 1e6;  // GBP million
      return s;
    };
    double lo = 0, hi = 1;
    for (auto r : regs) lo = std::min(lo, base[r]), hi = std::max(hi, base[r]);
    for (int grow = 0; need(hi) < amount && grow < 200; ++grow) hi *= 2;
    for (int it = 0; it < 200; ++it) {
      const double mid = 0.5 * (lo + hi);
      (need(mid) < amount ? lo : hi) = mid;
    }
    return hi;
  }

  // Spending per head by region [GBP per person]: a shipped dataset name, or a map region: value.
  std::vector<double> per_head_baseline(const YAML::Node& n, const std::string& key) const {
    std::vector<double> base(m_.num_regions(), std::nan(""));
    if (n.IsScalar()) {
      const std::string name = n.Scalar();
      static const std::map<std::string, std::pair<std::string, std::string>> datasets = {
          {"public_rd_2016", {"rd_per_head_2016.csv", "public_rd_gbp_per_person_2016"}},
          {"business_rd_2016", {"rd_per_head_2016.csv", "business_rd_gbp_per_person_2016"}}};
      auto it = datasets.find(name);
      if (it == datasets.end())
        throw err(n, key, "unknown baseline '" + name + "'" + text::did_you_mean(name, {"public_rd_2016", "business_rd_2016"}) +
                              " (known: public_rd_2016, business_rd_2016, or a map of region: GBP per person)");
      const std::string level = m_.meta("level");
      const fs::path file = fs::path(data_.data_dir) / "uk" / level / it->second.first;
      if (level.empty() || !data_.tables.count(file.string()))
        throw err(n, key, "baseline '" + name + "' is published for ITL1 regions only; model '" + m_.id + "' is not an ITL1 model");
      const csv::Table& t = data_.table(file.string());
      const auto rc = csv::column(t, "region_code"), vc = csv::column(t, it->second.second);
      for (const auto& row : t.rows)
        for (std::size_t r = 0; r < m_.num_regions(); ++r)
          if (m_.regions[r].code == row.fields[rc].text) base[r] = csv::number(t, row, vc, it->second.second);
    } else if (n.IsMap()) {
      for (auto it = n.begin(); it != n.end(); ++it) {
        const auto rs = regions(it->first, key + "." + it->first.Scalar());
        for (auto r : rs) base[r] = fraction(it->second, key + "." + it->first.Scalar(), 0.0, 1e6, false);
      }
    } else {
      throw err(n, key, "expected a baseline name or a map of region: GBP per person");
    }
    return base;
  }

  // A yearly rate by region: trend_2012_2019 / trend_2015_2023 (shipped ONS trends), a number
  // (every region), or a map region: rate (others 0). `what` is "gva" or "gva_per_job".
  // `national` is the UK's rate that goes with it (the ONS UK series for a shipped trend, the rate
  // itself for one rate everywhere), NaN for a map by region (no national rate to hold the regions to).
  std::vector<double> trend(const YAML::Node& n, const std::string& key, const std::string& fallback,
                            const std::string& what, const Given<double>& rate, std::string& source,
                            double& national) const {
    const std::size_t R = m_.num_regions();
    std::vector<double> v(R, 0.0);
    national = 0.0;
    if (rate.given) {
      national = rate.value;  // one rate for every region, checked when read (or set by a sweep)
      std::fill(v.begin(), v.end(), rate.value);
      source = "given in the scenario: " + text::num(rate.value) + " a year in every region";
      return v;
    }
    const bool absent = !n || n.IsNull();
    const std::string name = absent ? fallback : n.IsScalar() ? n.Scalar() : "";
    if (absent && fallback.empty()) {
      source = "none: no trend data for this model (0% a year)";
      return v;
    }
    if (!absent && n.IsMap()) {
      for (auto it = n.begin(); it != n.end(); ++it)
        for (auto r : regions(it->first, key + "." + it->first.Scalar()))
          v[r] = fraction(it->second, key + "." + it->first.Scalar(), -0.2, 0.2, false);
      source = "given in the scenario";
      national = std::numeric_limits<double>::quiet_NaN();
      return v;
    }
    if (name != "trend_2012_2019" && name != "trend_2015_2023") {
      double x = 0;
      try {
        x = number(n, key);
      } catch (const InputError&) {
        throw err(n, key, "expected trend_2012_2019, trend_2015_2023, a yearly rate, or a map of region: rate" +
                              text::did_you_mean(name, {"trend_2012_2019", "trend_2015_2023"}));
      }
      x = fraction(n, key, -0.2, 0.2, false);  // a yearly rate between -20% and +20%
      std::fill(v.begin(), v.end(), x);
      national = x;
      source = "given in the scenario: " + text::num(x) + " a year in every region";
      return v;
    }
    const std::string level = m_.meta("level");
    if (level.empty()) throw err(n ? n : YAML::Node(), key, "model '" + m_.id + "' has no shipped trend data; give a rate");
    const bool per_job = what == "gva_per_job";
    if (per_job && name != "trend_2012_2019")
      throw err(n, key, "the productivity trend is published for 2012-2019 only (trend_2012_2019)");
    const fs::path file = fs::path(data_.data_dir) / "uk" / (per_job ? "itl1" : level) /
                          (per_job ? "productivity_trend.csv" : "gva_real_trend.csv");
    const std::string col = per_job ? "gva_per_job_cagr_2012_2019" : (name == "trend_2012_2019" ? "cagr_2012_2019" : "cagr_2015_2023");
    std::vector<bool> found(R, false);
    if (level == "lad" && !per_job) {  // areas of LADs: the build stores their trends (docs/data.md)
      for (std::size_t r = 0; r < R; ++r)
        if (const std::string t = m_.meta("trend." + col + "." + m_.regions[r].code); !t.empty()) v[r] = std::stod(t), found[r] = true;
    } else {
      const csv::Table& t = data_.table(file.string());
      const auto rc = csv::column(t, "region_code"), vc = csv::column(t, col);
      for (const auto& row : t.rows)
        for (std::size_t r = 0; r < R; ++r) {
          // ITL2 areas, and areas of LADs inside one ITL1 region, take that region's productivity trend
          // (published at ITL1 only).
          const std::string& c = m_.regions[r].code;
          const std::string code = !per_job ? c : level == "lad" ? m_.meta("area_itl1." + c) : c.substr(0, 3);
          if (code == row.fields[rc].text) v[r] = csv::number(t, row, vc, col), found[r] = true;
        }
    }
    for (std::size_t r = 0; r < R; ++r)
      if (!found[r]) throw err(n ? n : YAML::Node(), key, "no trend for region " + m_.regions[r].code + " in " +
                                                              (level == "lad" && !per_job ? "the model's metadata" : file.string()));
    // The UK's own rate: the UK row of the ITL1 file (ONS's UK series, not a sum of the regions').
    national = std::numeric_limits<double>::quiet_NaN();
    const fs::path uk_file = fs::path(data_.data_dir) / "uk" / "itl1" / file.filename();
    const csv::Table& ut = data_.table(uk_file.string());
    const auto urc = csv::column(ut, "region_code"), uvc = csv::column(ut, col);
    for (const auto& row : ut.rows)
      if (row.fields[urc].text == "UK") national = csv::number(ut, row, uvc, col);
    source = per_job ? "ONS real GVA per filled job, compound growth 2012-2019 (ITL1; ITL2 areas take their region's)"
                     : "ONS real GVA (chained volume), compound growth " + std::string(name == "trend_2012_2019" ? "2012-2019" : "2015-2023");
    return v;
  }

  const yaml::Source& src_;
  const Model& m_;
  const ShippedData& data_;
  yaml::Diagnostics& diag_;
  mutable std::map<std::string, std::set<std::size_t>> group_memo_;  // user group -> its regions
  mutable std::unique_ptr<const Areas> areas_;  // areas(), read once
};

// Profiles by name. A profile that does not fit the model (an industry it lacks) is kept as an
// error in `broken`, reported only if a shock uses it, when `broken` is given; else in diag.
std::map<std::string, Profile> read_profiles(const yaml::Source& src, const YAML::Node& node, const std::string& key,
                                             const Model& m, yaml::Diagnostics& diag,
                                             std::map<std::string, InputError>* broken = nullptr) {
  std::map<std::string, Profile> out;
  if (!node) return out;
  if (!node.IsMap()) {
    diag.add(yaml::error_at(src, node, key, "expected a map of profile name: profile"));
    return out;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = it->first.Scalar(), k = key + "." + name;
    const YAML::Node p = it->second;
    try {
      if (!p.IsMap()) throw yaml::error_at(src, p, k, "expected a map with shares");
      yaml::Diagnostics d;
      yaml::check_keys(src, p, k, {"name", "description", "source", "sourcing", "category", "imports", "shares"}, d);
      d.throw_if_any();
      Profile pr;
      pr.name = name;
      if (p["sourcing"]) {
        const std::string s = yaml::as_string(src, p["sourcing"], k + ".sourcing");
        if (s != "local" && s != "pattern")
          throw yaml::error_at(src, p["sourcing"], k + ".sourcing", "expected local or pattern, found '" + s + "'");
        pr.local = s == "local";
      }
      if (p["category"]) pr.category = yaml::as_string(src, p["category"], k + ".category");
      if (p["imports"]) {
        pr.imports = yaml::as_number(src, p["imports"], k + ".imports");
        if (pr.imports < 0 || pr.imports >= 1) throw yaml::error_at(src, p["imports"], k + ".imports", "must be in [0, 1)");
      }
      const YAML::Node sh = p["shares"];
      if (!sh || !sh.IsMap() || sh.size() == 0) throw yaml::error_at(src, sh ? sh : p, k + ".shares", "expected a map of industry: share");
      pr.shares.assign(m.num_industries(), 0.0);
      double total = 0;
      for (auto s = sh.begin(); s != sh.end(); ++s) {
        const std::string code = s->first.Scalar(), sk = k + ".shares." + code;
        std::size_t idx = m.num_industries();
        for (std::size_t i = 0; i < m.num_industries(); ++i)
          if (m.industries[i].code == code) idx = i;
        if (idx == m.num_industries()) {
          std::vector<std::string> known;
          for (const auto& i : m.industries) known.push_back(i.code);
          throw yaml::error_at(src, s->first, sk, "unknown industry '" + code + "'" + names::did_you_mean(code, names::as_candidates(known)));
        }
        const double v = yaml::as_number(src, s->second, sk);
        if (v < 0) throw yaml::error_at(src, s->second, sk, "negative share");
        pr.shares[idx] += v;
        total += v;
      }
      if (std::abs(total - 1.0) > 1e-6)
        throw yaml::error_at(src, sh, k + ".shares", "the shares add up to " + text::num(total) + ", not 1");
      out[name] = pr;
    } catch (const InputError& e) {
      if (broken) broken->emplace(name, e);
      else diag.add(e);
    }
  }
  return out;
}

}  // namespace

namespace {

// A first year before the model's base year: recorded, and true. Checked also when the years are not
// readable otherwise (`years: [2019, 2080]`: the last beyond the horizon), so both are reported.
bool first_year_before_base(const ScenarioSpec& spec, const Model& m, yaml::Diagnostics& diag) {
  if (!spec.first_year.given || spec.first_year.value >= m.base_year) return false;
  diag.add(spec_error(spec.first_year.at, "year " + std::to_string(spec.first_year.value) +
                                              " is before the model's base year " + std::to_string(m.base_year)));
  return true;
}

// Resolves a spec's parts against a loaded model and the shipped data, recording every error it
// can in `diag`. One method per part of docs/scenarios.md, in the order the file is read.
struct ScenarioReader {
  ScenarioReader(const ScenarioSpec& s, const Model& model, const ShippedData& data, yaml::Diagnostics& d, Scenario& scenario)
      : spec(s), src(s.source->src), root(src.root), m(model), diag(d), sc(scenario), p(src, model, data, d),
        R(model.num_regions()), K(model.num_categories()) {}

  const ScenarioSpec& spec;
  const yaml::Source& src;
  const YAML::Node& root;
  const Model& m;
  yaml::Diagnostics& diag;
  Scenario& sc;
  Parser p;
  const std::size_t R, K;
  std::map<std::string, Profile> profiles;
  std::map<std::string, InputError> broken_profiles;

  // The years, read and checked against the horizon, against the model's base year.
  bool resolve_years() {
    if (!spec.years_readable) return false;
    if (first_year_before_base(spec, m, diag)) return false;
    sc.first_year = int(spec.first_year.value), sc.last_year = int(spec.last_year.value);
    return true;
  }

  void resolve_type_prices_appraisal() {
    if (spec.type.given) sc.closure = spec.type.value == "I" ? Closure::type_i : Closure::type_ii;
    sc.prices_year = m.base_year;
    if (spec.prices.given && spec.prices.value != m.base_year)
      diag.add(spec_error(spec.prices.at, "amounts must be in the model's base-year prices (" + std::to_string(m.base_year) +
                                              "); for amounts in other prices give price_year (and price_basis) instead, which devolve converts"));
    sc.appraisal_year = sc.first_year;
    const Given<long long>& a = spec.appraisal_year;
    if (!a.given) return;
    if (a.value < m.base_year || a.value > sc.first_year)
      diag.add(spec_error(a.at, "the appraisal year must be between the model's base year " + std::to_string(m.base_year) +
                                    " and the first scenario year " + std::to_string(sc.first_year)));
    else sc.appraisal_year = int(a.value);
  }

  // The spatial level of the model's regions (docs/scenarios.md, "additionality"): ITL1 regions are
  // regional, ITL2 and ITL3 areas sub-regional, local authorities local; empty for other models.
  std::string model_spatial_level() const {
    const std::string level = m.meta("level");
    if (level == "itl1") return "regional";
    if (level == "itl2" || level == "itl3") return "sub_regional";
    if (level == "lad") return "local";
    return "";
  }

  // The fractions of the scenario (shock: false) or of a shock, which starts from the scenario's flat
  // values and level: the flat keys, then, for the level that applies (written, the scenario's, or
  // the model's), that level's values from this map or else the scenario's.
  Additionality additionality(const AdditionalitySpec& a, bool shock) const {
    auto apply = [](const auto& v, Additionality& out) {
      if (v.deadweight.given) out.deadweight = v.deadweight.value;
      if (v.displacement.given) out.displacement = v.displacement.value;
      if (v.substitution.given) out.substitution = v.substitution.value;
    };
    const AdditionalitySpec& top = spec.additionality;
    Additionality out;
    if (shock) apply(top, out);
    apply(a, out);
    if (a.level.given) out.level = a.level.value;
    else if (shock && top.level.given) out.level = top.level.value;
    const bool any_levels = !a.levels.empty() || !top.levels.empty();
    if (!any_levels) return out;
    if (out.level.empty()) out.level = model_spatial_level();
    if (out.level.empty()) {
      const SourceLocation& at = a.levels.empty() ? top.levels_at : a.levels_at;
      throw spec_error(at, "model '" + m.id + "' has no spatial level (not a shipped UK model): say which level "
                           "applies with level: local, sub_regional, regional or national");
    }
    if (auto it = a.levels.find(out.level); it != a.levels.end()) apply(it->second, out);
    else if (auto jt = top.levels.find(out.level); jt != top.levels.end()) apply(jt->second, out);
    else {
      const AdditionalitySpec& with = a.levels.empty() ? top : a;
      std::string given;
      for (const auto& [k, v] : with.levels) given += (given.empty() ? "" : ", ") + k;
      const SourceLocation& at = !a.levels.empty() ? a.levels_at : a.level.given ? a.level.at : top.levels_at;
      throw spec_error(at, "no values for the " + out.level + " level, the level that applies (" +
                               (a.level.given || (shock && top.level.given) ? "level: " + out.level
                                                                           : "the level of model '" + m.id + "''s regions") +
                               "); levels given: " + given);
    }
    return out;
  }

  // groups: name -> list of regions (resolved when used, so they may refer to each other)
  void read_groups() {
    p.attempt([&] {
      const YAML::Node g = root["groups"];
      if (!g) return;
      if (!g.IsMap()) throw p.err(g, "groups", "expected a map of group name: [regions]");
      for (auto it = g.begin(); it != g.end(); ++it) {
        const std::string name = it->first.Scalar();
        for (const auto& [b, c] : builtin_region_groups())
          if (b == name) throw p.err(it->first, "groups." + name, "'" + name + "' is a built-in group; choose another name");
        for (const auto& r : m.regions)
          if (text::iequals(r.code, name) || text::iequals(r.name, name))
            throw p.err(it->first, "groups." + name, "'" + name + "' is a region of the model; choose another name");
        p.groups[name] = it->second;
      }
      for (const auto& [name, node] : p.groups) p.attempt([&, n = name, nd = node] { p.regions(nd, "groups." + n); });
    });
  }

  // baseline: growth and productivity trends by region (default: the ONS trends for UK models)
  void read_baseline() {
    p.attempt([&] {
      const YAML::Node b = root["baseline"];
      if (b && !b.IsMap()) return;  // reported when read
      const bool uk = !m.meta("level").empty();
      double g = 0, q = 0;  // the national rates
      sc.baseline.growth = p.trend(b ? b["growth"] : YAML::Node(), "baseline.growth", uk ? "trend_2012_2019" : "", "gva",
                                   spec.growth, sc.baseline.growth_source, g);
      sc.baseline.productivity = p.trend(b ? b["productivity"] : YAML::Node(), "baseline.productivity",
                                         uk ? "trend_2012_2019" : "", "gva_per_job", spec.productivity,
                                         sc.baseline.productivity_source, q);
      national_control(g, q);
    });
  }

  // The national control (docs/methodology.md, "Projections"): each year, every measure's regional
  // trend paths scaled by one factor so that they add up to the measure's base-year national total
  // grown at the national rates, (1 + g)^n, and for jobs and FTE over (1 + q)^n. None where the
  // rates are the same in every region (the regions add up to the national path already) or the
  // growth is a map by region (no national rate); jobs and FTE go with GVA where only productivity
  // is such a map, so that every region's GVA per job grows at its own rate.
  void national_control(double g, double q) {
    Baseline& b = sc.baseline;
    const auto uniform = [](const std::vector<double>& v) {
      return std::all_of(v.begin(), v.end(), [&](double x) { return x == v.front(); });
    };
    const bool same_growth = uniform(b.growth), same_productivity = uniform(b.productivity);
    if (std::isnan(g)) {
      b.national_source = "none: the growth rates are given by region";
      return;
    }
    if (same_growth && (same_productivity || std::isnan(q))) {
      b.national_source = "none: one growth rate in every region";
      return;
    }
    const std::vector<int> years = sc.years();
    const std::size_t R = m.num_regions(), T = years.size();
    std::vector<double> gva_scale;
    for (const Measure& k : measures(m)) {
      const bool per_job = k.code == "jobs" || k.code == "fte";
      std::vector<double> base(R, 0.0);
      for (std::size_t j = 0; j < m.num_sectors(); ++j) base[m.region_of(j)] += k.coefficient[j] * m.output[j];
      double total = 0;
      for (double e : base) total += e;
      std::vector<double> s(T, 1.0);
      for (std::size_t t = 0; t < T; ++t) {
        const int n = years[t] - m.base_year;
        if (!per_job && same_growth) continue;  // exactly 1: the regions add up already
        if (per_job && std::isnan(q)) {
          s[t] = gva_scale.empty() ? 1.0 : gva_scale[t];
          continue;
        }
        double regions = 0;
        for (std::size_t r = 0; r < R; ++r)
          regions += base[r] * std::pow(1.0 + b.growth[r], n) / (per_job ? std::pow(1.0 + b.productivity[r], n) : 1.0);
        const double national = total * std::pow(1.0 + g, n) / (per_job ? std::pow(1.0 + q, n) : 1.0);
        if (regions > 0) s[t] = national / regions;
      }
      if (k.code == "gva") gva_scale = s;
      b.national_scale[k.code] = std::move(s);
    }
    b.national_source = "UK real GVA " + text::num(g) + " a year" +
                        (std::isnan(q) ? std::string() : ", real GVA per job " + text::num(q) + " a year") +
                        " (" + (sc.baseline.growth_source.rfind("ONS", 0) == 0 ? "ONS UK series, " : "") +
                        "every region's trend path scaled each year to the national one)";
  }

  // profiles: the shipped file, then the scenario's own (which may replace shipped ones)
  void read_all_profiles(const ShippedData& data) {
    if (data.profiles_error) throw *data.profiles_error;
    if (data.profiles) {
      const yaml::Source& ps = *data.profiles;
      yaml::Diagnostics d;
      yaml::check_keys(ps, ps.root, "", {"profiles"}, d);
      profiles = read_profiles(ps, ps.root["profiles"], "profiles", m, d, &broken_profiles);
      for (const auto& e : d.errors()) diag.add(e);
    }
    for (auto& [k, v] : read_profiles(src, root["profiles"], "profiles", m, diag)) {
      profiles[k] = v;
      broken_profiles.erase(k);
    }
  }

  // The context indicators of the model's level (data/uk/<level>/context.csv), if shipped.
  void read_context(const ShippedData& data) {
    const std::string level = m.meta("level");
    const std::string file = (fs::path(data.data_dir) / "uk" / level / "context.csv").string();
    if (level.empty() || !fs::exists(file)) return;
    std::vector<std::string> codes;
    for (const auto& r : m.regions) codes.push_back(r.code);
    p.attempt([&] { sc.context = data.context(file, codes); });
  }

  void read_shocks() {
    const YAML::Node shocks = root["shocks"];
    for (std::size_t i = 0; i < spec.shocks.size(); ++i)
      if (spec.shocks[i].readable) p.attempt([&] { read_shock(shocks[i], spec.shocks[i]); });
  }

  YAML::Node need(const YAML::Node& s, const std::string& key, const char* k) const {
    const std::string type = s["type"].Scalar();
    if (!s[k]) throw p.err(s, key, std::string("missing required key '") + k + "' for a " + type + " shock");
    return s[k];
  }

  static Shock::Type shock_type(const std::string& t) {
    return t == "spend"      ? Shock::Type::spend
           : t == "redirect" ? Shock::Type::redirect
           : t == "productivity" ? Shock::Type::productivity
           : t == "employment" ? Shock::Type::employment
           : t == "labour_income" ? Shock::Type::labour_income
           : t == "household_income" ? Shock::Type::household_income
           : t == "custom_spending" ? Shock::Type::custom_spending
                                 : Shock::Type::local_procurement;
  }
  static bool is_event(Shock::Type t) {
    return t == Shock::Type::employment || t == Shock::Type::labour_income || t == Shock::Type::household_income ||
           t == Shock::Type::custom_spending;
  }

  // Per-year values over the scenario's years (other years 0), checking years a sweep added.
  std::vector<double> per_year(const PerYearSpec& a) const {
    const std::size_t Y = sc.years().size();
    if (!a.is_map) return std::vector<double>(Y, a.every.value);
    std::vector<double> v(Y, 0.0);
    for (const auto& [year, g] : a.by_year) v.at(in_years(year, g.at)) = g.value;
    return v;
  }
  std::size_t in_years(long long year, const SourceLocation& at) const {
    if (year < sc.first_year || year > sc.last_year)
      throw spec_error(at, "year " + std::to_string(year) + " is outside the scenario's years " + std::to_string(sc.first_year) +
                               "-" + std::to_string(sc.last_year));
    return std::size_t(year - sc.first_year);
  }

  // Phasing factors by year: 1 every year when absent; a ramp rises linearly from 0 before its first
  // year to 1 at its full year.
  std::vector<double> phasing(const PhasingSpec& ph) const {
    const std::size_t Y = sc.years().size();
    switch (ph.kind) {
      case PhasingSpec::Kind::absent:
        return std::vector<double>(Y, 1.0);
      case PhasingSpec::Kind::list: {
        std::vector<double> v;
        for (const auto& f : ph.factors) v.push_back(f.value);
        return v;
      }
      case PhasingSpec::Kind::by_year: {
        std::vector<double> v(Y, 0.0);
        for (const auto& [year, f] : ph.by_year) v.at(in_years(year, f.at)) = f.value;
        return v;
      }
      case PhasingSpec::Kind::ramp:
        break;
    }
    const long long a = ph.ramp_first.value, b = ph.ramp_full.value;
    std::vector<double> v(Y);
    for (std::size_t i = 0; i < Y; ++i) {
      const long long t = sc.first_year + static_cast<long long>(i);
      v[i] = t < a ? 0.0 : t >= b ? 1.0 : double(t - a + 1) / double(b - a + 1);
    }
    return v;
  }

  void read_shock(const YAML::Node& s, const ShockSpec& ss) {
    const std::string& key = ss.at.key;
    Shock sh;
    sh.type = shock_type(ss.type.value);
    sh.label = ss.label.value;
    sh.phase = phasing(ss.phasing);
    sh.additionality = additionality(ss.additionality, true);
    const bool own_level = ss.additionality.level.given || !ss.additionality.levels.empty();
    sh.own_additionality = {ss.additionality.deadweight.given || own_level, ss.additionality.displacement.given || own_level,
                            ss.additionality.substitution.given || own_level};
    if (sh.type == Shock::Type::spend || sh.type == Shock::Type::redirect) read_demand(s, ss, sh);
    else if (is_event(sh.type)) read_event(s, ss, sh);
    else read_area(s, key, sh);
    if (sh.type == Shock::Type::productivity) read_productivity(s, ss, sh);
    if (sh.type == Shock::Type::local_procurement) read_local_procurement(s, ss, sh);
    sc.shocks.push_back(std::move(sh));
  }
  void use_profile(const YAML::Node& s, const std::string& key, Shock& sh) {
      const std::string name = p.str(need(s, key, "profile"), key + ".profile");
      auto it = profiles.find(name);
      if (auto b = broken_profiles.find(name); b != broken_profiles.end())
        throw p.err(s["profile"], key + ".profile", "shipped profile '" + name + "' does not fit model '" + m.id +
                                                        "': " + b->second.message());
      if (it == profiles.end()) {
        std::vector<std::string> known;
        for (const auto& [k, v] : profiles) known.push_back(k);
        throw p.err(s["profile"], key + ".profile", "unknown profile '" + name + "'" + text::did_you_mean(name, known) +
                                                        " (known: " + text::join(known) + ")");
      }
      sh.profile = name;
      sh.profile_shares = it->second.shares;
      sh.import_share = it->second.imports;
      sh.local_sourcing = it->second.local;
      FinalDemandRole role;
      if (!parse_role(it->second.category, role) || m.category_with_role(role) == Model::npos)
        throw p.err(s["profile"], key + ".profile", "profile '" + name + "' names category '" + it->second.category +
                                                        "', which model '" + m.id + "' does not have");
      sh.sourcing_category = m.category_with_role(role);
  }

  void read_demand(const YAML::Node& s, const ShockSpec& ss, Shock& sh) {
    const std::string& key = ss.at.key;
    sh.amount = per_year(ss.amount);
    use_profile(s, key, sh);
    double peak = 0;
    for (std::size_t t = 0; t < sh.amount.size(); ++t) peak = std::max(peak, sh.amount[t] * sh.phase[t]);
    const YAML::Node to = sh.type == Shock::Type::spend ? need(s, key, "regions") : need(s, key, "to");
    const std::string to_key = key + (sh.type == Shock::Type::spend ? ".regions" : ".to");
    sh.shock_regions = p.regions(to, to_key);
    sh.regions_text = YAML::Dump(to);
    sh.to_weights = ss.need.measure.given ? need_split(ss, sh) : p.split(s["split"], key + ".split", sh.shock_regions, peak);
    sh.per_head_split = s["split"] && s["split"].IsMap() && s["split"]["per_head"];
    if (!ss.need.measure.given) sh.split = split_text(s["split"]);
    if (sh.type == Shock::Type::redirect) {
      const auto donors = p.regions(need(s, key, "from"), key + ".from");
      for (auto d : donors)
        if (std::find(sh.shock_regions.begin(), sh.shock_regions.end(), d) != sh.shock_regions.end())
          throw p.err(s["from"], key + ".from", "region " + m.regions[d].code + " is both a donor and a recipient");
      if (s["from_split"] && s["from_split"].IsMap() && s["from_split"]["per_head"])
        throw p.err(s["from_split"], key + ".from_split", "per_head levels recipients up; donors give by population, gva, equal or weights");
      sh.from_weights = p.split(s["from_split"], key + ".from_split", donors, peak);
      sh.split += "; donors: " + split_text(s["from_split"]);
    }
    read_rd(s, ss, sh);
  }

  // How a split was written, for the results file: population, gva, equal, weights, per_head: BASELINE.
  static std::string split_text(const YAML::Node& n) {
    if (!n) return "population";
    if (n.IsScalar()) return n.Scalar();
    if (n.IsMap() && n["per_head"]) return n["per_head"].IsScalar() ? "per_head: " + n["per_head"].Scalar() : "per_head: given";
    return "weights";
  }

  // Recipients' shares by need (docs/scenarios.md, "Splits"), from the shipped context data.
  std::vector<double> need_split(const ShockSpec& ss, Shock& sh) const {
    const NeedSpec& n = ss.need;
    const SourceLocation& at = n.measure.at;
    const NeedMeasure* measure = need_measure(n.measure.value);
    if (sc.context.indicators.empty())
      throw spec_error(at, "model '" + m.id + "' has no shipped context data (data/uk/itl1 and itl2 context.csv, for the UK "
                               "models): choose split: population, gva, equal or weights");
    if (m.population.size() != R) throw spec_error(at, "model '" + m.id + "' has no population for a need split");
    const ContextIndicator* ind = sc.context.find(measure->indicator);
    if (!ind) throw spec_error(at, "the context data " + sc.context.file + " has no indicator " + measure->indicator);
    for (auto r : sh.shock_regions)
      if (!std::isfinite(ind->value[r]))
        throw spec_error(at, "no " + ind->code + " for region " + m.regions[r].code + " (" + m.regions[r].name +
                                 "), one of the shock's regions, in " + sc.context.file);
    const double share = n.share.given ? n.share.value : 1.0;
    const NeedShares w = need_shares(ind->value, m.population, sh.shock_regions, share);
    const std::string bench = text::num(std::round(w.benchmark * 100) / 100) + " " + ind->unit + " (" + ind->period + ")";
    if (!w.any_gap)
      throw spec_error(at, "every region of the shock is at or above the benchmark " + bench +
                               ", the population-weighted mean of the model's regions: the need split has nothing to share");
    sh.split = "need: " + n.measure.value + ", gap below " + bench + " x population, share " + text::num(share) +
               " (the rest by population)";
    return w.weights;
  }

  // R&D dynamics: on by default for the public_rd profile; rd: false turns them off; a map of
  // parameters (as written, or set by a sweep) turns them on.
  void read_rd(const YAML::Node& s, const ShockSpec& ss, Shock& sh) {
    const std::string& key = ss.at.key;
    const YAML::Node rd = s["rd"];
    const RdSpec& r = ss.rd;
    const bool any = r.leverage.given || r.leverage_lag.given || r.depreciation.given || r.rate_of_return.given ||
                     r.return_lag.given || r.spillover_share.given;
    sh.rd.enabled = any || r.is_map || (r.enabled.given ? r.enabled.value : sh.profile == "public_rd");
    if (r.leverage.given) sh.rd.leverage = r.leverage.value;
    if (r.leverage_lag.given) sh.rd.leverage_lag = int(r.leverage_lag.value);
    if (r.depreciation.given) sh.rd.depreciation = r.depreciation.value;
    if (r.rate_of_return.given) sh.rd.rate_of_return = r.rate_of_return.value;
    if (r.return_lag.given) sh.rd.return_lag = int(r.return_lag.value);
    if (r.spillover_share.given) sh.rd.spillover_share = r.spillover_share.value;
    if (sh.rd.enabled) {
      auto b = profiles.find("business_rd");
      if (b == profiles.end())
        throw p.err(rd ? rd : s["profile"], key + ".rd",
                    "R&D dynamics buy leveraged private R&D through the 'business_rd' profile, which is missing "
                    "or does not fit model '" + m.id + "' (set rd: false, or define the profile)");
      sh.private_rd_shares = b->second.shares;
      sh.private_import_share = b->second.imports;
      sh.private_local_sourcing = b->second.local;
      FinalDemandRole role;
      sh.private_category = parse_role(b->second.category, role) && m.category_with_role(role) != Model::npos
                                ? m.category_with_role(role)
                                : 0;
    }
  }

  void read_area(const YAML::Node& s, const std::string& key, Shock& sh) {
    sh.amount.assign(sc.years().size(), 0.0);
    sh.shock_regions = p.regions(need(s, key, "regions"), key + ".regions");
    sh.regions_text = YAML::Dump(s["regions"]);
    sh.region_mask.assign(R, false);
    for (auto r : sh.shock_regions) sh.region_mask[r] = true;
    sh.industry_mask = s["industries"] ? p.industries(s["industries"], key + ".industries")
                                       : std::vector<bool>(m.num_industries(), true);
  }

  void read_productivity(const YAML::Node& s, const ShockSpec& ss, Shock& sh) {
    const std::string& key = ss.at.key;
    sh.measure = ss.measure.value;
    if (ss.change.given && ss.target.given) throw spec_error(ss.target.at, "give either change or target, not both");
    if (ss.coverage.given) sh.coverage = ss.coverage.value;
    if (ss.target.given) sh.region_change = england_average(s, key, sh.shock_regions);
    else sh.change = ss.change.value;
    double peak_phase = 0;
    for (double f : sh.phase) peak_phase = std::max(peak_phase, f);
    double worst = sh.change;
    for (double c : sh.region_change) worst = std::min(worst, c);
    SourceLocation at = ss.phasing.kind == PhasingSpec::Kind::absent ? ss.at : ss.phasing.at;
    at.key = key + ".phasing";
    if (1.0 + worst * sh.coverage * peak_phase <= 0.1)
      throw spec_error(at, 
                  "the change times the phasing and coverage reaches " + text::num(worst * sh.coverage * peak_phase) +
                      ": output per job would fall by 90% or more");
  }

  // GVA per job of each region (GVA without allocated Extra-Regio) against England's: the change
  // that closes the gap for each of `regions`.
  std::vector<double> england_average(const YAML::Node& s, const std::string& key, const std::vector<std::size_t>& regions) const {
    bool has_jobs = false;
    for (const auto& ind : m.indicators) has_jobs = has_jobs || ind.code == "jobs";
    if (!has_jobs) throw p.err(s["target"], key + ".target", "model '" + m.id + "' has no jobs indicator to measure GVA per job");
    const std::size_t jobs = m.indicator_index("jobs");
    const Vector g = m.gva();
    std::vector<double> gva(R, 0.0), job(R, 0.0);
    for (std::size_t j = 0; j < m.num_sectors(); ++j) {
      gva[m.region_of(j)] += g[j];
      job[m.region_of(j)] += m.indicator_totals(jobs, j);
    }
    double eg = 0, ej = 0;
    const std::vector<double> extra = m.extra_regio_gva();
    for (std::size_t r = 0; r < R; ++r) gva[r] -= extra[r];
    // English: an ITL area by its code, an area of local authorities by its LADs (all in England;
    // Model::regions_inside_itl1, docs/data.md)
    for (std::size_t r : m.regions_inside_itl1(builtin_region_group("england"))) eg += gva[r], ej += job[r];
    if (ej <= 0) throw p.err(s["target"], key + ".target", "model '" + m.id + "' has no English regions");
    std::vector<double> change(R, 0.0);
    for (auto r : regions)
      change[r] = job[r] > 0 ? std::max(0.0, (eg / ej) / (gva[r] / job[r]) - 1.0) : 0.0;
    return change;
  }

  // local_procurement: the buying industries (buyers) and the supplying ones (suppliers, default all)
  // of the shock's regions (docs/scenarios.md, "local_procurement").
  void read_local_procurement(const YAML::Node& s, const ShockSpec& ss, Shock& sh) {
    const std::string& key = ss.at.key;
    sh.share_increase = ss.share_increase.value;
    sh.buyer_mask = p.industries(need(s, key, "buyers"), key + ".buyers");
    sh.industry_mask = s["suppliers"] ? p.industries(s["suppliers"], key + ".suppliers")
                                      : std::vector<bool>(m.num_industries(), true);
    // The local area: as written, else the shock's regions together where `regions` names one area
    // (a CA, an ITL area: "Greater Manchester buys from Greater Manchester"), each region its own for a
    // list or a group; one region is its own local area either way (the same numbers).
    sh.local_area_written = ss.local_area.given;
    sh.local_together = ss.local_area.given ? ss.local_area.value == "together" : p.names_one_area(s["regions"], key + ".regions");
    if (sh.shock_regions.size() < 2) sh.local_together = false;
  }

  // Event shocks (docs/scenarios.md, "Event shocks"; docs/methodology.md, "Event shocks").
  void read_event(const YAML::Node& s, const ShockSpec& ss, Shock& sh) {
    const std::string& key = ss.at.key;
    sh.sector_weights.assign(m.num_sectors(), 0.0);
    if (sh.type == Shock::Type::custom_spending) return read_custom_spending(ss, sh);
    sh.shock_regions = p.regions(need(s, key, "regions"), key + ".regions");
    sh.regions_text = YAML::Dump(s["regions"]);
    if (sh.type == Shock::Type::labour_income) return read_labour_income(s, ss, sh);
    if (s["split"] && s["split"].IsMap() && s["split"]["per_head"])
      throw p.err(s["split"], key + ".split", "per_head levels spending per head up; an " + ss.type.value +
                                                  " shock splits by population, gva, equal or weights");
    sh.amount = per_year(ss.amount);
    sh.to_weights = p.split(s["split"], key + ".split", sh.shock_regions, 0.0);
    if (sh.type == Shock::Type::household_income) {
      need_households(ss);
      for (auto r : sh.shock_regions)
        if (!m.household_gdhi.empty() && !(m.household_gdhi[r] > 0))
          throw spec_error(ss.at, "region " + m.regions[r].code + " has no disposable household income in model '" + m.id + "'");
      return;
    }
    // employment: the jobs of one industry, by region
    const std::vector<bool> mask = p.industries(need(s, key, "industry"), key + ".industry");
    if (std::count(mask.begin(), mask.end(), true) != 1)
      throw spec_error(ss.industry.at, "an employment shock needs one industry; '" + ss.industry.value + "' is " +
                                           std::to_string(std::count(mask.begin(), mask.end(), true)));
    const std::size_t i = std::size_t(std::find(mask.begin(), mask.end(), true) - mask.begin());
    const std::size_t jobs = m.indicator_index("jobs");
    if (jobs >= m.indicators.size())
      throw spec_error(ss.at, "model '" + m.id + "' has no jobs indicator to turn jobs into output");
    for (std::size_t r = 0; r < R; ++r) {
      if (sh.to_weights[r] == 0) continue;
      const std::size_t j = m.sector(r, i);
      if (!(m.indicator_totals(jobs, j) > 0) || !(m.output[j] > 0))
        throw spec_error(ss.industry.at, "region " + m.regions[r].code + " has no jobs in " + m.industries[i].code +
                                             " in model '" + m.id + "', so no output per job");
      sh.sector_weights[j] = sh.to_weights[r];
    }
  }

  void need_households(const ShockSpec& ss) const {
    if (m.category_with_role(FinalDemandRole::households) == Model::npos)
      throw spec_error(ss.type.at, "an " + ss.type.value + " shock is spent by households, and model '" + m.id +
                                       "' has no final-demand category with role households");
  }

  // labour_income: pay earned in the regions' (chosen) industries, shared by their compensation.
  void read_labour_income(const YAML::Node& s, const ShockSpec& ss, Shock& sh) {
    const std::string& key = ss.at.key;
    need_households(ss);
    const std::size_t pc = m.primary_with_role(PrimaryRole::compensation);
    if (pc == Model::npos) throw spec_error(ss.type.at, "model '" + m.id + "' has no compensation of employees row");
    const std::vector<bool> ind = s["industries"] ? p.industries(s["industries"], key + ".industries")
                                                  : std::vector<bool>(m.num_industries(), true);
    double total = 0;
    for (auto r : sh.shock_regions)
      for (std::size_t i = 0; i < m.num_industries(); ++i)
        if (ind[i]) total += sh.sector_weights[m.sector(r, i)] = std::max(0.0, m.primary(pc, m.sector(r, i)));
    if (!(total > 0))
      throw p.err(s["industries"] ? s["industries"] : s["regions"], key + (s["industries"] ? ".industries" : ".regions"),
                  "no compensation of employees in these regions and industries to raise");
    for (double& w : sh.sector_weights) w /= total;
    sh.amount = ss.uplift.given ? std::vector<double>(sc.years().size(), ss.uplift.value * total) : per_year(ss.amount);
  }

  // custom_spending: purchases by supplying region and industry, inline or from a CSV file.
  void read_custom_spending(const ShockSpec& ss, Shock& sh) {
    std::set<std::size_t> regs;
    double total = 0;
    for (const auto& pu : ss.purchases) {
      const std::size_t r = one_region(pu.region), i = one_industry(pu.industry);
      sh.sector_weights[m.sector(r, i)] += pu.amount.value;
      total += pu.amount.value;
      regs.insert(r);
    }
    const SourceLocation& at = ss.purchases_file.given ? ss.purchases_file.at : ss.purchases.front().amount.at;
    if (!(total > 0)) throw spec_error(at, "the purchases add up to 0");
    for (double& w : sh.sector_weights) w /= total;
    sh.amount.assign(sc.years().size(), total);
    sh.shock_regions.assign(regs.begin(), regs.end());
    for (auto r : regs) sh.regions_text += (sh.regions_text.empty() ? "" : ", ") + m.regions[r].code;
    sh.sourcing_category = Model::npos;
    FinalDemandRole role = FinalDemandRole::government;
    if (ss.category.given && (!parse_role(ss.category.value, role) || m.category_with_role(role) == Model::npos ||
                              role == FinalDemandRole::exports || role == FinalDemandRole::inventories))
      throw spec_error(ss.category.at, "unknown category '" + ss.category.value + "'" +
                                           text::did_you_mean(ss.category.value, {"households", "npish", "government", "gfcf"}) +
                                           " (known: households, npish, government, gfcf)");
    sh.sourcing_category = m.category_with_role(role);
  }
  std::size_t one_region(const Given<std::string>& g) const {
    for (std::size_t r = 0; r < R; ++r)
      if (text::iequals(m.regions[r].code, g.value) || text::iequals(m.regions[r].name, g.value)) return r;
    std::vector<names::Candidate> candidates;
    std::vector<std::string> known;
    for (const auto& r : m.regions) known.push_back(r.code), candidates.push_back({r.code, r.code}), candidates.push_back({r.name, r.name});
    throw spec_error(g.at, "unknown region '" + g.value + "'" + names::did_you_mean(g.value, candidates) +
                               " (a purchase names one region of the model: " + text::join(known, 20) + ")");
  }
  std::size_t one_industry(const Given<std::string>& g) const {
    for (std::size_t i = 0; i < m.num_industries(); ++i)
      if (m.industries[i].code == g.value || text::iequals(m.industries[i].name, g.value)) return i;
    std::vector<std::string> known;
    for (const auto& i : m.industries) known.push_back(i.code);
    throw spec_error(g.at, "unknown industry '" + g.value + "'" + names::did_you_mean(g.value, names::as_candidates(known)) +
                               " (a purchase names one industry of the model by code or name)");
  }

  // price_year and price_basis (docs/methodology.md, "Prices"): every amount of money to the
  // model's base-year basic prices. Absent keys: nothing is converted (factor 1, not applied).
  void resolve_prices(const ShippedData& data) {
    const PriceSpec& ps = spec.price;
    PriceConversion& pc = sc.price;
    const std::vector<int> years = sc.years();
    pc.stated = ps.price_year.given || ps.money.given || ps.valuation.given;
    pc.money = ps.money.given ? ps.money.value : "real";
    pc.valuation = ps.valuation.given ? ps.valuation.value : "basic";
    pc.price_year = pc.money == "real" ? int(ps.price_year.given ? ps.price_year.value : m.base_year) : 0;
    pc.factor.assign(years.size(), 1.0);
    if (!pc.stated) return;
    const SourceLocation at = ps.price_year.given ? ps.price_year.at : ps.money.given ? ps.money.at : ps.valuation.at;
    const DeflatorSeries d = read_gdp_deflator(data.data_dir);
    std::string why;
    const bool g = ps.deflator_growth.given;
    pc.base_deflator = deflator_of(d, m.base_year, g, ps.deflator_growth.value, why);
    if (!why.empty()) throw spec_error(at, "the model's base year: " + why);
    for (std::size_t t = 0; t < years.size(); ++t) {
      const int y = pc.money == "real" ? pc.price_year : years[t];
      pc.deflator.push_back(deflator_of(d, y, g, ps.deflator_growth.value, why));
      if (!why.empty()) throw spec_error(pc.money == "cash" ? ps.money.at : at, why);
      pc.factor[t] = pc.base_deflator / pc.deflator[t];
    }
    pc.source = "ONS GDP implied deflator YBGB (2023 = 100), Quarterly national accounts, release of 31 March 2026 (" +
                d.file + ")";
    if (g) pc.source += "; after " + std::to_string(d.index.rbegin()->first) + " grown at " + text::num(ps.deflator_growth.value) +
                        " a year (deflator_growth, an assumption of the scenario)";
    if (sc.shocks.size() != spec.shocks.size()) return;  // a shock did not resolve: its error is recorded
    for (std::size_t h = 0; h < sc.shocks.size(); ++h) convert_shock(data, h);
  }
  void convert_shock(const ShippedData& data, std::size_t h) {
    Shock& sh = sc.shocks[h];
    const bool spending = sh.type == Shock::Type::spend || sh.type == Shock::Type::redirect || sh.type == Shock::Type::custom_spending;
    const bool income = sh.type == Shock::Type::household_income ||
                        (sh.type == Shock::Type::labour_income && !spec.shocks[h].uplift.given);
    if (!spending && !income) return;
    if (spending && sc.price.valuation == "purchasers") {
      std::string why;
      sh.valuation_ratio = purchasers_to_basic(data.data_dir, m.final_demand_categories[sh.sourcing_category].role, why);
      if (!why.empty()) throw spec_error(spec.shocks[h].at, why);
    }
    sh.price_factor.resize(sh.amount.size());
    for (std::size_t t = 0; t < sh.amount.size(); ++t) {
      sh.price_factor[t] = sc.price.factor[t] * sh.valuation_ratio;
      sh.amount[t] *= sh.price_factor[t];
    }
  }
};


// The model a spec names: a shipped id, or a path relative to the scenario file.
std::string model_location(const ScenarioSpec& spec) {
  std::string loc = spec.model.value;
  const fs::path rel = fs::path(spec.file).parent_path() / loc;
  if (fs::path(loc).is_relative() && fs::exists(rel)) loc = rel.string();
  return loc;
}

// Reads a spec, loads its model unless one is given, and resolves: every error in `diag`.
Scenario read_and_resolve(yaml::Source source, const ModelSettings& settings, Model& model, bool model_given,
                          const ScenarioData& data, yaml::Diagnostics& diag) {
  const ScenarioSpec spec = read_scenario_spec_source(std::move(source), diag);
  const YAML::Node& root = spec.source->src.root;
  if (!root.IsMap()) diag.throw_if_any();
  if (spec.model.value.empty()) {
    diag.throw_if_any();
    throw yaml::error_at(spec.source->src, root, "model", "missing required key 'model'");
  }
  std::string path;
  try {
    path = model_given ? model.id : resolve_model(model_location(spec), settings);
    if (!model_given) model = load_model(model_location(spec), settings);
  } catch (const InputError& e) {
    diag.add(yaml::error_at(spec.source->src, root["model"], "model", std::string("cannot load the model: ") + e.message()));
    diag.throw_if_any();
  }
  if (!spec.years_readable) {
    first_year_before_base(spec, model, diag);
    diag.throw_if_any();  // the rest depends on the years: report what was found so far
    throw yaml::error_at(spec.source->src, root, "years", "no valid years");
  }
  timeline::mark("scenario: model loaded");
  Scenario sc = resolve_scenario(spec, model, data, diag);
  sc.model_path = path;
  diag.throw_if_any();
  return sc;
}

// Price conversion after every shock is resolved (a shock that did not resolve is not converted).
void p_attempt_prices(ScenarioReader& r, yaml::Diagnostics& diag, const ShippedData& data) {
  record_errors(diag, [&] { r.resolve_prices(data); });
}

ShippedData read_shipped(const ModelSettings& settings, const std::string& profiles_dir) {
  ShippedData d;
  d.data_dir = data_dir(settings);
  const std::string file =
      (fs::path(profiles_dir.empty() ? shipped_scenarios_dir() : profiles_dir) / "profiles.yaml").string();
  try {
    if (fs::exists(file)) d.profiles = yaml::load(file);
  } catch (const InputError& e) {
    d.profiles_error = e;
  }
  const fs::path uk = fs::path(d.data_dir) / "uk";
  std::error_code ec;
  for (const auto& level : fs::directory_iterator(uk, ec))
    for (const char* name : {"rd_per_head_2016.csv", "gva_real_trend.csv", "productivity_trend.csv"})
      if (const fs::path f = level.path() / name; fs::exists(f)) d.tables.emplace(f.string(), csv::read(f.string()));
  return d;
}

}  // namespace

ScenarioData load_scenario_data(const ModelSettings& settings, const std::string& profiles_dir) {
  return ScenarioData{std::make_shared<const ShippedData>(read_shipped(settings, profiles_dir))};
}

Scenario resolve_scenario(const ScenarioSpec& spec, const Model& model, const ScenarioData& data, yaml::Diagnostics& diag) {
  Scenario sc;
  sc.file = spec.file;
  sc.text = spec.text;
  sc.name = spec.name.value;
  sc.description = spec.description.value;
  sc.model_spec = spec.model.value;
  sc.model_path = model.id;
  ScenarioReader r(spec, model, *data.shipped, diag, sc);
  if (!r.resolve_years()) {
    diag.throw_if_any();
    throw yaml::error_at(r.src, r.root, "years", "no valid years");
  }
  r.resolve_type_prices_appraisal();
  if (spec.additionality_readable) {
    try {
      sc.additionality = r.additionality(spec.additionality, false);
    } catch (const InputError& e) {
      diag.add(e);
    }
  }
  r.read_groups();
  r.read_baseline();
  r.read_all_profiles(*data.shipped);
  r.read_context(*data.shipped);
  r.read_shocks();
  p_attempt_prices(r, diag, *data.shipped);
  record_errors(diag, [&] { sc.labour = resolve_labour_supply(spec.labour_supply, model, data.shipped->data_dir); });
  return sc;
}

Scenario resolve_scenario(const ScenarioSpec& spec, const Model& model, const ScenarioData& data) {
  yaml::Diagnostics diag;
  Scenario sc = resolve_scenario(spec, model, data, diag);
  diag.throw_if_any();
  return sc;
}

Scenario read_scenario(const std::string& path, const ModelSettings& settings, Model& model, std::vector<std::string>* errors,
                       const std::string& profiles_dir) {
  yaml::Diagnostics diag;
  try {
    return read_and_resolve(yaml::load(path), settings, model, false, load_scenario_data(settings, profiles_dir), diag);
  } catch (const InputError&) {
    if (errors)
      for (const auto& e : diag.errors()) errors->push_back(e.what());
    throw;
  }
}

Scenario read_scenario_text(const std::string& text, const std::string& file, const ModelSettings& settings, Model& model,
                            bool model_given, const std::string& profiles_dir) {
  yaml::Diagnostics diag;
  return read_and_resolve(yaml::parse(text, file), settings, model, model_given, load_scenario_data(settings, profiles_dir),
                          diag);
}

Scenario read_scenario_text(const std::string& text, const std::string& file, const ModelSettings& settings, Model& model,
                            bool model_given, const ScenarioData& data) {
  yaml::Diagnostics diag;
  return read_and_resolve(yaml::parse(text, file), settings, model, model_given, data, diag);
}

Scenario read_scenario_source(yaml::Source source, const ModelSettings& settings, Model& model, bool model_given,
                              const ScenarioData& data) {
  yaml::Diagnostics diag;
  return read_and_resolve(std::move(source), settings, model, model_given, data, diag);
}

}  // namespace devolve
