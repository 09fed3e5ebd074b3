#include "views/common/units.h"

#include <QCoreApplication>

#include <cmath>

namespace distlab::views {

QString durationText(core::Duration d) {
    const double ms = core::to_ms(d);
    if (std::abs(ms) >= 1000.0)
        return QCoreApplication::translate("distlab::views::Units", "%1 s").arg(ms / 1000.0, 0, 'g', 6);
    if (ms == 0.0 || std::abs(ms) >= 1.0)
        return QCoreApplication::translate("distlab::views::Units", "%1 ms").arg(ms, 0, 'g', 6);
    return QCoreApplication::translate("distlab::views::Units", "%1 µs").arg(ms * 1000.0, 0, 'g', 6);
}

}  // namespace distlab::views
