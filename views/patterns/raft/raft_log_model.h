#pragma once

#include <QAbstractTableModel>

#include <vector>

#include "views/patterns/raft/raft_history.h"

namespace distlab::views {

// The Raft nodes' logs side by side, like RaftScope: a row per node, a column per log index
// (the newest `window` indices of the cluster), each cell an entry with its term. A node's
// compacted prefix is one "snapshot <= i" cell (the view spans it, see compactedColumns()); on
// the leader's followers, the cells at their nextIndex and matchIndex are marked.
//
// Updates that keep the node list change data and append or remove columns at the end, so the
// view keeps its scroll position; a different node list resets the model.
//
// Threading: GUI thread only.
class RaftLogModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        TermRole = Qt::UserRole + 1,   // qint64 term of the entry; invalid when the cell has none
        CommandRole,                   // QString command of the entry
        CommittedRole,                 // bool: index <= the node's commitIndex
        AppliedRole,                   // bool: index <= the node's lastApplied
        CompactedRole,                 // bool: index <= the node's snapshot index
        NextIndexRole,                 // bool: the leader's nextIndex for this node is this index
        MatchIndexRole,                // bool: the leader's matchIndex for this node is this index
        DownRole,                      // bool: the node is dead or paused at the time shown
        LeaderRowRole,                 // bool: this row is the leader's
    };

    explicit RaftLogModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Shows these logs (one row each, in order).
    void setLogs(std::vector<RaftNodeLog> logs);
    const std::vector<RaftNodeLog>& logs() const { return m_logs; }
    // How many of the newest log indices the columns cover (default 64, the role's snapshot window).
    void setWindow(int indices);
    int window() const { return m_window; }

    // The log index of column 0, and the column of a log index (-1 outside).
    qint64 firstIndex() const { return m_first; }
    int columnOf(qint64 logIndex) const;
    qint64 logIndexOf(int column) const { return m_first + column; }
    // How many leading columns of `row` are compacted into the snapshot (0 when none are shown).
    int compactedColumns(int row) const;
    // The row of the leader shown (-1: none), and the row of a node (-1: not a raft node).
    int leaderRow() const;
    int rowOf(const QString& node) const;

private:
    const RaftPeerProgress* progressOf(int row) const;
    QString cellToolTip(const RaftNodeLog& log, qint64 index) const;

    std::vector<RaftNodeLog> m_logs;
    int m_window = 64;
    qint64 m_first = 1;
    int m_columns = 0;
    int m_leader = -1;
};

}  // namespace distlab::views
