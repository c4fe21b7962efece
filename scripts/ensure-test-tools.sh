#!/usr/bin/env bash
# ensure-test-tools.sh — the tests need Debian's Chromium (browser journeys), poppler-utils (pdftotext reads
# the generated PDFs), nginx (the two-instance test runs the portal behind a real reverse proxy) and
# docker-compose (it validates compose.yaml's ha profile; no Docker engine is needed or started). Install
# whichever is missing. nginx is not started as a service: the test runs its own, on a free port.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "ensure-test-tools: installing Debian's ${missing[*]} for the tests" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
