#pragma once

namespace devolve::cli {

//! The structured solver's operator products allocate and free work arrays of n x 32 columns at
//! every GMRES step (10 MB at uk-lad-2022). glibc returns such blocks to the system (mmap, or
//! trimming the heap's top) and faults them in, zeroed, again at the next step: a fifth of a LAD
//! run in system time. After this call, for the rest of the process, blocks below 64 MB come from
//! the heap, whose top is trimmed only past 128 MB free, so a step's work arrays are reused; larger
//! blocks (the model, the multipliers' rows) are mapped and returned when freed. Process-wide (it
//! also ends glibc's own adjustment of the mmap threshold): for commands that run one job in their
//! process (devolve multipliers, devolve run of one scenario on a factored model), not for batches
//! or sweeps, whose workers would share the larger heaps.
void keep_freed_memory();

//! Hands back to the system what the heap holds free (malloc_trim), e.g. before writing a file.
void release_freed_memory();

}  // namespace devolve::cli
