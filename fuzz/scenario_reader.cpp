// Fuzz target: the scenario reader, resolving against the toy model tests/data/models/toy-2x2.
// Every input must end in a Scenario or a devolve::Error; anything else (a crash, a hang, a leak,
// another exception) is a finding.
#include <filesystem>

#include "devolve/error.hpp"
#include "devolve/model_csv.hpp"
#include "devolve/scenario.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static devolve::Model toy = devolve::read_model_csv(devolve::fuzz::test_data() + "/models/toy-2x2");
  const std::string text(reinterpret_cast<const char*>(data), size);
  devolve::Model model = toy;
  try {
    devolve::read_scenario_text(text, devolve::fuzz::scratch() + "/scenarios/fuzz.yaml", devolve::ModelSettings{}, model, true);
  } catch (const devolve::Error&) {
  } catch (const std::filesystem::filesystem_error&) {  // the CLI reports these as input errors
  }
  return 0;
}
