#pragma once
// A small wrapper over the HDF5 C library: the only header the rest of the engine uses for HDF5,
// and h5file.cpp is the only source that includes hdf5.h. Datasets are written row-major (numpy
// order) with named dimensions as HDF5 dimension scales, so h5py and xarray (h5netcdf) read labels.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace devolve {

struct PackedChunks;  // compressed chunks on their way (h5file.cpp)

//! Compressions started before the file they are for is created (as H5File::prepare's, for a file
//! whose compress_above will be `compress_above`), handed to it with H5File::adopt: e.g. a results
//! array compressed while the rest of a run is computed. The values must stay alive and unchanged
//! until every holder of the jobs (this, and the files that adopted them) is gone or has written them;
//! destroying the last holder waits for the job.
class PreparedChunks {
 public:
  void prepare(const std::vector<double>& values, const std::vector<std::size_t>& shape, std::size_t compress_above);
  //! As prepare(), but compressed now, on the calling thread, the codec on that one thread; no HDF5
  //! call (a batch's worker compresses outside its HDF5 lock). A file uses the chunks only where it
  //! compresses the dataset (deflate available), else writes the values as they are.
  void compress(const std::vector<double>& values, const std::vector<std::size_t>& shape, std::size_t compress_above);
  //! Waits until every job has compressed its values (a test changes them afterwards).
  void wait() const;

 private:
  friend class H5File;
  std::map<const double*, std::shared_ptr<PackedChunks>> jobs_;
};

class H5File {
 public:
  //! Creates a new file for writing at `path` (which must not exist), written as it is made.
  static H5File create(const std::string& path);
  //! Finishes the file: a created one is flushed, read back to hash and sealed, every write checked
  //! (Error, and the file removed, on a full disk). Not calling it discards a created file.
  void close();
  //! close() in two steps: close_unsealed() makes the file's last HDF5 calls (complete on disk, not
  //! yet sealed: still discarded if the H5File is destroyed unsealed); seal() then hashes and seals
  //! it with no HDF5 call (a batch's worker seals outside its HDF5 lock). seal() does nothing for a
  //! file not created, still open, or sealed already.
  void close_unsealed();
  void seal();
  //! Opens an existing file read-only; throws InputError naming the file if it cannot.
  static H5File open(const std::string& path);
  //! Opens a file devolve keeps for itself (the model cache) read-only. As open(), but when the
  //! small file `stamp` records that this very file (device, inode, size, modification and change
  //! times, seal) passed open()'s checks before, the seal's hash and the heap check are not done
  //! again; after they are done, the stamp is written (a stamp that cannot be written only costs the
  //! check next time). The trust argument is in docs/model-format.md, "The model cache".
  static H5File open_kept(const std::string& path, const std::string& stamp);
  ~H5File();
  H5File(H5File&& o) noexcept;
  H5File& operator=(H5File&&) = delete;
  H5File(const H5File&) = delete;

  //! Creates a group (and its parents) if absent; "/" is the root.
  void group(const std::string& path);
  void attr(const std::string& obj, const std::string& name, const std::string& value);
  void attr(const std::string& obj, const std::string& name, double value);
  void attr(const std::string& obj, const std::string& name, std::int64_t value);
  void attr(const std::string& obj, const std::string& name, const std::vector<std::int64_t>& value);

  //! A dimension with string labels: dataset group/dim marked as a dimension scale.
  void dimension(const std::string& group, const std::string& dim, const std::vector<std::string>& labels,
                 const std::string& description);
  //! A dimension with integer coordinates (years, sample numbers).
  void dimension(const std::string& group, const std::string& dim, const std::vector<std::int64_t>& values,
                 const std::string& description);
  //! Double datasets written after this with more than `values` values are stored chunked (about
  //! 1 MiB a chunk) and compressed (byte shuffle + deflate, chunk_codec.hpp), which h5py and xarray read as
  //! any other; smaller ones, and every one while this is 0 (the default), stay contiguous.
  void compress_above(std::size_t values) { compress_above_ = values; }
  //! Whether a dataset's chunks are compressed on several threads (the default; as many as OpenMP's
  //! thread count) or on one thread (a batch, whose workers keep the cores busy; docs/performance.md).
  //! The same bytes.
  void compress_on_threads(bool threads) { compress_threads_ = threads; }
  //! Starts compressing, on a thread of its own, the chunks of a double dataset that dataset() is
  //! given later: these very values (the same vector, alive and unchanged until then, or until the
  //! file is closed or destroyed) over dimensions of these sizes. dataset() then only writes the
  //! chunks, so that the compression overlaps the file's other writing; the file is the same.
  //! Does nothing for a dataset that dataset() would store uncompressed.
  void prepare(const std::vector<double>& values, const std::vector<std::size_t>& shape);
  //! Takes the jobs of `early` as if prepare() had started them (a dataset prepared both ways is
  //! compressed once).
  void adopt(const PreparedChunks& early);
  //! A double dataset over named dimensions of the same group (their sizes give the shape).
  //! values are row-major. Every dataset carries units and description.
  void dataset(const std::string& group, const std::string& name, const std::vector<std::string>& dims,
               const std::vector<double>& values, const std::string& units, const std::string& description);
  //! As dataset(), for a dataset too large to hold a second copy of: written one index of its first
  //! dimension at a time, fill(i, dst) writing that slab's values (the product of the other
  //! dimensions' sizes, row-major) into dst. Stored contiguously (never compressed).
  void dataset_by_slab(const std::string& group, const std::string& name, const std::vector<std::string>& dims,
                       const std::function<void(std::size_t, double*)>& fill, const std::string& units,
                       const std::string& description);
  //! A string dataset over named dimensions (e.g. a name per code).
  void strings(const std::string& group, const std::string& name, const std::vector<std::string>& dims,
               const std::vector<std::string>& values, const std::string& description);

