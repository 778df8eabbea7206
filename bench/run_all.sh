#!/usr/bin/env bash
# Runs the PyTorch and numpy speed measurements one after another (never in parallel) and appends the
# RESULT lines to bench/results/speed-<host>-<date>.txt. SECONDS_PER_RUN (default 16) is the measured time;
# each run also spends WARMUP (default 4) seconds warming up plus start-up time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY=/usr/bin/python3
S=${SECONDS_PER_RUN:-16}
W=${WARMUP:-4}
THREADS=${THREADS:-"1 2"}
out="$here/results/speed-$(hostname)-$(date +%Y%m%d-%H%M).txt"
mkdir -p "$here/results"
{
  echo "# $(date -Is) $(nproc) cpus; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "# torch $($PY -c 'import torch; print(torch.__version__)'), libblas.so.3 -> $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
run() { echo "# $*" >>"$out"; "$@" | tee -a "$out" | grep RESULT; echo "#   load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"; }
for t in $THREADS; do
  export OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t MKL_NUM_THREADS=$t
  common=(--threads "$t" --seconds "$S" --warmup "$W")
  run $PY "$here/torch_char_rnn.py" --name A-lstm-2x128-b50-w50 --cell lstm --layers 2 --hidden 128 --batch 50 --seq 50 "${common[@]}"
  run $PY "$here/torch_char_rnn.py" --name B-lstm-2x512-b50-w50 --cell lstm --layers 2 --hidden 512 --batch 50 --seq 50 "${common[@]}"
  run $PY "$here/torch_char_rnn.py" --name C-gru-2x512-b50-w50 --cell gru --layers 2 --hidden 512 --batch 50 --seq 50 "${common[@]}"
  run $PY "$here/torch_char_rnn.py" --name D-min-char-rnn --min-char-rnn "${common[@]}"
  run $PY "$here/torch_char_rnn.py" --name S-lstm-2x512-sample --cell lstm --layers 2 --hidden 512 --sample 100000000 "${common[@]}"
  run $PY "$here/torch_char_rnn.py" --name S-lstm-2x512-sample-mv --cell lstm --layers 2 --hidden 512 --sample 100000000 --sample-impl mv "${common[@]}"
  run $PY "$here/min_char_rnn.py" --threads "$t" --seconds "$S" --warmup "$W"
  run $PY "$here/min_char_rnn.py" --threads "$t" --seconds "$S" --warmup "$W" --fast-onehot
done
echo "results: $out"
