#pragma once
// A phase timeline for measuring a run (docs/performance.md, "Local procurement at LAD: the critical
// path overlapped"): with DEVOLVE_TIMELINE set in the environment, timeline::mark(what) prints one line on
// stderr: the wall time since the process's first mark, the calling thread's CPU time, and `what`.
// Without it a mark costs one test of a flag.
namespace devolve::timeline {

bool enabled();
void mark_always(const char* what);
inline void mark(const char* what) {
  if (enabled()) mark_always(what);
}

}  // namespace devolve::timeline
