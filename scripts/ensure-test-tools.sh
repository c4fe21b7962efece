#!/usr/bin/env bash
# ensure-test-tools.sh — the tests need Debian's Chromium (browser journeys) and poppler-utils (pdftotext
# reads the generated PDFs); install whichever is missing.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "ensure-test-tools: installing Debian's ${missing[*]} for the tests" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
