#include "base/h5file.hpp"

#include <hdf5.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>

#include "base/chunk_codec.hpp"
#include "base/hash.hpp"
#include "base/input_file.hpp"
#include "devolve/error.hpp"

namespace devolve {

namespace {

// Closes an HDF5 handle when it leaves scope.
struct Handle {
  hid_t id;
  herr_t (*close)(hid_t);
  Handle(hid_t i, herr_t (*c)(hid_t)) : id(i), close(c) {}
  ~Handle() {
    if (id >= 0) close(id);
  }
  Handle(const Handle&) = delete;
  operator hid_t() const { return id; }
};

// libhdf5's own error printing is switched off: every failing call is checked here and becomes an
// Error or InputError naming the file (docs/errors.md). quiet() is the first HDF5 call of every way
// into the library, so it also stops libhdf5 from closing its files at exit: a file whose writes
// met a full disk cannot be closed, and libhdf5 1.10 crashes trying again at exit (every file
// devolve opens is closed by its H5File, and one that failed is removed).
void quiet() {
  static const bool no_atexit = H5dont_atexit() >= 0;
  (void)no_atexit;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

hid_t check(hid_t id, const std::string& file, const std::string& what) {
  if (id < 0) throw Error(file + ": error: HDF5 could not " + what);
  return id;
}

void check(herr_t rc, const std::string& file, const std::string& what) {
  if (rc < 0) throw Error(file + ": error: HDF5 could not " + what);
}

hid_t vlen_string_type() {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

std::string join_path(const std::string& group, const std::string& name) {
  if (group.empty() || group == "/") return "/" + name;
  return group + "/" + name;
}

// Global heap collections hold the variable-length strings. libhdf5 1.10 trusts their sizes and
// overruns its buffers when they are damaged, so every collection in a file is checked here
// (format: HDF5 File Format Specification 3.0, section III.E) before any string is read.
std::uint64_t le(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

constexpr std::size_t gcol_header = 16, gcol_object_header = 16;  // with 8-byte sizes, as devolve writes
constexpr std::size_t vlen_ref_size = 16;  // a stored reference: length (4), collection address (8), object index (4)

// A transfer list whose type-conversion buffer holds n variable-length strings (vlen_ref_size bytes
// each as stored, a pointer in memory) and no more, up to libhdf5's default of 1 MiB (more strings
// are converted in pieces, as by default). libhdf5 otherwise allocates and zeroes that 1 MiB for
// every string dataset it writes or reads, and the allocator maps it afresh each time: 256
// first-touch page faults and, with threads running, a TLB shootdown when it is unmapped
// (docs/performance.md, "Fast starts: the results writer").
hid_t string_transfer(std::size_t n) {
  constexpr std::size_t most = (std::size_t(1) << 20) / vlen_ref_size;
  const hid_t x = H5Pcreate(H5P_DATASET_XFER);
  if (x >= 0 && H5Pset_buffer(x, std::clamp<std::size_t>(n, 1, most) * vlen_ref_size, nullptr, nullptr) < 0) {
    H5Pclose(x);
    return -1;
  }
  return x;
}

// Checks the collection at `at` and records its objects (index -> size) in `objects`; returns an
// empty string if it is sound, else what is wrong.
std::string check_collection(const unsigned char* p, std::size_t file_size, std::size_t at,
                             std::map<std::uint64_t, std::uint64_t>& objects) {
  const std::uint64_t size = le(p + at + 8, 8);
  if (size < gcol_header || size > file_size - at) return "a global heap collection runs past the end of the file";
  std::size_t off = gcol_header;
  while (off + gcol_object_header <= size) {
    const std::uint64_t idx = le(p + at + off, 2), obj = le(p + at + off + 8, 8);
    if (idx == 0) return obj == size - off ? "" : "the free space of a global heap collection has the wrong size";
    const std::uint64_t padded = (obj + 7) / 8 * 8;
    if (obj > size || padded > size - off - gcol_object_header) return "a global heap object runs past its collection";
    if (!objects.emplace(idx, obj).second) return "a global heap collection holds an object twice";
    off += gcol_object_header + std::size_t(padded);
  }
  return off == size || size - off < gcol_object_header ? "" : "a global heap collection is damaged";
}

// A file read with pread (not mmap: reading a mapped file on a full tmpfs raises SIGBUS).
struct Reader {
  int fd = -1;
  std::size_t size = 0;
  bool owned = true;
  explicit Reader(const std::string& path) {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0) {
      if (fd >= 0) ::close(fd);
      throw InputError(path, "cannot read the file");
    }
    size = std::size_t(st.st_size);
  }
  //! Reads through a descriptor it does not own (libhdf5's own, H5File::read_doubles_side_by_side).
  struct Borrowed {};
  Reader(int borrowed, Borrowed) : fd(borrowed), owned(false) {}
  ~Reader() {
    if (owned) ::close(fd);
  }
  Reader(const Reader&) = delete;
  //! Up to n bytes at offset `at` (fewer at the end of the file).
  std::string read(std::size_t at, std::size_t n) const {
    std::string out(at < size ? std::min(n, size - at) : 0, '\0');
    out.resize(read_into(out.data(), at, out.size()));
    return out;
  }
  //! Reads up to n bytes at offset `at` into dst; returns how many were read.
  std::size_t read_into(char* dst, std::size_t at, std::size_t n) const {
    std::size_t got = 0;
    while (got < n) {
      const ssize_t r = ::pread(fd, dst + got, n - got, off_t(at + got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      got += std::size_t(r);
    }
    return got;
  }
};

// Every HDF5 file devolve writes starts with a 512-byte user block (which libhdf5 and h5py skip)
// that seals the rest of the file: a line naming the format, then the length and the 64-bit FNV-1a
// of every byte after the block. open() checks the seal before libhdf5 reads a byte, because
// libhdf5 1.10 is not memory-safe on damaged files (fuzzing found a use-after-free in its metadata
// cache). The seal finds damage and later edits; it is not a signature against a forger
// (docs/errors.md).
constexpr std::size_t seal_size = 512;
const std::string seal_magic = "devolve sealed HDF5 1\n";

// The seal of a body of n bytes whose hash (hash::fnv1a_words) is h.
std::string seal_text(std::size_t n, std::uint64_t h) {
  return seal_magic + "bytes " + std::to_string(n) + "\nfnv1a-words " + hash::hex(h) + "\n";
}

bool has_hdf5_signature(const Reader& f) {
  const std::string sig("\x89HDF\r\n\x1a\n", 8);
  for (std::size_t at = 0; at < f.size && at <= (std::size_t(1) << 30); at = at ? at * 2 : 512)
    if (f.read(at, sig.size()) == sig) return true;
  return false;
}

// The length and hash a seal states, if `head` is exactly a seal (its text, then zeros).
std::optional<std::pair<std::size_t, std::uint64_t>> read_seal(const std::string& head) {
  if (head.size() != seal_size || head.compare(0, seal_magic.size(), seal_magic) != 0) return std::nullopt;
  const auto field = [&](std::size_t& at, const std::string& name, int base) -> std::optional<std::uint64_t> {
    const std::size_t end = head.find('\n', at);
    if (head.compare(at, name.size(), name) != 0 || end == std::string::npos || end - at - name.size() > 20) return std::nullopt;
    const std::string digits = head.substr(at + name.size(), end - at - name.size());
    if (digits.empty() || digits.find_first_not_of(base == 10 ? "0123456789" : "0123456789abcdef") != std::string::npos)
      return std::nullopt;
    at = end + 1;
    return std::strtoull(digits.c_str(), nullptr, base);
  };
  std::size_t at = seal_magic.size();
  const auto n = field(at, "bytes ", 10);
  const auto h = n ? field(at, "fnv1a-words ", 16) : std::nullopt;
  // The text must be the one the writer makes of these numbers, so no other bytes go unchecked.
  if (!h || head.compare(0, at, seal_text(std::size_t(*n), *h)) != 0 || head.find_first_not_of('\0', at) != std::string::npos)
    return std::nullopt;
  return std::make_pair(std::size_t(*n), *h);
}

}  // namespace

//! Every global heap object of a file: collection address -> object index -> size [bytes].
struct H5File::HeapIndex {
  std::map<std::uint64_t, std::map<std::uint64_t, std::uint64_t>> objects;
};

namespace {

// What one pass over a file found: whether its contents match its seal, and its global heap
// collections (or what is wrong with the first damaged one).
struct FileCheck {
  bool sealed = false;
  std::shared_ptr<H5File::HeapIndex> heaps = std::make_shared<H5File::HeapIndex>();
  std::string heap_problem;
};

// Checks the global heap collection whose tag starts at file offset `at`; `buf` holds the file's
// bytes from offset `base` (`len` of them); a collection beyond them is read from the file.
// Returns the collection's size (0 if there is none or it is damaged).
std::size_t check_collection_at(const Reader& f, const char* buf, std::size_t base, std::size_t len, std::size_t at,
                                FileCheck& out) {
  auto fail = [&](const std::string& what) {
    out.heap_problem = what + " (at byte " + std::to_string(at) + ")";
    return std::size_t(0);
  };
  if (f.size - at < gcol_header) return 0;
  const std::size_t rel = at - base;
  const std::string head = rel + gcol_header <= len ? std::string(buf + rel, gcol_header) : f.read(at, gcol_header);
  const std::uint64_t size = le(reinterpret_cast<const unsigned char*>(head.data()) + 8, 8);
  if (size < gcol_header || size > f.size - at || size > (std::size_t(1) << 30))
    return fail("a global heap collection runs past the end of the file");
  std::string copy;
  const char* coll = buf + rel;
  if (rel + size > len) coll = (copy = f.read(at, std::size_t(size))).data();
  std::map<std::uint64_t, std::uint64_t> objects;
  const std::string problem = check_collection(reinterpret_cast<const unsigned char*>(coll), std::size_t(size), 0, objects);
  if (!problem.empty()) return fail(problem);
  out.heaps->objects[at - seal_size] = std::move(objects);  // HDF5 addresses count from the end of the user block
  return std::size_t(size);
}

// One pass over a file: its hash for the seal and every global heap collection (found by its
// "GCOL" tag, format: HDF5 File Format Specification 3.0, section III.E), from the same reads.
// Collections do not overlap, so the search resumes after each one: the work stays proportional to
// the file's size whatever its contents (a tag inside a collection is not a collection, and a
// reference to it is refused as broken).
FileCheck read_and_check(const Reader& f, const std::optional<std::pair<std::size_t, std::uint64_t>>& stated) {
  FileCheck out;
  std::uint64_t h = hash::fnv1a_offset;
  const std::string_view tag("GCOL\1\0\0\0", 8);
  constexpr std::size_t chunk = std::size_t(1) << 22;  // a multiple of 8: hashed words do not straddle chunks
  // Sized to the file when it is smaller than a chunk, and not zero-filled: only the bytes read are used
  const std::size_t body = f.size > seal_size ? f.size - seal_size : 0;
  const std::size_t span = std::min(chunk, body) + tag.size() - 1;
  const std::unique_ptr<char[]> buf(new char[span]);
  std::size_t next = seal_size;  // where the search for the next collection resumes
  for (std::size_t base = seal_size; base < f.size; base += chunk) {
    // Each read overlaps the next chunk by tag.size() - 1 bytes, so no tag is split; those bytes
    // are hashed with their own chunk.
    const std::size_t len = f.read_into(buf.get(), base, span);
    if (len == 0) break;
    h = hash::fnv1a_words(buf.get(), std::min(len, chunk), h);
    const std::string_view v(buf.get(), len);
    while (out.heap_problem.empty() && next < base + chunk) {
      const std::size_t hit = v.find(tag, next - base);
      if (hit == std::string_view::npos || hit >= chunk) break;
      next = base + hit + std::max(check_collection_at(f, buf.get(), base, len, base + hit, out), tag.size());
    }
    next = std::max(next, base + chunk);
  }
  out.sealed = stated && f.size >= seal_size && stated->first == f.size - seal_size && stated->second == h;
  return out;
}

// Throws InputError unless the file carries devolve's seal and its contents match it; returns
// its global heap collections, checked in the same pass (an error about them is thrown by open()
// after the seal and the HDF5 signature, so a damaged file is reported as such first). The stated
// hash is compared as a number with the computed one (not as text), so a fuzzer that traces byte
// comparisons cannot learn a damaged body's seal from the comparison.
FileCheck check_seal(const std::string& path) {
  const Reader f(path);
  const std::string head = f.read(0, seal_size);
  if (head.compare(0, seal_magic.size(), seal_magic) != 0) {
    if (!has_hdf5_signature(f)) throw InputError(path, "not an HDF5 file, or it cannot be read");
    throw InputError(path, "an HDF5 file that devolve did not write: it has no devolve seal "
                           "(devolve reads only the HDF5 files it writes; docs/errors.md)");
  }
  const auto stated = read_seal(head);
  FileCheck out = stated ? read_and_check(f, stated) : FileCheck{};
  if (!out.sealed)
    throw InputError(path, "the file is damaged, or was changed after devolve wrote it: its contents do not match "
                           "the seal devolve wrote at its start (docs/errors.md)");
  return out;
}

// Checks n variable-length string references as stored in a file (16 bytes each: length (4),
// collection address (8), object index (4)) against the heap index: each names an existing object
// of exactly its length, so libhdf5 1.10 (which reads the heap without bounds checks) cannot overrun.
void check_refs(const unsigned char* raw, std::size_t n, const std::string& file, const std::string& where,
                const H5File::HeapIndex& heaps) {
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char* r = raw + i * vlen_ref_size;
    const std::uint64_t len = le(r, 4), addr = le(r + 4, 8), idx = le(r + 12, 4);
    if (len == 0 && addr == 0) continue;
    const auto c = heaps.objects.find(addr);
    const bool ok = c != heaps.objects.end() && c->second.count(idx) && c->second.at(idx) == len;
    if (!ok) throw InputError(file, 0, 0, where, "the file is damaged: string " + std::to_string(i) + " has a broken reference");
  }
}

// The references of a variable-length string dataset (stored contiguously, as devolve writes them).
void check_string_refs(hid_t d, std::size_t n, const std::string& file, const std::string& path,
                       const H5File::HeapIndex& heaps) {
  if (n == 0) return;
  const haddr_t at = H5Dget_offset(d);
  if (at == HADDR_UNDEF) throw InputError(file, 0, 0, path, "strings stored in an unexpected layout (file damaged?)");
  const Reader f(file);
  if (at > f.size || n > (f.size - at) / vlen_ref_size) throw InputError(file, 0, 0, path, "the file is damaged: strings run past its end");
  const std::string raw = f.read(at, n * vlen_ref_size);
  if (raw.size() != n * vlen_ref_size) throw InputError(file, 0, 0, path, "the file cannot be read");
  check_refs(reinterpret_cast<const unsigned char*>(raw.data()), n, file, path, heaps);
}

// A conversion from a variable-length string as stored in the file to a 16-byte opaque type:
// H5Aread with it copies an attribute's raw heap references without following them (attributes
// live in object headers, which devolve does not parse), so they can be checked first.
herr_t copy_raw_refs(hid_t src, hid_t dst, H5T_cdata_t* cdata, std::size_t, std::size_t, std::size_t, void*, void*, hid_t) {
  if (cdata->command != H5T_CONV_INIT) return 0;  // same size, in place: the bytes already are the references
  cdata->need_bkg = H5T_BKG_NO;
  const bool stored_vlen = H5Tis_variable_str(src) > 0 && H5Tget_size(src) == vlen_ref_size;
  return stored_vlen && H5Tget_class(dst) == H5T_OPAQUE && H5Tget_size(dst) == vlen_ref_size ? 0 : -1;
}

// The 16-byte opaque type copy_raw_refs converts to (registered with libhdf5 once).
hid_t raw_ref_type() {
  static const hid_t type = [] {
    const hid_t t = H5Tcreate(H5T_OPAQUE, vlen_ref_size);
    H5Tset_tag(t, "devolve: raw variable-length reference");
    const hid_t v = vlen_string_type();
    H5Tregister(H5T_PERS_SOFT, "devolve_raw_vlen_refs", v, t, copy_raw_refs);
    H5Tclose(v);
    return t;
  }();
  return type;
}

// A string datatype devolve can read: 1-byte characters, ASCII or UTF-8, and for fixed-length
// strings a size and count the file can hold. A damaged datatype message otherwise sends libhdf5
// into minutes of conversion or past its buffers.
void check_string_type(hid_t ft, std::size_t n, const std::string& file, const std::string& where) {
  const auto bad = [&](const std::string& what) { throw InputError(file, 0, 0, where, "the file is damaged: " + what); };
  if (H5Tget_class(ft) != H5T_STRING) bad("not of strings");
  const H5T_cset_t cset = H5Tget_cset(ft);
  if (cset != H5T_CSET_ASCII && cset != H5T_CSET_UTF8) bad("strings in an unknown character set");
  if (H5Tget_strpad(ft) < 0) bad("strings with unknown padding");
  if (H5Tis_variable_str(ft) > 0) {
    Handle base(H5Tget_super(ft), H5Tclose);
    if (base < 0 || H5Tget_size(base) != 1) bad("variable-length strings whose characters are not 1 byte");
    if (n > (std::size_t(1) << 32)) bad("too many strings");
    return;
  }
  const std::size_t size = H5Tget_size(ft);
  if (size == 0 || size > (std::size_t(1) << 20) || n > (std::size_t(1) << 32) / size) bad("fixed-length strings too large");
}

// Chunks of at most 2^17 values (1 MiB of doubles), whole along the trailing dimensions where they
// fit, so a slice along the leading ones (a year, a measure) decompresses few chunks; then the byte
// shuffle (the exponents of neighbouring doubles compress together) and deflate. The chunk is 1
// along the dimensions before some p, at most the whole along p and whole after p (each step takes
// at most limit / inner, and once a dimension is cut inner exceeds limit / 2), so every chunk is
// one run of the row-major values.
std::vector<hsize_t> chunk_shape(const std::vector<hsize_t>& shape) {
  constexpr hsize_t limit = hsize_t(1) << 17;
  std::vector<hsize_t> chunk(shape.size(), 1);
  hsize_t inner = 1;  // values of a chunk along the dimensions after i
  for (std::size_t i = shape.size(); i-- > 0;) {
    chunk[i] = std::max<hsize_t>(1, std::min(shape[i], limit / inner));
    inner *= chunk[i];
  }
  return chunk;
}

void compressed_layout(hid_t dcpl, const std::vector<hsize_t>& chunk, const std::string& file, const std::string& p) {
  check(H5Pset_chunk(dcpl, int(chunk.size()), chunk.data()), file, "chunk " + p);
  check(H5Pset_shuffle(dcpl), file, "compress " + p);
  check(H5Pset_deflate(dcpl, chunk_codec::level), file, "compress " + p);
}

// The chunks of chunk_shape in row-major order of the chunk grid (the dimensions before p one at a
// time, p in steps of chunk[p]): where each one's values start and end, and its offset in the grid.
struct ChunkGrid {
  std::vector<chunk_codec::Span> spans;
  std::vector<std::vector<hsize_t>> offsets;
  std::size_t size = 0;  // values a chunk
};

ChunkGrid chunk_grid(const std::vector<hsize_t>& shape, const std::vector<hsize_t>& chunk) {
  const std::size_t rank = shape.size();
  std::size_t cut = 0;  // p: the first dimension whose chunk is not 1 (or the last)
  while (cut + 1 < rank && chunk[cut] == 1) ++cut;
  std::size_t inner = 1, outer = 1;
  for (std::size_t i = cut + 1; i < rank; ++i) inner *= std::size_t(shape[i]);
  for (std::size_t i = 0; i < cut; ++i) outer *= std::size_t(shape[i]);
  const std::size_t along = std::size_t(shape[cut]), step = std::size_t(chunk[cut]);
  ChunkGrid g;
  g.size = step * inner;
  for (std::size_t o = 0; o < outer; ++o)
    for (std::size_t q = 0; q < along; q += step) {
      g.spans.push_back({(o * along + q) * inner, (std::min(along, q + step) - q) * inner});
      std::vector<hsize_t> off(rank, 0);
      for (std::size_t i = cut, rest = o; i-- > 0; rest /= std::size_t(shape[i])) off[i] = hsize_t(rest % shape[i]);
      off[cut] = hsize_t(q);
      g.offsets.push_back(std::move(off));
    }
  return g;
}

// The chunks, shuffled and deflated by chunk_codec, written as they are (H5Dwrite_chunk, filter
// mask 0: both filters applied).
void write_chunks(hid_t d, const ChunkGrid& g, const std::vector<std::vector<unsigned char>>& packed,
                  const std::string& file, const std::string& p) {
  for (std::size_t c = 0; c < packed.size(); ++c)
    check(H5Dwrite_chunk(d, H5P_DEFAULT, 0, g.offsets[c].data(), packed[c].size(), packed[c].data()), file, "write " + p);
}

// Whether chunk is 1 before some dimension and whole after it (chunk_shape's form).
bool one_run(const std::vector<hsize_t>& shape, const std::vector<hsize_t>& chunk) {
  std::size_t cut = 0;
  while (cut + 1 < shape.size() && chunk[cut] == 1) ++cut;
  for (std::size_t i = cut + 1; i < shape.size(); ++i)
    if (chunk[i] != shape[i]) return false;
  return true;
}

}  // namespace

// A new file is written to disk as it is made (HDF5's sec2 driver, created exclusively), with the
// seal's user block reserved; close() then reads the body back to hash it and writes the seal into
// the block. Nothing of the file is held in memory beyond libhdf5's caches, so a file of any size
// costs no more memory than its largest dataset (the multipliers of uk-lad-2022 write 1.3 GB).
H5File H5File::create(const std::string& path) {
  quiet();
  Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
  if (fcpl < 0 || H5Pset_userblock(fcpl, seal_size) < 0) throw Error(path + ": error: cannot create the file");
  errno = 0;  // the reason named below is that of the failing system call, if any
  hid_t id = H5Fcreate(path.c_str(), H5F_ACC_EXCL, fcpl, H5P_DEFAULT);
  if (id < 0) throw Error(path + ": error: cannot create the file" + (errno ? std::string(": ") + std::strerror(errno) : ""));
  H5File f(id, path);
  f.created_ = true;
  return f;
}

namespace {

// Seals a finished file in place: hashes every byte after the user block (in 64 KiB reads, a
// multiple of 8 so that the hashed words are those of one pass over the whole body) and writes the
// seal into the block, then syncs. On any failure removes the file and throws, so a full disk leaves
// nothing.
void seal_in_place(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  int err = fd < 0 ? errno : 0;
  struct stat st {};
  if (!err && ::fstat(fd, &st) != 0) err = errno;
  if (!err && std::size_t(st.st_size) < seal_size) err = EIO;
  std::uint64_t h = hash::fnv1a_offset;
  const std::size_t size = err ? 0 : std::size_t(st.st_size);
  // 64 KiB, below glibc's mmap threshold (128 KiB): heap pages, not 4 MiB mapped and faulted afresh
  constexpr std::size_t chunk = std::size_t(1) << 16;
  const std::unique_ptr<char[]> buf(new char[chunk]);
  for (std::size_t at = seal_size; !err && at < size;) {
    const std::size_t want = std::min(chunk, size - at);
    std::size_t got = 0;
    while (!err && got < want) {
      const ssize_t r = ::pread(fd, buf.get() + got, want - got, off_t(at + got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) err = r < 0 ? errno : EIO;
      else got += std::size_t(r);
    }
    if (!err) h = hash::fnv1a_words(buf.get(), want, h), at += want;
  }
  std::string block = seal_text(size - std::min(size, seal_size), h);
  block.resize(seal_size, '\0');
  if (!err && ::pwrite(fd, block.data(), block.size(), 0) != ssize_t(block.size())) err = errno ? errno : ENOSPC;
  if (!err && ::fsync(fd) != 0) err = errno;
  if (fd >= 0 && ::close(fd) != 0 && !err) err = errno;
  if (err) {
    ::unlink(path.c_str());
    throw Error(path + ": error: cannot write the file: " + std::strerror(err));
  }
}

}  // namespace

void H5File::close() {
  close_unsealed();
  seal();
}

void H5File::close_unsealed() {
  if (id_ < 0) return;
  release_attr_target();  // no object left open: H5Fclose would leave the file open and unflushed
  packed_.clear();
  if (created_) {
    try {
      write_reference_lists();
    } catch (...) {
      close_scales();
      throw;
    }
  }
  close_scales();
  errno = 0;
  const herr_t rc = H5Fclose(id_);
  id_ = -1;
  if (!created_) return check(rc, path_, "close the file");
  if (rc < 0) {
    const int err = errno;
    created_ = false;
    ::unlink(path_.c_str());
    throw Error(path_ + ": error: cannot write the file" + (err ? std::string(": ") + std::strerror(err) : ""));
  }
}

void H5File::seal() {
  if (id_ >= 0 || !created_) return;  // open (close_unsealed first), opened for reading, or sealed
  created_ = false;
  seal_in_place(path_);
}

H5File H5File::open(const std::string& path) {
  quiet();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) throw InputError(path, "no such file");
  require_regular_file(path);
  FileCheck checked = check_seal(path);
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path, "not an HDF5 file, or it cannot be read");
  if (!checked.heap_problem.empty()) throw InputError(path, "the file is damaged: " + checked.heap_problem);
  auto heaps = std::move(checked.heaps);
  hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw InputError(path, "cannot open the HDF5 file");
  H5File f(id, path);
  f.heaps_ = std::move(heaps);
  return f;
}

namespace {

// What a stamp records of a file: the kernel's identity of its current contents. Writing to the
// file, truncating it, replacing it (rename), and setting its times (touch, utimensat) all change
// its change time, which no system call can set; and the seal names its length and hash.
std::string stamp_text(const struct stat& st, const std::string& head) {
  const auto ns = [](const struct timespec& t) { return std::to_string(t.tv_sec) + "." + std::to_string(t.tv_nsec); };
  return "devolve checked HDF5 1\ndevice " + std::to_string(st.st_dev) + "\ninode " + std::to_string(st.st_ino) +
         "\nbytes " + std::to_string(st.st_size) + "\nmodified " + ns(st.st_mtim) + "\nchanged " + ns(st.st_ctim) +
         "\n" + head.substr(0, head.find('\0'));
}

bool same_file_state(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size && a.st_mtim.tv_sec == b.st_mtim.tv_sec &&
         a.st_mtim.tv_nsec == b.st_mtim.tv_nsec && a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec;
}

// The stamp file's text if it is a small regular file, else empty. Never throws: another process
// (ranks of one MPI sweep, a batch beside a run) may unlink or rewrite the stamp at any moment, and
// a missing or torn stamp only costs a full check.
std::string read_stamp(const std::string& stamp) {
  const int fd = ::open(stamp.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return "";
  struct stat st {};
  std::string text;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= 4096) {
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) text.assign(buf, std::size_t(n));
  }
  ::close(fd);
  return text;
}

// Writes the stamp in place (a torn or stale stamp matches no file state, so it only costs a check).
void write_stamp(const std::string& stamp, const std::string& text) {
  const int fd = ::open(stamp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return;
  const ssize_t w = ::write(fd, text.data(), text.size());
  ::close(fd);
  if (w != ssize_t(text.size())) ::unlink(stamp.c_str());
}

}  // namespace

H5File H5File::open_kept(const std::string& path, const std::string& stamp) {
  quiet();
  struct stat before {};
  if (::stat(path.c_str(), &before) != 0 || !S_ISREG(before.st_mode)) return open(path);
  const std::string head = Reader(path).read(0, seal_size);
  const std::string text = stamp_text(before, head);
  if (read_seal(head) && read_stamp(stamp) == text) {
    hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) throw InputError(path, "cannot open the HDF5 file");
    return H5File(id, path);  // no heap index: the stamped state passed the heap check
  }
  ::unlink(stamp.c_str());
  H5File f = open(path);
  struct stat after {};
  if (::stat(path.c_str(), &after) == 0 && same_file_state(before, after)) write_stamp(stamp, text);
  return f;
}

struct PackedChunks {
  std::size_t values = 0;
  std::vector<hsize_t> shape;  // the dataset's, which gives the chunks'; dataset() takes them only for this shape
  std::future<std::vector<std::vector<unsigned char>>> chunks;  // waited for when destroyed (std::async)
};

namespace {

// prepare()'s job for these values, or null where dataset() would not compress them in one run of chunks.
// `now`: compressed on the calling thread before it returns (threads: false), HDF5 not asked whether
// it has deflate (dataset() asks before it takes the chunks).
std::shared_ptr<PackedChunks> pack(const std::vector<double>& values, const std::vector<std::size_t>& shape,
                                   std::size_t compress_above, bool threads, bool now = false) {
  std::size_t total = 1;
  for (std::size_t s : shape) total *= s;
  if (total != values.size() || compress_above == 0 || total <= compress_above ||
      (!now && H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0))
    return nullptr;
  const std::vector<hsize_t> sizes(shape.begin(), shape.end()), chunk = chunk_shape(sizes);
  if (!one_run(sizes, chunk)) return nullptr;
  auto grid = std::make_shared<const ChunkGrid>(chunk_grid(sizes, chunk));
  auto job = std::make_shared<PackedChunks>();
  job->values = total;
  job->shape = sizes;
  const double* v = values.data();
  if (now) {
    std::promise<std::vector<std::vector<unsigned char>>> done;
    done.set_value(chunk_codec::shuffle_deflate(v, grid->spans, grid->size, false));
    job->chunks = done.get_future();
    return job;
  }
  job->chunks = std::async(std::launch::async,
                           [v, grid, threads] { return chunk_codec::shuffle_deflate(v, grid->spans, grid->size, threads); });
  return job;
}

}  // namespace

void PreparedChunks::prepare(const std::vector<double>& values, const std::vector<std::size_t>& shape,
                             std::size_t compress_above) {
  if (jobs_.count(values.data())) return;
  if (auto job = pack(values, shape, compress_above, true)) jobs_[values.data()] = std::move(job);
}

void PreparedChunks::compress(const std::vector<double>& values, const std::vector<std::size_t>& shape,
                              std::size_t compress_above) {
  if (jobs_.count(values.data())) return;
  if (auto job = pack(values, shape, compress_above, false, true)) jobs_[values.data()] = std::move(job);
}

void PreparedChunks::wait() const {
  for (const auto& [values, job] : jobs_)
    if (job->chunks.valid()) job->chunks.wait();
}

void H5File::prepare(const std::vector<double>& values, const std::vector<std::size_t>& shape) {
  if (packed_.count(values.data())) return;  // adopted, or prepared already
  if (auto job = pack(values, shape, compress_above_, compress_threads_)) packed_[values.data()] = std::move(job);
}

void H5File::adopt(const PreparedChunks& early) {
  for (const auto& [values, job] : early.jobs_) packed_.emplace(values, job);
}

H5File::~H5File() {
  release_attr_target();
  packed_.clear();
  close_scales();
  if (id_ >= 0) H5Fclose(id_);
  if (created_) ::unlink(path_.c_str());  // an unfinished created file is discarded
}

H5File::H5File(H5File&& o) noexcept
    : id_(o.id_), path_(std::move(o.path_)), heaps_(std::move(o.heaps_)), created_(o.created_), compress_above_(o.compress_above_),
      compress_threads_(o.compress_threads_),
      groups_(std::move(o.groups_)), lengths_(std::move(o.lengths_)), scales_(std::move(o.scales_)),
      packed_(std::move(o.packed_)), attr_path_(std::move(o.attr_path_)), attr_obj_(o.attr_obj_) {
  o.id_ = -1;
  o.attr_obj_ = -1;
  o.created_ = false;
  o.scales_.clear();
}

void H5File::group(const std::string& path) {
  if (path.empty() || path == "/" || groups_.count(path)) return;
  if (!exists(path)) {
    Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
    H5Pset_create_intermediate_group(lcpl, 1);
    Handle g(check(H5Gcreate2(id_, path.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT), path_, "create group " + path),
             H5Gclose);
  }
  groups_.insert(path);
}

namespace {
// An attribute of the open object o (replacing one of that name, unless o is `fresh`: created by
// this H5File just now, with no attribute of that name).
void write_attr_to(hid_t o, const std::string& fname, const std::string& name, hid_t type, hid_t space, const void* buf,
                   bool fresh = false) {
  if (!fresh && H5Aexists(o, name.c_str()) > 0) H5Adelete(o, name.c_str());
  Handle a(check(H5Acreate2(o, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), fname, "create attribute " + name),
           H5Aclose);
  check(H5Awrite(a, type, buf), fname, "write attribute " + name);
}

// The scalar dataspace of attributes, made once and shared by every file, as raw_ref_type's type:
// H5Acreate2 copies it.
hid_t scalar_space() {
  static const hid_t scalar = H5Screate(H5S_SCALAR);
  return scalar;
}

// A string attribute of the open object o (`fresh` as write_attr_to's). Its type (a variable-length
// UTF-8 string) is made once and shared, as scalar_space(). Made for each attribute, the type and
// the dataspace were a tenth of the attributes' cost.
void string_attr(hid_t o, const std::string& fname, const std::string& name, const std::string& value, bool fresh = false) {
  static const hid_t type = vlen_string_type();
  const char* p = value.c_str();
  write_attr_to(o, fname, name, type, scalar_space(), &p, fresh);
}
}  // namespace

// The object attributes are written to: the file's id for the root group (its location), else the
// object at `obj`, opened once for as many attributes in a row as are written to it (a results
// file's context indicators have three each) and closed when another is named, or by close().
std::int64_t H5File::attr_target(const std::string& obj) {
  if (obj == "/") return id_;
  if (attr_obj_ >= 0 && attr_path_ == obj) return attr_obj_;
  release_attr_target();
  attr_obj_ = check(H5Oopen(id_, obj.c_str(), H5P_DEFAULT), path_, "open " + obj);
  attr_path_ = obj;
  return attr_obj_;
}

void H5File::release_attr_target() {
  if (attr_obj_ >= 0) H5Oclose(attr_obj_);
  attr_obj_ = -1;
  attr_path_.clear();
}

void H5File::attr(const std::string& obj, const std::string& name, const std::string& value) {
  string_attr(attr_target(obj), path_, name, value);
}

void H5File::attr(const std::string& obj, const std::string& name, double value) {
  write_attr_to(attr_target(obj), path_, name, H5T_NATIVE_DOUBLE, scalar_space(), &value);
}

void H5File::attr(const std::string& obj, const std::string& name, std::int64_t value) {
  write_attr_to(attr_target(obj), path_, name, H5T_NATIVE_INT64, scalar_space(), &value);
}

void H5File::attr(const std::string& obj, const std::string& name, const std::vector<std::int64_t>& value) {
  hsize_t n = value.size();
  Handle s(H5Screate_simple(1, &n, nullptr), H5Sclose);
  write_attr_to(attr_target(obj), path_, name, H5T_NATIVE_INT64, s, value.data());
}

void H5File::dimension(const std::string& group, const std::string& dim, const std::vector<std::string>& labels,
                       const std::string& description) {
  this->group(group);
  Handle d(create_strings(group, dim, {}, labels, description), H5Dclose);
  make_scale(d.id, group, dim);
  d.id = -1;  // held by scales_
}

void H5File::dimension(const std::string& group, const std::string& dim, const std::vector<std::int64_t>& values,
                       const std::string& description) {
  this->group(group);
  const std::string p = join_path(group, dim);
  hsize_t n = values.size();
  Handle s(H5Screate_simple(1, &n, nullptr), H5Sclose);
  Handle d(check(H5Dcreate2(id_, p.c_str(), H5T_NATIVE_INT64, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), path_,
                 "create " + p),
           H5Dclose);
  if (n) check(H5Dwrite(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), path_, "write " + p);
  string_attr(d, path_, "description", description, true);
  lengths_[p] = std::int64_t(n);
  make_scale(d.id, group, dim);
  d.id = -1;  // held by scales_
}

std::int64_t H5File::size_of_dim(const std::string& group, const std::string& dim) const {
  const std::string p = join_path(group, dim);
  if (const auto known = lengths_.find(p); known != lengths_.end()) return known->second;
  Handle d(check(H5Dopen2(id_, p.c_str(), H5P_DEFAULT), path_, "find dimension " + p), H5Dclose);
  Handle s(H5Dget_space(d), H5Sclose);
  hsize_t n = 0;
  H5Sget_simple_extent_dims(s, &n, nullptr);
  return static_cast<std::int64_t>(n);
}

// Attaches the dimension scales group/dims[i] to dimension i of dset, as H5DSattach_scale (HDF5 1.10)
// does it, in two parts: the dataset's DIMENSION_LIST (a variable-length list of object references
// a dimension, here one each) written now, once, and each scale's REFERENCE_LIST (this dataset and
// dimension appended) when the file is closed (write_reference_lists). H5DSattach_scale rewrote
// both lists at every attach, and looked both objects up (H5Oget_info) each time.
void H5File::attach_dims(std::int64_t dset, const std::string& group, const std::vector<std::string>& dims) {
  if (dims.empty()) return;
  hobj_ref_t self = 0;
  check(H5Rcreate(&self, dset, ".", H5R_OBJECT, -1), path_, "refer to a dataset");
  std::vector<hobj_ref_t> refs(dims.size());
  std::vector<hvl_t> list(dims.size());
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const std::string p = join_path(group, dims[i]);
    auto scale = scales_.find(p);
    if (scale == scales_.end()) throw Error(path_ + ": error: internal: dimension " + p + " is not a dimension scale");
    refs[i] = hobj_ref_t(scale->second.ref);
    list[i].len = 1;
    list[i].p = &refs[i];
    scale->second.attached.emplace_back(std::uint64_t(self), int(i));
  }
  Handle t(H5Tvlen_create(H5T_STD_REF_OBJ), H5Tclose);
  const hsize_t n = dims.size();
  Handle s(H5Screate_simple(1, &n, nullptr), H5Sclose);
  write_attr_to(dset, path_, "DIMENSION_LIST", t, s, list.data(), true);
}

// The REFERENCE_LIST attribute of every dimension scale that datasets were attached to, written once
// with all its entries: what H5DSattach_scale (HDF5 1.10) leaves after attaching them one by one,
// each attach reading, deleting and writing the growing list again (docs/performance.md, "The
// results writer, cheaper"). Its type is H5DS's:
// a compound of 16 bytes, "dataset" (an object reference) at 0 and "dimension" (a native int) at 8.
void H5File::write_reference_lists() {
  struct Entry {
    hobj_ref_t ref;
    int dim;
  };
  static_assert(sizeof(Entry) == 16 && offsetof(Entry, dim) == 8, "H5DS's ds_list_t layout");
  Handle t(H5Tcreate(H5T_COMPOUND, sizeof(Entry)), H5Tclose);  // one type for every scale: H5Acreate2 copies it
  check(H5Tinsert(t, "dataset", offsetof(Entry, ref), H5T_STD_REF_OBJ), path_, "attach dimensions");
  check(H5Tinsert(t, "dimension", offsetof(Entry, dim), H5T_NATIVE_INT), path_, "attach dimensions");
  std::vector<Entry> list;
  for (auto& [p, scale] : scales_) {
    if (scale.attached.empty()) continue;
    list.clear();
    for (const auto& [ref, dim] : scale.attached) list.push_back({hobj_ref_t(ref), dim});
    const hsize_t n = list.size();
    Handle s(H5Screate_simple(1, &n, nullptr), H5Sclose);
    // fresh: a scale is made by this H5File (a new dataset) and its list written once, here
    write_attr_to(scale.id, path_, "REFERENCE_LIST", t, s, list.data(), true);
    scale.attached.clear();
  }
}

// Makes the open dataset d (group/dim, a new 1-D dataset) a dimension scale named dim, as
// H5DSset_scale (HDF5 1.10) does, and holds it open until the file is closed (close_scales): each
// dataset attached to it records its reference.
namespace {
const std::string dimension_scale_class = "DIMENSION_SCALE";  // H5DS's DIMENSION_SCALE_CLASS
}  // namespace

void H5File::make_scale(std::int64_t d, const std::string& group, const std::string& dim) {
  const std::string p = join_path(group, dim);
  try {
    // H5DSset_scale's attributes, as it writes them (H5LT_set_attribute_string: a scalar fixed-length
    // string, NUL-terminated ASCII, its length and the NUL), without its look-ups: the dataset is new
    for (const auto& [name, value] : {std::pair<const char*, const std::string&>{"CLASS", dimension_scale_class},
                                      std::pair<const char*, const std::string&>{"NAME", dim}}) {
      Handle t(H5Tcopy(H5T_C_S1), H5Tclose);
      check(t >= 0 && H5Tset_size(t, value.size() + 1) >= 0 && H5Tset_strpad(t, H5T_STR_NULLTERM) >= 0 ? 0 : -1, path_,
            "make " + p + " a dimension scale");
      write_attr_to(d, path_, name, t, scalar_space(), value.c_str(), true);
    }
    hobj_ref_t ref = 0;
    check(H5Rcreate(&ref, d, ".", H5R_OBJECT, -1), path_, "refer to " + p);
    if (const auto old = scales_.find(p); old != scales_.end()) H5Dclose(old->second.id);
    scales_[p] = Scale{std::uint64_t(ref), d, {}};
  } catch (...) {
    H5Dclose(d);
    throw;
  }
}

void H5File::close_scales() {
  for (const auto& [p, scale] : scales_) H5Dclose(scale.id);
  scales_.clear();
}

void H5File::dataset(const std::string& group, const std::string& name, const std::vector<std::string>& dims,
                     const std::vector<double>& values, const std::string& units, const std::string& description) {
  this->group(group);
  std::vector<hsize_t> shape;
  hsize_t total = 1;
  for (const auto& d : dims) {
    shape.push_back(static_cast<hsize_t>(size_of_dim(group, d)));
    total *= shape.back();
  }
  const std::string p = join_path(group, name);
  if (total != values.size())
    throw Error(path_ + ": error: internal: dataset " + p + " has " + std::to_string(values.size()) +
                " values for shape of " + std::to_string(total));
  Handle s(dims.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(int(dims.size()), shape.data(), nullptr), H5Sclose);
  const bool compress = compress_above_ > 0 && total > compress_above_ && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0;
  // An uncompressed dataset is created with the default property list itself, which libhdf5 does
  // not copy for the dataset (it copies any other, even one of the same defaults)
  Handle dcpl(compress ? H5Pcreate(H5P_DATASET_CREATE) : hid_t(-1), H5Pclose);
  const std::vector<hsize_t> chunk = compress ? chunk_shape(shape) : std::vector<hsize_t>();
  if (compress) compressed_layout(dcpl, chunk, path_, p);
  Handle d(check(H5Dcreate2(id_, p.c_str(), H5T_NATIVE_DOUBLE, s, H5P_DEFAULT, compress ? dcpl.id : H5P_DEFAULT, H5P_DEFAULT), path_,
                 "create " + p),
           H5Dclose);
  if (compress && total && one_run(shape, chunk)) {
    const ChunkGrid grid = chunk_grid(shape, chunk);
    const auto ready = packed_.find(values.data());  // prepared: the same values, compressed meanwhile
    // A job already written (the same results written twice) has no chunks left: compressed here.
    if (ready != packed_.end() && ready->second->values == total && ready->second->shape == shape &&
        ready->second->chunks.valid()) {
      const auto job = ready->second;
      packed_.erase(ready);
      write_chunks(d, grid, job->chunks.get(), path_, p);
    } else {
      write_chunks(d, grid, chunk_codec::shuffle_deflate(values.data(), grid.spans, grid.size, compress_threads_), path_, p);
    }
  } else if (total) check(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), path_, "write " + p);
  attach_dims(d, group, dims);
  string_attr(d, path_, "units", units, true);
  string_attr(d, path_, "description", description, true);
}

