// The sweep journal (model/sweep/sweep_journal.cpp): what a resumed sweep reads back.
#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <unistd.h>

#include "devolve/error.hpp"
#include "sweep/sweep_internal.hpp"
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

TEST_CASE("sweep journal: an appended run reaches the disk within a quarter of a second, without flush", "[journal]") {
  // The journal's own thread writes and syncs: append does no I/O (callers hold the sweep's lock,
  // which granting runs to MPI ranks needs too), yet a run is on disk soon after it finishes.
  const fs::path path = fs::temp_directory_path() / ("devolve-journal-timer-" + std::to_string(::getpid()));
  const std::size_t runs = 300, width = 2, header = 40, record = 16 + 8 * width;
  std::vector<double> results(runs * width, 0.0);
  std::vector<char> done(runs, 0);
  {
    SweepJournal j(path.string(), 7, runs, width, false, results, done);
    CHECK(fs::file_size(path) == header);
    const double row[] = {3.0, 4.0};
    j.append(5, row);
    auto written = [&](std::size_t n) {  // polled: 5 s for a loaded machine; 0.25 s when idle
      for (int i = 0; i < 500 && fs::file_size(path) < header + n * record; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      return fs::file_size(path) == header + n * record;
    };
    CHECK(written(1));
    for (std::size_t r = 10; r < 266; ++r) j.append(r, row);  // 256 more: written at once, or by the timer
    CHECK(written(257));
    j.append(299, row);
    j.flush();  // written and synced when flush returns
    CHECK(fs::file_size(path) == header + 258 * record);
  }
  std::vector<double> back(runs * width, 0.0);
  std::vector<char> back_done(runs, 0);
  SweepJournal k(path.string(), 7, runs, width, true, back, back_done);
  CHECK(k.finished_on_open() == 258);
  CHECK(back_done[5] == 1);
  CHECK(back_done[299] == 1);
  CHECK(back[299 * width + 1] == 4.0);
  fs::remove(path);
}

TEST_CASE("sweep solver: the journal's and file's label follows the system the setup factorised", "[journal][sweep]") {
  // The label comes from the setup's own system (Leontief::solver_description), not from a
  // factorisation made for it: a dense model above 5000 sectors whose Z has the factored form is
  // "structured" because its system is, one whose Z has not is "dense LU".
  Model m;
  m.regions = {{"A", "a"}};
  m.industries = {{"X", "x"}, {"Y", "y"}};
  const std::string dense = "dense LU (n = 2)";
  const std::string structured = "structured (GMRES on the factored coefficients, block-Jacobi preconditioned, n = 2)";
  CHECK(sweep_detail::sweep_solver(m, false, "dense LU (n = 2)") == dense);
  CHECK(sweep_detail::sweep_solver(m, false, "") == dense);  // no system (a model.* sample's own, dense)
  CHECK(sweep_detail::sweep_solver(m, false, "structured (GMRES on the factored coefficients, 1 regions x 2 "
                                             "industries, relative residual <= 1e-13; 3 steps for (I - A) v = 1)") ==
        structured);
  CHECK(sweep_detail::sweep_solver(m, true, "").rfind("structured (GMRES on each run's factored coefficients", 0) == 0);
}

// write_all's errno when a write fails (commit 66fc658): a write of nothing that sets no errno is
// EIO, not the errno some earlier call left (the journal's error read "...: Success"); short
// writes and EINTR are retried.
namespace {
int calls = 0;
ssize_t writes_nothing(int, const void*, std::size_t) { return ++calls, 0; }
ssize_t short_then_interrupted(int, const void*, std::size_t n) {
  if (++calls == 2) return errno = EINTR, -1;
  return ssize_t(n > 3 ? 3 : n);
}
ssize_t full_disk(int, const void*, std::size_t) { return errno = ENOSPC, -1; }
}  // namespace

TEST_CASE("sweep journal: write_all says why a write failed, retries short writes and EINTR", "[journal]") {
  const char data[10] = "012345678";
  errno = 0;
  calls = 0;
  CHECK(!journal_detail::write_all(3, data, 10, writes_nothing));
  CHECK(errno == EIO);
  CHECK(calls == 1);
  calls = 0;
  CHECK(journal_detail::write_all(3, data, 10, short_then_interrupted));
  CHECK(calls == 5);  // 3, EINTR, 3, 3, 1
  errno = 0;
  CHECK(!journal_detail::write_all(3, data, 10, full_disk));
  CHECK(errno == ENOSPC);
}

