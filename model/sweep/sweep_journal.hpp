#pragma once
// The sweep journal OUT.h5.partial (docs/sweeps.md, "Interruption and resume"): a header, then one
// record per finished run (run index, values, checksum), appended as runs finish and synced in
// batches by a thread of its own, so no caller waits for the disk; a truncated or corrupt tail is
// ignored on resume.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

namespace devolve {

namespace journal_detail {
//! Writes all of `size` bytes to `fd` with `write` (::write; a test passes its own), retrying short
//! writes and EINTR; false on an error, errno then saying which (EIO where a write wrote nothing
//! and set none: the journal's message would otherwise read a stale errno, "Success").
bool write_all(int fd, const char* data, std::size_t size, ssize_t (*write)(int, const void*, std::size_t) = nullptr);
}  // namespace journal_detail

class SweepJournal {
 public:
  //! Opens `path` for a sweep identified by `key` of `runs` runs of `width` values each. With
  //! `resume`, finished runs are read into `results` (runs x width) and `done`; the journal is then
  //! rewritten with what was kept and opened for appending.
  SweepJournal(std::string path, std::uint64_t key, std::size_t runs, std::size_t width, bool resume,
               std::vector<double>& results, std::vector<char>& done);
  ~SweepJournal();
  SweepJournal(const SweepJournal&) = delete;
  SweepJournal& operator=(const SweepJournal&) = delete;
  //! Buffers one finished run, no I/O (callers hold the sweep's lock): the journal's thread writes
  //! and syncs what is buffered every quarter of a second, or at once when 256 runs wait. Throws
  //! the Error of a write that failed.
  void append(std::size_t run, const double* row);
  //! Writes and syncs what is buffered, after any write in progress; throws if a write failed.
  void flush();
  std::size_t finished_on_open() const { return finished_; }

 private:
  void read_existing(std::vector<double>& results, std::vector<char>& done);
  void rewrite(const std::vector<double>& results, const std::vector<char>& done);
  void write_loop();
  void write_buffered();
  std::string path_;
  std::uint64_t key_;
  std::size_t runs_, width_, finished_ = 0;
  int fd_ = -1;
  // Lock order: io_ before mutex_. A batch leaves buffer_ only under io_ and is written before io_
  // is released, so flush() (which takes io_) returns when every run appended before it is synced.
  std::mutex io_;     // the file: one batch written and synced at a time
  std::mutex mutex_;  // buffer_, waiting_, error_, closing_
  std::condition_variable wake_;
  std::vector<char> buffer_;
  std::size_t waiting_ = 0;  // runs in buffer_
  std::string error_;        // a failed write's message: every later append and flush throws it
  bool closing_ = false;
  std::thread writer_;
};

}  // namespace devolve
