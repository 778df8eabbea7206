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

"$(dirname "$0")/../scripts/apt-install.sh" "${PKGS[@]}"

if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
pthread=/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
if [ -e "$pthread" ] && [ "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)" != "$(readlink -f "$pthread")" ]; then
  "${SUDO[@]}" update-alternatives --set libblas.so.3-x86_64-linux-gnu "$pthread"
fi

"$PY" -c 'import numpy, torch; print("numpy", numpy.__version__, "torch", torch.__version__)'
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
echo "setup: libblas.so.3 -> ${blas:-unknown}"
echo "setup: ok"
