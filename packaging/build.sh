#!/usr/bin/env bash
# Configures and builds DistLab into build/release (or $DISTLAB_BUILD_DIR), reusing ccache
# across build folders. Extra arguments are ninja targets.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DISTLAB_BUILD_DIR:-$root/build/release}"
# ccache: hits across build folders (BASEDIR, NOHASHDIR) and with precompiled headers (SLOPPINESS).
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" -- "$@"
