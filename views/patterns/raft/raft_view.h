#pragma once

#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QSplitter;
class QTableView;
class QTableWidget;
class QTimer;

namespace distlab::views {

class RaftHistory;
class RaftLanes;
class RaftLogModel;
class RunTimeline;

// The Raft view, a dock's content: a header line (the leader and term at the cursor, a legend),
// the nodes' lanes of terms over time (RaftLanes) above the log grid at the cursor (RaftLogModel
// in a table, like RaftScope) and the leader's nextIndex / matchIndex per follower. Nodes that
// do not run raft (clients) are left out.
//
// Follows the RunTimeline: indexes events as they are appended, shows the state at cursorNs()
// (live: the newest), and repaints from a frame timer at most ~30 times a second however many
// events arrive. A click on a lane seeks and selects that node; a click on a grid row selects its
// node; a node selected elsewhere is highlighted here.
//
// Ownership: the timeline must outlive the view. Threading: GUI thread only.
class RaftView final : public QWidget {
    Q_OBJECT
public:
    explicit RaftView(RunTimeline& timeline, QWidget* parent = nullptr);
    ~RaftView() override;

    // How many lanes (raft nodes) the view shows.
    int laneCount() const;
    RaftLanes* lanes() const { return m_lanes; }
    RaftLogModel* logModel() const { return m_model; }
    QTableView* logTable() const { return m_table; }
    const RaftHistory& history() const { return *m_history; }
    // The header line's text (leader and term at the cursor).
    QString headerText() const;
    // How many of the newest log indices the grid shows (default 64).
    void setLogWindow(int indices);

protected:
    void resizeEvent(QResizeEvent* event) override;

public Q_SLOTS:
    // Brings everything up to date now (the frame timer calls this; tests may too).
    void refresh();

private:
    void onAppended(std::size_t first, std::size_t count);
    void onCleared();
    void onNodeSelected(const QString& node);
    void scheduleRefresh();
    void updateSpans();
    void updatePeers();
    void fitLegend();

    RunTimeline& m_timeline;
    std::unique_ptr<RaftHistory> m_history;
    QLabel* m_header = nullptr;
    QLabel* m_legend = nullptr;
    QStringList m_legendVariants;
    std::vector<int> m_legendWidths;   // each variant's width, measured once
    QSplitter* m_splitter = nullptr;
    RaftLanes* m_lanes = nullptr;
    RaftLogModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_peersTitle = nullptr;
    QTableWidget* m_peers = nullptr;
    QTimer* m_frame = nullptr;
    bool m_followEnd = true;
};

}  // namespace distlab::views
