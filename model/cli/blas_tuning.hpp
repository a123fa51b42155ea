#pragma once

namespace devolve::cli {

//! Call first thing in main(). Debian's OpenBLAS 0.3.21 does not recognise recent AVX-512 CPUs
//! (AMD Zen 4) and falls back to AVX2 kernels at about 60% of the speed. OpenBLAS reads its kernel
//! choice (OPENBLAS_CORETYPE) only when it loads, so if the CPU has AVX-512 (F, DQ, BW, VL) and the
//! variable is unset or names an AVX2 fallback (Haswell, Zen), this has OpenBLAS choose its kernels
//! again under OPENBLAS_CORETYPE=SkylakeX, in this process where its DYNAMIC_ARCH entry points are
//! exported (Debian's are), else by re-executing the program once with the variable set. Any other
//! OPENBLAS_CORETYPE is kept, and DEVOLVE_BLAS_TUNING=off turns this off. See docs/performance.md.
void select_blas_kernels(char** argv);

//! Call next. OpenBLAS's pthread build keeps each worker thread polling for new work, calling
//! sched_yield in a loop, for 2^28 CPU cycles (about 0.1 s) after every threaded call before it
//! sleeps: in a run of a few dozen small solves that is one core busy for the whole run, most of it
//! as system time. The timeout (OPENBLAS_THREAD_TIMEOUT) is read only when OpenBLAS loads, so this
//! sets it to the least value, has OpenBLAS read its environment again and stops its thread pool,
//! which the next threaded call starts afresh with the short timeout. How work is split between
//! threads, and so every result bit, is unchanged. An OPENBLAS_THREAD_TIMEOUT set by the user and
//! DEVOLVE_BLAS_TUNING=off leave OpenBLAS as it loaded. See docs/performance.md ("Fast starts").
void idle_blas_threads_sleep();

}  // namespace devolve::cli
