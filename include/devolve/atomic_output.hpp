#pragma once
#include <string>

namespace devolve {

//! An output file or folder written in full or not at all. The constructor refuses an existing
//! target unless overwrite is set (UsageError), and refuses a target that is a device, pipe or
//! socket even with overwrite. Nothing the user made is replaced, even with overwrite: a file
//! output never replaces a folder, a folder output never replaces a file, and a folder output
//! replaces an existing folder only if every entry in it is a file devolve writes there (`own`)
//! and the folder carries that command's identifying file as devolve writes it (`marked`: an
//! export's datasets.csv and attributes.csv, a CSV model's model.yaml), or is empty; otherwise
//! UsageError naming the folder and its first other entry (by name), or what it lacks. A target that is
//! a symbolic link is replaced itself (with overwrite): what it points to is never written. Work is written to temp_path(), ".NAME.tmp-PID" in the same
//! folder; commit() moves it onto the target, without overwrite exclusively (renameat2
//! RENAME_NOREPLACE: of two writers to one target exactly one wins, the other gets a UsageError).
//! If commit() is never reached the destructor removes the temporary. Temporaries left by killed
//! processes (their PID no longer running) are removed by the next AtomicOutput of that target.
class AtomicOutput {
 public:
  //! Whether `name` is an entry devolve itself writes into a folder output of this kind.
  using OwnEntry = bool (*)(const std::string& name);
  //! Empty if `folder` carries devolve's identifying file of this kind of output; else what it
  //! lacks ("no datasets.csv as devolve writes it").
  using Marked = std::string (*)(const std::string& folder);

  //! A file output.
  AtomicOutput(std::string target, bool overwrite);
  //! A folder output: temp_path() is to be created as a folder holding only entries `own` accepts.
  AtomicOutput(std::string target, bool overwrite, OwnEntry own, Marked marked);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::string& target() const { return target_; }
  const std::string& temp_path() const { return temp_; }
  //! Moves the finished temporary onto the target.
  void commit();

  //! Removes every temporary still open in this process (files, and folders one level deep)
  //! using only async-signal-safe calls: for the CLI's SIGINT/SIGTERM handler, which then ends
  //! the process. Never throws.
  static void remove_temporaries_now() noexcept;

 private:
  std::string target_;
  std::string temp_;
  bool overwrite_ = false;
  OwnEntry own_ = nullptr;  // set for a folder output
  Marked marked_ = nullptr;  // set for a folder output
  bool committed_ = false;
  int slot_ = -1;  // this temporary's place in the table remove_temporaries_now() reads
};

}  // namespace devolve
