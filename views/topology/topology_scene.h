#pragma once

#include <QGraphicsScene>
#include <QHash>
#include <QTimer>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "netlab/api/link_routes.h"
#include "views/common/trace_bridge.h"
#include "views/topology/message_state.h"
#include "views/topology/node_status.h"

class QGraphicsLineItem;
class QPainterPath;

namespace distlab::netlab {
struct NodeSpec;
struct Scenario;
}

namespace distlab::views {

class DomainItem;
class LabDocument;
class NodeItem;
class LinkItem;
class RunTimeline;

// The scenario drawn as a graph: one disc per node and one line per link. A node is drawn the way
// its role's descriptor (from the run's role catalog) says: filled and ringed in its phase's tone,
// badged with the phase's label and the epoch ("leader · epoch 3"), its first gauge as an arc on
// the disc (value / full scale), the ring as wide as the gauge's volume; dead nodes grey and
// crossed, paused ones hatched, clock-skewed ones with a clock. Positions come from the scenario's `at:`, or a circle for
// nodes without one. Failure domains (nodes' `labels:`) are boxes behind the nodes: one per value
// of the outermost label the nodes carry (region, zone, rack, host, then any other by name),
// and dashed boxes for the next label inside them.
//
// The run: the scene follows a RunTimeline (setTimeline). While live it folds in appended events;
// when the cursor moves it rebuilds every node's status and the faults in force from the events up
// to the cursor. Faults show on the links: a partition's cut links dashed red (a one-way cut with
// an arrow in the blocked direction), links under latency, loss, duplication, reordering or holds
// orange with a short label. Messages travel as dots from sender to receiver, coloured by message
// type; a dropped one ends in a red cross. A message is drawn in flight for at least
// kMinFlightNs of lab time, so that a LAN's millisecond hops can be seen. Above kMaxDotsPerLink
// dots on one link in a frame the link is drawn thicker with its message rate instead.
// Dots are painted in drawForeground from a frame computed at most every kFrameIntervalMs (no
// item per message); the frame timer runs only while something moves. While not editable, idle
// links (plain grey: no fault, label, arrow or traffic drawn thick) are painted together in the
// background (drawIdleLinks) with their items hidden, so a 100-node mesh costs one batch of lines
// that the view can cache instead of 4,950 items a frame. A dot is hit-tested as
// drawn in the last frame: its tooltip says where the message stands, a click on it in fault mode
// while live asks to hold it (messageClicked), a right click asks for its menu.
//
// Faults by hand: a right click asks for a node, link or canvas menu (the window builds it); in
// fault mode a left drag on empty canvas draws a cutting line and proposes the partition of the
// nodes on either side of it.
//
// Editing: given a LabDocument, the scene draws it and follows its signals; while editable it
// selects (click, Ctrl+click, the view's rubber band), moves the selection by dragging (one undo
// step per drag), draws a link by dragging from a node with Shift held, deletes the selection
// with Delete and asks for a rename on double-click. Every edit goes through the document.
//
// Threading: GUI thread only. Owns its items; the document outlives the scene.
class TopologyScene final : public QGraphicsScene {
    Q_OBJECT
public:
    static constexpr int kFrameIntervalMs = 33;
    static constexpr int kMaxDotsPerLink = 8;
    static constexpr qint64 kMinFlightNs = 250'000'000;

    explicit TopologyScene(QObject* parent = nullptr);
    ~TopologyScene() override;

    // Follows `timeline` from now on (nullptr: none) and shows the lab at its cursor. Selecting a
    // node selects it in the timeline and the other way round. The timeline outlives the scene.
    void setTimeline(RunTimeline* timeline);
    // Live: how much lab time passes per unit of wall time between event batches (the run's pace:
    // the scenario's time_scale, times the speed of a paced simulation), so that in slow motion
    // the dots move at the run's pace instead of running ahead of it on the wall clock.
    void setLivePace(double labPerWall) { m_livePace = labPerWall > 0 ? labPerWall : 1.0; }
    // Fault mode (a run is live): a left drag on empty canvas draws a cutting line.
    void setFaultMode(bool on);
    bool isFaultMode() const { return m_faultMode; }

