// Sealed HDF5 files: the seal and the global heap check share one pass over the file in 4 MiB
// reads (model/base/h5file.cpp); strings far into a file, in collections on either side of and
// across those reads' boundaries, must all be found and read back.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <filesystem>
#include <string>
#include <random>
#include <vector>

#include "base/chunk_codec.hpp"
#include "base/h5file.hpp"
#include "devolve/error.hpp"

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

// Compressed datasets are shuffled and deflated by chunk_codec and written chunk by chunk
// (H5Dwrite_chunk): HDF5 must read back every value to the bit, through chunks cut along a leading
// dimension with a partial last one (7 rows of 50,000 in chunks of 2 rows), byte planes that are
// stored (random mantissas) and deflated (zeros, exponents), and NaN, infinities and -0.
TEST_CASE("H5File: compressed datasets written chunk by chunk read back bit for bit", "[h5file]") {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("devolve-h5chunks-test-" + std::to_string(::getpid()) + ".h5")).string();
  const std::size_t rows = 7, cols = 50000;
  std::vector<double> values(rows * cols, 0.0);
  std::uint64_t state = 88172645463325252ull;  // xorshift64: full-entropy low bytes
  for (std::size_t i = 0; i < values.size(); ++i) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    if (i / cols != 3 && i % 5 != 0) values[i] = double(state >> 11) * 0x1.0p-40 - 2.0;  // row 3 and every fifth zero
  }
  values[1] = std::numeric_limits<double>::quiet_NaN();
  values[2] = std::numeric_limits<double>::infinity();
  values[3] = -std::numeric_limits<double>::infinity();
  values.back() = -0.0;
  std::vector<std::int64_t> r(rows), c(cols);
  for (std::size_t i = 0; i < rows; ++i) r[i] = std::int64_t(i);
  for (std::size_t i = 0; i < cols; ++i) c[i] = std::int64_t(i);
  const std::vector<double> copy = values, unused(rows * cols, 1.0);
  {
    H5File f = H5File::create(path);
    f.compress_above(4096);
    f.prepare(copy, {rows, cols});    // compressed on another thread while the rest is written
    f.prepare(unused, {rows, cols});  // never written: waited for when the file closes
    f.dimension("/", "row", r, "position");
    f.dimension("/", "col", c, "position");
    f.dataset("/", "values", {"row", "col"}, values, "1", "numbers");
    f.dataset("/", "prepared", {"row", "col"}, copy, "1", "numbers");
    f.close();
  }
  {
    const H5File f = H5File::open(path);
    for (const char* name : {"/values", "/prepared"}) {
      std::vector<std::size_t> shape;
      const std::vector<double> back = f.read_doubles(name, shape);
      CHECK(shape == std::vector<std::size_t>{rows, cols});
      REQUIRE(back.size() == values.size());
      CHECK(std::memcmp(back.data(), values.data(), values.size() * sizeof(double)) == 0);
    }
    CHECK_FALSE(f.exists("/unused"));
  }
  CHECK(std::filesystem::file_size(path) < 2 * values.size() * sizeof(double));  // both compressed
  std::remove(path.c_str());
}

TEST_CASE("chunk_codec: chunks of zero bytes are compressed once and copied, the same bytes as alone", "[h5file]") {
  const std::size_t chunk = 3000;
  std::vector<double> values(5 * chunk + 1000, 0.0);  // chunks 0 and 3 zero, 1 of -0.0, 2 numbers, 4 zero, 5 partial zero
  for (std::size_t i = chunk; i < 2 * chunk; ++i) values[i] = -0.0;
  for (std::size_t i = 2 * chunk; i < 3 * chunk; ++i) values[i] = double(i % 17) * 0.25;
  std::vector<chunk_codec::Span> spans;
  for (std::size_t c = 0; c < 6; ++c) spans.push_back({c * chunk, std::min(chunk, values.size() - c * chunk)});
  for (const bool threads : {false, true}) {
    const auto all = chunk_codec::shuffle_deflate(values.data(), spans, chunk, threads);
    REQUIRE(all.size() == spans.size());
    for (std::size_t c = 0; c < spans.size(); ++c)  // each chunk compressed alone: no zero chunk before it
      CHECK(all[c] == chunk_codec::shuffle_deflate(values.data(), {spans[c]}, chunk, false).front());
    CHECK(all[0] == all[3]);
    CHECK(all[0] == all[4]);
    CHECK(all[0] != all[1]);  // -0.0 is not zero bytes
  }
}

