#!/usr/bin/env bash
# check-generated.sh — fails when a committed *_templ.go file is not what `templ generate` makes of its
# .templ source, so a template edited without regenerating cannot pass the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/templ" github.com/a-h/templ/cmd/templ
mkdir "$tmp/tree"
cp -r templates "$tmp/tree/"
find "$tmp/tree/templates" -name '*_templ.go' -delete
# Generated code names its source relative to the working directory, so generate from a copy of the root.
cp go.mod go.sum "$tmp/tree/"
(cd "$tmp/tree" && "$tmp/templ" generate >/dev/null 2>&1)
if ! diff -r -q templates "$tmp/tree/templates" >/dev/null; then
	echo "Generated templ code is stale; run 'make generate' and commit the result:" >&2
	diff -r -q templates "$tmp/tree/templates" >&2 || true
	exit 1
fi