    // The editor's drawing tool (the Tools toolbar), what a left press does. Select: select, drag
    // to move, Shift-drag from a node to link, and in fault mode a drag on empty canvas cuts.
    // AddNode: a click on empty canvas adds a node of toolRole(). Link: a drag from a node to
    // another links them. Partition: in fault mode a drag from anywhere, nodes included, cuts.
    enum class Tool { Select, AddNode, Link, Partition };
    void setTool(Tool tool) { m_tool = tool; }
    Tool tool() const { return m_tool; }
    void setToolRole(const QString& role) { m_toolRole = role; }
    QString toolRole() const { return m_toolRole; }

    // Replaces the drawing with `scenario`'s nodes and links, all in their initial state.
    void setScenario(const netlab::Scenario& scenario);
    // Draws `document` and follows its edits from now on (nullptr: stop following).
    void setDocument(LabDocument* document);
    LabDocument* document() const { return m_document; }
    // Whether the user may edit (a document is set and no run is live).
    void setEditable(bool editable);
    bool isEditable() const { return m_editable && m_document; }
    // Adds a node of `role` at `at` (a palette drop) and selects it; false when refused.
    bool dropRole(const QString& role, QPointF at);
    // Deletes the selected nodes and links (one undo step).
    void deleteSelection();
    // Back to the initial state of every node (a new run).
    void resetStatus();
    // The selected node's id, or empty.
    QString selectedNode() const;
    // Selects `node` (empty clears the selection).
    void selectNode(const QString& node);
    QStringList selectedNodes() const;
    // The selected link's ends (from, to), or two empty strings.
    std::pair<QString, QString> selectedLink() const;
    QStringList nodeIds() const;
    int linkCount() const { return int(m_links.size()); }
    QPointF nodePosition(const QString& node) const;
    // The failure-domain boxes drawn, by caption ("zone: z1"), and where.
    QStringList domainCaptions() const;
    QRectF domainRect(const QString& caption) const;
    // The badge text currently shown for `node` (tests and tooltips).
    QString badgeOf(const QString& node) const;
    bool isClockSkewed(const QString& node) const;
    // Whether `node` is drawn ringed in magenta: it is in the timeline's highlight (what a failed
    // check involves).
    bool isHighlighted(const QString& node) const;
    // Whether a partition in force blocks messages from `from` to `to`.
    bool isLinkCut(const QString& from, const QString& to) const;
    // The route the link between a and b is drawn along (empty when there is no such link), and
    // where a label of `text` on it is drawn.
    QPainterPath linkPath(const QString& a, const QString& b) const;
    QRectF linkLabelRect(const QString& a, const QString& b, const QString& text) const;
    // What a link's label must not cover: every node's disc and caption.
    void labelObstacles(std::vector<netlab::RouteDisc>& discs, std::vector<netlab::RouteBox>& boxes) const;
    // The label of the link between a and b: its degrading faults ("+200ms · 30% loss"), or empty.
    QString linkLabel(const QString& a, const QString& b) const;
    // The last frame, on the link between a and b: dots drawn, messages sent in the last second
    // of lab time, and whether it was drawn as busy (thick, with the rate) instead of dots.
    int dotsOnLink(const QString& a, const QString& b) const;
    int messageRate(const QString& a, const QString& b) const;
    bool isLinkBusy(const QString& a, const QString& b) const;
    // A message dot of the last frame, where it was drawn.
    struct DrawnMessage {
        QPointF at;
        QString from;
        QString to;
        quint64 id = 0;
        MessageState state = MessageState::InFlight;
    };
    std::vector<DrawnMessage> drawnMessages() const;
    // The dot drawn nearest `scenePos`, if one is under it (a few pixels of slack at any zoom).
    std::optional<DrawnMessage> messageAt(QPointF scenePos) const;

    // Computes and paints one frame now (the frame timer calls it).
    void advanceFrame();
    // Whether the link between a and b is drawn in the background batch of idle links.
    bool isLinkBatched(const QString& a, const QString& b) const;
    // Paints the idle links that intersect `rect` (scene coordinates) in one batch: the scene's
    // background, and a view's that fills its own background brush.
    void drawIdleLinks(QPainter* painter, const QRectF& rect) const;

