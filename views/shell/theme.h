#pragma once

#include <QPalette>
#include <QString>

#include "views/common/colour_scheme.h"

namespace distlab::views {

// The window's colours: "system" keeps the platform's palette (light or dark as the desktop
// says), "light" and "dark" force Qt's Fusion style with a light or a dark palette. Every view
// paints from the palette, so all of them follow.
void applyTheme(const QString& theme);
// The palette of the dark theme (also for rendering views dark in tests).
QPalette darkPalette();
QString savedTheme();
void saveTheme(const QString& theme);

// The node tones' and message types' colours (views/common/colour_scheme.h), for every view at
// once: each repaints, and redoes what it derived from colours, as on a palette change.
void applyColourScheme(ColourScheme scheme);
// QSettings ui/palette; Standard when unset or not a scheme's key.
ColourScheme savedColourScheme();
void saveColourScheme(ColourScheme scheme);

}  // namespace distlab::views
