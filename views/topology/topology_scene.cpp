#include "views/topology/topology_scene.h"

#include <QGraphicsSceneContextMenuEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "netlab/scenario/scenario.h"
#include "views/common/phase_style.h"
#include "views/common/run_timeline.h"
#include "views/common/view_colours.h"
#include "views/editor/lab_document.h"
#include "views/topology/topology_items.h"
#include "views/topology/topology_live.h"

// The topology scene: its items, the selection, what it answers about the drawing, and painting
// what no item draws (idle links in one batch, the highlight, the empty lab's hint). The run
// state, the flight painter and the edit tool live in topology_run.cpp, topology_flights.cpp and
// topology_edit.cpp.

namespace distlab::views {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

}  // namespace

TopologyScene::TopologyScene(QObject* parent)
    : QGraphicsScene(parent), m_live(std::make_unique<Live>()), m_chinese(chineseLabels()) {
    // A BSP tree pays for every long line in every leaf it crosses: a full mesh's links cross
    // nearly all of them, and the tree costs more to walk each frame than a plain list.
    setItemIndexMethod(NoIndex);
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
    m_cutLine = nullptr;
    m_live->clear();
    clear();
    m_nodes.clear();
    m_links.clear();
    m_domains.clear();
}

void TopologyScene::addNodeItem(const netlab::NodeSpec& spec, QPointF at) {
    auto* item = new NodeItem(fromStd(spec.id), fromStd(spec.role));
    for (const auto& [name, value] : spec.labels)
        item->labels.insert(fromStd(name), fromStd(value));
    m_live->indexed = false;
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
    m_live->indexed = false;
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
    rerouteLinks();
    batchIdleLinks();
    updateSceneRect();
}

void TopologyScene::updateDomains() {
    for (DomainItem* item : m_domains)
        delete item;
    m_domains.clear();
    // The two outermost label names any node carries.
    static const QStringList kKnown = {QStringLiteral("region"), QStringLiteral("zone"), QStringLiteral("rack"),
                                       QStringLiteral("host")};
    QStringList names;
    for (const NodeItem* node : std::as_const(m_nodes))
        for (auto it = node->labels.cbegin(); it != node->labels.cend(); ++it)
            if (!names.contains(it.key()))
                names << it.key();
    if (names.isEmpty())
        return;
    std::sort(names.begin(), names.end(), [](const QString& a, const QString& b) {
        const qsizetype ra = kKnown.contains(a) ? kKnown.indexOf(a) : kKnown.size();
        const qsizetype rb = kKnown.contains(b) ? kKnown.indexOf(b) : kKnown.size();
        return ra != rb ? ra < rb : a < b;
    });
    const int levels = int(std::min<qsizetype>(names.size(), 2));
    for (int level = 0; level < levels; ++level) {
        // Room for the caption on top, and for the inner boxes and their captions inside outer ones.
        const int inner = levels - 1 - level;
        const qreal pad = 8 + 10 * inner;
        const qreal top = 22 + 22 * inner;
        QMap<QString, QRectF> boxes;
        for (const NodeItem* node : std::as_const(m_nodes)) {
            const auto value = node->labels.constFind(names[level]);
            if (value == node->labels.cend())
                continue;
            QString caption = names[level] + QStringLiteral(": ") + *value;
            // A rack is named within its zone: r1 in z1 and r1 in z2 are two racks.
            if (level == 1)
                if (const auto outer = node->labels.constFind(names[0]); outer != node->labels.cend())
                    caption = *outer + QStringLiteral(" / ") + caption;
            const QPointF at = node->pos();
            const QRectF footprint = QRectF(at - QPointF(kNodeRadius, kNodeRadius), QSizeF(2 * kNodeRadius, 2 * kNodeRadius))
                                         .united(node->captionRect())
                                         .adjusted(-pad, -top, pad, pad);
            boxes[caption] = boxes.contains(caption) ? boxes[caption].united(footprint) : footprint;
        }
        for (auto it = boxes.cbegin(); it != boxes.cend(); ++it) {
            auto* item = new DomainItem(it.key(), it.value(), level);
            addItem(item);
            m_domains.push_back(item);
        }
    }
}