// chunk_codec writes the zlib stream itself (deflate blocks of its own, RFC 1950/1951): every chunk
// must inflate (zlib, as HDF5's deflate filter does) to the chunk's shuffled bytes, whatever its
// planes hold: noise (stored), skewed symbol counts (Huffman codes deeper than 15 bits, limited),
// runs of every length, two alternating bytes (no runs), one byte, zeros with a few others.
TEST_CASE("chunk_codec: every chunk is a zlib stream that inflates to its shuffled bytes", "[h5file]") {
  std::mt19937 random(12345);
  const auto plane_byte = [&](std::size_t j, std::size_t i, std::vector<unsigned char>& skewed, unsigned& run_left,
                              unsigned char& run_byte) -> unsigned char {
    switch (j) {
      case 0: return (unsigned char)random();
      case 1: return skewed[i % skewed.size()];
      case 2:
        if (run_left == 0) run_left = 1 + random() % 600, run_byte = (unsigned char)(random() % 4);
        --run_left;
        return run_byte;
      case 3: return i % 1000 == 7 ? (unsigned char)(1 + random() % 255) : 0;
      case 4: return i % 2 ? 0x3f : 0xc0;
      case 5: return 0x40;
      default: return (unsigned char)(random() % 16);
    }
  };
  // symbol s (0..20) fib(s + 1) times, 28,656 in all, no two alike side by side (no runs): an optimal
  // code for a plane of them needs 20 bits for the rarest, 5 more than deflate allows
  std::vector<unsigned char> sorted, skewed;
  for (unsigned s = 21, a = 10946, b = 6765; s-- > 0; b = a - b, a = a - b) sorted.insert(sorted.end(), a, (unsigned char)(s * 11));
  skewed.resize(sorted.size());
  for (std::size_t i = 0, at = 0; i < sorted.size(); ++i, at = at + 2 < sorted.size() ? at + 2 : 1) skewed[at] = sorted[i];
  for (const std::size_t chunk : {std::size_t(1), std::size_t(2), std::size_t(3), std::size_t(700), skewed.size(),
                                  std::size_t(65545)}) {
    const std::size_t n = 2 * chunk - chunk / 3;  // a last chunk partial (padded with zeros)
    std::vector<double> values(n);
    auto* bytes = reinterpret_cast<unsigned char*>(values.data());
    for (std::size_t j = 0; j < 8; ++j) {
      unsigned run_left = 0;
      unsigned char run_byte = 0;
      for (std::size_t i = 0; i < n; ++i) bytes[i * 8 + j] = plane_byte(j, i, skewed, run_left, run_byte);
    }
    std::vector<chunk_codec::Span> spans;
    for (std::size_t first = 0; first < n; first += chunk) spans.push_back({first, std::min(chunk, n - first)});
    const auto packed = chunk_codec::shuffle_deflate(values.data(), spans, chunk, false);
    REQUIRE(packed.size() == spans.size());
    for (std::size_t c = 0; c < spans.size(); ++c) {
      std::vector<unsigned char> want(chunk * 8, 0), got(chunk * 8 + 1);
      for (std::size_t i = 0; i < spans[c].count; ++i)
        for (std::size_t j = 0; j < 8; ++j) want[j * chunk + i] = bytes[(spans[c].first + i) * 8 + j];
      uLongf size = uLongf(got.size());
      INFO("chunk of " << chunk << " values, chunk " << c);
      REQUIRE(uncompress(got.data(), &size, packed[c].data(), uLong(packed[c].size())) == Z_OK);
      got.resize(size);
      CHECK(got == want);
      CHECK(packed[c].size() <= want.size() + 8 * (5 * (chunk / 65535 + 1) + 1) + 6);  // never much above stored
    }
  }
}

TEST_CASE("H5File: datasets read side by side equal those read one by one", "[h5file]") {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("devolve-h5side-test-" + std::to_string(::getpid()) + ".h5")).string();
  const std::size_t big = 300000, small = 7;
  std::vector<double> a(big), b(small), c(big / 3);
  for (std::size_t i = 0; i < big; ++i) a[i] = double(i) * 0.5 - 1e5;
  for (std::size_t i = 0; i < small; ++i) b[i] = -double(i);
  for (std::size_t i = 0; i < c.size(); ++i) c[i] = 1.0 / double(i + 1);
  std::vector<std::int64_t> ia(big), ib(small), ic(c.size());
  for (std::size_t i = 0; i < big; ++i) ia[i] = std::int64_t(i);
  for (std::size_t i = 0; i < small; ++i) ib[i] = std::int64_t(i);
  for (std::size_t i = 0; i < c.size(); ++i) ic[i] = std::int64_t(i);
  // a contiguous, a small and a compressed dataset: pread, pread, HDF5
  auto write = [&](const std::string& to, const std::vector<double>& a_values) {
    H5File f = H5File::create(to);
    f.dimension("/", "i", ia, "position");
    f.dimension("/", "j", ib, "position");
    f.dimension("/", "k", ic, "position");
    f.dataset("/", "a", {"i"}, a_values, "1", "contiguous");
    f.dataset("/", "b", {"j"}, b, "1", "small");
    f.compress_above(4096);
    f.dataset("/", "c", {"k"}, c, "1", "compressed: read through HDF5");
    f.close();
  };
  write(path, a);
  {
    const H5File f = H5File::open(path);
    CHECK(f.file_offset("/a") > 0);
    CHECK(f.file_offset("/c") == 0);  // chunked
    const std::vector<std::string> paths = {"/c", "/a", "/b", "/a"};
    const auto side = f.read_doubles_side_by_side(paths);
    REQUIRE(side.size() == paths.size());
    for (std::size_t i = 0; i < paths.size(); ++i) {
      std::vector<std::size_t> shape;
      CHECK(side[i] == f.read_doubles(paths[i], shape));
    }
    CHECK(side[1] == a);
    CHECK_THROWS_AS(f.read_doubles_side_by_side({"/a", "/missing"}), InputError);
    // The path replaced by rename (another process rebuilding a cache): the same layout, other
    // values. Still the values of the file opened.
    const std::string fresh = path + ".fresh";
    {
      std::vector<double> other(a);
      for (double& v : other) v += 1;
      write(fresh, other);
      CHECK(H5File::open(fresh).file_offset("/a") == f.file_offset("/a"));
    }
    REQUIRE(std::rename(fresh.c_str(), path.c_str()) == 0);
    const auto replaced = f.read_doubles_side_by_side(paths);
    CHECK(replaced[1] == a);
    CHECK(replaced[3] == a);
  }
  std::remove(path.c_str());
}

