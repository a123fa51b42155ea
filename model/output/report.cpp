#include "devolve/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>

#include "devolve/error.hpp"
#include "devolve/multipliers.hpp"
#include "devolve/scenario_run.hpp"
#include "devolve/summary.hpp"
#include "devolve/sweep.hpp"
#include "base/h5file.hpp"
#include "base/text.hpp"

namespace devolve {

namespace {

std::string fmt(double v, int decimals = 1) { return text::thousands(v, decimals); }

std::size_t index_of(const std::vector<std::string>& v, const std::string& x) {
  return std::size_t(std::find(v.begin(), v.end(), x) - v.begin());
}

std::string scenario_report(const H5File& h, bool json) {
  const std::string g = "/results";
  const auto regions = h.read_strings(g + "/region"), region_names = h.read_strings(g + "/region_name");
  const auto industries = h.read_strings(g + "/industry"), industry_names = h.read_strings(g + "/industry_name");
  const auto measures = h.read_strings(g + "/measure"), units = h.read_strings(g + "/measure_unit");
  const auto shocks = h.read_strings(g + "/shock");
  const auto years = h.read_ints(g + "/year");
  std::vector<std::size_t> shape;
  const auto br = h.read_doubles(g + "/by_region", shape);
  const auto cum = h.read_doubles(g + "/cumulative_by_region", shape);
  const auto total = h.read_doubles(g + "/total", shape);
  const auto landing = h.read_doubles(g + "/landing", shape);
  const bool v11 = h.exists(g + "/baseline_by_region");  // format 1.1 adds baseline, present values, gaps
  std::vector<double> base, pv, gaps, supply_pv;
  std::vector<std::string> gap_names;
  if (v11) {
    base = h.read_doubles(g + "/baseline_by_region", shape);
    pv = h.read_doubles(g + "/present_value", shape);
    gaps = h.read_doubles(g + "/gaps", shape);
    gap_names = h.read_strings(g + "/gap");
    supply_pv = h.read_doubles(g + "/present_value_supply_side_gva", shape);
  }
  const std::size_t M = measures.size(), Y = years.size(), R = regions.size(), S = industries.size(), H = shocks.size();
  // Headline measures, in this order where present.
  std::vector<std::size_t> head;
  for (const char* k : {"jobs", "gva", "income", "output", "ghg"})
    if (index_of(measures, k) < M) head.push_back(index_of(measures, k));
  auto at = [&](std::size_t m, std::size_t y, std::size_t r) { return br[(m * Y + y) * R + r]; };
  std::ostringstream o;
  const std::string name = h.read_attr_string("/", "scenario_name");
  if (json) {
    o << "{\n  \"file_type\": \"devolve-scenario-results\",\n  \"scenario\": " << json_quote(name)
      << ",\n  \"model_id\": " << json_quote(h.read_attr_string("/", "model_id")) << ",\n  \"prices\": "
      << json_quote(h.read_attr_string("/", "prices")) << ",\n  \"closure\": " << json_quote(h.read_attr_string("/", "closure"))
      << ",\n  \"years\": [";
    for (std::size_t y = 0; y < Y; ++y) o << (y ? ", " : "") << years[y];
    o << "],\n  \"units\": {";
    for (std::size_t m = 0; m < M; ++m) o << (m ? ", " : "") << json_quote(measures[m]) << ": " << json_quote(units[m]);
    o << "},\n  \"regions\": [\n";
    for (std::size_t r = 0; r < R; ++r) {
      o << "    {\"code\": " << json_quote(regions[r]) << ", \"name\": " << json_quote(region_names[r]) << ", \"final_year\": {";
      for (std::size_t m = 0; m < M; ++m) o << (m ? ", " : "") << json_quote(measures[m]) << ": " << text::num(at(m, Y - 1, r));
      o << "}, \"cumulative\": {";
      for (std::size_t m = 0; m < M; ++m) o << (m ? ", " : "") << json_quote(measures[m]) << ": " << text::num(cum[m * R + r]);
      o << "}}" << (r + 1 < R ? "," : "") << "\n";
    }
    o << "  ],\n  \"by_year\": [\n";
    for (std::size_t y = 0; y < Y; ++y) {
      o << "    {\"year\": " << years[y];
      for (std::size_t m = 0; m < M; ++m) {
        double s = 0;
        for (std::size_t r = 0; r < R; ++r) s += at(m, y, r);
        o << ", " << json_quote(measures[m]) << ": " << text::num(s);
      }
      o << "}" << (y + 1 < Y ? "," : "") << "\n";
    }
    o << "  ],\n  \"shocks\": [\n";
    for (std::size_t k = 0; k < H; ++k) {
      o << "    {\"label\": " << json_quote(shocks[k]);
      for (std::size_t p = 0; p < 2; ++p) {
        o << ", \"" << (p == 0 ? "in_shock_regions" : "elsewhere") << "\": {";
        for (std::size_t m = 0; m < M; ++m) {
          double s = 0;
          for (std::size_t y = 0; y < Y; ++y) s += landing[((k * 2 + p) * M + m) * Y + y];
          o << (m ? ", " : "") << json_quote(measures[m]) << ": " << text::num(s);
        }
        o << "}";
      }
      o << "}" << (k + 1 < H ? "," : "") << "\n";
    }
    o << "  ]";
    if (v11) {
      o << ",\n  \"present_value\": {";
      for (std::size_t m = 0; m < M; ++m) {
        double s = 0;
        for (std::size_t r = 0; r < R; ++r) s += pv[m * R + r];
        o << (m ? ", " : "") << json_quote(measures[m]) << ": " << text::num(s);
      }
      double sp = 0;
      for (double x : supply_pv) sp += x;
      o << "},\n  \"present_value_supply_side_gva\": " << text::num(sp) << ",\n  \"gaps_final_year\": {";
      const std::size_t G = gap_names.size();
      for (std::size_t k = 0; k < G; ++k) {
        const double b = gaps[((0 * Y) + Y - 1) * G + k], s = gaps[((1 * Y) + Y - 1) * G + k];
        o << (k ? ", " : "") << json_quote(gap_names[k]) << ": {\"baseline\": " << (std::isfinite(b) ? text::num(b) : "null")
          << ", \"scenario\": " << (std::isfinite(s) ? text::num(s) : "null") << "}";
      }
      o << "}";
    }
    o << "\n}\n";
    return o.str();
  }
  o << "scenario   " << name << "\n";
  o << "model      " << h.read_attr_string("/", "model_id") << " (checksum " << h.read_attr_string("/", "model_checksum")
    << "), Type " << h.read_attr_string("/", "closure") << ", " << h.read_attr_string("/", "currency") << " at "
    << h.read_attr_string("/", "prices") << "\n";
  o << "years      " << years.front() << "-" << years.back() << "\n\n";
  char line[512];
  auto header = [&](const char* first) {
    std::snprintf(line, sizeof line, "%-34s", first);
    o << line;
    for (auto m : head) {
      std::snprintf(line, sizeof line, " %16s", measures[m].c_str());
      o << line;
    }
    o << "\n";
  };
  o << "Net change by region in " << years.back() << " (and summed over " << years.front() << "-" << years.back() << ")\n";
  header("region");
  std::vector<double> sum_last(M, 0), sum_cum(M, 0);
  for (std::size_t r = 0; r <= R; ++r) {
    const bool all = r == R;
    std::snprintf(line, sizeof line, "%-34s", all ? "total" : (regions[r] + " " + region_names[r]).substr(0, 34).c_str());
    o << line;
    for (auto m : head) {
      double v = 0;
      if (all) v = sum_last[m];
      else sum_last[m] += v = at(m, Y - 1, r);
      std::snprintf(line, sizeof line, " %16s", fmt(v).c_str());
      o << line;
    }
    o << "\n";
  }
  std::snprintf(line, sizeof line, "%-34s", "total summed over the years");
  o << line;
  for (auto m : head) {
    double v = 0;
    for (std::size_t r = 0; r < R; ++r) v += cum[m * R + r];
    std::snprintf(line, sizeof line, " %16s", fmt(v).c_str());
    o << line;
  }
  o << "\n\nBy year, UK total\n";
  header("year");
  for (std::size_t y = 0; y < Y; ++y) {
    std::snprintf(line, sizeof line, "%-34lld", static_cast<long long>(years[y]));
    o << line;
    for (auto m : head) {
      double v = 0;
      for (std::size_t r = 0; r < R; ++r) v += at(m, y, r);
      std::snprintf(line, sizeof line, " %16s", fmt(v).c_str());
      o << line;
    }
    o << "\n";
  }
  // Largest industries by the first headline measure, summed over regions and years.
  if (!head.empty()) {
    const std::size_t m0 = head[0];
    std::vector<double> by_ind(S, 0.0);
    for (std::size_t y = 0; y < Y; ++y)
      for (std::size_t r = 0; r < R; ++r)
        for (std::size_t s = 0; s < S; ++s) by_ind[s] += total[((m0 * Y + y) * R + r) * S + s];
    std::vector<std::size_t> order(S);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return std::abs(by_ind[a]) > std::abs(by_ind[b]); });
    o << "\nLargest industries by " << measures[m0] << " (" << units[m0] << "), summed over regions and years\n";
    for (std::size_t k = 0; k < std::min<std::size_t>(8, S); ++k) {
      std::snprintf(line, sizeof line, "  %-12s %-48s %16s\n", industries[order[k]].c_str(),
                    industry_names[order[k]].substr(0, 48).c_str(), fmt(by_ind[order[k]]).c_str());
      o << line;
    }
  }
  o << "\nWhere effects land, summed over the years: in the shock's regions / elsewhere\n";
  for (std::size_t k = 0; k < H; ++k) {
    o << "  " << shocks[k] << ":";
    for (auto m : head) {
      double in = 0, out = 0;
      for (std::size_t y = 0; y < Y; ++y) {
        in += landing[((k * 2 + 0) * M + m) * Y + y];
        out += landing[((k * 2 + 1) * M + m) * Y + y];
      }
      o << "  " << measures[m] << " " << fmt(in) << " / " << fmt(out);
    }
    o << "\n";
  }
  if (v11) {
    o << "\nBaseline and scenario in " << years.back() << ", UK total\n";
    header("");
    for (int c = 0; c < 3; ++c) {
      std::snprintf(line, sizeof line, "%-34s", c == 0 ? "baseline" : c == 1 ? "scenario" : "change (%)");
      o << line;
      for (auto m : head) {
        double b = 0, d = 0;
        for (std::size_t r = 0; r < R; ++r) b += base[(m * Y + Y - 1) * R + r], d += at(m, Y - 1, r);
        const double v = c == 0 ? b : c == 1 ? b + d : (b != 0 ? 100.0 * d / b : 0.0);
        std::snprintf(line, sizeof line, " %16s", fmt(v, c == 2 ? 4 : 1).c_str());
        o << line;
      }
      o << "\n";
    }
    std::snprintf(line, sizeof line, "%-34s", "present value (appraisal year)");
    o << "\n" << line;
    for (auto m : head) {
      double s = 0;
      for (std::size_t r = 0; r < R; ++r) s += pv[m * R + r];
      std::snprintf(line, sizeof line, " %16s", measures[m] == "jobs" || measures[m] == "fte" || measures[m] == "ghg" ? "" : fmt(s).c_str());
      o << line;
    }
    double sp = 0;
    for (double x : supply_pv) sp += x;
    o << "\n  of which supply-side GVA from R&D: " << fmt(sp) << " (" << h.read_attr_string("/", "currency") << ")\n";
    const std::size_t G = gap_names.size();
    o << "\nGVA per head gaps in " << years.back() << " (baseline -> scenario)\n";
    for (std::size_t k = 0; k < G; ++k) {
      const double b = gaps[(0 * Y + Y - 1) * G + k], s = gaps[(1 * Y + Y - 1) * G + k];
      if (!std::isfinite(b)) continue;
      std::snprintf(line, sizeof line, "  %-30s %10.5f -> %10.5f\n", gap_names[k].c_str(), b, s);
      o << line;
    }
  }
  o << "\nunits:";
  for (auto m : head) o << " " << measures[m] << " in " << units[m] << (m == head.back() ? "" : ";");
  o << ". Jobs are jobs in the year (summed over years: job-years). Net of additionality.\n";
  return o.str();
}

