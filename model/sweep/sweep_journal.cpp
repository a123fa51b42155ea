// The sweep journal (docs/sweeps.md, "Interruption and resume").
#include "sweep/sweep_journal.hpp"

#include "base/hash.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "devolve/error.hpp"

namespace devolve {

bool journal_detail::write_all(int fd, const char* data, std::size_t size, ssize_t (*write)(int, const void*, std::size_t)) {
  if (!write) write = ::write;
  for (std::size_t at = 0; at < size;) {
    const ssize_t w = write(fd, data + at, size - at);
    if (w < 0 && errno == EINTR) continue;
    if (w == 0) errno = EIO;  // nothing written and no error set: errno would be stale ("Success")
    if (w <= 0) return false;
    at += std::size_t(w);
  }
  return true;
}

namespace {

constexpr char journal_magic[16] = "DEVOLVE-SWEEP1\n";

struct JournalHeader {
  char magic[16];
  std::uint64_t key, runs, width;
};

using journal_detail::write_all;

// Syncs the folder holding `path`, so that a rename into it survives a power cut.
void sync_folder(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the rename itself has happened
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

SweepJournal::SweepJournal(std::string path, std::uint64_t key, std::size_t runs, std::size_t width, bool resume,
                           std::vector<double>& results, std::vector<char>& done)
    : path_(std::move(path)), key_(key), runs_(runs), width_(width) {
  if (resume) read_existing(results, done);
  rewrite(results, done);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND);
  if (fd_ < 0) throw Error(path_ + ": error: cannot open the sweep journal: " + std::strerror(errno));
  try {
    writer_ = std::thread([this] { write_loop(); });
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

SweepJournal::~SweepJournal() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  wake_.notify_one();
  writer_.join();  // it writes what is buffered first
  ::close(fd_);
}

void SweepJournal::read_existing(std::vector<double>& results, std::vector<char>& done) {
  std::ifstream in(path_, std::ios::binary);
  if (!in) throw UsageError(path_ + ": error: nothing to resume (no journal of an interrupted sweep)");
  JournalHeader hdr{};
  in.read(reinterpret_cast<char*>(&hdr), sizeof hdr);
  if (!in || std::memcmp(hdr.magic, journal_magic, 16) != 0) throw InputError(path_, "not a devolve sweep journal");
  if (hdr.key != key_ || hdr.runs != runs_ || hdr.width != width_)
    throw InputError(path_, "the journal belongs to a different sweep, scenario, model, solver or devolve version; "
                            "start again with --overwrite");
  std::vector<double> rec(width_);
  while (true) {
    std::uint64_t idx = 0, sum = 0;
    if (!in.read(reinterpret_cast<char*>(&idx), 8)) break;
    if (!in.read(reinterpret_cast<char*>(rec.data()), std::streamsize(width_ * 8))) break;
    if (!in.read(reinterpret_cast<char*>(&sum), 8)) break;
    if (idx >= runs_ || sum != hash::fnv1a(rec.data(), width_ * 8, idx)) break;
    if (!done[idx]) ++finished_;
    done[idx] = 1;
    std::copy(rec.begin(), rec.end(), results.begin() + std::ptrdiff_t(idx * width_));
  }
}

// Written whole beside the journal and renamed over it once synced: a full disk leaves the old
// journal (or none) in place, never an empty or torn header that --resume would refuse.
void SweepJournal::rewrite(const std::vector<double>& results, const std::vector<char>& done) {
  JournalHeader hdr{};
  std::memcpy(hdr.magic, journal_magic, 16);
  hdr.key = key_, hdr.runs = runs_, hdr.width = width_;
  std::vector<char> bytes(reinterpret_cast<const char*>(&hdr), reinterpret_cast<const char*>(&hdr) + sizeof hdr);
  for (std::size_t r = 0; r < runs_; ++r)
    if (done[r]) {
      const std::uint64_t idx = r, sum = hash::fnv1a(results.data() + r * width_, width_ * 8, idx);
      const char* row = reinterpret_cast<const char*>(results.data() + r * width_);
      bytes.insert(bytes.end(), reinterpret_cast<const char*>(&idx), reinterpret_cast<const char*>(&idx) + 8);
      bytes.insert(bytes.end(), row, row + width_ * 8);
      bytes.insert(bytes.end(), reinterpret_cast<const char*>(&sum), reinterpret_cast<const char*>(&sum) + 8);
    }
  const std::string fresh = path_ + ".new";
  const int fd = ::open(fresh.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  bool ok = fd >= 0 && write_all(fd, bytes.data(), bytes.size());
  ok = ok && ::fsync(fd) == 0;
  if (fd >= 0) ok = ::close(fd) == 0 && ok;
  ok = ok && std::rename(fresh.c_str(), path_.c_str()) == 0;
  if (ok) sync_folder(path_);
  if (!ok) {
    ::unlink(fresh.c_str());
    throw Error(path_ + ": error: cannot write the sweep journal (disk full?)");
  }
}

void SweepJournal::append(std::size_t run, const double* row) {
  const std::uint64_t idx = run, sum = hash::fnv1a(row, width_ * 8, idx);
  const char* a = reinterpret_cast<const char*>(&idx);
  const char* b = reinterpret_cast<const char*>(row);
  const char* c = reinterpret_cast<const char*>(&sum);
  bool full = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!error_.empty()) throw Error(error_);
    buffer_.insert(buffer_.end(), a, a + 8);
    buffer_.insert(buffer_.end(), b, b + width_ * 8);
    buffer_.insert(buffer_.end(), c, c + 8);
    full = ++waiting_ >= 256;
  }
  if (full) wake_.notify_one();
}

// The journal's thread: what is buffered reaches the disk within a quarter of a second, at once
// when 256 runs wait, and when the journal closes.
void SweepJournal::write_loop() {
  for (bool last = false; !last;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return closing_ || waiting_ >= 256; });
      last = closing_;
    }
    try {
      write_buffered();
    } catch (const Error&) {  // kept in error_: append and flush throw it
    } catch (const std::exception& e) {  // anything else (a mutex's system_error): kept the same way
      std::lock_guard<std::mutex> lock(mutex_);
      if (error_.empty()) error_ = path_ + ": error: cannot append to the journal: " + e.what();
    }
  }
}

// Writes and syncs the buffered runs, the batch taken and written under io_.
void SweepJournal::write_buffered() {
  std::lock_guard<std::mutex> io(io_);
  std::vector<char> batch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!error_.empty()) throw Error(error_);
    batch.swap(buffer_);
    waiting_ = 0;
  }
  if (batch.empty()) return;
  // A full disk or an I/O error may show only at the sync (NFS, Lustre): either is an error, so a
  // run is never reported kept that is not on the disk.
  if (!write_all(fd_, batch.data(), batch.size()) || ::fsync(fd_) != 0) {
    const std::string why = std::strerror(errno);
    std::lock_guard<std::mutex> lock(mutex_);
    error_ = path_ + ": error: cannot append to the journal: " + why;
    throw Error(error_);
  }
}

void SweepJournal::flush() { write_buffered(); }

}  // namespace devolve