std::vector<std::size_t> H5File::shape_of(const std::string& group, const std::vector<std::string>& dims) const {
  std::vector<std::size_t> shape;
  for (const auto& d : dims) shape.push_back(static_cast<std::size_t>(size_of_dim(group, d)));
  return shape;
}

void H5File::dataset_by_slab(const std::string& group, const std::string& name, const std::vector<std::string>& dims,
                             const std::function<void(std::size_t, double*)>& fill, const std::string& units,
                             const std::string& description) {
  this->group(group);
  const std::string p = join_path(group, name);
  const std::vector<std::size_t> sizes = shape_of(group, dims);
  if (sizes.empty()) throw Error(path_ + ": error: internal: dataset " + p + " written by slab has no dimensions");
  const std::vector<hsize_t> shape(sizes.begin(), sizes.end());
  std::size_t slab = 1;
  for (std::size_t i = 1; i < sizes.size(); ++i) slab *= sizes[i];
  Handle s(H5Screate_simple(int(shape.size()), shape.data(), nullptr), H5Sclose);
  Handle d(check(H5Dcreate2(id_, p.c_str(), H5T_NATIVE_DOUBLE, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), path_,
                 "create " + p),
           H5Dclose);
  std::vector<double> values(slab);
  std::vector<hsize_t> start(shape.size(), 0), count = shape;
  count[0] = 1;
  const hsize_t n = slab;
  Handle mem(H5Screate_simple(1, &n, nullptr), H5Sclose);
  for (std::size_t i = 0; i < sizes[0] && slab > 0; ++i) {
    fill(i, values.data());
    start[0] = i;
    check(H5Sselect_hyperslab(s, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr), path_, "select in " + p);
    check(H5Dwrite(d, H5T_NATIVE_DOUBLE, mem, s, H5P_DEFAULT, values.data()), path_, "write " + p);
  }
  attach_dims(d, group, dims);
  string_attr(d, path_, "units", units, true);
  string_attr(d, path_, "description", description, true);
}

