#pragma once

#include <QColor>
#include <QGraphicsItem>
#include <QGraphicsLineItem>
#include <QMap>
#include <QPainterPath>
#include <QString>

#include <algorithm>
#include <utility>
#include <vector>

#include "netlab/api/link_routes.h"
#include "views/topology/node_status.h"

namespace distlab::views {

// The canvas' items: a node's disc and a link's line (TopologyScene draws the run on them).

inline constexpr qreal kNodeRadius = 30.0;
inline constexpr qreal kLinkWidth = 2.0;

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
    // The caption under the disc (role and badge) on its plate, in scene coordinates.
    QRectF captionRect() const;
    // Redraws the node after `status` changed, and says its gauge in the tooltip.
    void refresh() {
        retip();
        update();
    }
    NodeStatus status;
    // The node's failure-domain labels, as the scenario gives them ("zone" -> "z1").
    QMap<QString, QString> labels;

private:
    void retip() {
        QString tip = m_id + QLatin1String(" (") + m_role + QLatin1Char(')');
        for (auto it = labels.cbegin(); it != labels.cend(); ++it)
            tip += QLatin1Char('\n') + it.key() + QLatin1String(": ") + it.value();
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
    // The caption's width for the text it was measured for: every link's label placement asks
    // for every node's caption each frame, and measuring text (shaping) is what costs.
    mutable QString m_measuredCaption;
    mutable qreal m_captionWidth = 0;
};

// A failure domain: a rounded box behind the nodes that share one value of a label, captioned
// at its top left ("zone: z1"). Level 0 is the outermost label drawn (a zone), level 1 the next
// (a rack), lighter and dashed inside it.
class DomainItem final : public QGraphicsItem {
public:
    DomainItem(QString caption, const QRectF& rect, int level) : m_caption(std::move(caption)), m_rect(rect), m_level(level) {
        setZValue(-2 + level);
        setAcceptedMouseButtons(Qt::NoButton);
    }
    QRectF boundingRect() const override { return m_rect; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;
    const QString& caption() const { return m_caption; }
    int level() const { return m_level; }

private:
    QString m_caption;
    QRectF m_rect;
    int m_level;
};

// One link between two nodes, along its route (netlab::route_links: straight, or curved around
// the discs of nodes it does not join; the scene routes every link when nodes move). Dashed red
// where a partition cuts it (an arrow in the blocked direction when only one is), orange with a
// label under degrading faults, thick with the message rate when too busy for dots. The label
// sits on the route where it covers no node (TopologyScene::labelObstacles).
class LinkItem final : public QGraphicsLineItem {
public:
    LinkItem(NodeItem* a, NodeItem* b, bool bothWays = true) : m_a(a), m_b(b), m_bothWays(bothWays) {
        setZValue(0);
        setRoute(netlab::LinkRoute{{a->pos().x(), a->pos().y()},
                                   {(a->pos().x() + b->pos().x()) / 2, (a->pos().y() + b->pos().y()) / 2},
                                   {b->pos().x(), b->pos().y()}});
    }

    NodeItem* from() const { return m_a; }
    NodeItem* to() const { return m_b; }
    bool touches(const NodeItem* node) const { return m_a == node || m_b == node; }
    // Runs the link along `route` (from from() to to()); line() is the straight chord.
    void setRoute(const netlab::LinkRoute& route);
    const netlab::LinkRoute& route() const { return m_route; }
    bool isCurved() const { return m_route.curved; }
    // The route as drawn.
    const QPainterPath& path() const { return m_path; }
    // A point `fraction` (0..1) of the way between the two discs' edges along the route, from
    // from() when `forward`, else from to(); `normal` (optional) gets the unit normal on the
    // travelling message's left.
    QPointF travel(qreal fraction, bool forward, QPointF* normal = nullptr) const;
    // The length of the route between the two discs' edges.
    qreal travelLength() const { return std::max<qreal>(0, m_length.empty() ? 0 : m_length.back() - 2 * kNodeRadius); }
    // Where a label of `text` is drawn (scene coordinates), off every node.
    QRectF labelRect(const QString& text) const;
    void setBothWays(bool bothWays) {
        m_bothWays = bothWays;
        update();
    }

    // A wide band along the route, so a thin link is easy to click.
    QPainterPath shape() const override {
        QPainterPathStroker stroker;
        stroker.setWidth(12);
        return stroker.createStroke(m_path);
    }
    QRectF boundingRect() const override { return m_path.boundingRect().adjusted(-100, -20, 100, 20); }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;

    // Drawn as a plain grey line: nothing on it but message dots.
    bool isIdle() const { return !busy && label.isEmpty() && !cutForward && !cutBackward && m_bothWays && !isSelected(); }

    bool joins(const QString& x, const QString& y) const {
        return (m_a->id() == x && m_b->id() == y) || (m_a->id() == y && m_b->id() == x);
    }

    // The distance from `point` to the route.
    qreal distanceTo(QPointF point) const;

    // Faults in force (set by the scene when they change).
    bool cutForward = false;    // from() -> to() blocked
    bool cutBackward = false;   // to() -> from() blocked
    QString label;              // degrading faults, e.g. "+200ms · 30% loss"
    // The last frame.
    int dots = 0;
    int rate = 0;               // messages sent in the last second of lab time
    bool busy = false;
    int sentLastSecond = 0;     // counted while computing a frame

    // The font of link labels.
    static QFont labelFont();

private:
    // An arrowhead at the edge of the disc the link enters (forward: to()'s).
    void arrow(QPainter* painter, bool forward, const QColor& colour) const;

    NodeItem* m_a;
    NodeItem* m_b;
    bool m_bothWays;
    netlab::LinkRoute m_route;
    QPainterPath m_path;
    std::vector<QPointF> m_samples;   // along the route, from from()
    std::vector<qreal> m_length;      // the route's length up to each sample
};

}  // namespace distlab::views
