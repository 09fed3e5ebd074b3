#!/usr/bin/env bash
# Proves the Debian package on a fresh Debian 12: makes a bare root with debootstrap (minbase),
# installs build/release/distlab_*.deb there with apt (which must pull every dependency), runs
# `distlab-cli run` on an installed scenario, opens the window from the desktop entry's Exec line
# under a virtual display, and checks the desktop files arrived where desktops look.
# Usage: packaging/test-deb.sh [DEB]   (without DEB it builds one with packaging/deb.sh)
# Needs root, debootstrap and the network this machine's apt sources point at; exits 77 (a
# skipped test for CTest) without them.
set -euo pipefail
root_dir="$(cd "$(dirname "$0")/.." && pwd)"

if [ "$(id -u)" -ne 0 ] || ! command -v debootstrap >/dev/null; then
  echo "test-deb: needs root and debootstrap: skipped"
  exit 77
fi
deb="${1:-}"
if [ -z "$deb" ]; then
  deb="$("$root_dir/packaging/deb.sh" | tail -1)"
fi
[ -f "$deb" ] || { echo "test-deb: no package at '$deb'" >&2; exit 1; }

# The mirror debootstrap starts from: this machine's first bookworm source.
mirror="$(grep -hsE '^deb .* bookworm( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | head -1 || true)"
if [ -z "$mirror" ]; then
  mirror="$(awk '/^URIs:/ {u = $2} /^Suites:/ && / bookworm( |$)/ {print u; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"

work="$(mktemp -d /tmp/distlab-deb-XXXXXX)"
chroot_dir="$work/root"
cleanup() {
  # Nothing started inside may outlive the test.
  if [ -d "$chroot_dir/proc/1" ]; then
    for pid in $(ls /proc | grep -E '^[0-9]+$'); do
      [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$chroot_dir" ] && kill -9 "$pid" 2>/dev/null || true
    done
  fi
  for m in dev/pts dev proc; do
    mountpoint -q "$chroot_dir/$m" && umount -l "$chroot_dir/$m" || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

echo "test-deb: debootstrap bookworm from $mirror"
debootstrap --variant=minbase bookworm "$chroot_dir" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log" >&2; exit 1; }
# This machine's apt sources and network settings (proxies, mirrors), nothing else of it.
if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null || compgen -G "/etc/apt/sources.list.d/*.list" >/dev/null ||
   [ -s /etc/apt/sources.list ]; then
  rm -f "$chroot_dir/etc/apt/sources.list"   # debootstrap's own, replaced by this machine's
  cp /etc/apt/sources.list "$chroot_dir/etc/apt/" 2>/dev/null || true
  cp /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list "$chroot_dir/etc/apt/sources.list.d/" 2>/dev/null || true
fi
for f in /etc/apt/apt.conf.d/*; do
  grep -q '^Acquire::' "$f" && cp "$f" "$chroot_dir/etc/apt/apt.conf.d/"
done
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
mount --bind /proc "$chroot_dir/proc" || { echo "test-deb: cannot bind-mount /proc here (a container without CAP_SYS_ADMIN?): skipped"; exit 77; }
mount --bind /dev "$chroot_dir/dev"
mount --bind /dev/pts "$chroot_dir/dev/pts"
in_root() { chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

cp "$deb" "$chroot_dir/tmp/"
echo "test-deb: apt install ./$(basename "$deb")"
in_root apt-get update -qq
# The package must pull everything it needs; the test adds only a display, window listing and
# the MIME database a desktop has.
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "/tmp/$(basename "$deb")" xvfb xauth x11-utils shared-mime-info >"$work/apt.log" 2>&1 ||
  { tail -30 "$work/apt.log" >&2; exit 1; }

fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }
for f in /usr/bin/distlab /usr/bin/distlab-cli /usr/bin/distlab-node \
         /usr/share/applications/org.distlab.DistLab.desktop \
         /usr/share/metainfo/org.distlab.DistLab.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/org.distlab.DistLab.svg \
         /usr/share/icons/hicolor/48x48/apps/org.distlab.DistLab.png \
         /usr/share/man/man1/distlab.1.gz /usr/share/man/man1/distlab-cli.1.gz /usr/share/man/man1/distlab-node.1.gz \
         /usr/share/bash-completion/completions/distlab-cli \
         /usr/share/mime/application/x-distlab-recording.xml /usr/share/mime/application/x-distlab-scenario.xml; do
  [ -e "$chroot_dir$f" ] || fail "$f is missing after installing the package"
done
echo "test-deb: files in place; MIME types registered"

scenario=/usr/share/distlab/scenarios/resilience/bulkhead.yaml
in_root distlab-cli --version
in_root distlab-cli run "$scenario" --record /tmp/installed.distlab >"$work/run.log" 2>&1 ||
  { cat "$work/run.log" >&2; fail "distlab-cli run $scenario on the installed package"; }
[ -s "$chroot_dir/tmp/installed.distlab" ] || fail "the run left no recording"
echo "test-deb: distlab-cli ran $scenario on real processes and passed"

# The window, started as the desktop would: the Exec line with %f replaced by the file.
exec_line="$(sed -n 's/^Exec=//p' "$chroot_dir/usr/share/applications/org.distlab.DistLab.desktop")"
command="${exec_line/\%f/$scenario}"
cat >"$chroot_dir/tmp/open-window.sh" <<SCRIPT
#!/bin/sh
# Starts the window, waits up to 60 s for it to be mapped, then closes it.
$command &
pid=\$!
for i in \$(seq 600); do
  if xwininfo -root -tree | grep -q 'DistLab'; then
    xwininfo -root -tree | grep 'DistLab' | head -1
    kill \$pid; wait \$pid 2>/dev/null
    exit 0
  fi
  kill -0 \$pid 2>/dev/null || { echo "the window exited"; exit 1; }
  sleep 0.1
done
echo "no DistLab window after 60 s"; kill \$pid; exit 1
SCRIPT
chmod +x "$chroot_dir/tmp/open-window.sh"
in_root xvfb-run -a -s "-screen 0 1366x768x24" /tmp/open-window.sh >"$work/window.log" 2>&1 ||
  { cat "$work/window.log" >&2; fail "the window did not open from the desktop entry ($command)"; }
grep DistLab "$work/window.log"
echo "test-deb: PASS: the package installs on a fresh Debian 12, runs a scenario and opens its window"