std::string multipliers_report(const H5File& h, bool json) {
  const std::string g = "/multipliers";
  const auto regions = h.read_strings(g + "/region"), industries = h.read_strings(g + "/industry");
  const auto measures = h.read_strings(g + "/measure");
  const bool ii = h.exists(g + "/type_ii");
  std::vector<std::size_t> shape;
  const auto v = h.read_doubles(g + (ii ? "/type_ii" : "/type_i"), shape);
  const std::size_t R = regions.size(), S = industries.size(), M = measures.size();
  std::ostringstream o;
  if (json) {
    o << "{\n  \"file_type\": \"devolve-multipliers\",\n  \"model_id\": " << json_quote(h.read_attr_string("/", "model_id"))
      << ",\n  \"type\": \"" << (ii ? "II" : "I") << "\",\n  \"mean_by_region\": [\n";
  } else {
    o << "multipliers of " << h.read_attr_string("/", "model_id") << ": mean Type " << (ii ? "II" : "I")
      << " multiplier over the industries of each region (sectors with no output left out)\n";
    char line[256];
    std::snprintf(line, sizeof line, "%-8s", "region");
    o << line;
    for (std::size_t m = 0; m < M; ++m) {
      std::snprintf(line, sizeof line, " %12s", measures[m].c_str());
      o << line;
    }
    o << "\n";
  }
  for (std::size_t r = 0; r < R; ++r) {
    std::vector<double> mean(M, 0.0);
    for (std::size_t m = 0; m < M; ++m) {
      std::size_t c = 0;
      for (std::size_t s = 0; s < S; ++s) {
        const double x = v[(m * R + r) * S + s];
        if (std::isfinite(x)) mean[m] += x, ++c;
      }
      mean[m] = c ? mean[m] / double(c) : 0;
    }
    if (json) {
      o << "    {\"region\": " << json_quote(regions[r]);
      for (std::size_t m = 0; m < M; ++m) o << ", " << json_quote(measures[m]) << ": " << text::num(mean[m]);
      o << "}" << (r + 1 < R ? "," : "") << "\n";
    } else {
      char line[256];
      std::snprintf(line, sizeof line, "%-8s", regions[r].c_str());
      o << line;
      for (std::size_t m = 0; m < M; ++m) {
        std::snprintf(line, sizeof line, " %12.4g", mean[m]);
        o << line;
      }
      o << "\n";
    }
  }
  if (json) o << "  ]\n}\n";
  return o.str();
}