  bool exists(const std::string& path) const;
  bool has_attr(const std::string& obj, const std::string& name) const;
  //! Where a contiguous dataset's bytes start in the file (from its first byte, the user block
  //! included), or 0 where HDF5 has no single address for them (chunked, compact, not yet written)
  std::size_t file_offset(const std::string& path) const;
  std::string read_attr_string(const std::string& obj, const std::string& name) const;
  double read_attr_double(const std::string& obj, const std::string& name) const;
  std::vector<std::int64_t> read_attr_ints(const std::string& obj, const std::string& name) const;
  std::vector<std::string> read_strings(const std::string& path) const;
  //! The number of values of a dataset, read from its header (nothing allocated); InputError if missing.
  std::size_t points(const std::string& path) const;
  //! Reads a double dataset; shape receives its dimensions.
  std::vector<double> read_doubles(const std::string& path, std::vector<std::size_t>& shape) const;
  std::vector<std::int64_t> read_ints(const std::string& path) const;
  //! Reads several double datasets (as read_doubles, without their shapes), those stored as
  //! contiguous little-endian doubles without filters straight from the file on two threads (the
  //! calling one and one beside it, each allocating and reading whole datasets), the others
  //! through HDF5 on the calling thread. The same values as read_doubles.
  std::vector<std::vector<double>> read_doubles_side_by_side(const std::vector<std::string>& paths) const;
  //! Reads a double dataset of exactly `count` values into dst (row-major order, as stored).
  void read_doubles_into(const std::string& path, double* dst, std::size_t count) const;
  const std::string& path() const { return path_; }
  struct HeapIndex;  // the checked global heap of a file opened for reading (h5file.cpp)

 private:
  H5File(std::int64_t id, std::string path) : id_(id), path_(std::move(path)) {}
  std::int64_t size_of_dim(const std::string& group, const std::string& dim) const;
  std::vector<std::size_t> shape_of(const std::string& group, const std::vector<std::string>& dims) const;
  void attach_dims(std::int64_t dset, const std::string& group, const std::vector<std::string>& dims);
  void write_reference_lists();
  void make_scale(std::int64_t dset, const std::string& group, const std::string& dim);
  void close_scales();
  std::int64_t create_strings(const std::string& group, const std::string& name, const std::vector<std::string>& dims,
                              const std::vector<std::string>& values, const std::string& description);
  std::int64_t id_ = -1;
  std::string path_;
  std::shared_ptr<HeapIndex> heaps_;
  bool created_ = false;  // made by create() and not yet closed: sealed by close(), removed if never closed
  std::size_t compress_above_ = 0;
  bool compress_threads_ = true;
  // A dimension scale: its object reference, its handle (held open until the file is closed), and
  // (dataset reference, dimension) of every dimension attached to it so far, in the order attached:
  // its REFERENCE_LIST, written when the file is closed.
  struct Scale {
    std::uint64_t ref = 0;
    std::int64_t id = -1;
    std::vector<std::pair<std::uint64_t, int>> attached;
  };
  // What this H5File wrote, so that writing more does not ask libhdf5 again: the groups, each 1-D
  // dataset's length (path -> size), and the dimension scales (path -> Scale).
  std::set<std::string> groups_;
  std::map<std::string, std::int64_t> lengths_;
  std::map<std::string, Scale> scales_;
  std::map<const double*, std::shared_ptr<PackedChunks>> packed_;  // by the address of their values
  // The object attr() wrote to last, held open for the next attribute of the same object
  std::int64_t attr_target(const std::string& obj);
  void release_attr_target();
  std::string attr_path_;
  std::int64_t attr_obj_ = -1;
};

}  // namespace devolve
