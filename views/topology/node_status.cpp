#include "views/topology/node_status.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

#include "views/common/phase_style.h"

namespace distlab::views {

namespace {

QString text(const char* source) {
    return QCoreApplication::translate("NodeStatus", source);
}

std::optional<double> number(const core::Json& snapshot, const std::string& path) {
    if (path.empty())
        return std::nullopt;
    const core::Json* field = core::snapshot_field(snapshot, path);
    if (!field || !field->is_number())
        return std::nullopt;
    return field->get<double>();
}

}  // namespace

void NodeStatus::setPhase(const core::RoleDescriptor* role, std::string_view name, bool chinese) {
    known = true;
    phase = QString::fromUtf8(name.data(), qsizetype(name.size()));
    phaseLabel = name.empty() ? QString() : views::phaseLabel(role, name, chinese);
    tone = name.empty() ? std::nullopt : std::optional(phaseTone(role, name));
}

void NodeStatus::apply(const core::RoleDescriptor* role, const core::Json& snapshot, bool chinese) {
    if (!snapshot.is_object())
        return;
    known = true;
    gauge = -1;
    gaugeText.clear();
    volume = -1;
    epoch = -1;
    epochLabel.clear();
    if (!role)
        return;
    if (!role->gauges.empty()) {
        const core::GaugeSpec& spec = role->gauges.front();
        if (const auto value = number(snapshot, spec.field)) {
            const auto limit = number(snapshot, spec.full_scale_field);
            const double full = limit && *limit > 0 ? *limit : spec.full_scale;
            gauge = full > 0 ? std::clamp(*value / full, 0.0, 1.0) : 0.0;
            const QString unit = QString::fromStdString(spec.unit);
            gaugeText = QStringLiteral("%1 %2%3")
                            .arg(bilingual(spec.en, spec.zh, chinese), QString::number(*value, 'g', 4),
                                 unit.isEmpty() ? QString() : QLatin1Char(' ') + unit);
        }
        volume = number(snapshot, spec.volume_field).value_or(-1);
    }
    if (role->epoch) {
        const core::Json* field = core::snapshot_field(snapshot, role->epoch->field);
        if (field && field->is_number_integer()) {
            epoch = field->get<qint64>();
            epochLabel = bilingual(role->epoch->en, role->epoch->zh, chinese);
        }
    }
}

QColor NodeStatus::fill() const {
    if (dead)
        return QColor(0x9a, 0x99, 0x96);
    if (ended)
        return QColor(0xde, 0xdd, 0xda);
    if (paused)
        return QColor(0x99, 0xc1, 0xf1);
    if (!known)
        return QColor(0xde, 0xdd, 0xda);
    if (tone)
        return toneColour(*tone);
    return toneColour(core::Tone::Healthy);   // running, in no declared phase
}

QColor NodeStatus::ringColour() const {
    return fill().darker(135);
}

double NodeStatus::ringWidth() const {
    // 3 px for no volume, up to 12 px for a busy one (square root: volume, not area).
    return 3.0 + std::min(9.0, std::sqrt(std::max(volume, 0.0)));
}

QString NodeStatus::badge() const {
    if (dead)
        return text(QT_TRANSLATE_NOOP("NodeStatus", "dead"));
    if (ended)
        return text(QT_TRANSLATE_NOOP("NodeStatus", "ended"));
    if (paused)
        return text(QT_TRANSLATE_NOOP("NodeStatus", "paused"));
    QStringList parts;
    if (!phaseLabel.isEmpty())
        parts << phaseLabel;
    if (epoch >= 0)
        parts << epochLabel + QLatin1Char(' ') + QString::number(epoch);
    return parts.join(QStringLiteral(" · "));
}

}  // namespace distlab::views
