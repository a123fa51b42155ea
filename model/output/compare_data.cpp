#include "output/compare_data.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "base/h5file.hpp"
#include "base/names.hpp"
#include "base/text.hpp"
#include "output/html_pages.hpp"
#include "devolve/error.hpp"

namespace devolve {

namespace {

struct Raw {
  CompareSide side;
  std::vector<std::string> measures, units, regions, names;
  std::vector<long long> years;
  std::vector<double> by_region;  // (M, Y, R)
  // Areas made of local authorities (model metadata area.<code>) and the ITL1 region holding all
  // of an area's LADs (area_itl1.<code>; absent when they span several): docs/data.md.
  std::map<std::string, std::string> area_itl1;
  std::map<std::string, std::vector<std::string>> area_lads;  // area code -> its LAD codes
};

void read_areas(const H5File& f, Raw& r) {
  if (!f.exists("/model_metadata/key")) return;
  const auto keys = f.read_strings("/model_metadata/key"), values = f.read_strings("/model_metadata/value");
  for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i)
    if (keys[i].rfind("area_itl1.", 0) == 0) r.area_itl1[keys[i].substr(10)] = values[i];
  r.area_lads = html::area_members(f);
}

Raw read_raw(const std::string& file) {
  const H5File f = H5File::open(file);
  const auto str = [&](const char* n) { return f.has_attr("/", n) ? f.read_attr_string("/", n) : std::string(); };
  if (str("file_type") != "devolve-scenario-results")
    throw InputError(file, "not a devolve scenario results file (file_type '" + str("file_type") +
                               "'): devolve compare reads the output of devolve run");
  Raw r;
  r.side = {file, str("model_id"), str("model_checksum"), str("scenario_name"), str("closure"), {}};
  r.measures = f.read_strings("/results/measure");
  r.units = f.read_strings("/results/measure_unit");
  r.regions = f.read_strings("/results/region");
  r.names = f.read_strings("/results/region_name");
  for (const auto y : f.read_ints("/results/year")) r.years.push_back(y);
  std::vector<std::size_t> shape;
  r.by_region = f.read_doubles("/results/by_region", shape);
  read_areas(f, r);
  return r;
}

// The code region k of `r` is compared under: with --align itl1, its ITL1 region: an area of local
// authorities by the ITL1 region of its LADs (WYCA, TLE-rest -> TLE), an ITL code by its first three
// characters (TLD3 -> TLD). An area whose LADs span several ITL1 regions cannot be added to one.
std::string aligned_code(const Raw& r, std::size_t k, const std::string& align) {
  const std::string& code = r.regions[k];
  if (align != "itl1") return code;
  if (r.area_lads.count(code)) {
    const auto it = r.area_itl1.find(code);
    if (it != r.area_itl1.end() && !it->second.empty()) return it->second;
    throw UsageError("devolve compare: error: --align itl1: area '" + code + "' (" + r.names[k] + ") of " + r.side.file +
                     " is made of local authorities in several ITL1 regions, so it cannot be added to one; "
                     "use --align regions to compare the regions both files hold");
  }
  if (code.size() >= 3 && code.rfind("TL", 0) == 0) return code.substr(0, 3);
  return code;
}

// Whether `code` stands for the same local authorities in both files (both areas with equal LAD
// lists, or neither an area): TLE-rest of one geography is not TLE-rest of another.
bool same_lads(const Raw& a, const Raw& b, const std::string& code) {
  const auto lads = [&](const Raw& r) {  // the set of LAD codes, in whatever order the file lists them
    const auto it = r.area_lads.find(code);
    std::vector<std::string> v = it == r.area_lads.end() ? std::vector<std::string>() : it->second;
    std::sort(v.begin(), v.end());
    return v;
  };
  return lads(a) == lads(b);
}

// The name shown for an aligned code: the region's own name in A or B, or the ITL1 region's.
std::string aligned_name(const Raw& a, const Raw& b, const std::string& code) {
  for (const Raw* r : {&a, &b})
    for (std::size_t k = 0; k < r->regions.size(); ++k)
      if (r->regions[k] == code) return r->names[k];
  for (const auto& c : names::itl1_regions())
    if (c.write == code) return c.text;
  return code;
}

void refuse_different_models(const Raw& a, const Raw& b, const std::string& align) {
  if (!align.empty()) {
    if (align != "itl1" && align != "regions")
      throw UsageError("devolve compare: error: unknown --align '" + align + "' (use itl1 or regions)");
    return;
  }
  if (a.side.checksum == b.side.checksum && a.regions == b.regions) return;
  throw UsageError("devolve compare: error: " + a.side.file + " and " + b.side.file +
                   " come from different models (" + a.side.model_id + ", checksum " + a.side.checksum + ", " +
                   std::to_string(a.regions.size()) + " regions; " + b.side.model_id + ", checksum " +
                   b.side.checksum + ", " + std::to_string(b.regions.size()) +
                   " regions), so their numbers are not like for like. Pass --align regions to compare region by "
                   "region codes anyway, or --align itl1 to add both up to ITL1 regions.");
}

// by_region of one file on the common labels, regions summed into their aligned codes.
std::vector<double> project(const Raw& r, const CompareData& d, const std::string& align) {
  const std::size_t M = d.measures.size(), Y = d.years.size(), R = d.regions.size();
  std::vector<double> v(M * Y * R, 0.0);
  const std::size_t RY = r.years.size(), RR = r.regions.size();
  for (std::size_t m = 0; m < M; ++m) {
    const std::size_t rm = std::find(r.measures.begin(), r.measures.end(), d.measures[m]) - r.measures.begin();
    for (std::size_t y = 0; y < Y; ++y) {
      const std::size_t ry = std::find(r.years.begin(), r.years.end(), d.years[y]) - r.years.begin();
      for (std::size_t k = 0; k < RR; ++k) {
        const auto code = aligned_code(r, k, align);
        const std::size_t dr = std::find(d.regions.begin(), d.regions.end(), code) - d.regions.begin();
        if (dr < R) v[(m * Y + y) * R + dr] += r.by_region[(rm * RY + ry) * RR + k];
      }
    }
  }
  return v;
}

}  // namespace

