#!/usr/bin/env bash
# Configures and builds DistLab into build/release (or $DISTLAB_BUILD_DIR), reusing ccache
# across build folders. Extra arguments are ninja targets.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DISTLAB_BUILD_DIR:-$root/build/release}"
# ccache: hits across build folders (BASEDIR, NOHASHDIR) and with precompiled headers (SLOPPINESS).
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
# Optimised like a release (-O2) without debug info: debug info made nine tenths of every object
# and program, and linking ~120 programs with it took as long as compiling (docs/build-decisions.md).
# A folder configured otherwise (say RelWithDebInfo, for a debugger) keeps its own configuration.
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG"
fi
cmake --build "$build" -- "$@"
