#pragma once

#include <QGraphicsScene>
#include <QHash>
#include <QTimer>

#include <optional>
#include <utility>
#include <vector>

#include "views/common/trace_bridge.h"

class QGraphicsLineItem;

namespace distlab::netlab {
struct NodeSpec;
struct Scenario;
}

namespace distlab::views {

class LabDocument;
class NodeItem;
class LinkItem;

// The scenario drawn as a graph: one disc per node (coloured and badged by its state: Raft role
// and term, server up or down, dead, paused) and one line per link, which lights up with the
// messages crossing it and turns red when they are dropped. Positions come from the scenario's
// `at:`, or a circle for nodes without one.
//
// Events arrive in batches; link activity fades on a fixed frame timer that only runs while
// something is fading.
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

    explicit TopologyScene(QObject* parent = nullptr);
    ~TopologyScene() override;

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
    // The badge text currently shown for `node` (tests and tooltips).
    QString badgeOf(const QString& node) const;

    // Slot: updates node states and link activity from a batch.
    void append(const distlab::views::EventBatch& batch);

Q_SIGNALS:
    // The user selected a node (empty: the selection was cleared).
    void nodeSelected(const QString& node);
    // The selection is one link (empty ends: it is not).
    void linkSelected(const QString& from, const QString& to);
    // The user double-clicked a node to rename it.
    void renameRequested(const QString& node);
    // The document refused an edit made on the canvas; `reason` says why.
    void editRefused(const QString& reason);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    void advanceFrame();
    LinkItem* linkBetween(const QString& a, const QString& b) const;
    NodeItem* nodeAt(QPointF point) const;
    void clearItems();
    void rebuild();
    void addNodeItem(const netlab::NodeSpec& spec, QPointF at);
    void addLinkItem(const QString& from, const QString& to);
    void refreshNode(const QString& id);
    void refreshProblems();
    void refreshLinks(const QString& node);
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
    QTimer m_frameTimer;
    LabDocument* m_document = nullptr;
    bool m_editable = true;
    std::optional<Drag> m_drag;
    NodeItem* m_linkFrom = nullptr;               // a Shift-drag drawing a link
    QGraphicsLineItem* m_rubberLink = nullptr;
};

}  // namespace distlab::views
