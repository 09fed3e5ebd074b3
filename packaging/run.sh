#!/usr/bin/env bash
# The README's first command: install what is missing, build, and open the lab window on the
# default scenario (or on the FILE.yaml given; other arguments go to distlab, e.g. --run, --sim,
# --lang zh_CN). Without a display it runs the scenario headless with distlab-cli instead and
# says how to see the window under a virtual X server.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/packaging/install-deps.sh"
"$root/packaging/build.sh" distlab distlab-cli distlab-node
build="${DISTLAB_BUILD_DIR:-$root/build/release}"

# Without arguments: the default scenario (a Raft cluster), ready to press Run.
[ $# -gt 0 ] || set -- "$root/scenarios/consensus/leader-failover.yaml"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$build/bin/distlab" "$@"
fi

file="$root/scenarios/consensus/leader-failover.yaml"
for arg in "$@"; do
  case "$arg" in *.yaml|*.yml) file="$arg" ;; esac
done
cat >&2 <<MSG
run.sh: no display, so the window cannot open; running the scenario headless with distlab-cli.
        To see the window anyway: xvfb-run -a $build/bin/distlab --run
        (and take a picture of it with: import -window root shot.png)
MSG
exec "$build/bin/distlab-cli" run "$file"
