// Dense LU against the structured solver on shipped models, and the structured solver alone on a
// synthetic large model made by splitting a shipped one (docs/performance.md, "Structured solver").
//
//   devolve_bench_structured model MODEL SOLVER [COLUMNS]
//       MODEL a shipped id or model file; SOLVER dense or structured. Builds Type I and Type II,
//       solves COLUMNS (default 20) seeded non-negative demand columns under both closures and
//       the Type I multipliers' left solve of the output and GVA rows by destination region.
//   devolve_bench_structured split MODEL PARTS [COLUMNS [--type-i-only | --multipliers]]
//       Reads MODEL's factored coefficients, splits every region into PARTS areas (below), and
//       times the structured Type I and Type II systems (synthetic households, add_households)
//       and COLUMNS solves under each; the n x n matrix is never formed. --multipliers also
//       times compute_multipliers (Type I and II, every measure, by destination region).
//
// Prints one JSON line: seconds of each stage, iterations, peak resident memory [GiB] and a
// checksum of the solutions (their sum), so two runs can be compared.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "cli/blas_tuning.hpp"
#include "devolve/leontief.hpp"
#include "devolve/model_cache.hpp"
#include "devolve/mrio_structure.hpp"
#include "devolve/multipliers.hpp"

using namespace devolve;
using clk = std::chrono::steady_clock;

namespace {

double since(clk::time_point t0) { return std::chrono::duration<double>(clk::now() - t0).count(); }

// User plus system CPU time of the whole process so far [s]
double cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

double peak_gib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / (1024.0 * 1024.0);
}

ModelSettings settings() {
  ModelSettings s;
  if (const char* d = std::getenv("DEVOLVE_CACHE_DIR")) s.cache_dir = d;
  return s;
}

// Seeded demand columns: each column spends on the industries of one region (uniform [0, 1)
// GBP million per industry), as a scenario's shock does.
Matrix demand(std::size_t rows, std::size_t regions, std::size_t industries, std::size_t columns) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Matrix y(rows, columns);
  for (std::size_t c = 0; c < columns; ++c) {
    const std::size_t r = (c * 7919) % regions;
    for (std::size_t i = 0; i < industries; ++i) y(r * industries + i, c) = u(rng);
  }
  return y;
}

double sum(const Matrix& m) {
  double s = 0;
  for (std::size_t j = 0; j < m.cols(); ++j)
    for (std::size_t i = 0; i < m.rows(); ++i) s += m(i, j);
  return s;
}

int bench_model(const std::string& id, const std::string& solver_text, std::size_t columns) {
  Solver solver = Solver::dense;
  if (!parse_solver(solver_text, solver)) return std::fprintf(stderr, "unknown solver %s\n", solver_text.c_str()), 2;
  const Model m = load_model(id, settings());
  const std::size_t n = m.num_sectors(), R = m.num_regions(), S = m.num_industries();
  auto t0 = clk::now();
  const Leontief t1(m, Closure::type_i, solver);
  const double build_i = since(t0);
  t0 = clk::now();
  const Leontief t2 = t1.with_households(m);
  const double build_ii = since(t0);
  const Matrix y = demand(n, R, S, columns);
  Matrix y2(n + R, columns);
  for (std::size_t c = 0; c < columns; ++c)
    for (std::size_t i = 0; i < n; ++i) y2(i, c) = y(i, c);
  t0 = clk::now();
  const Matrix x1 = t1.solve(y), x2 = t2.solve(y2);
  const double solve_s = since(t0);
  Matrix c(2 * R, n);  // output and GVA-per-output-like rows (ones) by destination region
  for (std::size_t j = 0; j < n; ++j) c(j / S, j) = 1.0, c(R + j / S, j) = 0.5;
  t0 = clk::now();
  const Matrix l = t1.left_solve(c);
  const double left_s = since(t0);
  Matrix c2(2 * R, n + R);
  for (std::size_t j = 0; j < n; ++j) c2(j / S, j) = 1.0, c2(R + j / S, j) = 0.5;
  t0 = clk::now();
  const Matrix l2 = t2.left_solve(c2);
  const double left_ii_s = since(t0);
  t0 = clk::now();
  const Multipliers mu = compute_multipliers(m, t1, &t2);
  const double multipliers_s = since(t0);
  double mu_sum = 0;
  for (double v : mu.type_ii_by_destination) mu_sum += v;
  std::printf("{\"model\": \"%s\", \"n\": %zu, \"solver\": \"%s\", \"type_i_s\": %.4f, \"type_ii_s\": %.4f, "
              "\"solve_s\": %.4f, \"columns\": %zu, \"left_solve_s\": %.4f, \"left_ii_s\": %.4f, \"left_rows\": %zu, "
              "\"multipliers_s\": %.4f, \"cpu_s\": %.3f, \"peak_gib\": %.3f, \"checksum\": %.15g, \"description\": \"%s\", "
              "\"description_ii\": \"%s\"}\n",
              id.c_str(), n, to_string(t1.solver()), build_i, build_ii, solve_s, columns, left_s, left_ii_s, c.rows(),
              multipliers_s, cpu_s(), peak_gib(), sum(x1) + sum(x2) + sum(l) + sum(l2) + mu_sum, t1.solver_description().c_str(),
              t2.solver_description().c_str());
  return 0;
}

