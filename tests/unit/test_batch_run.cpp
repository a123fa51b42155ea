// run_batch's exceptions (model/output/batch_run.cpp): a `finished` callback that throws, in a
// worker thread (commit f091d3b) or on the reading thread while a worker waits for the queue
// (commit 32ed3ca), is rethrown by run_batch once every worker is joined. Before those fixes it left
// a thread, or destroyed a joinable one: std::terminate, which ends this test binary.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "devolve/batch_run.hpp"
#include "devolve/version.hpp"

using namespace devolve;
namespace fs = std::filesystem;

namespace {

// The toy spend scenario (tests/data/scenarios/toy-spend.yaml) with the model by absolute path;
// `bad`: a scenario that fails to read (an unknown region).
std::string toy_scenario(const fs::path& dir, const std::string& stem, bool bad) {
  std::ifstream in(std::string(DEVOLVE_TEST_DATA) + "/scenarios/toy-spend.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string rel = "model: ../models/toy-2x2";
  text.replace(text.find(rel), rel.size(), "model: " + std::string(DEVOLVE_TEST_DATA) + "/models/toy-2x2");
  if (bad) text.replace(text.find("regions: N\n"), 11, "regions: NOWHERE\n");
  const fs::path p = dir / (stem + ".yaml");
  std::ofstream(p) << text;
  return p.string();
}

}  // namespace

TEST_CASE("Batch: an exception from the finished callback is rethrown after the workers are joined", "[batch]") {
  const fs::path dir = fs::temp_directory_path() / ("devolve-batch-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "out");
  BatchOptions o;
  o.threads = 2;  // a worker thread beside the reading (calling) thread
  o.settings.data_dir = std::string(source_dir) + "/data";
  std::atomic<int> calls{0};
  o.finished = [&](const BatchItem&) {
    ++calls;
    throw std::runtime_error("callback failed");
  };
  SECTION("in a worker: the first job's callback; no queued job starts after it") {
    std::vector<std::string> files;
    for (int i = 0; i < 4; ++i) files.push_back(toy_scenario(dir, "s" + std::to_string(i), false));
    CHECK_THROWS_WITH(run_batch(files, (dir / "out").string(), o), "callback failed");
    CHECK(calls >= 1);
    CHECK(calls <= 2);  // the job running beside the first may finish; none starts after
  }
  SECTION("on the reading thread: a scenario that fails to read, while the worker waits") {
    const std::vector<std::string> files = {toy_scenario(dir, "bad", true), toy_scenario(dir, "good", false)};
    CHECK_THROWS_WITH(run_batch(files, (dir / "out").string(), o), "callback failed");
    CHECK(calls == 1);
  }
  fs::remove_all(dir);
}
