#!/usr/bin/env bash
# Sets up a fresh Debian machine, builds devolve and its tests, and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j2

# ---- MPI (distributed sweeps, docs/sweeps.md "Running on a cluster") --------------------------
# A second tree with -DDEVOLVE_MPI=ON builds only the executable and runs the ctest entries
# labelled mpi: 2- and 3-rank sweeps against the single-process file, errors, stop and resume.
cd ..
if [ ! -f build-mpi/CMakeCache.txt ]; then
  generator=()
  if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
  cmake -S . -B build-mpi "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DDEVOLVE_MPI=ON -DDEVOLVE_TESTS=ON
fi
cmake --build build-mpi -j2 --target devolve
(cd build-mpi && ctest --output-on-failure -L mpi)
# ---- end MPI -------------------------------------------------------------------------------------
