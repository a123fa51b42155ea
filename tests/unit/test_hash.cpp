// The project's hash (model/base/hash.cpp): FNV-1a against the published test vectors, and the
// word-at-a-time form that seals HDF5 files (docs/errors.md, "Sealed HDF5 files").
#include <catch2/catch.hpp>

#include <string>

#include "base/hash.hpp"

using namespace devolve;

TEST_CASE("FNV-1a 64 matches the published test vectors", "[hash]") {
  // Fowler, Noll, Vo: http://www.isthe.com/chongo/tech/comp/fnv/ (test vectors, FNV1a_64)
  CHECK(hash::fnv1a("", 0) == 0xcbf29ce484222325ull);
  CHECK(hash::fnv1a("a", 1) == 0xaf63dc4c8601ec8cull);
  CHECK(hash::fnv1a("foobar", 6) == 0x85944171f73967e8ull);
}

TEST_CASE("fnv1a_words takes little-endian 8-byte words, the last zero-padded", "[hash]") {
  // One byte is one zero-padded word: the same step as byte-wise FNV-1a.
  CHECK(hash::fnv1a_words("", 0) == 0xcbf29ce484222325ull);
  CHECK(hash::fnv1a_words("a", 1) == 0xaf63dc4c8601ec8cull);
  // Two words by hand: h = ((basis ^ w0) * p ^ w1) * p, w0 = "abcdefgh" read little-endian.
  const std::uint64_t p = 1099511628211ull;
  const std::uint64_t w0 = 0x6867666564636261ull, w1 = 0x69ull;
  CHECK(hash::fnv1a_words("abcdefghi", 9) == (((0xcbf29ce484222325ull ^ w0) * p) ^ w1) * p);
  // Chunks of whole words chain to the hash of the whole.
  const std::string s = "0123456789abcdef0123456789abcdefXYZ";
  CHECK(hash::fnv1a_words(s.data() + 16, s.size() - 16, hash::fnv1a_words(s.data(), 16)) ==
        hash::fnv1a_words(s.data(), s.size()));
}

TEST_CASE("fnv1a_words changes when any one bit of the input changes", "[hash]") {
  std::string s(1000, '\0');
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = char(i * 37 + 11);
  const std::uint64_t h = hash::fnv1a_words(s.data(), s.size());
  for (std::size_t i = 0; i < s.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      std::string t = s;
      t[i] = char(t[i] ^ (1 << bit));
      REQUIRE(hash::fnv1a_words(t.data(), t.size()) != h);
    }
}
