#pragma once

#include <QColor>
#include <QGraphicsItem>
#include <QGraphicsLineItem>
#include <QPainterPath>
#include <QString>

#include <utility>

#include "views/topology/node_status.h"

namespace distlab::views {

// The canvas' items: a node's disc and a link's line (TopologyScene draws the run on them).

inline constexpr qreal kNodeRadius = 30.0;
inline constexpr qreal kLinkWidth = 2.0;
inline const QColor kLinkColour{0xc0, 0xbf, 0xbc};

// One node: a disc filled with its phase's tone, its id inside, role and badge below; the first
// gauge of its role as an arc on the disc, a ring as wide as the gauge's volume.
class NodeItem final : public QGraphicsItem {
public:
    NodeItem(QString id, QString role) : m_id(std::move(id)), m_role(std::move(role)) {
        setFlag(ItemIsSelectable);
        setZValue(1);
        setCursor(Qt::PointingHandCursor);
        retip();
    }

    void setId(const QString& id) {
        m_id = id;
        retip();
        update();
    }
    // `problem`: why the node's parameters are invalid (a red "!" on the disc), or empty.
    void setProblem(const QString& problem) {
        if (problem == m_problem)
            return;
        m_problem = problem;
        retip();
        update();
    }
    // Hit-testing: the disc only, so a click beside it starts a rubber band.
    QPainterPath shape() const override {
        QPainterPath path;
        path.addEllipse(QPointF(0, 0), kNodeRadius + 2, kNodeRadius + 2);
        return path;
    }

    QRectF boundingRect() const override { return {-90, -kNodeRadius - 16, 180, 2 * kNodeRadius + 56}; }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;

    const QString& id() const { return m_id; }
    // Redraws the node after `status` changed, and says its gauge in the tooltip.
    void refresh() {
        retip();
        update();
    }
    NodeStatus status;

private:
    void retip() {
        QString tip = m_id + QLatin1String(" (") + m_role + QLatin1Char(')');
        if (!status.gaugeText.isEmpty())
            tip += QLatin1Char('\n') + status.gaugeText;
        if (!m_problem.isEmpty())
            tip += QLatin1Char('\n') + m_problem;
        if (tip != toolTip())
            setToolTip(tip);
    }

    QString m_id;
    QString m_role;
    QString m_problem;
};

// One link: a line between two nodes. Dashed red where a partition cuts it (an arrow in the
// blocked direction when only one is), orange with a label under degrading faults, thick with the
// message rate when too busy for dots.
class LinkItem final : public QGraphicsLineItem {
public:
    LinkItem(NodeItem* a, NodeItem* b, bool bothWays = true) : m_a(a), m_b(b), m_bothWays(bothWays) {
        setZValue(0);
        follow();
    }

    NodeItem* from() const { return m_a; }
    NodeItem* to() const { return m_b; }
    bool touches(const NodeItem* node) const { return m_a == node || m_b == node; }
    // Redraws the line between the two nodes' current positions.
    void follow() { setLine(QLineF(m_a->pos(), m_b->pos())); }
    void setBothWays(bool bothWays) {
        m_bothWays = bothWays;
        update();
    }

    // A wide band along the line, so a thin link is easy to click.
    QPainterPath shape() const override {
        QPainterPathStroker stroker;
        stroker.setWidth(12);
        QPainterPath path(line().p1());
        path.lineTo(line().p2());
        return stroker.createStroke(path);
    }
    QRectF boundingRect() const override { return QGraphicsLineItem::boundingRect().adjusted(-100, -20, 100, 20); }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;

    // Drawn as a plain grey line: nothing on it but message dots.
    bool isIdle() const { return !busy && label.isEmpty() && !cutForward && !cutBackward && m_bothWays && !isSelected(); }

    bool joins(const QString& x, const QString& y) const {
        return (m_a->id() == x && m_b->id() == y) || (m_a->id() == y && m_b->id() == x);
    }

    // Faults in force (set by the scene when they change).
    bool cutForward = false;    // from() -> to() blocked
    bool cutBackward = false;   // to() -> from() blocked
    QString label;              // degrading faults, e.g. "+200ms · 30% loss"
    // The last frame.
    int dots = 0;
    int rate = 0;               // messages sent in the last second of lab time
    bool busy = false;
    int sentLastSecond = 0;     // counted while computing a frame

private:
    // An arrowhead at the edge of the disc `l` points to.
    static void arrow(QPainter* painter, const QLineF& l, const QColor& colour);

    NodeItem* m_a;
    NodeItem* m_b;
    bool m_bothWays;
};

}  // namespace distlab::views
