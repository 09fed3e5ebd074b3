#include "views/topology/topology_scene.h"

#include <QGraphicsItem>
#include <QGraphicsSceneMouseEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QUndoStack>

#include <cmath>
#include <numbers>

#include "netlab/scenario/scenario.h"
#include "views/editor/lab_document.h"
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
        path.addEllipse(QPointF(0, 0), kRadius + 2, kRadius + 2);
        return path;
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
        if (!m_problem.isEmpty()) {
            // Upper left: parameters to fix before the lab can run.
            const QPointF c(-kRadius * 0.75, -kRadius * 0.75);
            painter->setPen(QPen(Qt::white, 2));
            painter->setBrush(QColor(0xe0, 0x1b, 0x24));
            painter->drawEllipse(c, 10, 10);
            font.setBold(true);
            font.setPixelSize(14);
            painter->setFont(font);
            painter->drawText(QRectF(c.x() - 10, c.y() - 10, 20, 20), Qt::AlignCenter, QStringLiteral("!"));
        }
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
    void retip() {
        QString tip = m_id + QLatin1String(" (") + m_role + QLatin1Char(')');
        if (!m_problem.isEmpty())
            tip += QLatin1Char('\n') + m_problem;
        setToolTip(tip);
    }

    QString m_id;
    QString m_role;
    QString m_problem;
};

