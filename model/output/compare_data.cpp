#include "output/compare_data.hpp"

#include <algorithm>

#include "base/h5file.hpp"
#include "devolve/error.hpp"

namespace devolve {

namespace {

struct Raw {
  CompareSide side;
  std::vector<std::string> measures, units, regions, names;
  std::vector<long long> years;
  std::vector<double> by_region;  // (M, Y, R)
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
  return r;
}

std::string aligned_code(const std::string& code, const std::string& align) {
  if (align == "itl1" && code.size() >= 3 && code.rfind("TL", 0) == 0) return code.substr(0, 3);
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
        const auto code = aligned_code(r.regions[k], align);
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
    const auto code = aligned_code(ra.regions[k], opts.align);
    if (std::count(ca.begin(), ca.end(), code) == 0) ca.push_back(code);
  }
  for (const auto& r : rb.regions) cb.push_back(aligned_code(r, opts.align));
  for (std::size_t k = 0; k < ca.size(); ++k)
    if (std::count(cb.begin(), cb.end(), ca[k])) d.regions.push_back(ca[k]);
  d.region_names.assign(d.regions.begin(), d.regions.end());
  for (std::size_t k = 0; k < ra.regions.size(); ++k) {
    const std::size_t i = std::find(d.regions.begin(), d.regions.end(), ra.regions[k]) - d.regions.begin();
    if (i < d.regions.size()) d.region_names[i] = ra.names[k];
  }
  d.a = ra.side, d.b = rb.side;
  d.a.v = project(ra, d, opts.align), d.b.v = project(rb, d, opts.align);
  d.note = "common years " + (d.years.empty() ? std::string("none") : std::to_string(d.years.front()) + "-" +
                                                                          std::to_string(d.years.back())) +
           ", " + std::to_string(d.measures.size()) + " common measures, " + std::to_string(d.regions.size()) +
           " common regions" + (opts.align.empty() ? "" : " (aligned: " + opts.align + ")");
  return d;
}

}  // namespace devolve
