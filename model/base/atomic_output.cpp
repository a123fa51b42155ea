#include "devolve/atomic_output.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "devolve/error.hpp"

namespace fs = std::filesystem;

namespace devolve {

namespace {

// Temporaries open in this process, readable from a signal handler: fixed buffers, no allocation.
constexpr int max_slots = 16;
char slot_path[max_slots][4096];
std::atomic<bool> slot_used[max_slots];

int claim_slot(const std::string& path) {
  if (path.size() >= sizeof slot_path[0]) return -1;
  for (int i = 0; i < max_slots; ++i) {
    bool expected = false;
    if (slot_used[i].load() || !slot_used[i].compare_exchange_strong(expected, true)) continue;
    std::memcpy(slot_path[i], path.c_str(), path.size() + 1);
    return i;
  }
  return -1;
}

// Removes a file, or a folder and the files directly inside it, with system calls only.
void remove_signal_safe(const char* path) noexcept {
  if (::unlink(path) == 0 || errno != EISDIR) return;
  const int fd = ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    alignas(8) char buf[8192];
    long n;
    while ((n = ::syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
      for (long off = 0; off < n;) {
        const char* rec = buf + off;
        unsigned short reclen;
        std::memcpy(&reclen, rec + 16, sizeof reclen);
        const char* name = rec + 19;  // struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name
        if (std::strcmp(name, ".") != 0 && std::strcmp(name, "..") != 0) ::unlinkat(fd, name, 0);
        off += reclen;
      }
    }
    ::close(fd);
  }
  ::rmdir(path);
}

std::string describe_special(const fs::file_status& st) {
  switch (st.type()) {
    case fs::file_type::character: return "a character device";
    case fs::file_type::block: return "a block device";
    case fs::file_type::fifo: return "a named pipe (FIFO)";
    case fs::file_type::socket: return "a socket";
    default: return "";
  }
}

// The first entry (by name) of a folder that is not a plain file devolve writes there, and why:
// "'thesis.docx', which devolve does not write there", "'total.csv', a symbolic link, ..."; empty if none.
std::string foreign_entry(const fs::path& folder, AtomicOutput::OwnEntry own) {
  std::vector<std::pair<std::string, std::string>> found;  // name, why
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code st;
    const std::string name = it->path().filename().string();
    const fs::file_status s = it->symlink_status(st);
    if (!own || !own(name)) found.emplace_back(name, "which devolve does not write there");
    else if (fs::is_symlink(s))
      found.emplace_back(name, "a symbolic link (devolve writes a plain file of that name and never replaces a link in a folder)");
    else if (!fs::is_regular_file(s))
      found.emplace_back(name, "not a plain file (devolve writes a plain file of that name)");
  }
  if (ec) return "(the folder cannot be read: " + ec.message() + ")";
  if (found.empty()) return "";
  const auto& [name, why] = *std::min_element(found.begin(), found.end());
  return "'" + name + "', " + why;
}

// Removes a folder output moved aside: a link itself; of a folder only devolve's own files, then
// the folder if that emptied it (an entry that appeared meanwhile keeps it). The folder is opened
// without following a link (O_NOFOLLOW) and its files removed relative to that descriptor, so a
// link swapped in for it, or for one of its files, never redirects the removal elsewhere.
void remove_own(const fs::path& p, AtomicOutput::OwnEntry own) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP || errno == ENOTDIR) ::unlink(p.c_str());  // a link (or a file): removed itself
    return;
  }
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return;
  }
  std::vector<std::string> names;
  while (const dirent* e = ::readdir(d)) names.emplace_back(e->d_name);
  for (const auto& name : names) {
    struct stat st;
    if (name != "." && name != ".." && own(name) && ::fstatat(fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISREG(st.st_mode))
      ::unlinkat(fd, name.c_str(), 0);
  }
  ::closedir(d);
  ::rmdir(p.c_str());
}

// ".NAME.tmp-PID" (or ".NAME.tmp-PID.old", a folder output moved aside) of a process that is no
// longer running: removed (the ".old" one only of a folder output, as remove_own removes it).
void remove_stale_temporaries(const fs::path& dir, const std::string& name, AtomicOutput::OwnEntry own) {
  const std::string prefix = "." + name + ".tmp-";
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string f = it->path().filename().string();
    if (f.rfind(prefix, 0) != 0) continue;
    const std::string rest = f.substr(prefix.size());
    const std::size_t digits = rest.find_first_not_of("0123456789");
    const std::size_t len = digits == std::string::npos ? rest.size() : digits;
    if (len == 0 || len > 9 || (digits != std::string::npos && rest.substr(digits) != ".old")) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(rest.substr(0, len)));
    if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    std::error_code rm;
    if (digits == std::string::npos) fs::remove_all(it->path(), rm);
    else if (own) remove_own(it->path(), own);
  }
}