// One link: a line between two nodes, thicker and darker while messages cross it, red while
// they are dropped.
class LinkItem final : public QGraphicsLineItem {
public:
    LinkItem(NodeItem* a, NodeItem* b, bool bothWays = true) : m_a(a), m_b(b), m_bothWays(bothWays) {
        setZValue(0);
        follow();
        restyle();
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
    QRectF boundingRect() const override { return QGraphicsLineItem::boundingRect().adjusted(-8, -8, 8, 8); }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override {
        painter->setRenderHint(QPainter::Antialiasing);
        QPen p = pen();
        if (isSelected()) {
            p.setColor(QColor(0x1c, 0x71, 0xd8));
            p.setWidthF(p.widthF() + 2);
        }
        painter->setPen(p);
        painter->drawLine(line());
        if (!m_bothWays && line().length() > 2 * kRadius) {
            // An arrowhead at the edge of the receiving disc.
            const QLineF l = line();
            const QPointF tip = l.pointAt(1 - (kRadius + 2) / l.length());
            const double angle = std::atan2(l.dy(), l.dx());
            const QPointF left = tip - QPointF(std::cos(angle - 0.45), std::sin(angle - 0.45)) * 12;
            const QPointF right = tip - QPointF(std::cos(angle + 0.45), std::sin(angle + 0.45)) * 12;
            painter->setBrush(p.color());
            painter->drawPolygon(QPolygonF({tip, left, right}));
        }
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
    bool m_bothWays;
    double m_activity = 0;
    double m_dropped = 0;
};

TopologyScene::TopologyScene(QObject* parent) : QGraphicsScene(parent) {
    m_frameTimer.setInterval(kFrameIntervalMs);
    connect(&m_frameTimer, &QTimer::timeout, this, &TopologyScene::advanceFrame);
    connect(this, &QGraphicsScene::selectionChanged, this, &TopologyScene::reportSelection);
}

TopologyScene::~TopologyScene() {
    // Deleting a selected item changes the selection: nobody is told about it any more.
    blockSignals(true);
    clear();
}

void TopologyScene::clearItems() {
    m_frameTimer.stop();
    m_drag.reset();
    m_linkFrom = nullptr;
    m_rubberLink = nullptr;
    clear();
    m_nodes.clear();
    m_links.clear();
}

void TopologyScene::addNodeItem(const netlab::NodeSpec& spec, QPointF at) {
    auto* item = new NodeItem(fromStd(spec.id), fromStd(spec.role));
    item->setPos(at);
    addItem(item);
    m_nodes.insert(item->id(), item);
}

void TopologyScene::addLinkItem(const QString& from, const QString& to) {
    NodeItem* a = m_nodes.value(from);
    NodeItem* b = m_nodes.value(to);
    if (!a || !b || a == b)
        return;
    for (LinkItem* link : m_links)
        if (link->from() == a && link->to() == b)
            return;
    bool bothWays = true;
    if (m_document)
        if (const auto spec = m_document->link(from, to))
            bothWays = spec->both_ways;
    auto* link = new LinkItem(a, b, bothWays);
    link->setFlag(QGraphicsItem::ItemIsSelectable, isEditable());
    addItem(link);
    m_links.push_back(link);
}

void TopologyScene::setScenario(const netlab::Scenario& scenario) {
    clearItems();
    // Nodes without `at:` go on a circle around the centre of those that have one.
    const qsizetype count = qsizetype(scenario.nodes.size());
    for (qsizetype i = 0; i < count; ++i) {
        const auto& spec = scenario.nodes[std::size_t(i)];
        QPointF at;
        if (spec.at) {
            at = QPointF((*spec.at)[0], (*spec.at)[1]);
        } else {
            const double angle = 2 * std::numbers::pi * double(i) / double(count) - std::numbers::pi / 2;
            const double radius = std::max(140.0, 40.0 * double(count));
            at = QPointF(radius * std::cos(angle), radius * std::sin(angle));
        }
        addNodeItem(spec, at);
    }
    if (scenario.full_mesh) {
        for (std::size_t i = 0; i < scenario.nodes.size(); ++i)
            for (std::size_t j = i + 1; j < scenario.nodes.size(); ++j)
                addLinkItem(fromStd(scenario.nodes[i].id), fromStd(scenario.nodes[j].id));
    } else {
        for (const auto& link : scenario.links)
            if (!linkBetween(fromStd(link.from), fromStd(link.to)))
                addLinkItem(fromStd(link.from), fromStd(link.to));
    }
    updateSceneRect();
}

void TopologyScene::setDocument(LabDocument* document) {
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    if (!m_document) {
        clearItems();
        return;
    }
    connect(m_document, &LabDocument::documentReset, this, &TopologyScene::rebuild);
    connect(m_document, &LabDocument::nodeAdded, this, &TopologyScene::onNodeAdded);
    connect(m_document, &LabDocument::nodeRemoved, this, &TopologyScene::onNodeRemoved);
    connect(m_document, &LabDocument::nodeChanged, this, &TopologyScene::refreshNode);
    connect(m_document, &LabDocument::nodeRenamed, this, &TopologyScene::onNodeRenamed);
    connect(m_document, &LabDocument::linkAdded, this, &TopologyScene::onLinkAdded);
    connect(m_document, &LabDocument::linkRemoved, this, &TopologyScene::onLinkRemoved);
    connect(m_document, &LabDocument::linkChanged, this, &TopologyScene::onLinkChanged);
    rebuild();
}

void TopologyScene::rebuild() {
    // Nodes the file places nowhere get a circle, as setScenario() does.
    setScenario(m_document->scenario());
    refreshProblems();
}

void TopologyScene::setEditable(bool editable) {
    m_editable = editable;
    if (!editable) {
        m_drag.reset();
        m_linkFrom = nullptr;
        delete m_rubberLink;
        m_rubberLink = nullptr;
    }
    for (LinkItem* link : m_links) {
        link->setFlag(QGraphicsItem::ItemIsSelectable, isEditable());
        link->setSelected(false);
    }
    update();
}

void TopologyScene::onNodeAdded(const QString& id) {
    if (const netlab::NodeSpec* spec = m_document->node(id))
        addNodeItem(*spec, m_document->position(id));
    refreshProblems();
    updateSceneRect();
}

void TopologyScene::onNodeRemoved(const QString& id) {
    NodeItem* item = m_nodes.take(id);
    if (!item)
        return;
    std::erase_if(m_links, [&](LinkItem* link) {
        if (!link->touches(item))
            return false;
        delete link;
        return true;
    });
    if (m_drag)
        std::erase_if(m_drag->start, [&](const auto& entry) { return entry.first == id; });
    if (m_linkFrom == item) {
        m_linkFrom = nullptr;
        delete m_rubberLink;
        m_rubberLink = nullptr;
    }
    delete item;
    refreshProblems();
    updateSceneRect();
}

void TopologyScene::onNodeRenamed(const QString& from, const QString& to) {
    NodeItem* item = m_nodes.take(from);
    if (!item)
        return;
    item->setId(to);
    m_nodes.insert(to, item);
    if (m_drag)
        for (auto& entry : m_drag->start)
            if (entry.first == from)
                entry.first = to;
    refreshProblems();
    if (item->isSelected())
        reportSelection();
}

void TopologyScene::refreshNode(const QString& id) {
    NodeItem* item = m_nodes.value(id);
    if (!item || !m_document)
        return;
    const QPointF at = m_document->position(id);
    if (item->pos() != at) {
        item->setPos(at);
        refreshLinks(id);
    }
    const auto problems = m_document->parameterProblems(id);
    item->setProblem(problems.empty() ? QString() : problems.front().first + QStringLiteral(": ") + problems.front().second);
}

void TopologyScene::refreshProblems() {
    if (!m_document)
        return;
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
        const auto problems = m_document->parameterProblems(it.key());
        it.value()->setProblem(problems.empty() ? QString()
                                                : problems.front().first + QStringLiteral(": ") + problems.front().second);
    }
}

void TopologyScene::refreshLinks(const QString& node) {
    const NodeItem* item = m_nodes.value(node);
    for (LinkItem* link : m_links)
        if (link->touches(item))
            link->follow();
}

void TopologyScene::onLinkAdded(const QString& from, const QString& to) {
    addLinkItem(from, to);
}

void TopologyScene::onLinkRemoved(const QString& from, const QString& to) {
    NodeItem* a = m_nodes.value(from);
    NodeItem* b = m_nodes.value(to);
    std::erase_if(m_links, [&](LinkItem* link) {
        if (link->from() != a || link->to() != b)
            return false;
        delete link;
        return true;
    });
}

void TopologyScene::onLinkChanged(const QString& from, const QString& to) {
    const auto spec = m_document->link(from, to);
    for (LinkItem* link : m_links)
        if (link->from() == m_nodes.value(from) && link->to() == m_nodes.value(to) && spec)
            link->setBothWays(spec->both_ways);
    // The inspector shows the selected link's properties: tell it they changed.
    reportSelection();
}

void TopologyScene::updateSceneRect() {
    // Room around the nodes, and at least a comfortable area to drop the first ones on.
    QRectF rect = itemsBoundingRect().adjusted(-30, -30, 30, 30);
    if (m_document) {
        const QRectF minimum(rect.center() - QPointF(300, 200), QSizeF(600, 400));
        rect = rect.isEmpty() ? QRectF(-300, -200, 600, 400) : rect.united(minimum);
    }
    setSceneRect(rect);
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

QStringList TopologyScene::selectedNodes() const {
    QStringList ids;
    for (QGraphicsItem* item : selectedItems())
        if (auto* node = dynamic_cast<NodeItem*>(item))
            ids << node->id();
    ids.sort();
    return ids;
}

std::pair<QString, QString> TopologyScene::selectedLink() const {
    const QList<QGraphicsItem*> items = selectedItems();
    if (items.size() == 1)
        if (auto* link = dynamic_cast<LinkItem*>(items.front()))
            return {link->from()->id(), link->to()->id()};
    return {};
}

void TopologyScene::reportSelection() {
    Q_EMIT nodeSelected(selectedNode());
    const auto [from, to] = selectedLink();
    Q_EMIT linkSelected(from, to);
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

QPointF TopologyScene::nodePosition(const QString& node) const {
    const NodeItem* item = m_nodes.value(node);
    return item ? item->pos() : QPointF();
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

NodeItem* TopologyScene::nodeAt(QPointF point) const {
    for (QGraphicsItem* item : items(point))
        if (auto* node = dynamic_cast<NodeItem*>(item))
            return node;
    return nullptr;
}

bool TopologyScene::dropRole(const QString& role, QPointF at) {
    if (!isEditable())
        return false;
    const QStringList before = m_document->nodeIds();
    if (const QString problem = m_document->addNode(role, at); !problem.isEmpty()) {
        Q_EMIT editRefused(problem);
        return false;
    }
    for (const QString& added : m_document->nodeIds())
        if (!before.contains(added))
            selectNode(added);
    return true;
}

void TopologyScene::deleteSelection() {
    if (!isEditable())
        return;
    const QStringList nodes = selectedNodes();
    std::vector<std::pair<QString, QString>> links;
    for (QGraphicsItem* item : selectedItems())
        if (auto* link = dynamic_cast<LinkItem*>(item))
            if (!nodes.contains(link->from()->id()) && !nodes.contains(link->to()->id()))
                links.emplace_back(link->from()->id(), link->to()->id());
    if (nodes.isEmpty() && links.empty())
        return;
    QUndoStack* stack = m_document->undoStack();
    stack->beginMacro(tr("Delete the selection"));
    QString problem;
    for (const auto& [from, to] : links)
        if (problem.isEmpty())
            problem = m_document->removeLink(from, to);
    if (problem.isEmpty())
        problem = m_document->removeNodes(nodes);
    stack->endMacro();
    if (!problem.isEmpty()) {
        // Nothing of a refused deletion stays applied.
        stack->undo();
        Q_EMIT editRefused(problem);
    }
}

void TopologyScene::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    if (!isEditable() || event->button() != Qt::LeftButton) {
        QGraphicsScene::mousePressEvent(event);
        return;
    }
    NodeItem* node = nodeAt(event->scenePos());
    if (node && (event->modifiers() & Qt::ShiftModifier)) {
        // Shift-drag from a node draws a link; the selection stays as it is.
        m_linkFrom = node;
        m_rubberLink = new QGraphicsLineItem(QLineF(node->pos(), event->scenePos()));
        m_rubberLink->setPen(QPen(QColor(0x1c, 0x71, 0xd8), 2, Qt::DashLine, Qt::RoundCap));
        m_rubberLink->setZValue(2);
        addItem(m_rubberLink);
        event->accept();
        return;
    }
    QGraphicsScene::mousePressEvent(event);
    if (node && node->isSelected()) {
        Drag drag;
        drag.gesture = m_document->nextGesture();
        drag.origin = event->scenePos();
        for (const QString& id : selectedNodes())
            drag.start.emplace_back(id, m_nodes.value(id)->pos());
        m_drag = std::move(drag);
    }
}

void TopologyScene::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
    if (m_rubberLink) {
        m_rubberLink->setLine(QLineF(m_linkFrom->pos(), event->scenePos()));
        return;
    }
    if (m_drag && (event->buttons() & Qt::LeftButton)) {
        const QPointF delta = event->scenePos() - m_drag->origin;
        if (!m_drag->moved && delta.manhattanLength() < 3)
            return;
        m_drag->moved = true;
        std::vector<std::pair<QString, QPointF>> to;
        for (const auto& [id, start] : m_drag->start)
            to.emplace_back(id, start + delta);
        if (const QString problem = m_document->moveNodes(to, m_drag->gesture); !problem.isEmpty())
            Q_EMIT editRefused(problem);
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void TopologyScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
    if (m_rubberLink) {
        NodeItem* from = m_linkFrom;
        delete m_rubberLink;
        m_rubberLink = nullptr;
        m_linkFrom = nullptr;
        NodeItem* to = nodeAt(event->scenePos());
        if (to && to != from)
            if (const QString problem = m_document->addLink(from->id(), to->id()); !problem.isEmpty())
                Q_EMIT editRefused(problem);
        return;
    }
    const bool moved = m_drag && m_drag->moved;
    m_drag.reset();
    QGraphicsScene::mouseReleaseEvent(event);
    if (moved)
        updateSceneRect();
}

void TopologyScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) {
    QGraphicsScene::mouseDoubleClickEvent(event);
    if (!isEditable())
        return;
    if (NodeItem* node = nodeAt(event->scenePos()))
        Q_EMIT renameRequested(node->id());
}

void TopologyScene::keyPressEvent(QKeyEvent* event) {
    if (isEditable() && (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace)) {
        deleteSelection();
        event->accept();
        return;
    }
    QGraphicsScene::keyPressEvent(event);
}

void TopologyScene::drawForeground(QPainter* painter, const QRectF& rect) {
    if (!isEditable() || !m_nodes.isEmpty())
        return;
    painter->save();
    painter->setPen(QColor(0x77, 0x76, 0x7b));
    QFont font = painter->font();
    font.setPixelSize(16);
    painter->setFont(font);
    painter->drawText(rect.intersected(sceneRect()), Qt::AlignCenter | Qt::TextWordWrap,
                      tr("An empty lab.\nDrag a role from the palette onto the canvas, or use Edit ▸ Generate.\n"
                         "Shift-drag from one node to another to link them."));
    painter->restore();
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