// Splits every region p of a into `parts` areas: each keeps p's technology, buys 40% of what p
// bought from itself from other areas instead (smaller areas buy less locally), and sources
// purchases from other areas 30% from its sibling areas and 70% from the other regions' areas in
// p's trade shares, split evenly among their areas. Output per sector is irrelevant to A.
MrioStructure split(const MrioStructure& a, std::size_t parts) {
  const std::size_t P = a.regions, S = a.industries, R = P * parts;
  MrioStructure b{R, S, std::vector<double>(R * S * S), std::vector<double>(R * S * S), std::vector<double>(S * R * R, 0.0)};
  for (std::size_t s = 0; s < R; ++s)
    for (std::size_t e = 0; e < S * S; ++e) {
      const double own = a.own[(s / parts) * S * S + e];
      b.own[s * S * S + e] = 0.6 * own;
      b.bought[s * S * S + e] = a.bought[(s / parts) * S * S + e] + 0.4 * own;
    }
  const double sibling = parts > 1 ? 0.3 : 0.0;
  for (std::size_t i = 0; i < S; ++i)
    for (std::size_t s = 0; s < R; ++s)
      for (std::size_t u = 0; u < R; ++u) {
        if (u == s) continue;
        const std::size_t p = s / parts, q = u / parts;
        b.trade[i * R * R + u + s * R] = q == p ? sibling / double(parts - 1)
                                                : (1.0 - sibling) * a.trade[i * P * P + q + p * P] / double(parts);
      }
  return b;
}

// What Type II needs of the synthetic model: output 1 per sector, compensation 0.3 of it, and one
// households column per area spending 0.4 of its compensation, sourced like the area's
// intermediate purchases (half from itself, half from other areas in the trade shares T_i).
void add_households(const MrioStructure& a, Model& m) {
  const std::size_t R = a.regions, S = a.industries, n = R * S;
  m.final_demand_categories = {{"HH", "Households", FinalDemandRole::households}};
  m.primary_inputs = {{"COE", "Compensation", PrimaryRole::compensation}};
  m.output.assign(n, 1.0);
  m.primary = Matrix(1, n, 0.3);
  m.final_demand = Matrix(n, R);
  const double per_industry = 0.4 * 0.3;  // 0.4 of the compensation, 0.3 per unit of output of each industry
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t u = 0; u < R; ++u)
      for (std::size_t i = 0; i < S; ++i)
        m.final_demand(u * S + i, r) = per_industry * (u == r ? 0.5 : 0.5 * a.trade[i * R * R + u + r * R]);
}

