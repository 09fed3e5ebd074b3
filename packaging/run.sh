#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the default scenario.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/packaging/install-deps.sh"
"$root/packaging/build.sh" distlab-cli distlab-node
build="${DISTLAB_BUILD_DIR:-$root/build/release}"
exec "$build/bin/distlab-cli" run "${1:-$root/scenarios/communication/request-response.yaml}"
