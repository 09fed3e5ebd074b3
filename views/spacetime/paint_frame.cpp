#include "views/spacetime/paint_frame.h"

#include <QPainter>

#include <array>

#include "views/common/colour_scheme.h"

namespace distlab::views {

QColor PaintFrame::colourOf(std::uint32_t type) const {
    const QColor c = paint::typeColour(type);
    return dark ? c.lighter(115) : c;
}

namespace paint {

namespace {

// Distinct hues readable on light and dark backgrounds; red is kept for drops.
constexpr std::array<QRgb, 10> kTypeColours = {
    0x1f77b4, 0xff7f0e, 0x2ca02c, 0x9467bd, 0x8c564b, 0xe377c2, 0x17becf, 0xbcbd22, 0x7f7f7f, 0x393b79,
};

}  // namespace

QColor typeColour(std::uint32_t type) {
    return messageTypeColour(type, kTypeColours);
}

QColor highlightColour() {
    return QColor(0xc2, 0x1f, 0xc9);
}

QColor dropColour() {
    return QColor(0xd6, 0x27, 0x28);
}

QColor mix(const QColor& over, const QColor& under, double amount) {
    return QColor::fromRgbF(float(over.redF() * amount + under.redF() * (1 - amount)),
                            float(over.greenF() * amount + under.greenF() * (1 - amount)),
                            float(over.blueF() * amount + under.blueF() * (1 - amount)));
}

bool isDark(const QPalette& palette) {
    return palette.color(QPalette::Base).lightness() < 128;
}

bool clipX(QLineF& line, double x0, double x1) {
    QPointF a = line.p1();
    QPointF b = line.p2();
    if (b.x() < x0 || a.x() > x1)
        return false;
    const double dx = b.x() - a.x();
    if (dx > 0) {
        if (a.x() < x0)
            a = QPointF(x0, a.y() + (b.y() - a.y()) * (x0 - a.x()) / dx);
        if (b.x() > x1)
            b = QPointF(x1, a.y() + (b.y() - a.y()) * (x1 - a.x()) / (b.x() - a.x()));
    }
    line = QLineF(a, b);
    return true;
}

void drawArrowHead(QPainter& painter, const QLineF& line, const QColor& colour) {
    const double length = line.length();
    if (length < 6)
        return;
    const QPointF unit = (line.p2() - line.p1()) / length;
    const QPointF normal(-unit.y(), unit.x());
    const QPointF tip = line.p2();
    const QPointF base = tip - unit * 7.0;
    const QPointF head[3] = {tip, base + normal * 3.0, base - normal * 3.0};
    painter.setBrush(colour);
    painter.setPen(Qt::NoPen);
    painter.drawPolygon(head, 3);
    painter.setBrush(Qt::NoBrush);
}

void drawCross(QPainter& painter, const QPointF& at, double size) {
    painter.drawLine(at + QPointF(-size, -size), at + QPointF(size, size));
    painter.drawLine(at + QPointF(-size, size), at + QPointF(size, -size));
}

}  // namespace paint

}  // namespace distlab::views
