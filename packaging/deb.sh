#!/usr/bin/env bash
# Builds the Debian package of DistLab (build/release/distlab_VERSION_ARCH.deb) with CPack from
# the same build as packaging/build.sh: the three programs, the scenarios, the desktop entry,
# icons, metainfo, MIME types, manual pages and bash completion. Install it with
# `apt install ./build/release/distlab_*.deb`; packaging/test-deb.sh proves that on a fresh
# Debian 12 root.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DISTLAB_BUILD_DIR:-$root/build/release}"
"$root/packaging/install-deps.sh"
"$root/packaging/build.sh" distlab distlab-cli distlab-node distlab_icons distlab_man
rm -f "$build"/distlab_*.deb
(cd "$build" && cpack -G DEB -B "$build/_cpack" >/dev/null)
mv "$build"/_cpack/distlab_*.deb "$build"/
rm -rf "$build/_cpack"
ls "$build"/distlab_*.deb
