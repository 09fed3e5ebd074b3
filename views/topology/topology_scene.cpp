#include "views/topology/topology_scene.h"

#include <QGraphicsItem>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>
#include <numbers>

#include "netlab/scenario/scenario.h"
#include "views/topology/node_status.h"

namespace distlab::views {

namespace {

constexpr qreal kRadius = 30.0;

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

}  // namespace

// One node: a disc in its status colour, its id inside, role and badge below.
class NodeItem final : public QGraphicsItem {
public:
    NodeItem(QString id, QString role) : m_id(std::move(id)), m_role(std::move(role)) {
        setFlag(ItemIsSelectable);
        setZValue(1);
        setCursor(Qt::PointingHandCursor);
        setToolTip(m_id + QLatin1String(" (") + m_role + QLatin1Char(')'));
    }

    QRectF boundingRect() const override { return {-90, -kRadius - 10, 180, 2 * kRadius + 50}; }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override {
        painter->setRenderHint(QPainter::Antialiasing);
        const QColor fill = status.fill();
        painter->setPen(QPen(isSelected() ? QColor(0x1c, 0x71, 0xd8) : fill.darker(160), isSelected() ? 4 : 2));
        painter->setBrush(fill);
        painter->drawEllipse(QPointF(0, 0), kRadius, kRadius);

        QFont font = painter->font();
        font.setBold(true);
        font.setPixelSize(15);
        painter->setFont(font);
        painter->setPen(fill.lightness() < 110 ? Qt::white : QColor(0x24, 0x1f, 0x31));
        painter->drawText(QRectF(-kRadius, -kRadius, 2 * kRadius, 2 * kRadius), Qt::AlignCenter, m_id);

        font.setBold(false);
        font.setPixelSize(12);
        painter->setFont(font);
        const QString below = status.badge().isEmpty() ? m_role : m_role + QStringLiteral(" · ") + status.badge();
        // The label sits on a light plate so that links passing under it do not cross the text.
        const QRectF label = painter->fontMetrics().boundingRect(below).adjusted(-4, -1, 4, 1);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xfa, 0xfa, 0xf9, 220));
        painter->drawRoundedRect(QRectF(-label.width() / 2, kRadius + 4, label.width(), 18), 4, 4);
        painter->setPen(QColor(0x3d, 0x38, 0x46));
        painter->drawText(QRectF(-90, kRadius + 4, 180, 18), Qt::AlignHCenter | Qt::AlignVCenter, below);
        if (status.paused || status.dead) {
            // A marker on the disc's upper right, so the id stays readable.
            const QPointF c(kRadius * 0.75, -kRadius * 0.75);
            painter->setPen(QPen(Qt::white, 2));
            painter->setBrush(status.dead ? QColor(0xe0, 0x1b, 0x24) : QColor(0x1c, 0x71, 0xd8));
            painter->drawEllipse(c, 11, 11);
            painter->setPen(QPen(Qt::white, 2.5, Qt::SolidLine, Qt::RoundCap));
            if (status.paused) {
                painter->drawLine(c + QPointF(-3, -5), c + QPointF(-3, 5));
                painter->drawLine(c + QPointF(3, -5), c + QPointF(3, 5));
            } else {
                painter->drawLine(c + QPointF(-4.5, -4.5), c + QPointF(4.5, 4.5));
                painter->drawLine(c + QPointF(-4.5, 4.5), c + QPointF(4.5, -4.5));
            }
        }
    }

    const QString& id() const { return m_id; }
    NodeStatus status;

private:
    QString m_id;
    QString m_role;
};

// One link: a line between two nodes, thicker and darker while messages cross it, red while
// they are dropped.
class LinkItem final : public QGraphicsLineItem {
public:
    LinkItem(NodeItem* a, NodeItem* b) : m_a(a), m_b(b) {
        setLine(QLineF(a->pos(), b->pos()));
        setZValue(0);
        restyle();
    }

    bool joins(const QString& x, const QString& y) const {
        return (m_a->id() == x && m_b->id() == y) || (m_a->id() == y && m_b->id() == x);
    }
    // Requires: count > 0.
    void pulse(int count, bool dropped) {
        m_activity = std::min(1.0, m_activity + 0.25 + 0.05 * count);
        if (dropped)
            m_dropped = 1.0;
        restyle();
    }
    // One frame of fading; returns whether the link is still active.
    bool fade() {
        m_activity = std::max(0.0, m_activity - 0.08);
        m_dropped = std::max(0.0, m_dropped - 0.05);
        restyle();
        return m_activity > 0 || m_dropped > 0;
    }
    void reset() {
        m_activity = 0;
        m_dropped = 0;
        restyle();
    }

private:
    void restyle() {
        const QColor idle(0xc0, 0xbf, 0xbc);
        const QColor busy = m_dropped > 0 ? QColor(0xe0, 0x1b, 0x24) : QColor(0x35, 0x84, 0xe4);
        const qreal t = std::max(m_activity, m_dropped);
        const QColor c = QColor::fromRgbF(float(idle.redF() + (busy.redF() - idle.redF()) * t),
                                          float(idle.greenF() + (busy.greenF() - idle.greenF()) * t),
                                          float(idle.blueF() + (busy.blueF() - idle.blueF()) * t));
        setPen(QPen(c, 2.0 + 4.0 * t, Qt::SolidLine, Qt::RoundCap));
    }

    NodeItem* m_a;
    NodeItem* m_b;
    double m_activity = 0;
    double m_dropped = 0;
};

