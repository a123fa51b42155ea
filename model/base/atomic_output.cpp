#include "devolve/atomic_output.hpp"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "devolve/error.hpp"

namespace fs = std::filesystem;

namespace devolve {

AtomicOutput::AtomicOutput(std::string target, bool overwrite) : target_(std::move(target)), overwrite_(overwrite) {
  const fs::path t(target_);
  std::error_code ec;
  if (fs::exists(t, ec) && !overwrite)
    throw UsageError(target_ + ": error: output exists; refusing to overwrite it (pass --overwrite to replace it)");
  const fs::path dir = t.has_parent_path() ? t.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) throw UsageError(target_ + ": error: folder '" + dir.string() + "' does not exist");
  temp_ = (dir / ("." + t.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
  fs::remove_all(temp_, ec);
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
}

void AtomicOutput::commit() {
  std::error_code ec;
  // A folder cannot be renamed over another: move the old one aside first, and back if the new
  // one cannot take its place, so the target is never lost.
  std::string aside;
  if (overwrite_ && fs::is_directory(target_, ec)) {
    aside = temp_ + ".old";
    fs::rename(target_, aside, ec);
    if (ec) throw Error(target_ + ": error: cannot replace the existing folder: " + ec.message());
  }
  fs::rename(temp_, target_, ec);
  if (ec) {
    if (!aside.empty()) fs::rename(aside, target_, ec);
    throw Error(target_ + ": error: cannot move the finished output into place: " + ec.message());
  }
  if (!aside.empty()) fs::remove_all(aside, ec);
  committed_ = true;
}

}  // namespace devolve
