#!/usr/bin/env bash
# Installs, from Debian's packages, what the test suite needs beyond a JDK and Maven:
#   chromium, chromium-driver  the real browser that opens the HTML reports in tests (headless)
#   python3-onnx, python3-numpy  write the tiny ONNX image model the captioning tests run
#   python3-torch                load an rnn4j checkpoint into PyTorch (PyTorchExportTest)
# Idempotent: does nothing when all are installed. The README's test command and .ci/run call it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/apt-install.sh" chromium chromium-driver python3-onnx python3-numpy python3-torch
/usr/bin/chromium --version
/usr/bin/python3 -c 'import onnx; print("onnx", onnx.__version__)'
/usr/bin/python3 -c 'import torch; print("torch", torch.__version__)'