TopologyScene::TopologyScene(QObject* parent) : QGraphicsScene(parent) {
    m_frameTimer.setInterval(kFrameIntervalMs);
    connect(&m_frameTimer, &QTimer::timeout, this, &TopologyScene::advanceFrame);
    connect(this, &QGraphicsScene::selectionChanged, this, [this] { Q_EMIT nodeSelected(selectedNode()); });
}

TopologyScene::~TopologyScene() {
    // Deleting a selected item changes the selection: nobody is told about it any more.
    blockSignals(true);
    clear();
}

void TopologyScene::setScenario(const netlab::Scenario& scenario) {
    m_frameTimer.stop();
    clear();
    m_nodes.clear();
    m_links.clear();

    // Nodes without `at:` go on a circle around the centre of those that have one.
    const qsizetype count = qsizetype(scenario.nodes.size());
    for (qsizetype i = 0; i < count; ++i) {
        const auto& spec = scenario.nodes[std::size_t(i)];
        auto* item = new NodeItem(fromStd(spec.id), fromStd(spec.role));
        if (spec.at) {
            item->setPos((*spec.at)[0], (*spec.at)[1]);
        } else {
            const double angle = 2 * std::numbers::pi * double(i) / double(count) - std::numbers::pi / 2;
            const double radius = std::max(140.0, 40.0 * double(count));
            item->setPos(radius * std::cos(angle), radius * std::sin(angle));
        }
        addItem(item);
        m_nodes.insert(item->id(), item);
    }
    auto join = [this](const std::string& from, const std::string& to) {
        NodeItem* a = m_nodes.value(fromStd(from));
        NodeItem* b = m_nodes.value(fromStd(to));
        if (!a || !b || a == b || linkBetween(a->id(), b->id()))
            return;
        auto* link = new LinkItem(a, b);
        addItem(link);
        m_links.push_back(link);
    };
    if (scenario.full_mesh) {
        for (std::size_t i = 0; i < scenario.nodes.size(); ++i)
            for (std::size_t j = i + 1; j < scenario.nodes.size(); ++j)
                join(scenario.nodes[i].id, scenario.nodes[j].id);
    } else {
        for (const auto& link : scenario.links)
            join(link.from, link.to);
    }
    setSceneRect(itemsBoundingRect().adjusted(-30, -30, 30, 30));
}

void TopologyScene::resetStatus() {
    m_frameTimer.stop();
    for (NodeItem* node : std::as_const(m_nodes)) {
        node->status = NodeStatus{};
        node->update();
    }
    for (LinkItem* link : m_links)
        link->reset();
}

QString TopologyScene::selectedNode() const {
    for (QGraphicsItem* item : selectedItems())
        if (auto* node = dynamic_cast<NodeItem*>(item))
            return node->id();
    return {};
}

void TopologyScene::selectNode(const QString& node) {
    if (node == selectedNode())
        return;
    clearSelection();
    if (NodeItem* item = m_nodes.value(node))
        item->setSelected(true);
}

QStringList TopologyScene::nodeIds() const {
    QStringList ids = m_nodes.keys();
    ids.sort();
    return ids;
}

QString TopologyScene::badgeOf(const QString& node) const {
    const NodeItem* item = m_nodes.value(node);
    return item ? item->status.badge() : QString();
}

LinkItem* TopologyScene::linkBetween(const QString& a, const QString& b) const {
    for (LinkItem* link : m_links)
        if (link->joins(a, b))
            return link;
    return nullptr;
}

void TopologyScene::append(const EventBatch& batch) {
    using netlab::EventKind;
    QHash<LinkItem*, std::pair<int, bool>> traffic;   // messages, any dropped
    QSet<NodeItem*> touched;
    for (const auto& event : batch) {
        NodeItem* node = m_nodes.value(fromStd(event.node));
        switch (event.kind) {
        case EventKind::State:
            if (node)
                node->status.apply(core::Json::parse(event.data, nullptr, /*allow_exceptions=*/false));
            break;
        case EventKind::NodeStarted:
            if (node) {
                node->status.dead = false;
                node->status.ended = false;
                node->status.paused = false;
            }
            break;
        case EventKind::NodeExited:
            if (node) {
                const core::Json data = core::Json::parse(event.data, nullptr, /*allow_exceptions=*/false);
                const bool shutdown = data.is_object() && data.value("cause", std::string()) == "shutdown";
                (shutdown ? node->status.ended : node->status.dead) = true;
            }
            break;
        case EventKind::NodePaused:
            if (node)
                node->status.paused = true;
            break;
        case EventKind::NodeResumed:
            if (node)
                node->status.paused = false;
            break;
        case EventKind::MessageSent:
        case EventKind::MessageDropped:
            if (LinkItem* link = linkBetween(fromStd(event.node), fromStd(event.peer))) {
                auto& [messages, dropped] = traffic[link];
                ++messages;
                dropped = dropped || event.kind == EventKind::MessageDropped;
            }
            continue;
        default: continue;
        }
        if (node)
            touched.insert(node);
    }
    for (NodeItem* node : std::as_const(touched))
        node->update();
    for (auto it = traffic.cbegin(); it != traffic.cend(); ++it)
        it.key()->pulse(it->first, it->second);
    if (!traffic.isEmpty() && !m_frameTimer.isActive())
        m_frameTimer.start();
}

void TopologyScene::advanceFrame() {
    bool active = false;
    for (LinkItem* link : m_links)
        active = link->fade() || active;
    if (!active)
        m_frameTimer.stop();
}

}  // namespace distlab::views
