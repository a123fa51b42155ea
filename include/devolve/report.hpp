#pragma once
#include <string>

namespace devolve {

//! A readable summary of a devolve output file (scenario results or multipliers): totals by
//! region, by year, the largest industries, where effects land. With json, the same for scripts.
//! Throws InputError if the file is not a devolve output or its format version is unknown.
std::string report(const std::string& file, bool json);

}  // namespace devolve
