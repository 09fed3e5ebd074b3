#pragma once

#include <QColor>
#include <QPalette>

namespace distlab::views {

// The colours views paint with that are not a phase's tone: taken from the application's
// palette, so that every view follows the theme (views/shell/theme.h). A view reads them when it
// paints and repaints on QEvent::PaletteChange.
struct ViewColours {
    bool dark = false;
    QColor canvas;      // a drawing's background
    QColor ink;         // text and axes
    QColor faintInk;    // secondary text, captions
    QColor grid;        // grid and lane separators
    QColor link;        // an idle link on the canvas
    QColor plate;       // a caption's plate over a drawing (translucent)
    QColor fault;       // a fault's bar on the timeline and the message diagram
    QColor faultInk;    // the label on or beside a fault bar
    QColor accent;      // selection, links to click
    QColor hand;        // the outline of a fault made by hand (the report's purple)
    QColor pause;       // a pause of the whole run on the timeline
};

// From `palette` (by default the application's).
ViewColours viewColours(const QPalette& palette);
ViewColours viewColours();

}  // namespace distlab::views
