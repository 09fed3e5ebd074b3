#include "views/topology/node_status.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace distlab::views {

namespace {

QString text(const char* source) {
    return QCoreApplication::translate("NodeStatus", source);
}

}  // namespace

void NodeStatus::apply(const core::Json& snapshot) {
    if (!snapshot.is_object())
        return;
    known = true;
    state.clear();
    term = -1;
    if (const auto role = snapshot.find("role"); role != snapshot.end() && role->is_string())
        state = QString::fromStdString(role->get<std::string>());
    else if (const auto s = snapshot.find("state"); s != snapshot.end() && s->is_string())
        state = QString::fromStdString(s->get<std::string>());
    if (const auto t = snapshot.find("term"); t != snapshot.end() && t->is_number_integer())
        term = t->get<qint64>();
    windowCalls = -1;
    failureRate = -1;
    const auto window = snapshot.find("window");
    const auto rate = snapshot.find("failure_rate");
    if (window != snapshot.end() && window->is_object() && rate != snapshot.end() && rate->is_number()) {
        failureRate = std::clamp(rate->get<double>(), 0.0, 1.0);
        windowCalls = window->value("calls", qint64(0));
    }
}

QColor NodeStatus::breakerFill() const {
    const double r = std::clamp(failureRate, 0.0, 1.0);
    // Green (healthy) through amber to red (every call failing).
    const QColor healthy(0x57, 0xe3, 0x89);
    const QColor failing(0xe0, 0x1b, 0x24);
    return QColor::fromRgbF(float(healthy.redF() + (failing.redF() - healthy.redF()) * r),
                            float(healthy.greenF() + (failing.greenF() - healthy.greenF()) * r),
                            float(healthy.blueF() + (failing.blueF() - healthy.blueF()) * r));
}

QColor NodeStatus::breakerRing() const {
    if (state == QLatin1String("open"))
        return QColor(0xc0, 0x1c, 0x28);
    if (state == QLatin1String("half-open"))
        return QColor(0xe5, 0xa5, 0x0a);
    return QColor(0x26, 0xa2, 0x69);
}

double NodeStatus::breakerRingWidth() const {
    // 3 px for an idle window, up to 12 px for a busy one (square root: volume, not area).
    return 3.0 + std::min(9.0, std::sqrt(double(std::max<qint64>(windowCalls, 0))));
}

QColor NodeStatus::fill() const {
    if (hasBreaker() && !dead && !ended && !paused)
        return breakerFill();
    if (dead)
        return QColor(0x9a, 0x99, 0x96);
    if (ended)
        return QColor(0xde, 0xdd, 0xda);
    if (paused)
        return QColor(0x99, 0xc1, 0xf1);
    if (!known)
        return QColor(0xde, 0xdd, 0xda);
    if (state == QLatin1String("leader"))
        return QColor(0xf6, 0xb9, 0x3b);
    if (state == QLatin1String("candidate") || state == QLatin1String("pre-candidate"))
        return QColor(0xc0, 0x61, 0xcb);
    if (state == QLatin1String("follower"))
        return QColor(0x62, 0xa0, 0xea);
    if (state == QLatin1String("down") || state == QLatin1String("open"))
        return QColor(0xe0, 0x1b, 0x24);
    if (state == QLatin1String("half-open"))
        return QColor(0xf8, 0xe4, 0x5c);
    if (state == QLatin1String("stopped") || state == QLatin1String("non-member") ||
        state == QLatin1String("disabled"))
        return QColor(0xc0, 0xbf, 0xbc);
    return QColor(0x57, 0xe3, 0x89);   // up, running, closed and every other healthy state
}

QString NodeStatus::badge() const {
    if (dead)
        return text(QT_TRANSLATE_NOOP("NodeStatus", "dead"));
    if (ended)
        return text(QT_TRANSLATE_NOOP("NodeStatus", "ended"));
    if (paused)
        return text(QT_TRANSLATE_NOOP("NodeStatus", "paused"));
    if (!known)
        return {};
    QString name = state;
    if (state == QLatin1String("leader"))
        name = text(QT_TRANSLATE_NOOP("NodeStatus", "leader"));
    else if (state == QLatin1String("candidate"))
        name = text(QT_TRANSLATE_NOOP("NodeStatus", "candidate"));
    else if (state == QLatin1String("pre-candidate"))
        name = text(QT_TRANSLATE_NOOP("NodeStatus", "pre-candidate"));
    else if (state == QLatin1String("follower"))
        name = text(QT_TRANSLATE_NOOP("NodeStatus", "follower"));
    else if (state == QLatin1String("up"))
        name = text(QT_TRANSLATE_NOOP("NodeStatus", "up"));
    else if (state == QLatin1String("down"))
        name = text(QT_TRANSLATE_NOOP("NodeStatus", "down"));
    else if (state == QLatin1String("running"))
        name = text(QT_TRANSLATE_NOOP("NodeStatus", "running"));
    else if (state == QLatin1String("stopped"))
        name = text(QT_TRANSLATE_NOOP("NodeStatus", "stopped"));
    else if (state == QLatin1String("closed"))
        name = text(QT_TRANSLATE_NOOP("NodeStatus", "closed"));
    else if (state == QLatin1String("open"))
        name = text(QT_TRANSLATE_NOOP("NodeStatus", "open"));
    else if (state == QLatin1String("half-open"))
        name = text(QT_TRANSLATE_NOOP("NodeStatus", "half-open"));
    else if (state == QLatin1String("non-member"))
        name = text(QT_TRANSLATE_NOOP("NodeStatus", "non-member"));
    if (term >= 0)
        return text(QT_TRANSLATE_NOOP("NodeStatus", "%1 · term %2")).arg(name).arg(term);
    return name;
}

}  // namespace distlab::views
