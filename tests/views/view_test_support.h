#pragma once

// Helpers the view suites share: shipped scenarios loaded and run in the simulator, and simple
// facts about rendered images.

#include <QDir>
#include <QImage>
#include <QSet>
#include <QString>
#include <QtGlobal>

#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"

namespace distlab::views::test {

// A shipped scenario, by its path under the source tree ("scenarios/consensus/...").
inline netlab::Scenario loadShipped(const char* relative) {
    auto loaded = netlab::load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/" + relative,
                                             core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    if (!loaded)
        qFatal("cannot load %s: %s", relative, loaded.error().front().str().c_str());
    return *loaded;
}

// Every event of a shipped scenario run in the simulator (deterministic; seconds at most).
inline std::vector<netlab::Event> simulatedRun(const char* relative) {
    netlab::RunRequest request;
    request.scenario = loadShipped(relative);
    request.simulate = true;
    auto outcome = netlab::run_scenario(request);
    if (!outcome)
        qFatal("cannot run %s: %s", relative, outcome.error().message.c_str());
    return std::move(outcome->events);
}

// How many colours every other pixel of `image` shows: a blank render has one or two.
inline int distinctColours(const QImage& image) {
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

// The share of every other pixel of `image` darker than `grey` (0-255): a dark theme's render
// is mostly dark whatever its lines cross.
inline double darkShare(const QImage& image, int grey = 110) {
    int dark = 0;
    int all = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2, ++all)
            dark += qGray(image.pixel(x, y)) < grey;
    return all == 0 ? 0.0 : double(dark) / all;
}

// Saves the image as NAME.png when DISTLAB_SCREENSHOT_DIR is set, to look at it.
inline void keepScreenshot(const QImage& image, QString name) {
    const QString dir = qEnvironmentVariable("DISTLAB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    if (!name.endsWith(QLatin1String(".png")))
        name += QStringLiteral(".png");
    image.save(QDir(dir).filePath(name));
}

}  // namespace distlab::views::test
