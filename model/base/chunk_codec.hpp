#pragma once
// The byte shuffle and deflate of HDF5's filters (H5Z_FILTER_SHUFFLE then H5Z_FILTER_DEFLATE) done
// outside HDF5, so that the chunks of a dataset can be compressed on several threads, then written
// with H5Dwrite_chunk (h5file.cpp). Any HDF5 reader undoes them: the output is the byte shuffle of
// the chunk and a zlib stream of it (RFC 1950), written here without zlib: each byte plane a deflate
// block of its own, literals and runs under a Huffman code of the plane's, or stored.
#include <cstddef>
#include <vector>

namespace devolve::chunk_codec {

//! A chunk's values: values[first, first + count), padded with zeros to the chunk's size
struct Span {
  std::size_t first, count;
};

//! Shuffles (byte 0 of every double, then byte 1, ...) and deflates each chunk of `chunk` values.
//! Chunks are compressed on the calling thread and plain threads beside it, as many in all as the
//! OpenMP thread count, where built with OpenMP (`threads`, and more than one chunk; else on the
//! calling thread alone); the bytes do not depend on the thread count. An exception on any thread
//! (bad_alloc) is rethrown on the calling one once every thread is joined.
std::vector<std::vector<unsigned char>> shuffle_deflate(const double* values, const std::vector<Span>& spans,
                                                        std::size_t chunk, bool threads = true);

//! The deflate level the chunks are written with (declared in the dataset's filter pipeline)
constexpr unsigned level = 1;

}  // namespace devolve::chunk_codec
