#include "base/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "devolve/error.hpp"

namespace devolve {

namespace {

// Opens without blocking (O_NONBLOCK: a FIFO with no writer would block a plain open), then
// checks what was opened, so there is no window between the check and the open.
int open_regular(const std::string& path, struct stat& st) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    if (e == ENOENT || e == EACCES || e == ENOTDIR) throw InputError(path, "cannot open the file (missing or unreadable)");
    throw InputError(path, std::string("cannot open the file: ") + std::strerror(e));  // a link loop, a name too long
  }
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw InputError(path, S_ISDIR(st.st_mode) ? "is a folder, not a file"
                                                : "not a regular file (a pipe, device or socket cannot be an input)");
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

}  // namespace

void require_regular_file(const std::string& path) {
  struct stat st {};
  ::close(open_regular(path, st));
}

std::string read_regular_file(const std::string& path, std::size_t max_bytes) {
  struct stat st {};
  const int fd = open_regular(path, st);
  if (std::size_t(st.st_size) > max_bytes) {
    ::close(fd);
    throw InputError(path, "the file is too large (" + std::to_string(st.st_size) + " bytes; at most " +
                               std::to_string(max_bytes) + ")");
  }
  std::string out;
  char buf[1 << 16];
  while (true) {
    const ssize_t got = ::read(fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const int e = errno;
      ::close(fd);
      throw InputError(path, std::string("cannot read the file: ") + std::strerror(e));
    }
    if (got == 0) break;
    out.append(buf, std::size_t(got));
    if (out.size() > max_bytes) {
      ::close(fd);
      throw InputError(path, "the file is too large (more than " + std::to_string(max_bytes) + " bytes)");
    }
  }
  ::close(fd);
  return out;
}

}  // namespace devolve