std::string sweep_report(const H5File& h, bool json) {
  const std::string g = "/sweep";
  const auto measures = h.read_strings(g + "/measure"), units = h.read_strings(g + "/measure_unit");
  const auto inputs = h.read_strings(g + "/input");
  const auto years = h.read_ints(g + "/year");
  std::vector<std::size_t> shape;
  const auto nq = h.read_doubles(g + "/national_quantiles", shape);  // (quantile, measure, year)
  const std::size_t M = measures.size(), Y = years.size(), K = inputs.size();
  const bool sobol = h.exists(g + "/sobol_first");
  std::vector<double> s1, st;
  if (sobol) s1 = h.read_doubles(g + "/sobol_first", shape), st = h.read_doubles(g + "/sobol_total", shape);
  const char* qn[] = {"p05", "p25", "p50", "p75", "p95"};
  std::ostringstream o;
  if (json) {
    o << "{\n  \"file_type\": \"devolve-sweep-results\",\n  \"scenario\": " << json_quote(h.read_attr_string("/", "scenario_name"))
      << ",\n  \"sampler\": " << json_quote(h.read_attr_string("/", "sampler")) << ",\n  \"runs\": "
      << h.read_attr_ints("/", "runs").at(0) << ",\n  \"final_year\": " << years.back() << ",\n  \"national_quantiles\": {";
    for (std::size_t m = 0; m < M; ++m) {
      o << (m ? ", " : "") << json_quote(measures[m]) << ": {";
      for (std::size_t q = 0; q < 5; ++q) o << (q ? ", " : "") << "\"" << qn[q] << "\": " << text::num(nq[(q * M + m) * Y + Y - 1]);
      o << "}";
    }
    o << "}";
    if (sobol) {
      o << ",\n  \"sobol\": {";
      for (std::size_t m = 0; m < M; ++m) {
        o << (m ? ", " : "") << json_quote(measures[m]) << ": {";
        for (std::size_t i = 0; i < K; ++i) {
          const double a = s1[(i * M + m) * Y + Y - 1], b = st[(i * M + m) * Y + Y - 1];
          o << (i ? ", " : "") << json_quote(inputs[i]) << ": {\"first\": " << (std::isfinite(a) ? text::num(a) : "null")
            << ", \"total\": " << (std::isfinite(b) ? text::num(b) : "null") << "}";
        }
        o << "}";
      }
      o << "}";
    }
    o << "\n}\n";
    return o.str();
  }
  o << "sweep      " << h.read_attr_string("/", "scenario_name") << ": " << h.read_attr_ints("/", "runs").at(0) << " runs ("
    << h.read_attr_string("/", "sampler") << ", seed " << h.read_attr_ints("/", "seed").at(0) << ")\n";
  o << "path       " << h.read_attr_string("/", "path") << "\n";
  o << "inputs     " << text::join(inputs, 20) << "\n\nUK total in " << years.back() << ": quantiles over the runs\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-10s %14s %14s %14s %14s %14s  %s\n", "measure", "5%", "25%", "50%", "75%", "95%", "unit");
  o << line;
  for (std::size_t m = 0; m < M; ++m) {
    std::snprintf(line, sizeof line, "%-10s", measures[m].c_str());
    o << line;
    for (std::size_t q = 0; q < 5; ++q) {
      std::snprintf(line, sizeof line, " %14s", fmt(nq[(q * M + m) * Y + Y - 1]).c_str());
      o << line;
    }
    o << "  " << units[m] << "\n";
  }
  if (sobol) {
    o << "\nSobol indices of the UK total in " << years.back() << " (first order / total)\n";
    for (std::size_t i = 0; i < K; ++i) {
      std::snprintf(line, sizeof line, "  %-36s", inputs[i].substr(0, 36).c_str());
      o << line;
      for (std::size_t m = 0; m < M; ++m) {
        std::snprintf(line, sizeof line, "  %s %6.3f / %6.3f", measures[m].c_str(), s1[(i * M + m) * Y + Y - 1],
                      st[(i * M + m) * Y + Y - 1]);
        o << line;
      }
      o << "\n";
    }
  }
  return o.str();
}

}  // namespace

std::string report(const std::string& file, bool json) {
  const H5File h = H5File::open(file);
  if (!h.has_attr("/", "file_type")) throw InputError(file, "not a devolve output file (no file_type attribute)");
  const std::string type = h.read_attr_string("/", "file_type");
  const auto v = h.read_attr_ints("/", "format_version");
  if (type == "devolve-scenario-results") {
    if (v.empty() || v[0] != results_format_major)
      throw InputError(file, "results format version " + (v.empty() ? std::string("?") : std::to_string(v[0])) +
                                 " is not readable by this devolve (reads " + std::to_string(results_format_major) + ")");
    return scenario_report(h, json);
  }
  if (type == "devolve-multipliers") {
    if (v.empty() || v[0] != multipliers_format_major)
      throw InputError(file, "multipliers format version is not readable by this devolve");
    return multipliers_report(h, json);
  }
  if (type == "devolve-sweep-results") {
    if (v.empty() || v[0] != sweep_format_major) throw InputError(file, "sweep format version is not readable by this devolve");
    return sweep_report(h, json);
  }
  throw InputError(file, "file_type '" + type + "' is not one devolve report reads (scenario results, sweep results, multipliers)");
}

}  // namespace devolve
