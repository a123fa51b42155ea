#include "cli/blas_tuning.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

// OpenBLAS's own (exported, undocumented in its headers) entry points: re-read its environment
// variables, and stop its thread pool so that the next threaded call starts it again with them.
// Weak, so a BLAS without them (another implementation, or an OpenMP build of OpenBLAS) leaves
// them null and nothing is done.
extern "C" {
void openblas_read_env(void) __attribute__((weak));
int blas_thread_shutdown_(void) __attribute__((weak));
}

namespace devolve::cli {

namespace {

// OpenBLAS built with DYNAMIC_ARCH (Debian's) keeps the kernels it chose when it loaded in its
// exported table pointer `gotoblas`; gotoblas_dynamic_init() chooses again, from OPENBLAS_CORETYPE,
// when that pointer is null, and sets the kernels' blocking parameters exactly as at load. The
// rest of OpenBLAS's start (thread pool, buffers, allocated on first use) does not depend on the
// kernels. So, before any BLAS call, choosing again here is what a fresh process with the variable
// set does, without executing the program (and loading its 46 shared objects) a second time.
// False where either symbol is missing (another BLAS): then the caller re-executes.
bool choose_again() {
  auto** table = static_cast<void**>(::dlsym(RTLD_DEFAULT, "gotoblas"));
  auto* init = reinterpret_cast<void (*)()>(::dlsym(RTLD_DEFAULT, "gotoblas_dynamic_init"));
  if (!table || !init || !*table) return false;
  *table = nullptr;
  init();  // exits with a message if it finds no kernels, as OpenBLAS's own start would
  return *table != nullptr;
}

}  // namespace

void select_blas_kernels(char** argv) {
  // An explicit choice is kept unless it names an AVX2 fallback (Haswell, Zen) on an AVX-512 CPU.
  if (const char* c = std::getenv("OPENBLAS_CORETYPE"); c && std::strcmp(c, "Haswell") != 0 && std::strcmp(c, "Zen") != 0)
    return;
  if (std::getenv("DEVOLVE_BLAS_REEXEC")) return;  // already re-executed once
  if (const char* t = std::getenv("DEVOLVE_BLAS_TUNING"); t && std::strcmp(t, "off") == 0) return;
  __builtin_cpu_init();
  if (!(__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl")))
    return;
  const char* before = std::getenv("OPENBLAS_CORETYPE");
  const std::string saved = before ? before : "";
  ::setenv("OPENBLAS_CORETYPE", "SkylakeX", 1);
  if (choose_again()) {  // in this process: the environment as it was, for child processes
    if (saved.empty()) ::unsetenv("OPENBLAS_CORETYPE");
    else ::setenv("OPENBLAS_CORETYPE", saved.c_str(), 1);
    return;
  }
  ::setenv("DEVOLVE_BLAS_REEXEC", saved.empty() ? "unset" : saved.c_str(), 1);
  ::execv("/proc/self/exe", argv);  // returns only on failure: then carry on with the kernels chosen before
  if (saved.empty()) ::unsetenv("OPENBLAS_CORETYPE");
  else ::setenv("OPENBLAS_CORETYPE", saved.c_str(), 1);
  ::unsetenv("DEVOLVE_BLAS_REEXEC");
}

void idle_blas_threads_sleep() {
  if (std::getenv("OPENBLAS_THREAD_TIMEOUT") || !openblas_read_env || !blas_thread_shutdown_) return;
  if (const char* t = std::getenv("DEVOLVE_BLAS_TUNING"); t && std::strcmp(t, "off") == 0) return;
  ::setenv("OPENBLAS_THREAD_TIMEOUT", "4", 1);  // 2^4 cycles: the least OpenBLAS accepts
  openblas_read_env();
  blas_thread_shutdown_();
  ::unsetenv("OPENBLAS_THREAD_TIMEOUT");  // not passed on to child processes
}

}  // namespace devolve::cli
