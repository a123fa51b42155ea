#pragma once
// The one hash of the project: 64-bit FNV-1a (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/).
// Used for model checksums, model cache keys, sweep journal keys and the seal of HDF5 files (by
// 8-byte words); not a cryptographic hash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace devolve::hash {

inline constexpr std::uint64_t fnv1a_offset = 14695981039346656037ull;  // the FNV-64 offset basis

//! FNV-1a of n bytes, continuing from h (the offset basis for a fresh hash)
std::uint64_t fnv1a(const void* data, std::size_t n, std::uint64_t h = fnv1a_offset);

//! FNV-1a taking 8 bytes at a time (each a little-endian 64-bit word, the last zero-padded), for
//! whole files: one multiply per word, so about 8 times faster than fnv1a. A change within one
//! word always changes the value (each step is a bijection of the state).
std::uint64_t fnv1a_words(const void* data, std::size_t n, std::uint64_t h = fnv1a_offset);

//! A hash value as 16 lower-case hex digits
std::string hex(std::uint64_t h);

//! An FNV-1a hash built piece by piece.
class Fnv1a {
 public:
  void bytes(const void* data, std::size_t n) { h_ = fnv1a(data, n, h_); }
  //! The text and a terminating NUL, so that "ab","c" and "a","bc" differ
  void str(std::string_view s);
  //! Doubles with -0.0 hashed as +0.0 (the CSV form cannot tell them apart; docs/model-format.md)
  void doubles(const double* v, std::size_t n);
  std::uint64_t value() const { return h_; }
  //! The value as 16 lower-case hex digits
  std::string hex() const;

 private:
  std::uint64_t h_ = fnv1a_offset;
};

}  // namespace devolve::hash
