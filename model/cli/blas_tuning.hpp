#pragma once

namespace devolve::cli {

//! Call first thing in main(). Debian's OpenBLAS 0.3.21 does not recognise recent AVX-512 CPUs
//! (AMD Zen 4) and falls back to AVX2 kernels at about 60% of the speed. OpenBLAS reads its kernel
//! choice (OPENBLAS_CORETYPE) only when it loads, so if the CPU has AVX-512 (F, DQ, BW, VL) and the
//! variable is unset or names an AVX2 fallback (Haswell, Zen), this sets OPENBLAS_CORETYPE=SkylakeX
//! and re-executes the program once. Any other OPENBLAS_CORETYPE is kept, and
//! DEVOLVE_BLAS_TUNING=off turns this off. See docs/performance.md.
void select_blas_kernels(char** argv);

}  // namespace devolve::cli
