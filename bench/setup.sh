#!/usr/bin/env bash
# Idempotent installer for the Python benchmark peers (numpy min-char-rnn, PyTorch char-rnn).
# Uses Debian's packages only: python3-numpy, python3-torch, run with /usr/bin/python3.
#
# OpenBLAS is installed as well: Debian's torch and numpy call BLAS through the libblas.so.3 alternative,
# and without an optimised BLAS that is the reference (netlib) one, which makes torch's CPU training
# several times slower (libtorch only *recommends* OpenBLAS). Both flavours are installed and the
# alternative is pinned to the pthreads one: its thread count (OPENBLAS_NUM_THREADS) is independent of
# torch.set_num_threads, so bench/compare can try torch at 1 thread with OpenBLAS at 2, which is
# PyTorch's best setting on 2 cores for the larger configurations.
set -euo pipefail

PY=/usr/bin/python3
PKGS=(python3-numpy python3-torch libopenblas0-openmp libopenblas0-pthread)

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

pthread=/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
if [ -e "$pthread" ] && [ "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)" != "$(readlink -f "$pthread")" ]; then
  "${SUDO[@]}" update-alternatives --set libblas.so.3-x86_64-linux-gnu "$pthread"
fi

"$PY" -c 'import numpy, torch; print("numpy", numpy.__version__, "torch", torch.__version__)'
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
echo "setup: libblas.so.3 -> ${blas:-unknown}"
echo "setup: ok"
