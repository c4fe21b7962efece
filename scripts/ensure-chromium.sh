#!/usr/bin/env bash
# ensure-chromium.sh — the browser tests drive Debian's Chromium headless; install it when it is missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
	exit 0
fi
echo "ensure-chromium: installing Debian's chromium package for the browser tests" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