    // Descriptor labels (phases, gauges, epochs) in Chinese instead of English; by default as the
    // UI language (chineseLabels()).
    void setChinese(bool chinese);
    // What the canvas shows of `node` (a default status for an unknown node).
    NodeStatus statusOf(const QString& node) const;

Q_SIGNALS:
    // The user selected a node (empty: the selection was cleared).
    void nodeSelected(const QString& node);
    // The selection is one link (empty ends: it is not).
    void linkSelected(const QString& from, const QString& to);
    // The user double-clicked a node to rename it.
    void renameRequested(const QString& node);
    // The document refused an edit made on the canvas; `reason` says why.
    void editRefused(const QString& reason);
    // A right click on a node, a link (its ends as drawn) or empty canvas, at `screenPos`.
    void nodeMenuRequested(const QString& node, const QPoint& screenPos);
    void linkMenuRequested(const QString& from, const QString& to, const QPoint& screenPos);
    void canvasMenuRequested(const QPoint& screenPos);
    // In fault mode a cutting line was drawn; the nodes on either side (both non-empty, sorted).
    void partitionDrawn(const QStringList& sideA, const QStringList& sideB);
    // In fault mode, live: a left click on the dot of message `id` from `from` to `to`.
    void messageClicked(const QString& from, const QString& to, quint64 id, distlab::views::MessageState state);
    // A right click on a message dot.
    void messageMenuRequested(const QString& from, const QString& to, quint64 id,
                              distlab::views::MessageState state, const QPoint& screenPos);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void helpEvent(QGraphicsSceneHelpEvent* event) override;

private:
    struct Live;

    // The run: folding events in, rebuilding at the cursor, forgetting.
    void onAppended(std::size_t first, std::size_t count);
    void rebuildAtCursor();
    void ingest(const netlab::Event& event, bool flights);
    void applyPendingStates();
    void refreshFaults();
    // Hides the items of idle links (drawn in the background instead) and shows the others.
    void batchIdleLinks();
    qint64 frameNow();
    void wake();
    void paintFlights(QPainter* painter, const QRectF& rect) const;
    LinkItem* linkAt(QPointF point) const;
    void indexNodesAndLinks();
    NodeItem* nodeFor(const std::string& id);
    // The descriptor of `node`'s role, from the timeline's role catalog; nullptr when unknown.
    const core::RoleDescriptor* roleOf(const NodeItem* node) const;

    LinkItem* linkBetween(const QString& a, const QString& b) const;
    NodeItem* nodeAt(QPointF point) const;
    void clearItems();
    void rebuild();
    void addNodeItem(const netlab::NodeSpec& spec, QPointF at);
    void addLinkItem(const QString& from, const QString& to);
    void refreshNode(const QString& id);
    void refreshProblems();
    // Routes every link around the discs of the nodes it does not join and redraws the failure
    // domains (after nodes moved, came or went).
    void rerouteLinks();
    void updateDomains();
    void updateSceneRect();
    void reportSelection();

    // Document signals.
    void onNodeAdded(const QString& id);
    void onNodeRemoved(const QString& id);
    void onNodeRenamed(const QString& from, const QString& to);
    void onLinkAdded(const QString& from, const QString& to);
    void onLinkRemoved(const QString& from, const QString& to);
    void onLinkChanged(const QString& from, const QString& to);

    // A drag in progress: the nodes it moves and where they started.
    struct Drag {
        int gesture = 0;
        QPointF origin;
        std::vector<std::pair<QString, QPointF>> start;
        bool moved = false;
    };

    QHash<QString, NodeItem*> m_nodes;
    std::vector<LinkItem*> m_links;
    std::vector<DomainItem*> m_domains;
    QTimer m_frameTimer;
    double m_livePace = 1.0;
    LabDocument* m_document = nullptr;
    bool m_editable = true;
    std::optional<Drag> m_drag;
    NodeItem* m_linkFrom = nullptr;               // a link being drawn (Shift-drag, the Link tool)
    QGraphicsLineItem* m_rubberLink = nullptr;
    RunTimeline* m_timeline = nullptr;
    bool m_faultMode = false;
    QGraphicsLineItem* m_cutLine = nullptr;       // a cutting line being drawn in fault mode
    Tool m_tool = Tool::Select;
    QString m_toolRole;
    std::unique_ptr<Live> m_live;
    bool m_chinese = false;
};

}  // namespace distlab::views
