#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright; no
# browser is ever downloaded by a test tool. Install the Debian package when missing
# (as root, or with sudo). Without it the browser tests skip locally and fail under CI.
set -euo pipefail
CHROMIUM=${UJIKON_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] && exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-chromium: $CHROMIUM missing; install it as root: apt-get install chromium" >&2
    [ "${CI:-}" = "true" ] && exit 1 || exit 0
  fi
fi
echo "ensure-chromium: apt-get install chromium"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
[ -x "$CHROMIUM" ] || { echo "ensure-chromium: $CHROMIUM still missing" >&2; exit 1; }
