#!/bin/sh
# Rebuild cmyk-fogra39-tac300.icc from Debian's icc-profiles-free (FOGRA39L.ti3) with
# Argyll CMS's colprof. See README.md in this folder for the settings and why.
#
# Needs: a Debian 12 (bookworm) machine with apt, python3, and Argyll's colprof. If colprof
# is missing the script installs Debian's `argyll` package, which needs root; run it as
# root (or install argyll yourself first). Argyll is a build tool only: the project, its
# tests and CI use the committed profile and never run this script.
#
# Usage: layouts/_shared/icc/build-profile.sh [OUTPUT.icc]
#        (default: cmyk-fogra39-tac300.icc next to this script)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-"$HERE/cmyk-fogra39-tac300.icc"}
case $OUT in /*) ;; *) OUT="$(pwd)/$OUT" ;; esac

DATA_PACKAGE=icc-profiles-free
DATA_VERSION=2.0.1+dfsg-1.1
# sha256 of the two files taken from that package; a different file is refused.
FOGRA39L_SHA256=e44e6dfa81633588db98b5613a821d4a936d3d9438d2eb983083c3232df393fa
SRGB_SHA256=2a92d4bae450b76d8b0aa42193df974d75f62738ecebf74f01c5e75b12a95796
ARGYLL_VERSION=2.3.1   # Debian bookworm's argyll 2.3.1+repack-1.1
# The ICC header's creation date, fixed so that the same inputs give the same bytes.
PROFILE_DATE=2026-11-30T00:00:00

NAME=cmyk-fogra39-tac300
DESCRIPTION="bulletin_press CMYK (FOGRA39, TAC 300%)"
COPYRIGHT="Made from FOGRA39L.ti3 (originator Fogra; Debian icc-profiles-free, Copyright Kai-Uwe Behrmann, Zlib licence). Zlib licence, no warranty."

if ! command -v colprof >/dev/null 2>&1; then
    echo "colprof not found: installing Debian's argyll package (needs root)" >&2
    apt-get install -y argyll >&2
fi
found=$(colprof 2>&1 | sed -n 's/^Create ICC profile, Version \([0-9.]*\).*/\1/p')
if [ "$found" != "$ARGYLL_VERSION" ]; then
    echo "warning: colprof $found, the committed profile was made with $ARGYLL_VERSION;" \
         "the result will differ slightly" >&2
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# The characterization data and the sRGB source gamut, straight from the Debian package.
# (As root, apt warns that the download runs "unsandboxed": harmless here.)
apt-get download "$DATA_PACKAGE=$DATA_VERSION" >&2
dpkg -x "${DATA_PACKAGE}_"*.deb pkg
ICCDIR=pkg/usr/share/color/icc
check() {
    sum=$(sha256sum "$1" | cut -d' ' -f1)
    if [ "$sum" != "$2" ]; then
        echo "error: $1 has sha256 $sum, expected $2" >&2
        exit 1
    fi
}
check "$ICCDIR/FOGRA39L.ti3" "$FOGRA39L_SHA256"
check "$ICCDIR/sRGB.icc" "$SRGB_SHA256"
cp "$ICCDIR/FOGRA39L.ti3" "$NAME.ti3"
cp "$ICCDIR/sRGB.icc" srgb-source.icc

# -qm          medium quality: 9-point CMYK->Lab and 17-point Lab->CMYK grids, ~230 kB
# -nc          do not embed the .ti3 measurements in the profile (size)
# -l300 -L95   total ink limit 300 %, black ink limit 95 %
# -kp ...      black generation: no K in the lightest tones, maximum K from the mid-tones on
# -S srgb      perceptual/saturation tables gamut-mapped for sRGB sources (photos)
# -cmt -dpp    source viewed on a typical monitor, print viewed in a practical print booth
colprof -v -qm -nc -l300 -L95 -k p 0 0.1 0.6 1 1 \
    -S srgb-source.icc -cmt -dpp \
    -D "$DESCRIPTION" -C "$COPYRIGHT" \
    "$NAME" >colprof.log 2>&1 || { cat colprof.log >&2; exit 1; }
grep -E '^Profile check complete' colprof.log >&2 || true

# colprof stamps the current time in the header (bytes 24-35, six big-endian uint16):
# replace it so that a rebuild from the same inputs gives the same file.
python3 - "$NAME.icc" "$PROFILE_DATE" <<'EOF'
import struct, sys
from datetime import datetime
path, stamp = sys.argv[1], datetime.fromisoformat(sys.argv[2])
data = bytearray(open(path, "rb").read())
assert data[36:40] == b"acsp", "not an ICC profile"
data[24:36] = struct.pack(">6H", stamp.year, stamp.month, stamp.day,
                          stamp.hour, stamp.minute, stamp.second)
open(path, "wb").write(data)
EOF

cp "$NAME.icc" "$OUT"
echo "wrote $OUT" >&2
sha256sum "$OUT"
