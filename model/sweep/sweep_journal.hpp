#pragma once
// The sweep journal OUT.h5.partial (docs/sweeps.md, "Stopping and resuming"): a header, then one
// record per finished run (run index, values, checksum), appended as runs finish and synced in
// batches; a truncated or corrupt tail is ignored on resume.
#include <cstdint>
#include <string>
#include <vector>

namespace devolve {

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
  //! Buffers one finished run; writes and syncs every 256 runs or a quarter of a second.
  void append(std::size_t run, const double* row);
  //! Writes and syncs what is buffered.
  void flush();
  std::size_t finished_on_open() const { return finished_; }

 private:
  void read_existing(std::vector<double>& results, std::vector<char>& done);
  void rewrite(const std::vector<double>& results, const std::vector<char>& done);
  std::string path_;
  std::uint64_t key_;
  std::size_t runs_, width_, finished_ = 0, unsynced_ = 0;
  int fd_ = -1;
  std::vector<char> buffer_;
  double last_flush_ = 0;
};

}  // namespace devolve
