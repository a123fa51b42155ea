#!/usr/bin/env bash
# Sets up a fresh Debian machine, builds devolve, and runs the main job on the shipped UK model:
# the example scenario (scenarios/example.yaml) on uk-itl1-2022, which devolve builds from data/uk
# on first use. Results go to out/example.h5 and a summary is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh
mkdir -p out
# out/ belongs to this script: it replaces its own earlier result.
build/bin/devolve run scenarios/example.yaml -o out/example.h5 --overwrite
