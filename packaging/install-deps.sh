#!/usr/bin/env bash
# Installs every Debian 12 package that DistLab's build, its programs and its tests need.
# Only what is missing is installed; run as root (or with sudo available).
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config lld
  # libraries
  libboost-dev libyaml-cpp-dev nlohmann-json3-dev libsqlite3-dev
  # Raft's checks read a run's snapshots with simdjson's On-Demand parser
  libsimdjson-dev
  # TLS between the lab and nodes on other machines (Boost.Asio ssl over OpenSSL)
  libssl-dev
  # distlab-cli's command-line parsing (header-only)
  libcli11-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # inspecting recordings by hand
  sqlite3
  # bench/raft_bench runs a 3-member etcd cluster beside ours, for comparison
  etcd-server
  # bench/pubsub_bench runs NATS beside our broker, for comparison
  nats-server
  # the live-metrics test scrapes our /metrics endpoint with Debian's real Prometheus server
  prometheus
  # the desktop window: Qt 6.4 Widgets and Charts (whose CMake package needs Qt OpenGL's), the
  # Linguist tools for the translations, and fonts for Latin and Chinese text
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6
  # Qt's own translations (qtbase_zh_CN.qm): the standard buttons, file and message dialogs in Chinese
  qt6-translations-l10n
  fonts-dejavu-core fonts-wqy-microhei
  # looking at the window without a display: a virtual X server and screenshots
  xvfb xauth x11-utils imagemagick
  # the desktop application: icons rendered from SVG, manual pages from --help, the Debian package
  # (dpkg-shlibdeps, file), and the validators and completion framework its tests use; the
  # package test installs the .deb into a fresh Debian root made by debootstrap
  librsvg2-bin help2man dpkg-dev file desktop-file-utils appstream bash-completion shared-mime-info debootstrap
  # reports: the PDF draws the SVG charts with Qt Svg; the tests parse the HTML with libxml2 and
  # read the PDF with poppler's pdftotext
  qt6-svg-dev libxml2-dev poppler-utils
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
