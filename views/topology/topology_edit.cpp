#include "views/topology/topology_scene.h"

#include <QGraphicsLineItem>
#include <QGraphicsSceneMouseEvent>
#include <QKeyEvent>
#include <QPen>
#include <QUndoStack>

#include "views/common/run_timeline.h"
#include "views/editor/lab_document.h"
#include "views/topology/topology_items.h"
#include "views/topology/topology_live.h"

// The topology scene's edit tool: following a LabDocument, selecting, moving, linking, deleting
// and renaming on the canvas, and the cutting line of fault mode.

namespace distlab::views {

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
    batchIdleLinks();
    update();
}

void TopologyScene::onNodeAdded(const QString& id) {
    if (const netlab::NodeSpec* spec = m_document->node(id))
        addNodeItem(*spec, m_document->position(id));
    rerouteLinks();
    refreshProblems();
    updateSceneRect();
}

void TopologyScene::onNodeRemoved(const QString& id) {
    NodeItem* item = m_nodes.take(id);
    if (!item)
        return;
    // Messages and holds point at links and nodes: the run is drawn afresh after an edit.
    m_live->clear();
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
    rerouteLinks();
    refreshProblems();
    updateSceneRect();
}

void TopologyScene::onNodeRenamed(const QString& from, const QString& to) {
    NodeItem* item = m_nodes.take(from);
    if (!item)
        return;
    item->setId(to);
    m_nodes.insert(to, item);
    m_live->indexed = false;
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
    QMap<QString, QString> labels;
    if (const netlab::NodeSpec* spec = m_document->node(id))
        for (const auto& [name, value] : spec->labels)
            labels.insert(QString::fromStdString(name), QString::fromStdString(value));
    if (labels != item->labels) {
        item->labels = labels;
        item->refresh();
        updateDomains();
    }
    const QPointF at = m_document->position(id);
    if (item->pos() != at) {
        item->setPos(at);
        rerouteLinks();
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

void TopologyScene::rerouteLinks() {
    std::vector<netlab::RouteDisc> discs;
    QHash<const NodeItem*, std::size_t> index;
    for (const NodeItem* node : std::as_const(m_nodes)) {
        index.insert(node, discs.size());
        discs.push_back({{node->pos().x(), node->pos().y()}, kNodeRadius});
    }
    std::vector<std::pair<std::size_t, std::size_t>> ends;
    ends.reserve(m_links.size());
    for (const LinkItem* link : m_links)
        ends.emplace_back(index.value(link->from()), index.value(link->to()));
    // Clear of a disc by a few units more than its ring and its highlight.
    const std::vector<netlab::LinkRoute> routes = netlab::route_links(discs, ends, 12);
    bool batchedMoved = false;
    for (std::size_t i = 0; i < m_links.size(); ++i) {
        const netlab::LinkRoute& before = m_links[i]->route();
        const netlab::LinkRoute& after = routes[i];
        if (before.curved == after.curved && before.from.x == after.from.x && before.from.y == after.from.y &&
            before.to.x == after.to.x && before.to.y == after.to.y && before.control.x == after.control.x &&
            before.control.y == after.control.y)
            continue;
        m_links[i]->setRoute(after);
        batchedMoved = batchedMoved || !m_links[i]->isVisible();
    }
    if (batchedMoved)
        invalidate(sceneRect(), BackgroundLayer);
    updateDomains();
}

void TopologyScene::onLinkAdded(const QString& from, const QString& to) {
    addLinkItem(from, to);
    rerouteLinks();
    batchIdleLinks();
    updateSceneRect();
}

void TopologyScene::onLinkRemoved(const QString& from, const QString& to) {
    NodeItem* a = m_nodes.value(from);
    NodeItem* b = m_nodes.value(to);
    m_live->clear();
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
    batchIdleLinks();
    // The inspector shows the selected link's properties: tell it they changed.
    reportSelection();
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
    const bool brush = m_tool == Tool::Partition;
    if (m_faultMode && !brush && event->button() == Qt::LeftButton && (!m_timeline || m_timeline->isLive()))
        if (const auto dot = messageAt(event->scenePos())) {
            Q_EMIT messageClicked(dot->from, dot->to, dot->id, dot->state);
            event->accept();
            return;
        }
    if (m_faultMode && event->button() == Qt::LeftButton && (brush || !nodeAt(event->scenePos()))) {
        // A cutting line: accepted here, so the view starts no rubber band.
        m_cutLine = new QGraphicsLineItem(QLineF(event->scenePos(), event->scenePos()));
        m_cutLine->setPen(QPen(QColor(0xe0, 0x1b, 0x24), 2.5, Qt::DashLine, Qt::RoundCap));
        m_cutLine->setZValue(3);
        addItem(m_cutLine);
        event->accept();
        return;
    }
    if (!isEditable() || event->button() != Qt::LeftButton) {
        QGraphicsScene::mousePressEvent(event);
        return;
    }
    NodeItem* node = nodeAt(event->scenePos());
    if (!node && m_tool == Tool::AddNode && !m_toolRole.isEmpty()) {
        dropRole(m_toolRole, event->scenePos());   // a refusal is reported by dropRole
        event->accept();
        return;
    }
    if (node && (m_tool == Tool::Link || (event->modifiers() & Qt::ShiftModifier))) {
        // Shift-drag from a node (or a drag with the Link tool) draws a link; the selection stays.
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
    if (m_cutLine) {
        m_cutLine->setLine(QLineF(m_cutLine->line().p1(), event->scenePos()));
        return;
    }
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
    if (m_cutLine) {
        const QLineF cut(m_cutLine->line().p1(), event->scenePos());
        delete m_cutLine;
        m_cutLine = nullptr;
        if (cut.length() < 10)
            return;
        // Each node's side: the sign of the cross product of the line and the node's offset.
        QStringList sideA;
        QStringList sideB;
        for (const NodeItem* node : std::as_const(m_nodes)) {
            const QPointF d = node->pos() - cut.p1();
            (cut.dx() * d.y() - cut.dy() * d.x() > 0 ? sideA : sideB) << node->id();
        }
        sideA.sort();
        sideB.sort();
        if (!sideA.isEmpty() && !sideB.isEmpty())
            Q_EMIT partitionDrawn(sideA, sideB);
        return;
    }
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

}  // namespace distlab::views