int bench_split(const std::string& id, std::size_t parts, std::size_t columns, bool with_type_ii, bool with_multipliers) {
  auto t0 = clk::now();
  auto big = std::make_shared<MrioStructure>();
  Model labels;
  {
    const Model m = load_model(id, settings());
    MrioStructure a;
    if (!factor_coefficients(m, a)) return std::fprintf(stderr, "%s has no factored form\n", id.c_str()), 2;
    *big = split(a, parts);
    labels.id = id + "-split-" + std::to_string(parts);
    labels.industries = m.industries;
    // append rather than "A" + std::string: GCC 12 warns falsely (-Wrestrict) on that operator+
    for (std::size_t r = 0; r < big->regions; ++r) labels.regions.push_back({std::string("A").append(std::to_string(r)), ""});
  }
  const std::size_t n = big->sectors(), R = big->regions, S = big->industries;
  add_households(*big, labels);
  const double prepare_s = since(t0);
  t0 = clk::now();
  const Leontief t1(labels, big, Closure::type_i);
  const double build_s = since(t0);
  const Matrix y = demand(n, R, S, columns);
  t0 = clk::now();
  const Matrix x = t1.solve(y);
  const double solve_s = since(t0);
  double build_ii = -1, solve_ii = -1, sum_ii = 0, multipliers_s = -1;
  std::string description_ii;
  if (with_type_ii) {
    t0 = clk::now();
    const Leontief t2 = t1.with_households(labels);
    build_ii = since(t0);
    description_ii = t2.solver_description();
    Matrix y2(n + R, columns);
    for (std::size_t c = 0; c < columns; ++c)
      for (std::size_t i = 0; i < n; ++i) y2(i, c) = y(i, c);
    t0 = clk::now();
    sum_ii = sum(t2.solve(y2));
    solve_ii = since(t0);
    if (with_multipliers) {
      t0 = clk::now();
      const Multipliers mu = compute_multipliers(labels, t1, &t2);
      multipliers_s = since(t0);
      for (double v : mu.type_ii_by_destination) sum_ii += v;
    }
  }
  std::printf("{\"model\": \"%s\", \"regions\": %zu, \"n\": %zu, \"prepare_s\": %.3f, \"type_i_s\": %.4f, "
              "\"solve_s\": %.4f, \"type_ii_s\": %.4f, \"solve_ii_s\": %.4f, \"columns\": %zu, \"multipliers_s\": %.3f, "
              "\"cpu_s\": %.3f, \"peak_gib\": %.3f, \"checksum\": %.15g, \"description\": \"%s\", \"description_ii\": \"%s\"}\n",
              labels.id.c_str(), R, n, prepare_s, build_s, solve_s, build_ii, solve_ii, columns, multipliers_s, cpu_s(), peak_gib(),
              sum(x) + sum_ii, t1.solver_description().c_str(), description_ii.c_str());
  return 0;
}

void write_f64(const std::string& path, const Matrix& m) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(m.data()), std::streamsize(m.rows() * m.cols() * sizeof(double)));
  if (!f) throw std::runtime_error("cannot write a file: " + path);
}

int bench_dump(const std::string& id, const std::string& dir, std::size_t columns) {
  const Model m = load_model(id, settings());
  const std::size_t n = m.num_sectors(), R = m.num_regions(), S = m.num_industries();
  auto a = m.coefficients;
  if (!a) {
    auto f = std::make_shared<MrioStructure>();
    if (!factor_coefficients(m, *f)) return std::fprintf(stderr, "%s has no factored form\n", id.c_str()), 2;
    a = f;
  }
  std::filesystem::create_directories(dir);
  const Matrix y = demand(n, R, S, columns);
  auto t0 = clk::now();
  const Matrix x = Leontief(m, Closure::type_i, Solver::structured).solve(y);
  const double structured_s = since(t0);
  write_f64((std::filesystem::path(dir) / "y.f64").string(), y);
  write_f64((std::filesystem::path(dir) / "x.f64").string(), x);
  write_f64((std::filesystem::path(dir) / "a.f64").string(), dense_coefficients(*a));
  std::printf("{\"model\": \"%s\", \"n\": %zu, \"columns\": %zu, \"structured_type_i_s\": %.4f, \"peak_gib\": %.3f}\n",
              id.c_str(), n, columns, structured_s, peak_gib());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  devolve::cli::select_blas_kernels(argv);
  const std::string mode = argc > 1 ? argv[1] : "";
  const std::size_t columns = argc > 4 ? std::stoul(argv[4]) : 20;
  try {
    if (mode == "model" && argc > 3) return bench_model(argv[2], argv[3], columns);
    if (mode == "dump" && argc > 3) return bench_dump(argv[2], argv[3], columns);
    if (mode == "split" && argc > 3) {
      const std::string flag = argc > 5 ? argv[5] : "";
      return bench_split(argv[2], std::stoul(argv[3]), columns, flag != "--type-i-only", flag == "--multipliers");
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "devolve_bench_structured: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "usage: devolve_bench_structured model MODEL dense|structured [COLUMNS]\n"
                       "       devolve_bench_structured split MODEL PARTS [COLUMNS [--type-i-only | --multipliers]]\n"
                       "       devolve_bench_structured dump MODEL DIR [COLUMNS]\n");
  return 2;
}