QStringList TopologyScene::domainCaptions() const {
    QStringList captions;
    for (const DomainItem* item : m_domains)
        captions << item->caption();
    return captions;
}

QRectF TopologyScene::domainRect(const QString& caption) const {
    for (const DomainItem* item : m_domains)
        if (item->caption() == caption)
            return item->boundingRect();
    return {};
}

void TopologyScene::updateSceneRect() {
    // Room around the nodes, and while editing at least a comfortable area to drop the first ones
    // on; a run or a recording adds no node, so its topology fills the canvas.
    QRectF rect = itemsBoundingRect().adjusted(-30, -30, 30, 30);
    if (isEditable()) {
        const QRectF minimum(rect.center() - QPointF(300, 200), QSizeF(600, 400));
        rect = rect.isEmpty() ? QRectF(-300, -200, 600, 400) : rect.united(minimum);
    }
    setSceneRect(rect);
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

NodeStatus TopologyScene::statusOf(const QString& node) const {
    const NodeItem* item = m_nodes.value(node);
    return item ? item->status : NodeStatus{};
}

void TopologyScene::setChinese(bool chinese) {
    if (chinese == m_chinese)
        return;
    m_chinese = chinese;
    rebuildAtCursor();   // the labels are taken as the events are folded in
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


void TopologyScene::contextMenuEvent(QGraphicsSceneContextMenuEvent* event) {
    if (const auto dot = messageAt(event->scenePos()))
        Q_EMIT messageMenuRequested(dot->from, dot->to, dot->id, dot->state, event->screenPos());
    else if (const NodeItem* node = nodeAt(event->scenePos()))
        Q_EMIT nodeMenuRequested(node->id(), event->screenPos());
    else if (const LinkItem* link = linkAt(event->scenePos()))
        Q_EMIT linkMenuRequested(link->from()->id(), link->to()->id(), event->screenPos());
    else
        Q_EMIT canvasMenuRequested(event->screenPos());
    event->accept();
}

LinkItem* TopologyScene::linkAt(QPointF point) const {
    // By geometry, not items(): the items of batched idle links are hidden. The band is as wide
    // as a link item's shape.
    LinkItem* nearest = nullptr;
    qreal best = 6.0;
    for (LinkItem* link : m_links) {
        const qreal distance = link->distanceTo(point);
        if (distance <= best) {
            best = distance;
            nearest = link;
        }
    }
    return nearest;
}

void TopologyScene::batchIdleLinks() {
    bool changed = false;
    for (LinkItem* link : m_links) {
        const bool batched = !isEditable() && link->isIdle();
        if (link->isVisible() == batched) {
            link->setVisible(!batched);
            changed = true;
        }
    }
    if (changed)
        invalidate(sceneRect(), BackgroundLayer);
}

bool TopologyScene::isLinkBatched(const QString& a, const QString& b) const {
    const LinkItem* link = linkBetween(a, b);
    return link && !link->isVisible();
}

void TopologyScene::drawBackground(QPainter* painter, const QRectF& rect) {
    QGraphicsScene::drawBackground(painter, rect);
    drawIdleLinks(painter, rect);
}

void TopologyScene::drawIdleLinks(QPainter* painter, const QRectF& rect) const {
    std::vector<QLineF> lines;
    std::vector<const QPainterPath*> curves;
    for (const LinkItem* link : m_links) {
        if (link->isVisible() || !rect.intersects(link->path().boundingRect().adjusted(-2, -2, 2, 2)))
            continue;
        if (link->isCurved())
            curves.push_back(&link->path());
        else
            lines.push_back(link->line());
    }
    if (lines.empty() && curves.empty())
        return;
    const QColor colour = viewColours().link;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    // Thinner than a pixel on screen (a big lab zoomed out): a one-pixel cosmetic line as faint as
    // the thin line would be, which the raster engine draws far faster than a stroked one.
    const qreal pixels = kLinkWidth * std::sqrt(std::abs(painter->worldTransform().determinant()));
    if (pixels < 1.0) {
        QColor faint = colour;
        faint.setAlphaF(float(std::max(0.15, pixels)));
        painter->setPen(QPen(faint, 0));
    } else {
        painter->setPen(QPen(colour, kLinkWidth, Qt::SolidLine, Qt::FlatCap));
    }
    painter->setBrush(Qt::NoBrush);
    painter->drawLines(lines.data(), int(lines.size()));
    for (const QPainterPath* curve : curves)
        painter->drawPath(*curve);
    painter->restore();
}

void TopologyScene::drawForeground(QPainter* painter, const QRectF& rect) {
    paintFlights(painter, rect);
    if (m_timeline && !m_timeline->highlight().isEmpty()) {
        // The highlight: a magenta ring with a soft glow around each node it names, open at the
        // bottom where the node's label is.
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setBrush(Qt::NoBrush);
        constexpr int kGapDegrees = 40;
        for (const QString& node : m_timeline->highlight().nodes) {
            if (!m_nodes.contains(node))
                continue;
            const QPointF at = m_nodes.value(node)->pos();
            const QRectF ring(at - QPointF(kNodeRadius + 8, kNodeRadius + 8), QSizeF(2 * kNodeRadius + 16, 2 * kNodeRadius + 16));
            for (const auto& [colour, width] : {std::pair{QColor(0xc2, 0x1f, 0xc9, 70), 9.0},
                                                std::pair{QColor(0xc2, 0x1f, 0xc9), 3.0}}) {
                painter->setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap));
                painter->drawArc(ring, (270 + kGapDegrees) * 16, (360 - 2 * kGapDegrees) * 16);
            }
        }
        painter->restore();
    }
    if (!isEditable() || !m_nodes.isEmpty())
        return;
    painter->save();
    painter->setPen(viewColours().faintInk);
    QFont font = painter->font();
    font.setPixelSize(16);
    painter->setFont(font);
    painter->drawText(rect.intersected(sceneRect()), Qt::AlignCenter | Qt::TextWordWrap,
                      tr("An empty lab.\nDrag a role from the palette onto the canvas, or use Edit ▸ Generate.\n"
                         "Shift-drag from one node to another to link them."));
    painter->restore();
}


