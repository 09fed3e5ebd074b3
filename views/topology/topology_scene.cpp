#include "views/topology/topology_scene.h"

#include <QElapsedTimer>
#include <QGraphicsItem>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneHelpEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QKeyEvent>
#include <QPainter>
#include <QSet>
#include <QStyleOptionGraphicsItem>
#include <QToolTip>
#include <QUndoStack>

#include <cmath>
#include <deque>
#include <map>
#include <numbers>
#include <unordered_map>

#include "netlab/scenario/scenario.h"
#include "views/common/run_timeline.h"
#include "views/editor/lab_document.h"
#include "views/topology/node_status.h"

namespace distlab::views {

namespace {

constexpr qreal kRadius = 30.0;
constexpr qreal kLinkWidth = 2.0;
const QColor kLinkColour(0xc0, 0xbf, 0xbc);

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

    QRectF boundingRect() const override { return {-90, -kRadius - 16, 180, 2 * kRadius + 56}; }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override {
        painter->setRenderHint(QPainter::Antialiasing);
        const QColor fill = status.fill();
        if (status.hasBreaker() && !status.dead && !status.ended) {
            // The breaker's state ring, as wide as its window is busy.
            const double width = status.breakerRingWidth();
            painter->setPen(QPen(status.breakerRing(), width));
            painter->setBrush(Qt::NoBrush);
            painter->drawEllipse(QPointF(0, 0), kRadius + 2 + width / 2, kRadius + 2 + width / 2);
        }
        painter->setPen(QPen(isSelected() ? QColor(0x1c, 0x71, 0xd8) : fill.darker(160), isSelected() ? 4 : 2));
        painter->setBrush(fill);
        painter->drawEllipse(QPointF(0, 0), kRadius, kRadius);
        if (status.paused) {
            // Hatched: frozen, neither sending nor receiving.
            painter->setPen(Qt::NoPen);
            painter->setBrush(QBrush(fill.darker(150), Qt::BDiagPattern));
            painter->drawEllipse(QPointF(0, 0), kRadius - 1, kRadius - 1);
        }
        if (status.dead) {
            painter->setPen(QPen(QColor(0x3d, 0x38, 0x46, 150), 3, Qt::SolidLine, Qt::RoundCap));
            const qreal d = kRadius * 0.6;
            painter->drawLine(QPointF(-d, -d), QPointF(d, d));
            painter->drawLine(QPointF(-d, d), QPointF(d, -d));
        }

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
        if (status.skewed) {
            // Lower left: a small clock, this node's time runs off.
            const QPointF c(-kRadius * 0.78, kRadius * 0.62);
            painter->setPen(QPen(QColor(0x3d, 0x38, 0x46), 1.5));
            painter->setBrush(QColor(0xf6, 0xd3, 0x2d));
            painter->drawEllipse(c, 9, 9);
            painter->setPen(QPen(QColor(0x3d, 0x38, 0x46), 1.8, Qt::SolidLine, Qt::RoundCap));
            painter->drawLine(c, c + QPointF(0, -6));
            painter->drawLine(c, c + QPointF(4, 2));
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

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override {
        painter->setRenderHint(QPainter::Antialiasing);
        const QLineF l = line();
        const bool cut = cutForward || cutBackward;
        QColor colour = kLinkColour;
        qreal width = kLinkWidth;
        if (busy) {
            colour = QColor(0x35, 0x84, 0xe4);
            width = 3 + std::min(5.0, std::log2(1.0 + rate) * 0.6);
        }
        if (!label.isEmpty())
            colour = QColor(0xff, 0x78, 0x00);
        if (cut)
            colour = QColor(0xe0, 0x1b, 0x24);
        if (isSelected()) {
            colour = QColor(0x1c, 0x71, 0xd8);
            width += 2;
        }
        QPen pen(colour, cut ? 2.5 : width, cut ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap);
        painter->setPen(pen);
        painter->drawLine(l);
        if (l.length() > 2 * kRadius + 20) {
            if (cut && cutForward != cutBackward)
                arrow(painter, cutForward ? l : QLineF(l.p2(), l.p1()), colour);
            else if (!cut && !m_bothWays)
                arrow(painter, l, colour);
        }
        QString text = label;
        if (busy)
            text += (text.isEmpty() ? QString() : QStringLiteral(" · ")) + QStringLiteral("×%1/s").arg(rate);
        if (text.isEmpty() || l.length() < 2 * kRadius + 30)
            return;
        QFont font = painter->font();
        font.setPixelSize(11);
        painter->setFont(font);
        const QRectF box = painter->fontMetrics().boundingRect(text).adjusted(-4, -1, 4, 1);
        const QRectF plate(l.center() - QPointF(box.width() / 2, box.height() / 2), box.size());
        painter->setPen(QPen(colour, 1));
        painter->setBrush(QColor(0xff, 0xff, 0xff, 235));
        painter->drawRoundedRect(plate, 4, 4);
        painter->setPen(colour.darker(140));
        painter->drawText(plate, Qt::AlignCenter, text);
    }

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
    static void arrow(QPainter* painter, const QLineF& l, const QColor& colour) {
        const QPointF tip = l.pointAt(1 - (kRadius + 2) / l.length());
        const double angle = std::atan2(l.dy(), l.dx());
        const QPointF left = tip - QPointF(std::cos(angle - 0.45), std::sin(angle - 0.45)) * 12;
        const QPointF right = tip - QPointF(std::cos(angle + 0.45), std::sin(angle + 0.45)) * 12;
        painter->setPen(QPen(colour, 1.5));
        painter->setBrush(colour);
        painter->drawPolygon(QPolygonF({tip, left, right}));
    }

    NodeItem* m_a;
    NodeItem* m_b;
    bool m_bothWays;
};

// A message the canvas knows of: sent, and maybe delivered or dropped since.
struct Flight {
    qint64 sentNs = 0;
    qint64 endNs = -1;          // delivered or dropped at; -1 while in flight
    LinkItem* link = nullptr;
    quint64 key = 0;            // sender and message id, see flightKey()
    std::uint64_t msgId = 0;
    bool forward = true;        // sent from link->from()
    bool dropped = false;
    quint8 colour = 0;          // index into kTypeColours
};

// The run as the canvas shows it, beyond each node's status: faults in force, held messages, and
// the recent messages (the last kKeepNs of lab time) in the order they were sent.
struct TopologyScene::Live {
    struct Fault {
        bool cut = false;                                 // a partition: `links` are blocked
        std::vector<std::pair<QString, QString>> links;   // directed
        QStringList nodes;                                // clock skew
        QString label;                                    // degrading faults
    };
    struct Dot {
        QPointF at;
        quint8 colour;
        bool dropped;
        quint64 seq;                                     // its flight's sequence number
    };

    std::map<qint64, Fault> faults;                      // by the nemesis' fault id
    std::unordered_map<quint64, LinkItem*> held;         // held messages, by flight key
    std::deque<Flight> flights;
    quint64 firstSeq = 0;                                // sequence number of flights.front()
    std::unordered_map<quint64, quint64> pending;        // in flight: key -> sequence number
    QHash<NodeItem*, std::string> states;                // newest snapshot not yet folded in
    qint64 endNs = 0;                                    // the newest event's time
    qint64 lastNow = 0;
    QElapsedTimer sinceEvent;                            // wall time since endNs moved
    std::vector<Dot> dots;                               // the last frame
    qint64 frameNs = 0;                                  // the last frame's lab time
    // Lookups for events (std::string ids), rebuilt when the drawing changes.
    std::unordered_map<std::string, NodeItem*> nodeIndex;
    QHash<std::pair<NodeItem*, NodeItem*>, LinkItem*> linkIndex;   // both directions
    bool indexed = false;

    void clear() {
        indexed = false;
        faults.clear();
        held.clear();
        flights.clear();
        firstSeq = 0;
        pending.clear();
        states.clear();
        endNs = 0;
        lastNow = 0;
        dots.clear();
        frameNs = 0;
    }
};

namespace {

// How long recent messages are kept: the rate window and the longest flight drawn.
constexpr qint64 kKeepNs = 2'000'000'000;
constexpr qint64 kSecondNs = 1'000'000'000;

const QColor kTypeColours[] = {
    QColor(0x1c, 0x71, 0xd8), QColor(0x2e, 0xc2, 0x7e), QColor(0x91, 0x41, 0xac), QColor(0xe5, 0xa5, 0x0a),
    QColor(0x98, 0x6a, 0x44), QColor(0x26, 0xa2, 0x69), QColor(0xc6, 0x46, 0x00), QColor(0x33, 0x7d, 0x9b),
};

// A stable colour per message type (FNV-1a), the same in every run.
quint8 typeColour(const std::string& type) {
    quint32 hash = 2166136261u;
    for (const char c : type)
        hash = (hash ^ quint8(c)) * 16777619u;
    return quint8(hash % std::size(kTypeColours));
}

quint64 flightKey(const NodeItem* sender, std::uint64_t msgId) {
    return quint64(reinterpret_cast<quintptr>(sender)) * 0x9e3779b97f4a7c15ull ^ msgId;
}

core::Json parseData(const std::string& data) {
    return core::Json::parse(data, nullptr, /*allow_exceptions=*/false);
}

QStringList stringList(const core::Json& value) {
    QStringList out;
    if (value.is_array())
        for (const auto& item : value)
            if (item.is_string())
                out << fromStd(item.get<std::string>());
    return out;
}

// Directed pairs from [[from, to], ...].
std::vector<std::pair<QString, QString>> pairs(const core::Json& value) {
    std::vector<std::pair<QString, QString>> out;
    if (value.is_array())
        for (const auto& pair : value)
            if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string())
                out.emplace_back(fromStd(pair[0].get<std::string>()), fromStd(pair[1].get<std::string>()));
    return out;
}

// A field of a fault's data, or null when it is missing (data from a recording may be anything).
const core::Json& field(const core::Json& info, const char* key) {
    static const core::Json null;
    const auto it = info.find(key);
    return it == info.end() ? null : *it;
}

QString text(const core::Json& info, const char* key) {
    const core::Json& value = field(info, key);
    return value.is_string() ? fromStd(value.get<std::string>()) : QString();
}

QString percent(const core::Json& info) {
    const core::Json& rate = field(info, "rate");
    return QString::number(rate.is_number() ? rate.get<double>() * 100 : 0.0, 'g', 3);
}

std::optional<qint64> faultId(const core::Json& info) {
    const core::Json& id = field(info, "id");
    if (!id.is_number_integer())
        return std::nullopt;
    return id.get<qint64>();
}

}  // namespace

TopologyScene::TopologyScene(QObject* parent) : QGraphicsScene(parent), m_live(std::make_unique<Live>()) {
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
}

void TopologyScene::addNodeItem(const netlab::NodeSpec& spec, QPointF at) {
    auto* item = new NodeItem(fromStd(spec.id), fromStd(spec.role));
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
    batchIdleLinks();
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
    batchIdleLinks();
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
        if (link->touches(item)) {
            link->follow();
            if (!link->isVisible())
                invalidate(sceneRect(), BackgroundLayer);
        }
}

void TopologyScene::onLinkAdded(const QString& from, const QString& to) {
    addLinkItem(from, to);
    batchIdleLinks();
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
    m_live->clear();
    for (NodeItem* node : std::as_const(m_nodes)) {
        node->status = NodeStatus{};
        node->update();
    }
    refreshFaults();
    for (LinkItem* link : m_links) {
        link->dots = 0;
        link->rate = 0;
        link->busy = false;
    }
    update();
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
    if (m_faultMode && event->button() == Qt::LeftButton && (!m_timeline || m_timeline->isLive()))
        if (const auto dot = messageAt(event->scenePos())) {
            Q_EMIT messageClicked(dot->from, dot->to, dot->id, dot->state);
            event->accept();
            return;
        }
    if (m_faultMode && event->button() == Qt::LeftButton && !nodeAt(event->scenePos())) {
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
        const QLineF l = link->line();
        const qreal length2 = l.dx() * l.dx() + l.dy() * l.dy();
        if (length2 <= 0)
            continue;
        const qreal along = std::clamp(((point.x() - l.x1()) * l.dx() + (point.y() - l.y1()) * l.dy()) / length2, 0.0, 1.0);
        const qreal distance = QLineF(point, l.pointAt(along)).length();
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
    for (const LinkItem* link : m_links)
        if (!link->isVisible() && rect.intersects(QRectF(link->line().p1(), link->line().p2()).normalized().adjusted(-2, -2, 2, 2)))
            lines.push_back(link->line());
    if (lines.empty())
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    // Thinner than a pixel on screen (a big lab zoomed out): a one-pixel cosmetic line as faint as
    // the thin line would be, which the raster engine draws far faster than a stroked one.
    const qreal pixels = kLinkWidth * std::sqrt(std::abs(painter->worldTransform().determinant()));
    if (pixels < 1.0) {
        QColor faint = kLinkColour;
        faint.setAlphaF(float(std::max(0.15, pixels)));
        painter->setPen(QPen(faint, 0));
    } else {
        painter->setPen(QPen(kLinkColour, kLinkWidth, Qt::SolidLine, Qt::FlatCap));
    }
    painter->drawLines(lines.data(), int(lines.size()));
    painter->restore();
}

void TopologyScene::drawForeground(QPainter* painter, const QRectF& rect) {
    if (!m_live->dots.empty()) {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        for (const Live::Dot& dot : m_live->dots) {
            if (!rect.adjusted(-6, -6, 6, 6).contains(dot.at))
                continue;
            if (dot.dropped) {
                painter->setPen(QPen(QColor(0xe0, 0x1b, 0x24), 2.2, Qt::SolidLine, Qt::RoundCap));
                painter->drawLine(dot.at + QPointF(-4, -4), dot.at + QPointF(4, 4));
                painter->drawLine(dot.at + QPointF(-4, 4), dot.at + QPointF(4, -4));
            } else {
                painter->setPen(QPen(Qt::white, 1.2));
                painter->setBrush(kTypeColours[dot.colour]);
                painter->drawEllipse(dot.at, 4.5, 4.5);
            }
        }
        painter->restore();
    }
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
            const QRectF ring(at - QPointF(kRadius + 8, kRadius + 8), QSizeF(2 * kRadius + 16, 2 * kRadius + 16));
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
    painter->setPen(QColor(0x77, 0x76, 0x7b));
    QFont font = painter->font();
    font.setPixelSize(16);
    painter->setFont(font);
    painter->drawText(rect.intersected(sceneRect()), Qt::AlignCenter | Qt::TextWordWrap,
                      tr("An empty lab.\nDrag a role from the palette onto the canvas, or use Edit ▸ Generate.\n"
                         "Shift-drag from one node to another to link them."));
    painter->restore();
}

void TopologyScene::setTimeline(RunTimeline* timeline) {
    if (m_timeline) {
        disconnect(m_timeline, nullptr, this, nullptr);
        disconnect(this, nullptr, m_timeline, nullptr);
    }
    m_timeline = timeline;
    if (m_timeline) {
        connect(m_timeline, &RunTimeline::appended, this, &TopologyScene::onAppended);
        connect(m_timeline, &RunTimeline::cursorMoved, this, &TopologyScene::rebuildAtCursor);
        connect(m_timeline, &RunTimeline::cleared, this, &TopologyScene::resetStatus);
        connect(m_timeline, &RunTimeline::nodeSelected, this, &TopologyScene::selectNode);
        connect(this, &TopologyScene::nodeSelected, m_timeline, &RunTimeline::selectNode);
        connect(m_timeline, &RunTimeline::highlightChanged, this, [this] { update(); });
    }
    rebuildAtCursor();
}

bool TopologyScene::isHighlighted(const QString& node) const {
    return m_timeline && m_nodes.contains(node) && m_timeline->highlight().hasNode(node);
}

void TopologyScene::setFaultMode(bool on) {
    m_faultMode = on;
    if (!on) {
        delete m_cutLine;
        m_cutLine = nullptr;
    }
}

void TopologyScene::append(const EventBatch& batch) {
    for (const netlab::Event& event : batch)
        ingest(event, true);
    applyPendingStates();
    wake();
}

void TopologyScene::onAppended(std::size_t first, std::size_t count) {
    if (!m_timeline->isLive())
        return;   // the cursor shows the past; goLive() rebuilds
    const auto& events = m_timeline->events();
    for (std::size_t i = first; i < first + count && i < events.size(); ++i)
        ingest(events[i], true);
    applyPendingStates();
    wake();
}

void TopologyScene::rebuildAtCursor() {
    resetStatus();
    if (!m_timeline)
        return;
    // Status and faults need the whole prefix; messages only its last kKeepNs.
    const auto& events = m_timeline->events();
    const std::size_t visible = m_timeline->visibleCount();
    const qint64 cursor = m_timeline->cursorNs();
    for (std::size_t i = 0; i < visible; ++i)
        ingest(events[i], events[i].t_ns >= cursor - kKeepNs);
    applyPendingStates();
    advanceFrame();
    if (m_timeline->isLive())
        wake();
}

void TopologyScene::indexNodesAndLinks() {
    if (m_live->indexed)
        return;
    m_live->nodeIndex.clear();
    m_live->linkIndex.clear();
    for (NodeItem* node : std::as_const(m_nodes))
        m_live->nodeIndex.emplace(node->id().toStdString(), node);
    for (LinkItem* link : m_links) {
        m_live->linkIndex.insert({link->from(), link->to()}, link);
        m_live->linkIndex.insert({link->to(), link->from()}, link);
    }
    m_live->indexed = true;
}

NodeItem* TopologyScene::nodeFor(const std::string& id) {
    indexNodesAndLinks();
    const auto it = m_live->nodeIndex.find(id);
    return it == m_live->nodeIndex.end() ? nullptr : it->second;
}

void TopologyScene::ingest(const netlab::Event& event, bool flights) {
    using netlab::EventKind;
    Live& live = *m_live;
    if (event.t_ns > live.endNs) {
        live.endNs = event.t_ns;
        live.sinceEvent.start();
    }
    switch (event.kind) {
    case EventKind::State:
        if (NodeItem* node = nodeFor(event.node))
            live.states.insert(node, event.data);
        break;
    case EventKind::NodeStarted:
        if (NodeItem* node = nodeFor(event.node)) {
            node->status.dead = false;
            node->status.ended = false;
            node->status.paused = false;
            node->update();
        }
        break;
    case EventKind::NodeExited:
        if (NodeItem* node = nodeFor(event.node)) {
            const core::Json data = parseData(event.data);
            const bool shutdown = data.is_object() && text(data, "cause") == QLatin1String("shutdown");
            (shutdown ? node->status.ended : node->status.dead) = true;
            node->update();
        }
        break;
    case EventKind::NodePaused:
    case EventKind::NodeResumed:
        if (NodeItem* node = nodeFor(event.node)) {
            node->status.paused = event.kind == EventKind::NodePaused;
            node->update();
        }
        break;
    case EventKind::FaultInjected: {
        const core::Json info = parseData(event.data);
        const std::optional<qint64> id = info.is_object() ? faultId(info) : std::nullopt;
        if (!id)
            break;
        Live::Fault fault;
        if (event.type == "partition") {
            // "cut" since the nemesis names every cut link; older recordings: one-way "links", or
            // the "sides" of a group partition.
            fault.cut = true;
            fault.links = pairs(info.contains("cut") ? field(info, "cut") : field(info, "links"));
            if (const core::Json& sides = field(info, "sides"); fault.links.empty() && sides.is_array()) {
                for (std::size_t i = 0; i < sides.size(); ++i)
                    for (std::size_t j = 0; j < sides.size(); ++j)
                        if (i != j)
                            for (const QString& from : stringList(sides[i]))
                                for (const QString& to : stringList(sides[j]))
                                    fault.links.emplace_back(from, to);
            }
        } else if (event.type == "latency") {
            fault.links = pairs(field(info, "links"));
            fault.label = tr("+%1").arg(text(info, "add"));
        } else if (event.type == "loss") {
            fault.links = pairs(field(info, "links"));
            fault.label = tr("%1% loss").arg(percent(info));
        } else if (event.type == "duplicate") {
            fault.links = pairs(field(info, "links"));
            fault.label = tr("%1% duplicated").arg(percent(info));
        } else if (event.type == "reorder") {
            fault.links = pairs(field(info, "links"));
            fault.label = tr("reordered");
        } else if (event.type == "clock_skew") {
            fault.nodes = stringList(field(info, "targets"));
        } else {
            break;   // node faults show through the node events that follow
        }
        live.faults[*id] = std::move(fault);
        refreshFaults();
        break;
    }
    case EventKind::FaultHealed: {
        const core::Json info = parseData(event.data);
        const std::optional<qint64> id = info.is_object() ? faultId(info) : std::nullopt;
        if (id && live.faults.erase(*id) > 0)
            refreshFaults();
        break;
    }
    case EventKind::MessageSent: {
        if (!flights)
            break;
        NodeItem* from = nodeFor(event.node);
        NodeItem* to = nodeFor(event.peer);
        LinkItem* link = from && to ? live.linkIndex.value({from, to}) : nullptr;
        if (!link)
            break;
        Flight flight;
        flight.sentNs = event.t_ns;
        flight.link = link;
        flight.key = flightKey(from, event.msg_id);
        flight.msgId = event.msg_id;
        flight.forward = link->from() == from;
        flight.colour = typeColour(event.type);
        live.pending[flight.key] = live.firstSeq + live.flights.size();
        live.flights.push_back(flight);
        while (live.flights.front().sentNs < live.endNs - kKeepNs) {
            const Flight& old = live.flights.front();
            if (const auto it = live.pending.find(old.key); it != live.pending.end() && it->second == live.firstSeq)
                live.pending.erase(it);
            live.flights.pop_front();
            ++live.firstSeq;
        }
        break;
    }
    case EventKind::MessageHeld:
        if (NodeItem* from = nodeFor(event.node))
            if (NodeItem* to = nodeFor(event.peer))
                if (LinkItem* link = live.linkIndex.value({from, to})) {
                    live.held[flightKey(from, event.msg_id)] = link;
                    refreshFaults();
                }
        break;
    case EventKind::MessageDelivered:
    case EventKind::MessageDropped: {
        const bool dropped = event.kind == EventKind::MessageDropped;
        if (!flights && live.held.empty())
            break;
        NodeItem* from = nodeFor(event.node);
        if (!from)
            break;
        const quint64 key = flightKey(from, event.msg_id);
        if (!live.held.empty() && live.held.erase(key) > 0)
            refreshFaults();
        if (!flights)
            break;
        if (const auto it = live.pending.find(key); it != live.pending.end()) {
            if (it->second >= live.firstSeq) {
                Flight& flight = live.flights[it->second - live.firstSeq];
                flight.endNs = event.t_ns;
                flight.dropped = dropped;
            }
            live.pending.erase(it);
        }
        break;
    }
    default:
        break;
    }
}

void TopologyScene::applyPendingStates() {
    for (auto it = m_live->states.cbegin(); it != m_live->states.cend(); ++it) {
        it.key()->status.apply(parseData(it.value()));
        it.key()->update();
    }
    m_live->states.clear();
}

void TopologyScene::refreshFaults() {
    QHash<LinkItem*, QStringList> labels;
    for (LinkItem* link : m_links) {
        link->cutForward = false;
        link->cutBackward = false;
    }
    QSet<QString> skewed;
    for (const auto& [id, fault] : m_live->faults) {
        for (const auto& [from, to] : fault.links) {
            LinkItem* link = linkBetween(from, to);
            if (!link)
                continue;
            if (!fault.cut)
                labels[link] << fault.label;
            else if (link->from()->id() == from)
                link->cutForward = true;
            else
                link->cutBackward = true;
        }
        for (const QString& node : fault.nodes)
            skewed.insert(node);
    }
    for (const auto& [key, link] : m_live->held)
        labels[link] << tr("held");
    for (LinkItem* link : m_links) {
        QStringList& list = labels[link];
        list.removeDuplicates();
        link->label = list.join(QStringLiteral(" · "));
        link->update();
    }
    batchIdleLinks();
    for (NodeItem* node : std::as_const(m_nodes)) {
        const bool skew = skewed.contains(node->id());
        if (node->status.skewed != skew) {
            node->status.skewed = skew;
            node->update();
        }
    }
}

qint64 TopologyScene::frameNow() {
    if (m_timeline && !m_timeline->isLive())
        return m_timeline->cursorNs();
    // Live: lab time goes on between batches; never further than the longest a dot can move.
    const qint64 since = m_live->sinceEvent.isValid() ? m_live->sinceEvent.nsecsElapsed() : 0;
    const qint64 now = std::max(m_live->lastNow, m_live->endNs + std::min(since, kMinFlightNs));
    m_live->lastNow = now;
    return now;
}

void TopologyScene::wake() {
    if (!m_frameTimer.isActive())
        m_frameTimer.start();
}

void TopologyScene::advanceFrame() {
    Live& live = *m_live;
    const qint64 now = frameNow();
    for (LinkItem* link : m_links) {
        link->dots = 0;
        link->sentLastSecond = 0;
    }
    // Where a flight's dot is at `now`, from 0 (sender) to 1 (receiver); < 0: not drawn.
    const auto progress = [now](const Flight& f) -> double {
        if (f.sentNs > now)
            return -1;
        if (f.endNs < 0 || f.endNs > now)   // still in flight: waits near the receiver
            return std::min(0.95, double(now - f.sentNs) / double(kMinFlightNs));
        const qint64 span = std::max(f.endNs - f.sentNs, kMinFlightNs);
        if (now >= f.sentNs + span)
            return -1;
        const double p = double(now - f.sentNs) / double(span);
        return f.dropped ? std::min(0.5, p) : p;   // a dropped message stops halfway, crossed
    };
    std::size_t from = 0;
    while (from < live.flights.size() && live.flights[from].sentNs < now - kKeepNs)
        ++from;
    for (std::size_t i = from; i < live.flights.size(); ++i) {
        const Flight& f = live.flights[i];
        if (f.sentNs > now - kSecondNs && f.sentNs <= now)
            ++f.link->sentLastSecond;
        if (progress(f) >= 0)
            ++f.link->dots;
    }
    for (LinkItem* link : m_links) {
        link->rate = link->sentLastSecond;
        link->busy = link->dots > kMaxDotsPerLink;
        if (link->busy)
            link->dots = 0;
    }
    batchIdleLinks();
    live.dots.clear();
    live.frameNs = now;
    for (std::size_t i = from; i < live.flights.size(); ++i) {
        const Flight& f = live.flights[i];
        const double p = f.link->busy ? -1 : progress(f);
        if (p < 0)
            continue;
        // Along the line between the discs' edges, each direction on its own side of it.
        QLineF l = f.link->line();
        if (!f.forward)
            l = QLineF(l.p2(), l.p1());
        const qreal length = l.length();
        if (length <= 2 * kRadius)
            continue;
        const QPointF unit = (l.p2() - l.p1()) / length;
        const QPointF side(-unit.y() * 4, unit.x() * 4);
        const QPointF at = l.p1() + unit * (kRadius + p * (length - 2 * kRadius)) + side;
        const bool crossed = f.dropped && f.endNs >= 0 && f.endNs <= now && p >= 0.5;
        live.dots.push_back({at, f.colour, crossed, live.firstSeq + i});
    }
    update();
    // Nothing moves any more: scrubbed to a time, or live with no event for longer than a flight.
    const bool live_ = !m_timeline || m_timeline->isLive();
    if (!live_ || now >= live.endNs + kMinFlightNs)
        m_frameTimer.stop();
}

std::vector<TopologyScene::DrawnMessage> TopologyScene::drawnMessages() const {
    const Live& live = *m_live;
    std::vector<DrawnMessage> out;
    out.reserve(live.dots.size());
    for (const Live::Dot& dot : live.dots) {
        if (dot.seq < live.firstSeq || dot.seq - live.firstSeq >= live.flights.size())
            continue;   // forgotten since the frame
        const Flight& f = live.flights[dot.seq - live.firstSeq];
        DrawnMessage message;
        message.at = dot.at;
        message.from = (f.forward ? f.link->from() : f.link->to())->id();
        message.to = (f.forward ? f.link->to() : f.link->from())->id();
        message.id = f.msgId;
        if (live.held.count(f.key) > 0)
            message.state = MessageState::Held;
        else if (f.endNs >= 0 && f.endNs <= live.frameNs)
            message.state = f.dropped ? MessageState::Dropped : MessageState::Delivered;
        out.push_back(std::move(message));
    }
    return out;
}

std::optional<TopologyScene::DrawnMessage> TopologyScene::messageAt(QPointF scenePos) const {
    // A dot is 9 units wide; zoomed out, a few pixels around it still count.
    const qreal scale = views().isEmpty() ? 1.0 : std::max(views().front()->transform().m11(), 0.01);
    const qreal reach = std::max(6.0, 7.0 / scale);
    std::optional<DrawnMessage> best;
    qreal bestDistance = reach;
    for (DrawnMessage& message : drawnMessages()) {
        const qreal distance = QLineF(message.at, scenePos).length();
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = std::move(message);
        }
    }
    return best;
}

void TopologyScene::helpEvent(QGraphicsSceneHelpEvent* event) {
    const auto dot = messageAt(event->scenePos());
    if (!dot) {
        QGraphicsScene::helpEvent(event);
        return;
    }
    QString tip;
    switch (dot->state) {
    case MessageState::InFlight:
        tip = tr("Message %1 from %2 to %3, on its way.").arg(dot->id).arg(dot->from, dot->to);
        if (m_faultMode && (!m_timeline || m_timeline->isLive()))
            tip += QLatin1Char('\n') + tr("Click to hold it.");
        break;
    case MessageState::Held:
        tip = tr("Message %1 from %2 to %3, held: deliver or drop it in Held Messages.").arg(dot->id).arg(dot->from, dot->to);
        break;
    case MessageState::Delivered:
        tip = tr("Message %1 from %2 to %3, already delivered.").arg(dot->id).arg(dot->from, dot->to);
        break;
    case MessageState::Dropped:
        tip = tr("Message %1 from %2 to %3, dropped.").arg(dot->id).arg(dot->from, dot->to);
        break;
    }
    QToolTip::showText(event->screenPos(), tip, event->widget());
    event->accept();
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
