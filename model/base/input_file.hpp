#pragma once
// Opening inputs safely: only regular files are read (a FIFO, a device or a folder given as an
// input is an InputError, never a block), with a size limit, and file-system errors become
// InputErrors naming the file.
#include <cstddef>
#include <string>

namespace devolve {

//! Reads a whole regular file; InputError if it is missing, not a regular file, unreadable or
//! larger than max_bytes.
std::string read_regular_file(const std::string& path, std::size_t max_bytes = std::size_t(1) << 30);
//! Throws InputError unless path names a regular file (following symbolic links).
void require_regular_file(const std::string& path);

}  // namespace devolve
