// Sealed HDF5 files: the seal and the global heap check share one pass over the file in 4 MiB
// reads (model/base/h5file.cpp); strings far into a file, in collections on either side of and
// across those reads' boundaries, must all be found and read back.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "base/h5file.hpp"

using namespace devolve;

TEST_CASE("H5File: strings after megabytes of numbers read back through the one-pass heap check", "[h5file]") {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("devolve-h5file-test-" + std::to_string(::getpid()) + ".h5")).string();
  const std::size_t n = 700000, k = 60000;  // 5.6 MB of doubles, then about 3 MB of strings
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = 0.5 * double(i);
  std::vector<std::int64_t> index(n), labels_at(k);
  for (std::size_t i = 0; i < n; ++i) index[i] = std::int64_t(i);
  for (std::size_t i = 0; i < k; ++i) labels_at[i] = std::int64_t(i);
  std::vector<std::string> labels(k);
  for (std::size_t i = 0; i < k; ++i) labels[i] = "label " + std::to_string(i) + std::string(i % 97, 'x');
  {
    H5File f = H5File::create(path);
    f.dimension("/", "i", index, "position");
    f.dataset("/", "values", {"i"}, values, "1", "numbers");
    f.dimension("/", "j", labels_at, "position");
    f.strings("/", "labels", {"j"}, labels, "strings");
    f.close();
  }
  {
    const H5File f = H5File::open(path);
    CHECK(f.read_strings("/labels") == labels);
    std::vector<std::size_t> shape;
    CHECK(f.read_doubles("/values", shape) == values);
  }
  std::remove(path.c_str());
}
