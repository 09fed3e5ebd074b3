# The Debian package, built by CPack from this project (packaging/deb.sh runs it): the three
# programs, the scenarios, the desktop entry, icons, metainfo, MIME types, manual pages and bash
# completion installed by resources/CMakeLists.txt. Library dependencies come from
# dpkg-shlibdeps; what the programs load at run time without linking it is listed by hand.
# Installing (and so packaging) builds only what it installs, not the whole test suite.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME distlab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "lab for distributed-system design patterns, run as real processes")
set(CPACK_PACKAGE_DESCRIPTION
    "DistLab runs distributed-system design patterns (Raft, circuit breaker, bulkhead, retry, \
backpressure, publish-subscribe and more) as real node processes over loopback sockets, or in a \
deterministic simulator. Partitions, latency, loss and crashes are injected live; logs, state, \
message flows and metrics are shown as they happen; runs are recorded, checked and exported as \
reports. The package has the window, a headless command line and the node program.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "DistLab developers <distlab@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Qt's SVG icon engine (a plugin: the window's icons) and fonts that draw both English and
# Chinese; recommended: Qt's Wayland platform plugin (else Qt falls back to X11 through
# XWayland) and Qt's own Chinese translations (its standard dialogs and buttons).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6, fonts-dejavu-core, fonts-wqy-microhei")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland, qt6-translations-l10n")
set(CPACK_STRIP_FILES ON)
include(CPack)
