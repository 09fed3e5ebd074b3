#pragma once

#include <QGraphicsScene>
#include <QHash>
#include <QTimer>

#include <vector>

#include "views/common/trace_bridge.h"

namespace distlab::netlab {
struct Scenario;
}

namespace distlab::views {

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
// Threading: GUI thread only. Owns its items.
class TopologyScene final : public QGraphicsScene {
    Q_OBJECT
public:
    static constexpr int kFrameIntervalMs = 33;

    explicit TopologyScene(QObject* parent = nullptr);
    ~TopologyScene() override;

    // Replaces the drawing with `scenario`'s nodes and links, all in their initial state.
    void setScenario(const netlab::Scenario& scenario);
    // Back to the initial state of every node (a new run).
    void resetStatus();
    // The selected node's id, or empty.
    QString selectedNode() const;
    // Selects `node` (empty clears the selection).
    void selectNode(const QString& node);
    QStringList nodeIds() const;
    // The badge text currently shown for `node` (tests and tooltips).
    QString badgeOf(const QString& node) const;

    // Slot: updates node states and link activity from a batch.
    void append(const distlab::views::EventBatch& batch);

Q_SIGNALS:
    // The user selected a node (empty: the selection was cleared).
    void nodeSelected(const QString& node);

private:
    void advanceFrame();
    LinkItem* linkBetween(const QString& a, const QString& b) const;

    QHash<QString, NodeItem*> m_nodes;
    std::vector<LinkItem*> m_links;
    QTimer m_frameTimer;
};

}  // namespace distlab::views
