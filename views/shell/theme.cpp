#include "views/shell/theme.h"

#include <QApplication>
#include <QEvent>
#include <QWidget>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace distlab::views {

namespace {

const QString kKey = QStringLiteral("ui/theme");
const QString kSchemeKey = QStringLiteral("ui/palette");

}  // namespace

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2e);
    const QColor base(0x1e, 0x1e, 0x20);
    const QColor text(0xe8, 0xe8, 0xea);
    const QColor disabled(0x80, 0x80, 0x86);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x29));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3e));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x7b, 0x63));
    p.setColor(QPalette::Highlight, QColor(0x35, 0x84, 0xe4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x78, 0xae, 0xed));
    p.setColor(QPalette::Light, QColor(0x48, 0x48, 0x4c));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3c, 0x40));
    p.setColor(QPalette::Mid, QColor(0x5a, 0x5a, 0x60));
    p.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x1a));
    p.setColor(QPalette::Shadow, Qt::black);
    for (const auto role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

void applyTheme(const QString& theme) {
    static const QString systemStyle = QApplication::style()->name();
    if (theme == QLatin1String("dark") || theme == QLatin1String("light")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(theme == QLatin1String("dark") ? darkPalette() : QApplication::style()->standardPalette());
    } else {
        QApplication::setStyle(QStyleFactory::create(systemStyle));
        QApplication::setPalette(QApplication::style()->standardPalette());
    }
}

QString savedTheme() {
    return QSettings().value(kKey, QStringLiteral("system")).toString();
}

void saveTheme(const QString& theme) {
    QSettings().setValue(kKey, theme);
}

void applyColourScheme(ColourScheme scheme) {
    if (scheme == colourScheme())
        return;
    setColourScheme(scheme);
    // The views read the scheme when they paint; what they keep (the message diagram's legend)
    // they redo on a palette change, so every widget is told as a new palette would tell it.
    for (QWidget* widget : QApplication::allWidgets()) {
        QEvent change(QEvent::PaletteChange);
        QCoreApplication::sendEvent(widget, &change);
        widget->update();
    }
}

ColourScheme savedColourScheme() {
    return colourSchemeFromKey(QSettings().value(kSchemeKey).toString()).value_or(ColourScheme::Standard);
}

void saveColourScheme(ColourScheme scheme) {
    QSettings().setValue(kSchemeKey, colourSchemeKey(scheme));
}

}  // namespace distlab::views
