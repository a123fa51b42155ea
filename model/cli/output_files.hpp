#pragma once
// Output-path checks and text outputs shared by the commands.
#include <string>

namespace devolve::cli {

//! Refuses (UsageError) an -o for an HDF5 output whose extension is not .h5, saying what to do.
void require_h5_extension(const std::string& path, const std::string& command);
//! Writes text to path in full or not at all; refuses an existing path unless overwrite.
void write_text_file(const std::string& path, const std::string& text, bool overwrite);

}  // namespace devolve::cli
