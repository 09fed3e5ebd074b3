#include "views/common/view_colours.h"

#include <QGuiApplication>

namespace distlab::views {

ViewColours viewColours(const QPalette& palette) {
    ViewColours c;
    c.dark = palette.color(QPalette::Base).lightnessF() < 0.5;
    if (c.dark) {
        c.canvas = QColor(0x24, 0x24, 0x27);
        c.ink = palette.color(QPalette::Text);
        c.faintInk = QColor(0xb0, 0xb0, 0xb6);
        c.grid = QColor(0x44, 0x44, 0x4a);
        c.link = QColor(0x6a, 0x6a, 0x72);
        c.plate = QColor(0x24, 0x24, 0x27, 225);
        c.fault = QColor(0xa8, 0xa8, 0xb4);
        c.faultInk = QColor(0xe8, 0xe8, 0xea);
        c.accent = palette.color(QPalette::Link);
        c.hand = QColor(0xd5, 0x9c, 0xe8);
        c.pause = QColor(0x5f, 0xd0, 0xd8);
    } else {
        c.canvas = QColor(0xfa, 0xfa, 0xf9);
        c.ink = QColor(0x3d, 0x38, 0x46);
        c.faintInk = QColor(0x5e, 0x5c, 0x64);
        c.grid = QColor(0xde, 0xdd, 0xda);
        c.link = QColor(0xc0, 0xbf, 0xbc);
        c.plate = QColor(0xfa, 0xfa, 0xf9, 220);
        c.fault = QColor(0x77, 0x76, 0x7b);
        c.faultInk = QColor(0x24, 0x1f, 0x31);
        c.accent = QColor(0x1c, 0x71, 0xd8);
        c.hand = QColor(0x6a, 0x1b, 0x9a);
        c.pause = QColor(0x0e, 0x7c, 0x86);
    }
    return c;
}

ViewColours viewColours() {
    return viewColours(QGuiApplication::palette());
}

}  // namespace distlab::views
