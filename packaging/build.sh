#!/usr/bin/env bash
# Configures and builds DistLab into build/release (or $DISTLAB_BUILD_DIR), reusing ccache
# across build folders. Extra arguments are ninja targets.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DISTLAB_BUILD_DIR:-$root/build/release}"
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" -- "$@"