void H5File::strings(const std::string& group, const std::string& name, const std::vector<std::string>& dims,
                     const std::vector<std::string>& values, const std::string& description) {
  Handle d(create_strings(group, name, dims, values, description), H5Dclose);
}

std::int64_t H5File::create_strings(const std::string& group, const std::string& name, const std::vector<std::string>& dims,
                                    const std::vector<std::string>& values, const std::string& description) {
  this->group(group);
  const std::string p = join_path(group, name);
  std::vector<hsize_t> shape;
  if (dims.empty()) {
    shape.push_back(values.size());
  } else {
    for (const auto& d : dims) shape.push_back(static_cast<hsize_t>(size_of_dim(group, d)));
  }
  Handle t(vlen_string_type(), H5Tclose);
  Handle s(H5Screate_simple(int(shape.size()), shape.data(), nullptr), H5Sclose);
  Handle d(check(H5Dcreate2(id_, p.c_str(), t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), path_, "create " + p),
           H5Dclose);
  std::vector<const char*> ptrs;
  for (const auto& v : values) ptrs.push_back(v.c_str());
  Handle x(check(string_transfer(ptrs.size()), path_, "write " + p), H5Pclose);
  if (!ptrs.empty()) check(H5Dwrite(d, t, H5S_ALL, H5S_ALL, x, ptrs.data()), path_, "write " + p);
  if (!dims.empty()) attach_dims(d, group, dims);
  string_attr(d, path_, "description", description, true);
  if (shape.size() == 1) lengths_[p] = std::int64_t(shape[0]);
  const hid_t id = d.id;
  d.id = -1;  // the caller's
  return id;
}

