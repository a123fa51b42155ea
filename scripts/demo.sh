#!/usr/bin/env bash
# Sets up a fresh Debian machine, builds devolve, and runs the main job on the shipped UK model:
# the multipliers of uk-itl1-2022 (built from data/uk on first use), written to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh
mkdir -p out
# out/ belongs to this script: it replaces its own earlier result.
build/bin/devolve multipliers --model uk-itl1-2022 -o out/uk-itl1-2022-multipliers.h5 --overwrite