// What a file output never replaces (a folder), nor a folder output (a file, or a folder holding
// anything devolve does not write there), even with overwrite (UsageError).
void refuse_to_replace(const std::string& target, const fs::file_status& entry, AtomicOutput::OwnEntry own,
                       AtomicOutput::Marked marked) {
  if (fs::is_directory(entry) && !own)
    throw UsageError(target + ": error: the output is a folder; devolve writes a file here and never replaces a "
                     "folder, even with --overwrite (choose another name, or move the folder away yourself)");
  if (fs::is_directory(entry))
    if (const std::string f = foreign_entry(target, own); !f.empty())
      throw UsageError(target + ": error: the output folder holds " + f + "; "
                       "refusing to replace the folder, even with --overwrite (choose another folder)");
  // Names alone do not make a folder devolve's (the user's own total.csv): it must carry the
  // command's identifying file as devolve writes it. An empty folder holds nothing to lose.
  if (std::error_code ec; fs::is_directory(entry) && marked && !fs::is_empty(target, ec))
    if (const std::string lack = marked(target); !lack.empty())
      throw UsageError(target + ": error: the output folder is not one devolve wrote (" + lack + "); refusing to "
                       "replace the folder, even with --overwrite (choose another folder)");
  if (fs::is_regular_file(entry) && own)
    throw UsageError(target + ": error: the output is a file; devolve writes a folder here and never replaces a "
                     "file with one, even with --overwrite (choose another name)");
}

}  // namespace

AtomicOutput::AtomicOutput(std::string target, bool overwrite)
    : AtomicOutput(std::move(target), overwrite, nullptr, nullptr) {}

AtomicOutput::AtomicOutput(std::string target, bool overwrite, OwnEntry own, Marked marked)
    : target_(std::move(target)), overwrite_(overwrite), own_(own), marked_(marked) {
  const fs::path t(target_);
  std::error_code ec;
  // The entry itself (a link is not followed: it is what --overwrite replaces), and what a link points to.
  const fs::file_status entry = fs::symlink_status(t, ec), st = fs::status(t, ec);
  const std::string special = describe_special(st);
  if (!special.empty()) throw UsageError(target_ + ": error: the output is " + special + "; refusing to write there");
  refuse_to_replace(target_, entry, own_, marked_);
  if (fs::exists(entry) && !overwrite)
    throw UsageError(target_ + ": error: output exists" +
                     (fs::is_symlink(entry) ? " (a symbolic link; --overwrite replaces the link, not what it points to)" : "") +
                     "; refusing to overwrite it (pass --overwrite to replace it)");
  if (t.filename().string().size() > 200)
    throw UsageError(target_ + ": error: the output name is too long (at most 200 bytes)");
  const fs::path dir = t.has_parent_path() ? t.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) throw UsageError(target_ + ": error: folder '" + dir.string() + "' does not exist");
  remove_stale_temporaries(dir, t.filename().string(), own_);
  temp_ = (dir / ("." + t.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
  fs::remove_all(temp_, ec);
  slot_ = claim_slot(temp_);
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
  if (slot_ >= 0) slot_used[slot_].store(false);
}

void AtomicOutput::remove_temporaries_now() noexcept {
  for (int i = 0; i < max_slots; ++i)
    if (slot_used[i].load()) remove_signal_safe(slot_path[i]);
}

void AtomicOutput::commit() {
  std::error_code ec;
  if (!describe_special(fs::status(target_, ec)).empty())
    throw UsageError(target_ + ": error: the output became a device, pipe or socket; refusing to write there");
  if (!overwrite_) {
    // Exclusive: fails if the target appeared since the constructor's check (another writer).
    if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, target_.c_str(), RENAME_NOREPLACE) == 0) {
      committed_ = true;
      return;
    }
    const int e = errno;
    if (e == EEXIST)
      throw UsageError(target_ + ": error: output exists (written meanwhile by another process); refusing to overwrite it");
    throw Error(target_ + ": error: cannot move the finished output into place: " + std::strerror(e));
  }
  const fs::file_status entry = fs::symlink_status(target_, ec);
  refuse_to_replace(target_, entry, own_, marked_);  // again: the target may have changed since the constructor's check
  // A file is renamed over the old file or link (never a folder: rename fails). A folder cannot be
  // renamed over a folder or a link: the old one is moved aside first, and back if the new one
  // cannot take its place, so the target is never lost; then only devolve's files in it are removed.
  std::string aside;
  if (own_ && (fs::is_directory(entry) || fs::is_symlink(entry))) {
    aside = temp_ + ".old";
    fs::rename(target_, aside, ec);
    if (ec) throw Error(target_ + ": error: cannot replace the existing folder: " + ec.message());
    // Once more, now that it cannot change under the name: an entry made between the check above
    // and the move would otherwise be hidden in the moved-aside folder. It goes back, untouched.
    if (const fs::file_status moved = fs::symlink_status(aside, ec); fs::is_directory(moved))
      if (const std::string f = foreign_entry(aside, own_); !f.empty()) {
        std::error_code back;
        fs::rename(aside, target_, back);
        throw UsageError(target_ + ": error: the output folder changed while devolve was replacing it (it now holds " +
                         f + "); it is left as it was" +
                         (back ? " at '" + aside + "' (cannot move it back: " + back.message() + ")" : std::string()) +
                         "; refusing to replace it, even with --overwrite");
      }
  }
  fs::rename(temp_, target_, ec);
  if (ec) {
    std::error_code back;
    if (!aside.empty()) fs::rename(aside, target_, back);
    throw Error(target_ + ": error: cannot move the finished output into place: " + ec.message());
  }
  if (!aside.empty()) remove_own(aside, own_);
  committed_ = true;
}

}  // namespace devolve
