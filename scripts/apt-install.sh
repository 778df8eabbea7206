#!/usr/bin/env bash
# Installs the named Debian packages that are not installed yet (idempotent, non-interactive).
# Used by scripts/setup-debian.sh (test tools) and bench/setup.sh (benchmark peers).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: apt-install.sh PACKAGE..." >&2
  exit 2
fi

missing=()
for p in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: $* already installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "setup: need root or sudo to install ${missing[*]}" >&2
  exit 1
fi

# Refresh the package lists only if apt has no candidate for a missing package.
for p in "${missing[@]}"; do
  cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then
    echo "setup: apt-get update"
    "${SUDO[@]}" apt-get update -q
    break
  fi
done
echo "setup: installing ${missing[*]}"
if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; then
  # Stale package lists name versions the mirror no longer has: refresh them once and try again.
  echo "setup: install failed; apt-get update and one more try"
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