void TopologyScene::setFaultMode(bool on) {
    m_faultMode = on;
    if (!on) {
        delete m_cutLine;
        m_cutLine = nullptr;
    }
}


bool TopologyScene::isClockSkewed(const QString& node) const {
    const NodeItem* item = m_nodes.value(node);
    return item && item->status.skewed;
}

bool TopologyScene::isLinkCut(const QString& from, const QString& to) const {
    const LinkItem* link = linkBetween(from, to);
    if (!link)
        return false;
    return link->from()->id() == from ? link->cutForward : link->cutBackward;
}

QPainterPath TopologyScene::linkPath(const QString& a, const QString& b) const {
    const LinkItem* link = linkBetween(a, b);
    return link ? link->path() : QPainterPath();
}

QRectF TopologyScene::linkLabelRect(const QString& a, const QString& b, const QString& text) const {
    const LinkItem* link = linkBetween(a, b);
    return link ? link->labelRect(text) : QRectF();
}

void TopologyScene::labelObstacles(std::vector<netlab::RouteDisc>& discs, std::vector<netlab::RouteBox>& boxes) const {
    discs.clear();
    boxes.clear();
    for (const NodeItem* node : std::as_const(m_nodes)) {
        // The disc with its widest ring.
        discs.push_back({{node->pos().x(), node->pos().y()}, kNodeRadius + 8});
        const QRectF caption = node->captionRect();
        boxes.push_back({caption.left(), caption.top(), caption.width(), caption.height()});
    }
}

QString TopologyScene::linkLabel(const QString& a, const QString& b) const {
    const LinkItem* link = linkBetween(a, b);
    return link ? link->label : QString();
}

int TopologyScene::dotsOnLink(const QString& a, const QString& b) const {
    const LinkItem* link = linkBetween(a, b);
    return link ? link->dots : 0;
}

int TopologyScene::messageRate(const QString& a, const QString& b) const {
    const LinkItem* link = linkBetween(a, b);
    return link ? link->rate : 0;
}

bool TopologyScene::isLinkBusy(const QString& a, const QString& b) const {
    const LinkItem* link = linkBetween(a, b);
    return link && link->busy;
}

}  // namespace distlab::views
