#pragma once
// Shared by the fuzz targets: a private scratch folder, the toy model and the test data folder.
#include <cstddef>
#include <cstdint>
#include <string>

namespace devolve::fuzz {

//! tests/data of the source tree (compiled in).
std::string test_data();
//! A scratch folder of this process, created on first use, holding links to tests/data's
//! models/ and scenarios/ so relative references in fuzzed files resolve.
const std::string& scratch();
//! Writes bytes to a file in the scratch folder and returns its path.
std::string write_scratch(const std::string& relative, const std::uint8_t* data, std::size_t size);

}  // namespace devolve::fuzz

//! Each target's entry point, called by libFuzzer or by replay_main.cpp.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