TEST_CASE("H5File: chunks prepared before the file exists are adopted: the same datasets", "[h5file]") {
  const auto temp = [](const char* what) {
    return (std::filesystem::temp_directory_path() / ("devolve-h5early-" + std::string(what) + "-" +
                                                       std::to_string(::getpid()) + ".h5")).string();
  };
  const std::size_t n = 200000;
  std::vector<double> values(n), other(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) values[i] = std::sin(double(i)) * 1e3;
  std::vector<std::int64_t> coords(n);
  for (std::size_t i = 0; i < n; ++i) coords[i] = std::int64_t(i);
  { PreparedChunks unused;  // never adopted: waited for when destroyed
    unused.prepare(values, {n}, 4096);
  }
  for (const bool early : {false, true}) {
    const std::string path = temp(early ? "early" : "plain");
    PreparedChunks prepared;
    const std::vector<double> at_prepare = values;
    if (early) {
      prepared.prepare(values, {n}, 4096), prepared.prepare(other, {n}, 4096);
      // The values changed in place (the same address) once compressed: the file holds the prepared
      // ones only if the adopted job was written, not the values compressed again.
      prepared.wait();
      for (double& v : values) v += 1;
    }
    {
      H5File f = H5File::create(path);
      f.compress_above(4096);
      f.adopt(prepared);
      f.prepare(values, {n});  // already adopted: not compressed again
      f.dimension("/", "i", coords, "position");
      f.dataset("/", "v", {"i"}, values, "1", "numbers");
      f.dataset("/", "z", {"i"}, other, "1", "zeros");
      f.close();
    }
    const H5File f = H5File::open(path);
    std::vector<std::size_t> shape;
    CHECK(f.read_doubles("/v", shape) == at_prepare);
    CHECK(f.read_doubles("/z", shape) == other);
    CHECK(f.file_offset("/v") == 0);  // chunked, compressed
    std::remove(path.c_str());
  }
}

TEST_CASE("H5File: chunks compressed now (PreparedChunks::compress) and a file closed in two steps", "[h5file]") {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("devolve-h5now-" + std::to_string(::getpid()) + ".h5")).string();
  const std::size_t n = 200000;
  std::vector<double> values(n), flat(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = std::sin(double(i)) * 1e3, flat[i] = std::cos(double(i));
  std::vector<std::int64_t> coords(n), two = {0, 1}, half(n / 2);
  for (std::size_t i = 0; i < n; ++i) coords[i] = std::int64_t(i);
  for (std::size_t i = 0; i < n / 2; ++i) half[i] = std::int64_t(i);
  const std::vector<double> at_compress = values;
  PreparedChunks now;
  now.compress(values, {n}, 4096);
  now.compress(flat, {n}, 4096);  // compressed for one shape, written as another: not taken
  // Done on return: the values changed in place afterwards, the file holds the compressed ones.
  for (double& v : values) v += 1;
  {
    H5File f = H5File::create(path);
    f.compress_above(4096);
    f.adopt(now);
    f.dimension("/", "i", coords, "position");
    f.dimension("/", "a", two, "half");
    f.dimension("/", "b", half, "position in the half");
    f.dataset("/", "v", {"i"}, values, "1", "numbers");
    f.dataset("/", "w", {"a", "b"}, flat, "1", "numbers over two dimensions");
    f.close_unsealed();
    f.seal();
  }
  {
    const H5File f = H5File::open(path);  // sealed: open() checks the seal
    std::vector<std::size_t> shape;
    CHECK(f.read_doubles("/v", shape) == at_compress);
    CHECK(f.read_doubles("/w", shape) == flat);
    CHECK(shape == std::vector<std::size_t>{2, n / 2});
  }
  std::remove(path.c_str());
  {  // closed but never sealed: discarded, as a file never closed
    H5File f = H5File::create(path);
    f.dimension("/", "i", coords, "position");
    f.close_unsealed();
  }
  CHECK(!std::filesystem::exists(path));
}
