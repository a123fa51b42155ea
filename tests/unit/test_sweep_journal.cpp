// The sweep journal (model/sweep/sweep_journal.cpp): what a resumed sweep reads back.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "devolve/error.hpp"
#include "sweep/sweep_journal.hpp"

using namespace devolve;
namespace fs = std::filesystem;

TEST_CASE("sweep journal: finished runs come back on resume; a torn tail and a foreign journal do not", "[journal]") {
  const fs::path path = fs::temp_directory_path() / ("devolve-journal-test-" + std::to_string(::getpid()));
  const std::size_t runs = 3, width = 2;
  {
    std::vector<double> results(runs * width, 0.0);
    std::vector<char> done(runs, 0);
    SweepJournal j(path.string(), 42, runs, width, false, results, done);
    const double row[] = {1.5, -2.25};
    j.append(1, row);
    j.flush();
  }
  {  // a record cut short, as a killed sweep leaves it
    std::ofstream tail(path, std::ios::binary | std::ios::app);
    const std::uint64_t idx = 2;
    tail.write(reinterpret_cast<const char*>(&idx), 8);
    tail.write("abc", 3);
  }
  std::vector<double> results(runs * width, 0.0);
  std::vector<char> done(runs, 0);
  {
    SweepJournal j(path.string(), 42, runs, width, true, results, done);
    CHECK(j.finished_on_open() == 1);
  }
  CHECK(done == std::vector<char>{0, 1, 0});
  CHECK(results == std::vector<double>{0, 0, 1.5, -2.25, 0, 0});
  // The journal of another sweep (another key) is refused, not mixed in.
  CHECK_THROWS_AS(SweepJournal(path.string(), 43, runs, width, true, results, done), InputError);
  fs::remove(path);
}
