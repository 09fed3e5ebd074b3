#pragma once

#include <QPalette>
#include <QString>

namespace distlab::views {

// The window's colours: "system" keeps the platform's palette (light or dark as the desktop
// says), "light" and "dark" force Qt's Fusion style with a light or a dark palette. Every view
// paints from the palette, so all of them follow.
void applyTheme(const QString& theme);
// The palette of the dark theme (also for rendering views dark in tests).
QPalette darkPalette();
QString savedTheme();
void saveTheme(const QString& theme);

}  // namespace distlab::views
