// Fuzz target: the CSV model reader. The input is a model.yaml and a z.csv separated by a line
// "=====" (without one, all of it is z.csv beside the toy model's model.yaml); the other CSV
// files are the toy model's.
#include <filesystem>
#include <string_view>

#include "devolve/error.hpp"
#include "devolve/model_csv.hpp"
#include "fuzz_support.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string dir = [] {
    const fs::path d = fs::path(devolve::fuzz::scratch()) / "csv-model";
    fs::create_directories(d);
    for (const auto& e : fs::directory_iterator(fs::path(devolve::fuzz::test_data()) / "models" / "toy-2x2"))
      fs::copy_file(e.path(), d / e.path().filename(), fs::copy_options::overwrite_existing);
    return d.string();
  }();
  static const std::string toy_header = devolve::fuzz::test_data() + "/models/toy-2x2/model.yaml";
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::size_t sep = in.find("\n=====\n");
  std::string_view header, z = in;
  if (sep != std::string_view::npos) header = in.substr(0, sep), z = in.substr(sep + 7);
  if (sep != std::string_view::npos)
    devolve::fuzz::write_scratch("csv-model/model.yaml", reinterpret_cast<const std::uint8_t*>(header.data()), header.size());
  else
    fs::copy_file(toy_header, dir + "/model.yaml", fs::copy_options::overwrite_existing);
  devolve::fuzz::write_scratch("csv-model/z.csv", reinterpret_cast<const std::uint8_t*>(z.data()), z.size());
  try {
    devolve::read_model_csv(dir);
  } catch (const devolve::Error&) {
  } catch (const std::filesystem::filesystem_error&) {
  }
  return 0;
}
