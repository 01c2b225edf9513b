#!/usr/bin/env bash
# Prepare this checkout to run: the Debian packages ujikon needs (when missing and we
# may install them), then a virtual environment in .venv from requirements.lock.
# Safe to run again; make calls it whenever requirements.lock or pyproject.toml change.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${UJIKON_VENV:-.venv}
PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON=$candidate; break; fi
  done
fi
[ -n "$PYTHON" ] || { echo "bootstrap: no python3 found; install Python 3.11 or newer" >&2; exit 1; }
"$PYTHON" - <<'PY' || { echo "bootstrap: ujikon needs Python 3.11 or newer ($PYTHON)" >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

# Debian packages: WeasyPrint needs Pango (and the fonts the decree uses); the test
# suite reads PDFs back with poppler (pdftotext, pdfsig, pdftoppm).
# Only what is missing is installed, and only when we are root (or have sudo).
need=()
dpkg_has() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in ${UJIKON_APT_PACKAGES:-libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation poppler-utils}; do
    dpkg_has "$pkg" || need+=("$pkg")
  done
  if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    need+=("python3-venv")
  fi
fi
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "bootstrap: missing Debian packages ${need[*]}; install them as root" >&2; exit 1
    fi
  fi
  echo "bootstrap: apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: creating $VENV with $PYTHON"
  "$PYTHON" -m venv "$VENV"
fi
# pip's notes about index locations absent on this machine are noise here; real errors stay.
quiet() { "$@" 2> >(grep -v "^WARNING: Location '" >&2); }
quiet "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements.lock
quiet "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
touch "$VENV/.installed"
echo "bootstrap: ready ($("$VENV/bin/python" --version), $VENV)"
