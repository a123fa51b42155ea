// devolve: parse -> load -> solve -> write. Everything else lives in the core library.
#include <csignal>

#include "cli/commands.hpp"
#include "cli/blas_tuning.hpp"
#include "devolve/atomic_output.hpp"

namespace {
// Ctrl-C or SIGTERM outside a sweep (which handles them itself): remove unfinished outputs, then
// end as the signal would have (exit status 128 + signal).
extern "C" void on_fatal_signal(int sig) {
  devolve::AtomicOutput::remove_temporaries_now();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}
}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGINT, on_fatal_signal);
  std::signal(SIGTERM, on_fatal_signal);
  devolve::cli::select_blas_kernels(argv);
  devolve::cli::idle_blas_threads_sleep();
  return devolve::cli::run(argc, argv);
}
