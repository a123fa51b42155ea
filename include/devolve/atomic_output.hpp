#pragma once
#include <string>

namespace devolve {

//! An output file or folder written in full or not at all. The constructor refuses an existing
//! target unless overwrite is set (UsageError); work is written to temp_path() in the same folder
//! and commit() renames it over the target. If commit() is never reached (an error, a signal that
//! unwinds), the destructor removes the temporary, so no partial output is left behind.
class AtomicOutput {
 public:
  AtomicOutput(std::string target, bool overwrite);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::string& target() const { return target_; }
  const std::string& temp_path() const { return temp_; }
  //! Moves the finished temporary onto the target.
  void commit();

 private:
  std::string target_;
  std::string temp_;
  bool overwrite_ = false;
  bool committed_ = false;
};

}  // namespace devolve