CompareData compare_data(const std::string& a, const std::string& b, const CompareOptions& opts) {
  const Raw ra = read_raw(a), rb = read_raw(b);
  refuse_different_models(ra, rb, opts.align);
  CompareData d;
  for (std::size_t m = 0; m < ra.measures.size(); ++m)
    if (std::count(rb.measures.begin(), rb.measures.end(), ra.measures[m]))
      d.measures.push_back(ra.measures[m]), d.units.push_back(ra.units[m]);
  for (const auto y : ra.years)
    if (std::count(rb.years.begin(), rb.years.end(), y)) d.years.push_back(y);
  std::vector<std::string> ca, cb;
  for (std::size_t k = 0; k < ra.regions.size(); ++k) {
    const auto code = aligned_code(ra, k, opts.align);
    if (std::count(ca.begin(), ca.end(), code) == 0) ca.push_back(code);
  }
  for (std::size_t k = 0; k < rb.regions.size(); ++k) cb.push_back(aligned_code(rb, k, opts.align));
  std::vector<std::string> unlike;  // one code for different local authorities in A and B
  for (std::size_t k = 0; k < ca.size(); ++k) {
    if (!std::count(cb.begin(), cb.end(), ca[k])) continue;
    if (same_lads(ra, rb, ca[k])) d.regions.push_back(ca[k]);
    else unlike.push_back(ca[k]);
  }
  const bool all = d.regions.size() == ca.size() && d.regions.size() == std::set<std::string>(cb.begin(), cb.end()).size();
  d.total_label = all ? "UK total" : "total of the " + std::to_string(d.regions.size()) + " common regions";
  for (const auto& code : d.regions) d.region_names.push_back(aligned_name(ra, rb, code));
  d.a = ra.side, d.b = rb.side;
  d.a.v = project(ra, d, opts.align), d.b.v = project(rb, d, opts.align);
  d.note = "common years " + (d.years.empty() ? std::string("none") : std::to_string(d.years.front()) + "-" +
                                                                          std::to_string(d.years.back())) +
           ", " + std::to_string(d.measures.size()) + " common measures, " + std::to_string(d.regions.size()) +
           " common regions" + (opts.align.empty() ? "" : " (aligned: " + opts.align + ")") +
           (unlike.empty() ? "" : "; left out, as the same code stands for different local authorities in A and B: " +
                                      text::join(unlike, 12));
  return d;
}

}  // namespace devolve
