#include "output/compare_data.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "base/h5file.hpp"
#include "base/text.hpp"
#include "output/html_pages.hpp"
#include "devolve/error.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/summary.hpp"

namespace devolve {

namespace {

struct Raw {
  CompareSide side;
  std::vector<std::string> measures, units, regions, names;
  std::vector<long long> years;
  std::vector<double> by_region;  // (M, Y, R)
  // Areas made of local authorities (model metadata area.<code>): docs/data.md.
  std::map<std::string, std::vector<std::string>> area_lads;  // area code -> its LAD codes
  std::vector<std::string> aligned, aligned_names;             // [region]: the code and name compared under
};

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
  r.area_lads = html::area_members(f);
  return r;
}

// The codes and names the regions of `r` are compared under: their own, or with --align itl1 their
// ITL1 regions by the grouping of --aggregate (region_grouping, summary.hpp): an ITL area by the
// ONS LAD to ITL lookup (TLD3 -> TLD), an area of local authorities by the ITL1 region of its LADs
// (WYCA, TLE-rest -> TLE). An area whose LADs span several ITL1 regions cannot be added to one.
void align_regions(Raw& r, const std::string& align, const std::string& data_dir) {
  r.aligned = r.regions, r.aligned_names = r.names;
  if (align != "itl1") return;
  RegionGrouping g;
  try {
    g = region_grouping(r.regions, "itl1", data_dir, r.side.file, r.area_lads);
  } catch (const InputError& e) {  // its message names --aggregate, the option it was written for
    const std::string prefix = "--aggregate itl1: ", m = e.message();
    throw UsageError("devolve compare: error: --align itl1: " + r.side.file + ": " +
                     (m.rfind(prefix, 0) == 0 ? m.substr(prefix.size()) : m) +
                     "; use --align regions to compare the regions both files hold");
  }
  for (std::size_t k = 0; k < r.regions.size(); ++k) r.aligned[k] = g.codes[g.of[k]], r.aligned_names[k] = g.names[g.of[k]];
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

// The name shown for an aligned code: the region's own name in A or B, or its ITL1 region's.
std::string aligned_name(const Raw& a, const Raw& b, const std::string& code) {
  for (const Raw* r : {&a, &b})
    for (std::size_t k = 0; k < r->regions.size(); ++k)
      if (r->regions[k] == code) return r->names[k];
  for (const Raw* r : {&a, &b})
    for (std::size_t k = 0; k < r->aligned.size(); ++k)
      if (r->aligned[k] == code) return r->aligned_names[k];
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
std::vector<double> project(const Raw& r, const CompareData& d) {
  const std::size_t M = d.measures.size(), Y = d.years.size(), R = d.regions.size();
  std::vector<double> v(M * Y * R, 0.0);
  const std::size_t RY = r.years.size(), RR = r.regions.size();
  for (std::size_t m = 0; m < M; ++m) {
    const std::size_t rm = std::find(r.measures.begin(), r.measures.end(), d.measures[m]) - r.measures.begin();
    for (std::size_t y = 0; y < Y; ++y) {
      const std::size_t ry = std::find(r.years.begin(), r.years.end(), d.years[y]) - r.years.begin();
      for (std::size_t k = 0; k < RR; ++k) {
        const std::size_t dr = std::find(d.regions.begin(), d.regions.end(), r.aligned[k]) - d.regions.begin();
        if (dr < R) v[(m * Y + y) * R + dr] += r.by_region[(rm * RY + ry) * RR + k];
      }
    }
  }
  return v;
}

}  // namespace

CompareData compare_data(const std::string& a, const std::string& b, const CompareOptions& opts) {
  Raw ra = read_raw(a), rb = read_raw(b);
  refuse_different_models(ra, rb, opts.align);
  const std::string data = opts.data_dir.empty() ? data_dir(ModelSettings{}) : opts.data_dir;
  align_regions(ra, opts.align, data), align_regions(rb, opts.align, data);
  CompareData d;
  for (std::size_t m = 0; m < ra.measures.size(); ++m)
    if (std::count(rb.measures.begin(), rb.measures.end(), ra.measures[m]))
      d.measures.push_back(ra.measures[m]), d.units.push_back(ra.units[m]);
  for (const auto y : ra.years)
    if (std::count(rb.years.begin(), rb.years.end(), y)) d.years.push_back(y);
  std::vector<std::string> ca;
  for (const auto& code : ra.aligned)
    if (std::count(ca.begin(), ca.end(), code) == 0) ca.push_back(code);
  const std::vector<std::string>& cb = rb.aligned;
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
  d.a.v = project(ra, d), d.b.v = project(rb, d);
  d.note = "common years " + (d.years.empty() ? std::string("none") : std::to_string(d.years.front()) + "-" +
                                                                          std::to_string(d.years.back())) +
           ", " + std::to_string(d.measures.size()) + " common measures, " + std::to_string(d.regions.size()) +
           " common regions" + (opts.align.empty() ? "" : " (aligned: " + opts.align + ")") +
           (unlike.empty() ? "" : "; left out, as the same code stands for different local authorities in A and B: " +
                                      text::join(unlike, 12));
  return d;
}

}  // namespace devolve
