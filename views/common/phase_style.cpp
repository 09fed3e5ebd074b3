#include "views/common/phase_style.h"

#include <QLocale>

#include "core/model/role_registry.h"
#include "netlab/api/role_catalog.h"

namespace distlab::views {

QColor toneColour(core::Tone tone) {
    switch (tone) {
    case core::Tone::Neutral: return QColor(0x62, 0xa0, 0xea);   // blue
    case core::Tone::Healthy: return QColor(0x57, 0xe3, 0x89);   // green
    case core::Tone::Busy: return QColor(0xf6, 0xb9, 0x3b);      // amber
    case core::Tone::Warning: return QColor(0xff, 0x78, 0x00);   // orange
    case core::Tone::Failing: return QColor(0xe0, 0x1b, 0x24);   // red
    case core::Tone::Down: return QColor(0xa5, 0x1d, 0x2d);      // dark red
    }
    return QColor(0x62, 0xa0, 0xea);
}

QColor textOn(const QColor& fill) {
    return fill.lightness() < 110 ? QColor(Qt::white) : QColor(0x24, 0x1f, 0x31);
}

bool chineseLabels() {
    return QLocale().language() == QLocale::Chinese;
}

QString bilingual(const std::string& en, const std::string& zh, bool chinese) {
    const std::string& text = chinese && !zh.empty() ? zh : en;
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString phaseLabel(const core::RoleDescriptor* role, std::string_view phase, bool chinese) {
    if (const core::PhaseSpec* spec = role ? role->find_phase(phase) : nullptr)
        return bilingual(spec->en, spec->zh, chinese);
    return QString::fromUtf8(phase.data(), qsizetype(phase.size()));
}

core::Tone phaseTone(const core::RoleDescriptor* role, std::string_view phase) {
    const core::PhaseSpec* spec = role ? role->find_phase(phase) : nullptr;
    return spec ? spec->tone : core::Tone::Neutral;
}

void foldRoleEvent(netlab::RoleCatalog& catalog, const netlab::Event& event) {
    if (event.kind == netlab::EventKind::RunStarted)
        catalog = netlab::RoleCatalog::read(core::Json::parse(event.data, nullptr, false), core::RoleRegistry::builtin());
    else if (event.kind == netlab::EventKind::NodeStarted)
        catalog.note_node_started(event, core::RoleRegistry::builtin());
}

}  // namespace distlab::views
