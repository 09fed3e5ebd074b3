#pragma once

#include <QColor>
#include <QString>

#include <cstddef>
#include <optional>
#include <span>

#include "core/model/role_descriptor.h"

namespace distlab::views {

// The colours that carry meaning on their own (a node's phase tone, a message's type) come in
// three schemes, chosen in View > Theme: Standard (the look the views were drawn in),
// HighContrast (fully saturated colours that differ by hue or clearly by brightness, for a
// projector that washes colour out) and ColourBlindSafe (Okabe and Ito's eight colours, told apart with any colour-vision
// deficiency). The scheme is one setting for the whole application, read by the views when they
// paint; the theme (light, dark) is independent of it.
enum class ColourScheme { Standard, HighContrast, ColourBlindSafe };

ColourScheme colourScheme();
void setColourScheme(ColourScheme scheme);

// The key a scheme is saved as ("standard", "high-contrast", "colour-blind"); nullopt for any
// other text.
QString colourSchemeKey(ColourScheme scheme);
std::optional<ColourScheme> colourSchemeFromKey(const QString& key);

// The fill of `tone` in the current scheme.
QColor schemeToneColour(core::Tone tone);
// The colour of the message type numbered `index`: from `standard` (the view's own set) in the
// Standard scheme, from the scheme's own set otherwise. `standard` must not be empty.
QColor messageTypeColour(std::size_t index, std::span<const QRgb> standard);

}  // namespace distlab::views
