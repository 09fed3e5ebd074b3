#pragma once

#include <QColor>
#include <QString>

#include <string>
#include <string_view>

#include "core/model/role_descriptor.h"
#include "netlab/api/event.h"

namespace distlab::netlab {
class RoleCatalog;
}

namespace distlab::views {

// How the views show what a role declares (core/model/role_descriptor.h): the one palette of
// phase tones, labels in the UI language, and the run's role catalog read from its events. Views
// never name a pattern or a phase: they ask the descriptor.

// The colour of a tone: a node's fill, a timeline band, in the chosen colour scheme
// (views/common/colour_scheme.h). Saturated, so that it reads on a light and on a dark
// background alike; text on it takes textOn().
QColor toneColour(core::Tone tone);
// Black-ish or white, whichever reads on `fill`.
QColor textOn(const QColor& fill);

// Whether descriptor labels (en / zh) are shown in Chinese by default: the UI language, as the
// window decides it (the locale).
bool chineseLabels();
// `en` or `zh` by language (en when zh is empty).
QString bilingual(const std::string& en, const std::string& zh, bool chinese);
// The label of `phase` as `role` declares it; the phase's own name when the role does not declare
// it (or is unknown).
QString phaseLabel(const core::RoleDescriptor* role, std::string_view phase, bool chinese);
// The tone of `phase`; Neutral when the role does not declare it.
core::Tone phaseTone(const core::RoleDescriptor* role, std::string_view phase);

// Folds an event into the run's role catalog: RunStarted replaces it with the one the run
// recorded, NodeStarted adds the node's role. Recordings made before descriptors were recorded
// fall back to the roles this build has (core::RoleRegistry::builtin()).
void foldRoleEvent(netlab::RoleCatalog& catalog, const netlab::Event& event);

}  // namespace distlab::views
