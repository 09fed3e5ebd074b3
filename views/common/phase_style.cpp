#include "views/common/phase_style.h"

#include <QLocale>

#include "core/model/role_registry.h"
#include "netlab/api/role_catalog.h"
#include "views/common/colour_scheme.h"

namespace distlab::views {

QColor toneColour(core::Tone tone) {
    return schemeToneColour(tone);
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
