/* An LD_PRELOAD shim that makes the races of AtomicOutput::commit() happen on cue, for
 * tests/cli/output_race.py (never linked into devolve). DEVOLVE_SHIM selects one:
 *   intrude: just before the existing output folder is moved aside (a rename to NAME.tmp-PID.old),
 *            a file of the user's, intruder.txt, is made in it;
 *   swap:    after the new output is in place, the first time the moved-aside folder is opened it
 *            is swapped for a symbolic link to DEVOLVE_SHIM_USER (a folder of the user's). */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int placed = 0, swapped = 0;

static int ends_with(const char* s, const char* suffix) {
  const size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int real_rename(const char* from, const char* to) {
  int (*f)(const char*, const char*) = (int (*)(const char*, const char*))dlsym(RTLD_NEXT, "rename");
  return f(from, to);
}

static int mode(const char* m) {
  const char* v = getenv("DEVOLVE_SHIM");
  return v && strcmp(v, m) == 0;
}

static void maybe_swap(const char* path) {
  if (!mode("swap") || !placed || swapped || !ends_with(path, ".old")) return;
  swapped = 1;
  char moved[4096];
  snprintf(moved, sizeof moved, "%s-kept", path);
  real_rename(path, moved);
  if (symlink(getenv("DEVOLVE_SHIM_USER"), path) != 0) perror("race_shim: symlink");
}

int rename(const char* from, const char* to) {
  if (mode("intrude") && ends_with(to, ".old")) {
    char p[4096];
    snprintf(p, sizeof p, "%s/intruder.txt", from);
    FILE* f = fopen(p, "w");
    if (f) {
      fputs("made meanwhile\n", f);
      fclose(f);
    }
  }
  const int r = real_rename(from, to);
  if (r == 0 && strstr(from, ".tmp-") && !ends_with(from, ".old") && !ends_with(to, ".old")) placed = 1;
  return r;
}

DIR* opendir(const char* path) {
  maybe_swap(path);
  DIR* (*f)(const char*) = (DIR * (*)(const char*)) dlsym(RTLD_NEXT, "opendir");
  return f(path);
}

#define OPEN_MODE(flags)            \
  mode_t m = 0;                     \
  if ((flags) & (O_CREAT | O_TMPFILE)) { \
    va_list ap;                     \
    va_start(ap, flags);            \
    m = va_arg(ap, mode_t);         \
    va_end(ap);                     \
  }

int open(const char* path, int flags, ...) {
  OPEN_MODE(flags)
  maybe_swap(path);
  int (*f)(const char*, int, ...) = (int (*)(const char*, int, ...))dlsym(RTLD_NEXT, "open");
  return f(path, flags, m);
}

int open64(const char* path, int flags, ...) {
  OPEN_MODE(flags)
  maybe_swap(path);
  int (*f)(const char*, int, ...) = (int (*)(const char*, int, ...))dlsym(RTLD_NEXT, "open64");
  return f(path, flags, m);
}

int openat(int dirfd, const char* path, int flags, ...) {
  OPEN_MODE(flags)
  maybe_swap(path);
  int (*f)(int, const char*, int, ...) = (int (*)(int, const char*, int, ...))dlsym(RTLD_NEXT, "openat");
  return f(dirfd, path, flags, m);
}

int openat64(int dirfd, const char* path, int flags, ...) {
  OPEN_MODE(flags)
  maybe_swap(path);
  int (*f)(int, const char*, int, ...) = (int (*)(int, const char*, int, ...))dlsym(RTLD_NEXT, "openat64");
  return f(dirfd, path, flags, m);
}
