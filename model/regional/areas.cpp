// User-defined geographies: areas made of LADs, ITL3, ITL2 or ITL1 areas (docs/data.md).
#include "regional/areas.hpp"

#include <filesystem>
#include <map>
#include <set>

#include "base/csv.hpp"
#include "base/names.hpp"
#include "base/text.hpp"
#include "devolve/error.hpp"

namespace fs = std::filesystem;

namespace devolve::regional {

namespace {

InputError error_at(const BuildConfig& c, const SourcePlace& p, const std::string& message) {
  return InputError(c.path, p.line, p.column, p.key, message, p.source_line);
}

ResolvedArea resolved(const std::string& code, const std::string& name, std::vector<std::string> lads) {
  ResolvedArea a;
  a.code = code, a.name = name, a.lads = std::move(lads);
  return a;
}

std::string describe(const LadInfo& l) { return l.code + " (" + l.name + ")"; }

// Every code and name a member may use, lower-cased, with the LADs it stands for. Codes come
// first; a name that is both a LAD's and an ITL area's means the LAD when they are the same LADs
// (Manchester, TLD33); a name of different areas ("North Yorkshire": the ITL2 area TLE2, York and
// North Yorkshire; the ITL3 area TLE22 and the LAD E06000065, North Yorkshire alone) is in
// `ambiguous`, an error where a member uses it (docs/scenarios.md, "Region references", rule 5).
struct MemberIndex {
  std::map<std::string, std::vector<std::size_t>> lads;
  std::map<std::string, std::string> ambiguous;  // name -> its areas, by code
  std::set<std::string> codes;                   // every LAD and ITL code (lower case), never ambiguous
  std::vector<names::Candidate> candidates;
};

MemberIndex member_index(const std::vector<LadInfo>& lads) {
  MemberIndex ix;
  std::map<std::string, std::vector<std::size_t>> by_name;
  for (std::size_t l = 0; l < lads.size(); ++l) {
    ix.lads[text::lower(lads[l].code)].push_back(l);
    ix.codes.insert(text::lower(lads[l].code));
    by_name[text::lower(lads[l].name)].push_back(l);
    for (int k = 0; k < 3; ++k) ix.lads[text::lower(lads[l].parent[k])].push_back(l), ix.codes.insert(text::lower(lads[l].parent[k]));
  }
  // name -> its meanings, finest first: {what, LADs}
  std::map<std::string, std::vector<std::pair<std::string, std::vector<std::size_t>>>> meanings;
  for (const auto& [name, v] : by_name)
    meanings[name].push_back({v.size() == 1 ? "the LAD '" + lads[v[0]].code + "'" : "the LADs named so", v});
  for (int k = 0; k < 3; ++k) {  // ITL3, ITL2, ITL1 names; a name already taken keeps its finer meaning
    std::map<std::string, std::vector<std::size_t>> level;
    for (std::size_t l = 0; l < lads.size(); ++l) level[text::lower(lads[l].parent_name[k])].push_back(l);
    for (auto& [name, v] : level) {
      const std::string code = lads[v[0]].parent[k];
      meanings[name].push_back({(k == 2 ? "the ITL1 region '" : "the ITL" + std::to_string(3 - k) + " area '") + code + "'", v});
      by_name.emplace(name, v);
    }
  }
  for (const auto& [name, m] : meanings) {
    std::vector<const std::pair<std::string, std::vector<std::size_t>>*> distinct;  // coarsest first
    for (auto it = m.rbegin(); it != m.rend(); ++it) {
      bool same = false;
      for (const auto* d : distinct) same = same || d->second == it->second;
      if (!same) distinct.push_back(&*it);
    }
    if (distinct.size() < 2) continue;
    std::string which;
    for (std::size_t i = 0; i < distinct.size(); ++i) {
      const auto& [what, v] = *distinct[i];
      which += (i == 0 ? "" : i + 1 == distinct.size() ? " and " : ", ") + what + " (" +
               (v.size() == 1 ? describe(lads[v[0]]) : std::to_string(v.size()) + " LADs") + ")";
    }
    ix.ambiguous.emplace(name, which);
  }
  for (auto& [name, v] : by_name) ix.lads.emplace(name, v);  // never replaces a code
  std::map<std::string, std::string> seen;
  for (const auto& l : lads) {
    seen.emplace(l.code, l.name);
    for (int k = 0; k < 3; ++k) seen.emplace(l.parent[k], l.parent_name[k]);
  }
  for (const auto& [code, name] : seen) {
    ix.candidates.push_back({code, code});
    ix.candidates.push_back({code, name});
  }
  return ix;
}

// The LADs in no listed area, grouped by their ITL parent (or each on its own).
void add_rest(BuildConfig& c, const std::vector<LadInfo>& lads, const std::vector<int>& area_of) {
  std::vector<std::size_t> left;
  for (std::size_t l = 0; l < lads.size(); ++l)
    if (area_of[l] < 0) left.push_back(l);
  if (left.empty()) return;
  if (c.rest == "none") {
    std::vector<std::string> list;
    for (std::size_t l : left) list.push_back(describe(lads[l]));
    throw error_at(c, c.rest_at,
                   std::to_string(left.size()) + " local authorities are in no area: " + text::join(list, 8) +
                       "; add them to an area, or set 'rest: itl1' (or itl2, itl3, lad) to group the rest");
  }
  if (c.rest == "lad") {
    for (std::size_t l : left) c.regions.push_back(resolved(lads[l].code, lads[l].name, {lads[l].code}));
    return;
  }
  const int k = c.rest == "itl3" ? 0 : c.rest == "itl2" ? 1 : 2;
  std::map<std::string, std::vector<std::size_t>> groups;  // ITL codes sort in their published order
  std::map<std::string, std::size_t> size;
  for (std::size_t l = 0; l < lads.size(); ++l) ++size[lads[l].parent[k]];
  for (std::size_t l : left) groups[lads[l].parent[k]].push_back(l);
  for (const auto& [code, members] : groups) {
    const bool whole = members.size() == size[code];
    const std::string& name = lads[members.front()].parent_name[k];
    ResolvedArea a = resolved(whole ? code : code + "-rest", whole ? name : "Rest of " + name, {});
    for (std::size_t l : members) a.lads.push_back(lads[l].code);
    c.regions.push_back(std::move(a));
  }
}

// Scenarios name an area by its code or its name, without case (docs/scenarios.md): no code or
// name of areas[a] may be a code or name of an earlier area, or one of them would never be reached.
void require_unique_labels(const BuildConfig& c, std::size_t a) {
  const AreaSpec& spec = c.areas[a];
  for (std::size_t b = 0; b < a; ++b) {
    const AreaSpec& other = c.areas[b];
    for (const auto* label : {&spec.code, &spec.name}) {
      if (!text::iequals(*label, other.code) && !text::iequals(*label, other.name)) continue;
      const bool code = label == &spec.code;
      throw error_at(c, code ? spec.at : spec.name_at,
                     std::string(code ? "area code '" : "area name '") + *label + "' is already used by areas[" +
                         std::to_string(b) + "] ('" + other.code + "', " + other.name +
                         "); scenarios name areas by code or name without case, so each must be unique");
    }
  }
}

}  // namespace

std::vector<LadInfo> read_lad_list(const std::string& file) {
  const csv::Table t = csv::read(file);
  const std::size_t code = csv::column(t, "code"), name = csv::column(t, "name");
  const std::size_t pc[3] = {csv::column(t, "itl3_code"), csv::column(t, "itl2_code"), csv::column(t, "itl1_code")};
  const std::size_t pn[3] = {csv::column(t, "itl3_name"), csv::column(t, "itl2_name"), csv::column(t, "itl1_name")};
  std::vector<LadInfo> out;
  std::map<std::string, int> seen;
  for (const auto& r : t.rows) {
    LadInfo l{r.fields[code].text, r.fields[name].text, {}, {}};
    for (int k = 0; k < 3; ++k) l.parent[k] = r.fields[pc[k]].text, l.parent_name[k] = r.fields[pn[k]].text;
    if (seen[l.code]++) csv::fail(t, r, code, "code", "LAD '" + l.code + "' is listed twice");
    out.push_back(std::move(l));
  }
  return out;
}

void resolve_areas(BuildConfig& c) {
  const std::vector<LadInfo> lads = read_lad_list((fs::path(c.inputs) / "lad" / "regions.csv").string());
  const MemberIndex ix = member_index(lads);
  std::vector<int> area_of(lads.size(), -1);
  std::vector<const AreaMember*> through(lads.size(), nullptr);
  std::map<std::string, std::size_t> codes;
  c.regions.clear();
  for (std::size_t a = 0; a < c.areas.size(); ++a) {
    const AreaSpec& spec = c.areas[a];
    if (!codes.emplace(spec.code, a).second)
      throw error_at(c, spec.at, "area code '" + spec.code + "' is used twice (first by areas[" +
                                     std::to_string(codes[spec.code]) + "])");
    require_unique_labels(c, a);
    ResolvedArea area = resolved(spec.code, spec.name, {});
    // Every unknown member of the list in one error, located at the first, each with its place.
    std::vector<const AreaMember*> unknown;
    for (const AreaMember& m : spec.members)
      if (!ix.lads.count(text::lower(m.text))) unknown.push_back(&m);
    if (!unknown.empty()) {
      auto one = [&](const AreaMember& m) { return "'" + m.text + "'" + names::did_you_mean(m.text, ix.candidates); };
      std::string others;
      for (std::size_t k = 1; k < unknown.size() && k <= 20; ++k)
        others += (k == 1 ? "" : "; ") + one(*unknown[k]) + " (line " + std::to_string(unknown[k]->at.line) + ", column " +
                  std::to_string(unknown[k]->at.column) + ")";
      if (unknown.size() > 21) others += "; and " + std::to_string(unknown.size() - 21) + " more";
      throw error_at(c, unknown[0]->at,
                     "unknown LAD, ITL3, ITL2 or ITL1 code or name " + one(*unknown[0]) +
                         (others.empty() ? "" : "; also unknown in this list: " + others));
    }
    for (const AreaMember& m : spec.members) {
      if (auto amb = ix.ambiguous.find(text::lower(m.text)); amb != ix.ambiguous.end() && !ix.codes.count(amb->first))
        throw error_at(c, m.at, "'" + m.text + "' names different areas: " + amb->second + "; write the code of the one meant");
      auto it = ix.lads.find(text::lower(m.text));
      for (std::size_t l : it->second) {
        if (area_of[l] >= 0) {
          const AreaMember& first = *through[l];
          const std::string where = area_of[l] == int(a) ? "this area" : "area '" + c.areas[std::size_t(area_of[l])].code + "'";
          throw error_at(c, m.at, "'" + m.text + "' overlaps " + where + ": " + describe(lads[l]) + " is already in it through '" +
                                      first.text + "' (line " + std::to_string(first.at.line) + ")");
        }
        area_of[l] = int(a);
        through[l] = &m;
        area.lads.push_back(lads[l].code);
      }
    }
    c.regions.push_back(std::move(area));
  }
  add_rest(c, lads, area_of);
  std::map<std::string, const LadInfo*> by_code;
  for (const auto& l : lads) by_code[l.code] = &l;
  for (auto& a : c.regions) {  // the ITL areas holding all of an area's LADs, and its LADs' names
    a.itl1 = by_code[a.lads.front()]->parent[2];
    a.itl2 = by_code[a.lads.front()]->parent[1];
    a.itl3 = by_code[a.lads.front()]->parent[0];
    std::set<std::string> itl3s;
    for (const auto& l : a.lads) {
      const LadInfo& lad = *by_code[l];
      a.lad_names.push_back(lad.name);
      itl3s.insert(lad.parent[0]);
      if (lad.parent[2] != a.itl1) a.itl1.clear();
      if (lad.parent[1] != a.itl2) a.itl2.clear();
      if (lad.parent[0] != a.itl3) a.itl3.clear();
    }
    a.itl3s.assign(itl3s.begin(), itl3s.end());
  }
  std::map<std::string, std::string> itl;
  for (const auto& l : lads)
    for (int k = 0; k < 3; ++k) itl.emplace(l.parent[k], l.parent_name[k]);
  c.itl_names.assign(itl.begin(), itl.end());
  for (std::size_t r = c.areas.size(); r < c.regions.size(); ++r)
    for (const AreaSpec& spec : c.areas) {
      const ResolvedArea& rest = c.regions[r];
      const bool code = text::iequals(spec.code, rest.code) || text::iequals(spec.code, rest.name);
      if (!code && !text::iequals(spec.name, rest.code) && !text::iequals(spec.name, rest.name)) continue;
      throw error_at(c, code ? spec.at : spec.name_at,
                     std::string(code ? "area code '" + spec.code : "area name '" + spec.name) +
                         "' is also the code or name of a rest-of-UK area ('" + rest.code + "', " + rest.name +
                         "); choose another");
    }
}

}  // namespace devolve::regional
