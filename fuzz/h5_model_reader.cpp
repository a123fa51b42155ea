// Fuzz target: the HDF5 model reader (the bytes written to a scratch file and opened by path).
#include <filesystem>

#include "devolve/error.hpp"
#include "devolve/model_h5.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = devolve::fuzz::write_scratch("model.h5", data, size);
  try {
    devolve::read_model_h5(path);
  } catch (const devolve::Error&) {
  } catch (const std::filesystem::filesystem_error&) {
  }
  return 0;
}
