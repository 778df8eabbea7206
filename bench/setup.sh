#!/usr/bin/env bash
# Idempotent installer for the Python benchmark peers (numpy min-char-rnn, PyTorch char-rnn).
# Uses Debian's packages only: python3-numpy, python3-torch, run with /usr/bin/python3.
#
# libopenblas0-openmp is installed as well: Debian's torch and numpy call BLAS through the libblas.so.3
# alternative, and without an optimised BLAS that is the reference (netlib) one, which makes torch's CPU
# training several times slower (libtorch only *recommends* OpenBLAS). The OpenMP flavour of OpenBLAS
# follows torch.set_num_threads / OMP_NUM_THREADS, so one thread setting governs torch and its BLAS.
set -euo pipefail

PY=/usr/bin/python3
PKGS=(python3-numpy python3-torch libopenblas0-openmp)

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  SUDO=(false)  # only fails if something actually needs installing
fi

export DEBIAN_FRONTEND=noninteractive

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "${SUDO[0]:-}" = false ]; then
    echo "setup: need root or sudo to install ${missing[*]}" >&2
    exit 1
  fi
  # Refresh the package lists only if apt cannot find a candidate for a missing package.
  need_update=0
  for p in "${missing[@]}"; do
    cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
    if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then
      need_update=1
    fi
  done
  if [ "$need_update" -eq 1 ]; then
    echo "setup: apt-get update"
    "${SUDO[@]}" apt-get update -q
  fi
  echo "setup: installing ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: ${PKGS[*]} already installed"
fi

"$PY" -c 'import numpy, torch; print("numpy", numpy.__version__, "torch", torch.__version__)'
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
echo "setup: libblas.so.3 -> ${blas:-unknown}"
echo "setup: ok"
