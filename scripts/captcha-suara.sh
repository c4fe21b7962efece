#!/bin/sh
# Regenerates the Indonesian spoken digits of the captcha's audio alternative (internal/captchaid/suara/),
# with espeak-ng from Debian (apt-get install espeak-ng). The files are committed; the portal never runs it.
set -eu
out="$(dirname "$0")/../internal/captchaid/suara"
mkdir -p "$out"
i=0
for word in nol satu dua tiga empat lima enam tujuh delapan sembilan; do
	espeak-ng -v id -s 130 -w "$out/$i.wav" "$word"
	i=$((i + 1))
done