bool H5File::exists(const std::string& path) const {
  if (path.empty() || path == "/") return true;
  // Check each link on the way down so a missing parent is not an error.
  std::size_t pos = 0;
  while (true) {
    pos = path.find('/', pos + 1);
    const std::string part = path.substr(0, pos);
    if (H5Lexists(id_, part.c_str(), H5P_DEFAULT) <= 0) return false;
    if (pos == std::string::npos) return true;
  }
}

bool H5File::has_attr(const std::string& obj, const std::string& name) const {
  if (!exists(obj)) return false;
  return H5Aexists_by_name(id_, obj.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

std::size_t H5File::file_offset(const std::string& path) const {
  if (!exists(path)) return 0;
  Handle d(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (d < 0) return 0;
  const haddr_t at = H5Dget_offset(d);  // from the file's first byte: HDF5 adds the user block
  return at == HADDR_UNDEF ? 0 : std::size_t(at);
}

std::string H5File::read_attr_string(const std::string& obj, const std::string& name) const {
  Handle a(H5Aopen_by_name(id_, obj.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (a < 0) throw InputError(path_, 0, 0, obj + "@" + name, "missing attribute");
  Handle ft(H5Aget_type(a), H5Tclose);
  if (H5Tget_class(ft) != H5T_STRING) throw InputError(path_, 0, 0, obj + "@" + name, "attribute is not a string");
  Handle space(H5Aget_space(a), H5Sclose);
  if (H5Sget_simple_extent_npoints(space) != 1) throw InputError(path_, 0, 0, obj + "@" + name, "attribute is not one string");
  check_string_type(ft, 1, path_, obj + "@" + name);
  if (H5Tis_variable_str(ft) > 0) {
    if (heaps_) {
      unsigned char raw[vlen_ref_size] = {};
      check(H5Aread(a, raw_ref_type(), raw), path_, "read attribute " + name);
      check_refs(raw, 1, path_, obj + "@" + name, *heaps_);
    }
    Handle t(vlen_string_type(), H5Tclose);
    char* p = nullptr;
    const herr_t rc = H5Aread(a, t, &p);
    std::string out = p ? p : "";
    H5free_memory(p);
    check(rc, path_, "read attribute " + name);
    return out;
  }
  const std::size_t size = H5Tget_size(ft);
  std::string out(size, '\0');
  check(H5Aread(a, ft, out.data()), path_, "read attribute " + name);
  out.resize(out.find('\0') == std::string::npos ? size : out.find('\0'));
  return out;
}

double H5File::read_attr_double(const std::string& obj, const std::string& name) const {
  Handle a(H5Aopen_by_name(id_, obj.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (a < 0) throw InputError(path_, 0, 0, obj + "@" + name, "missing attribute");
  double v = 0;
  check(H5Aread(a, H5T_NATIVE_DOUBLE, &v), path_, "read attribute " + name);
  return v;
}

std::vector<std::int64_t> H5File::read_attr_ints(const std::string& obj, const std::string& name) const {
  Handle a(H5Aopen_by_name(id_, obj.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (a < 0) throw InputError(path_, 0, 0, obj + "@" + name, "missing attribute");
  Handle s(H5Aget_space(a), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(s);
  std::vector<std::int64_t> v(static_cast<std::size_t>(n));
  check(H5Aread(a, H5T_NATIVE_INT64, v.data()), path_, "read attribute " + name);
  return v;
}

std::vector<std::string> H5File::read_strings(const std::string& path) const {
  Handle d(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (d < 0) throw InputError(path_, 0, 0, path, "missing dataset");
  Handle ft(H5Dget_type(d), H5Tclose);
  if (H5Tget_class(ft) != H5T_STRING) throw InputError(path_, 0, 0, path, "dataset is not of strings");
  Handle s(H5Dget_space(d), H5Sclose);
  const hssize_t points = H5Sget_simple_extent_npoints(s);
  if (points < 0) throw InputError(path_, 0, 0, path, "the file is damaged: no shape");
  const auto n = static_cast<std::size_t>(points);
  check_string_type(ft, n, path_, path);
  std::vector<std::string> out;
  out.reserve(n);
  if (H5Tis_variable_str(ft) > 0) {
    if (heaps_) check_string_refs(d, n, path_, path, *heaps_);
    Handle t(vlen_string_type(), H5Tclose);
    std::vector<char*> ptrs(n, nullptr);
    Handle x(check(string_transfer(n), path_, "read " + path), H5Pclose);
    const herr_t rc = H5Dread(d, t, H5S_ALL, H5S_ALL, x, ptrs.data());
    for (char* p : ptrs) out.emplace_back(p ? p : "");
    for (char* p : ptrs) H5free_memory(p);  // also what a read that failed half-way allocated
    check(rc, path_, "read " + path);
  } else {
    const std::size_t size = H5Tget_size(ft);
    std::vector<char> buf(n * size);
    check(H5Dread(d, ft, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), path_, "read " + path);
    for (std::size_t i = 0; i < n; ++i) {
      std::string v(buf.data() + i * size, size);
      out.push_back(v.substr(0, v.find('\0')));
    }
  }
  return out;
}

std::vector<double> H5File::read_doubles(const std::string& path, std::vector<std::size_t>& shape) const {
  Handle d(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (d < 0) throw InputError(path_, 0, 0, path, "missing dataset");
  Handle s(H5Dget_space(d), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(s);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  if (rank > 0) H5Sget_simple_extent_dims(s, dims.data(), nullptr);
  shape.assign(dims.begin(), dims.end());
  // A damaged file can claim any size: refuse more values than devolve ever stores in one dataset
  // (2^27 doubles, 1 GiB; the ITL2 model's Z is 2.3e7) instead of trying to allocate them.
  const hssize_t npoints = H5Sget_simple_extent_npoints(s);
  constexpr hssize_t max_points = hssize_t(1) << 27;
  if (rank < 0 || npoints < 0 || npoints > max_points)
    throw InputError(path_, 0, 0, path, "the file is damaged or not devolve's: the dataset claims " +
                                            std::to_string(npoints) + " values (at most " + std::to_string(max_points) + ")");
  std::vector<double> v(static_cast<std::size_t>(npoints));
  if (!v.empty())
    if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
      throw InputError(path_, 0, 0, path, "dataset is not numeric");
  return v;
}

std::size_t H5File::points(const std::string& path) const {
  Handle d(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (d < 0) throw InputError(path_, 0, 0, path, "missing dataset");
  Handle s(H5Dget_space(d), H5Sclose);
  const hssize_t n = s < 0 ? -1 : H5Sget_simple_extent_npoints(s);
  if (n < 0) throw InputError(path_, 0, 0, path, "the file is damaged: the dataset has no size");
  return std::size_t(n);
}

std::vector<std::vector<double>> H5File::read_doubles_side_by_side(const std::vector<std::string>& paths) const {
  std::vector<std::vector<double>> out(paths.size());
  struct Direct {
    std::size_t index, at, count;
  };
  std::vector<Direct> direct;  // read with pread: contiguous, unfiltered, little-endian doubles
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::string& path = paths[i];
    bool raw = false;
    std::size_t at = 0, count = 0;
    {
      Handle d(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose);
      if (d < 0) throw InputError(path_, 0, 0, path, "missing dataset");
      Handle s(H5Dget_space(d), H5Sclose), t(H5Dget_type(d), H5Tclose), dcpl(H5Dget_create_plist(d), H5Pclose);
      const hssize_t npoints = H5Sget_simple_extent_npoints(s);
      const haddr_t off = H5Dget_offset(d);
      constexpr hssize_t max_points = hssize_t(1) << 27;  // as read_doubles
      raw = npoints > 0 && npoints <= max_points && t >= 0 && H5Tequal(t, H5T_IEEE_F64LE) > 0 &&
            H5Tequal(H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE) > 0 && dcpl >= 0 && H5Pget_layout(dcpl) == H5D_CONTIGUOUS &&
            H5Pget_nfilters(dcpl) == 0 && off != HADDR_UNDEF &&
            H5Dget_storage_size(d) == hsize_t(npoints) * sizeof(double);
      at = std::size_t(off), count = std::size_t(std::max<hssize_t>(npoints, 0));
    }
    if (raw) direct.push_back({i, at, count});
    else {
      std::vector<std::size_t> shape;
      out[i] = read_doubles(path, shape);
    }
  }
  if (direct.empty()) return out;
  // pread through the descriptor libhdf5 opened (sec2 driver, the default): the file checked at
  // open(), even where another process has since replaced the path (rename, a cache rebuilt beside).
  // Another driver: the HDF5 read path for all of them.
  int fd = -1;
  {
    Handle fapl(H5Fget_access_plist(id_), H5Pclose);
    void* handle = nullptr;
    if (fapl >= 0 && H5Pget_driver(fapl) == H5FD_SEC2 && H5Fget_vfd_handle(id_, fapl, &handle) >= 0 && handle)
      fd = *static_cast<int*>(handle);
  }
  if (fd < 0) {
    for (const Direct& r : direct) {
      std::vector<std::size_t> shape;
      out[r.index] = read_doubles(paths[r.index], shape);
    }
    return out;
  }
  // The largest dataset on the thread beside, the rest here (those of a factored model: trade, 109 MB
  // at LAD, against own and bought, 64 MB, and the final demand's).
  std::sort(direct.begin(), direct.end(), [](const Direct& a, const Direct& b) { return a.count > b.count; });
  std::size_t mine = 0, theirs = 0;
  std::vector<char> beside(direct.size(), 0);
  for (std::size_t k = 0; k < direct.size(); ++k) {
    beside[k] = theirs < mine || k == 0;
    (beside[k] ? theirs : mine) += direct[k].count;
  }
  const Reader f(fd, Reader::Borrowed{});
  std::vector<std::string> errors(direct.size());
  const auto read = [&](bool on_beside) {
    for (std::size_t k = 0; k < direct.size(); ++k) {
      if (bool(beside[k]) != on_beside) continue;
      const Direct& r = direct[k];
      std::vector<double>& v = out[r.index];
      try {
        v.resize(r.count);
      } catch (const std::bad_alloc&) {
        errors[k] = "cannot allocate " + std::to_string(r.count) + " values";
        continue;
      }
      const std::size_t bytes = r.count * sizeof(double);
      if (f.read_into(reinterpret_cast<char*>(v.data()), r.at, bytes) != bytes)
        errors[k] = "the file is damaged: the dataset runs past its end";
    }
  };
  std::thread other;
  try {
    other = std::thread(read, true);
  } catch (const std::system_error&) {  // no thread to be had: both parts here
    read(true);
  }
  read(false);
  if (other.joinable()) other.join();
  for (std::size_t i = 0, k = 0; i < paths.size(); ++i)  // the first error in the order of `paths`
    for (k = 0; k < direct.size(); ++k)
      if (direct[k].index == i && !errors[k].empty()) throw InputError(path_, 0, 0, paths[i], errors[k]);
  return out;
}

void H5File::read_doubles_into(const std::string& path, double* dst, std::size_t count) const {
  Handle d(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (d < 0) throw InputError(path_, 0, 0, path, "missing dataset");
  Handle s(H5Dget_space(d), H5Sclose);
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(s));
  if (n != count)
    throw InputError(path_, 0, 0, path, "header and data disagree: expected " + std::to_string(count) + " values, found " +
                                            std::to_string(n));
  if (n && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, dst) < 0)
    throw InputError(path_, 0, 0, path, "dataset is not numeric");
}

std::vector<std::int64_t> H5File::read_ints(const std::string& path) const {
  Handle d(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (d < 0) throw InputError(path_, 0, 0, path, "missing dataset");
  Handle s(H5Dget_space(d), H5Sclose);
  std::vector<std::int64_t> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(s)));
  if (!v.empty())
    if (H5Dread(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
      throw InputError(path_, 0, 0, path, "dataset is not integer");
  return v;
}

}  // namespace devolve
