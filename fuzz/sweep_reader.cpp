// Fuzz target: the sweep reader (the file written to a scratch sweeps/ folder, so that
// "../scenarios/toy-spend.yaml" resolves to the test scenarios).
#include <filesystem>

#include "devolve/error.hpp"
#include "devolve/sweep.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = devolve::fuzz::write_scratch("sweeps/fuzz.yaml", data, size);
  try {
    devolve::read_sweep(path, devolve::ModelSettings{});
  } catch (const devolve::Error&) {
  } catch (const std::filesystem::filesystem_error&) {
  }
  return 0;
}
