#!/usr/bin/env bash
# Installs devolve's build and test dependencies from Debian 12 packages.
# Does nothing (and needs no network) when every package is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libeigen3-dev libboost-program-options-dev libyaml-cpp-dev libopenblas-dev
  libhdf5-dev hdf5-tools catch2
  clang-14 libclang-rt-14-dev libomp-14-dev
  python3 python3-numpy python3-h5py python3-xarray python3-h5netcdf
  python3-pandas python3-matplotlib python3-yaml
  libopenmpi-dev openmpi-bin
  jupyter-nbconvert python3-nbformat python3-ipykernel
  chromium  # the HTML report is rendered in headless Chromium by ctest (tests/cli/html_report.py)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "devolve setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
