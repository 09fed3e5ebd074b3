#!/usr/bin/env bash
# The README's second command (and CI's): install what is missing, build everything, run the
# whole test suite.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/packaging/install-deps.sh"
"$root/packaging/build.sh"
build="${DISTLAB_BUILD_DIR:-$root/build/release}"
cd "$build"
exec ctest --output-on-failure -j2 --timeout 600
