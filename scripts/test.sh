#!/usr/bin/env bash
# Sets up a fresh Debian machine, builds devolve and its tests, and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j2
