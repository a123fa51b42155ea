#include "devolve/timeline.hpp"

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace devolve::timeline {

namespace {

const bool on = std::getenv("DEVOLVE_TIMELINE") != nullptr;
const auto start = std::chrono::steady_clock::now();

double cpu(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

}  // namespace

bool enabled() { return on; }

void mark_always(const char* what) {
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "timeline %8.4f s wall %8.4f s thread %8.4f s process  %s\n", wall,
               cpu(CLOCK_THREAD_CPUTIME_ID), cpu(CLOCK_PROCESS_CPUTIME_ID), what);
}

}  // namespace devolve::timeline
