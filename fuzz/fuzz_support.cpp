#include "fuzz_support.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace devolve::fuzz {

std::string test_data() { return DEVOLVE_TEST_DATA; }

const std::string& scratch() {
  static const std::string dir = [] {
    const fs::path d = fs::temp_directory_path() / ("devolve-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d / "sweeps");
    std::error_code ec;
    fs::create_directory_symlink(fs::path(test_data()) / "models", d / "models", ec);
    fs::create_directory_symlink(fs::path(test_data()) / "scenarios", d / "scenarios", ec);
    return d.string();
  }();
  return dir;
}

std::string write_scratch(const std::string& relative, const std::uint8_t* data, std::size_t size) {
  const std::string path = (fs::path(scratch()) / relative).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), std::streamsize(size));
  return path;
}

}  // namespace devolve::fuzz
