// The jobs-and-pay screen as devolve model build and devolve model info print it (docs/methodology.md,
// "Checks on jobs and pay"): a warning only where findings follow the header, never "0 findings".
#include <catch2/catch.hpp>
#include <string>

#include "devolve/model_csv.hpp"
#include "devolve/summary.hpp"

using namespace devolve;

namespace {

const std::string toy = std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2";
const std::string header = " findings: jobs per GBP m of output or compensation per job outside 1/3 to 3 times ...";

// The toy model with a screening of `n` findings recorded as a build records it.
Model screened(std::size_t n) {
  Model m = read_model_csv(toy);
  m.metadata.emplace_back("check.jobs_and_pay", std::to_string(n) + header);
  for (std::size_t k = 1; k <= n; ++k)
    m.metadata.emplace_back("check.jobs_and_pay." + std::to_string(k), "N" + std::to_string(k) + " MAN: jobs per GBP m of output");
  return m;
}

}  // namespace

TEST_CASE("model build: a screening of 0 findings prints no warning; findings print the header, 20, and how many more") {
  CHECK(jobs_and_pay_warnings(read_model_csv(toy), 20).empty());  // no screening recorded (not a build)
  CHECK(jobs_and_pay_warnings(screened(0), 20).empty());          // before 7f9d446: "0 findings: ..." as a warning
  const auto two = jobs_and_pay_warnings(screened(2), 20);
  REQUIRE(two.size() == 3);
  CHECK(two[0] == "2" + header);
  CHECK(two[1] == "N1 MAN: jobs per GBP m of output");
  CHECK(two[2] == "N2 MAN: jobs per GBP m of output");
  const auto many = jobs_and_pay_warnings(screened(25), 20);
  REQUIRE(many.size() == 22);
  CHECK(many[0] == "25" + header);
  CHECK(many[20] == "N20 MAN: jobs per GBP m of output");
  CHECK(many[21] == "... 5 more (devolve model info toy-2x2 --all lists them)");
  CHECK(jobs_and_pay_warnings(screened(21), 20).back() == "... 1 more (devolve model info toy-2x2 --all lists them)");
  CHECK(jobs_and_pay_warnings(screened(20), 20).size() == 21);  // all shown, no "more" line
}

TEST_CASE("model info: a screening of 0 findings is no warnings line; findings are, and --all lists them") {
  CHECK(model_summary_text(screened(0), toy).find("warnings") == std::string::npos);
  const std::string one = model_summary_text(screened(1), toy);
  CHECK(one.find("warnings   1 findings: jobs per GBP m") != std::string::npos);
  CHECK(one.find("\n           N1 MAN") == std::string::npos);  // listed under it with --all only
  ModelSummaryOptions all;
  all.all = true;
  CHECK(model_summary_text(screened(1), toy, nullptr, all).find("           N1 MAN: jobs per GBP m of output\n") != std::string::npos);
}
