#include "views/patterns/raft/raft_log_model.h"

#include <QFont>
#include <QPainter>
#include <QPixmap>

#include <algorithm>

namespace distlab::views {

RaftLogModel::RaftLogModel(QObject* parent) : QAbstractTableModel(parent) {}

int RaftLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_logs.size());
}

int RaftLogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_columns;
}

int RaftLogModel::columnOf(qint64 logIndex) const {
    const qint64 column = logIndex - m_first;
    return column >= 0 && column < m_columns ? int(column) : -1;
}

int RaftLogModel::compactedColumns(int row) const {
    if (row < 0 || row >= int(m_logs.size()) || !m_logs[std::size_t(row)].known)
        return 0;
    const qint64 compacted = m_logs[std::size_t(row)].snapshotIndex - m_first + 1;
    return int(std::clamp<qint64>(compacted, 0, m_columns));
}

int RaftLogModel::leaderRow() const {
    return m_leader;
}

int RaftLogModel::rowOf(const QString& node) const {
    const auto it = std::find_if(m_logs.begin(), m_logs.end(), [&](const RaftNodeLog& l) { return l.node == node; });
    return it == m_logs.end() ? -1 : int(it - m_logs.begin());
}

const RaftPeerProgress* RaftLogModel::progressOf(int row) const {
    if (m_leader < 0 || row == m_leader)
        return nullptr;
    const auto& peers = m_logs[std::size_t(m_leader)].peers;
    const QString& node = m_logs[std::size_t(row)].node;
    const auto it = std::find_if(peers.begin(), peers.end(), [&](const RaftPeerProgress& p) { return p.node == node; });
    return it == peers.end() ? nullptr : &*it;
}

QString RaftLogModel::cellToolTip(const RaftNodeLog& log, qint64 index) const {
    if (index <= log.snapshotIndex)
        return tr("%1: entries up to %2 are compacted into a snapshot (last term %3)")
            .arg(log.node)
            .arg(log.snapshotIndex)
            .arg(log.snapshotTerm);
    if (index > log.lastIndex)
        return {};
    QString text = tr("%1 · index %2").arg(log.node).arg(index);
    const qint64 term = log.termAt(index);
    if (term >= 0)
        text += QLatin1Char('\n') + tr("term %1: %2").arg(term).arg(log.commandAt(index));
    QStringList marks;
    marks << (index <= log.commit ? tr("committed") : tr("not committed"));
    if (index <= log.applied)
        marks << tr("applied");
    return text + QLatin1Char('\n') + marks.join(QStringLiteral(", "));
}

QVariant RaftLogModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const RaftNodeLog& log = m_logs[std::size_t(index.row())];
    const qint64 logIndex = m_first + index.column();
    if (role == DownRole)
        return log.dead || log.paused;
    if (role == LeaderRowRole)
        return index.row() == m_leader;
    if (!log.known)
        return {};
    const bool compacted = logIndex <= log.snapshotIndex;
    const qint64 term = compacted ? -1 : log.termAt(logIndex);
    switch (role) {
    case Qt::DisplayRole:
        if (compacted)
            return index.column() == 0 ? tr("snapshot ≤ %1").arg(log.snapshotIndex) : QVariant();
        if (term >= 0)
            return QString::number(term);
        // Present in the node's log but older than the snapshot's window of entries.
        return logIndex <= log.lastIndex ? QStringLiteral("…") : QVariant();
    case Qt::ToolTipRole:
        return cellToolTip(log, logIndex);
    case TermRole:
        return term >= 0 ? QVariant(term) : QVariant();
    case CommandRole:
        return term >= 0 ? QVariant(log.commandAt(logIndex)) : QVariant();
    case CommittedRole:
        return logIndex <= log.commit && logIndex <= log.lastIndex;
    case AppliedRole:
        return logIndex <= log.applied && logIndex <= log.lastIndex;
    case CompactedRole:
        return compacted;
    case NextIndexRole: {
        const RaftPeerProgress* progress = progressOf(index.row());
        return progress != nullptr && progress->next == logIndex;
    }
    case MatchIndexRole: {
        const RaftPeerProgress* progress = progressOf(index.row());
        return progress != nullptr && progress->match == logIndex;
    }
    default:
        return {};
    }
}

QVariant RaftLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= m_columns)
            return {};
        if (role == Qt::DisplayRole)
            return QString::number(m_first + section);
        if (role == Qt::ToolTipRole)
            return tr("Log index %1").arg(m_first + section);
        return {};
    }
    if (section < 0 || section >= int(m_logs.size()))
        return {};
    const RaftNodeLog& log = m_logs[std::size_t(section)];
    switch (role) {
    case Qt::DisplayRole:
        return log.node;
    case Qt::FontRole: {
        QFont font;
        font.setBold(section == m_leader);
        return font;
    }
    case Qt::DecorationRole: {
        QPixmap swatch(10, 10);
        swatch.fill(log.dead ? QColor(0x5e, 0x5c, 0x64) : raftRoleColor(log.known ? log.role : RaftRole::Unknown));
        return swatch;
    }
    case Qt::ToolTipRole: {
        if (!log.known)
            return tr("%1: no state yet").arg(log.node);
        QString state = raftRoleName(log.role);
        if (log.dead)
            state = tr("dead (was %1)").arg(state);
        else if (log.paused)
            state = tr("paused (%1)").arg(state);
        return tr("%1: %2, term %3\ncommit %4, applied %5, last index %6, snapshot ≤ %7")
            .arg(log.node, state)
            .arg(log.term)
            .arg(log.commit)
            .arg(log.applied)
            .arg(log.lastIndex)
            .arg(log.snapshotIndex);
    }
    default:
        return {};
    }
}

void RaftLogModel::setWindow(int indices) {
    m_window = std::max(1, indices);
    setLogs(m_logs);
}

void RaftLogModel::setLogs(std::vector<RaftNodeLog> logs) {
    qint64 last = 0;
    int leader = -1;
    for (int row = 0; row < int(logs.size()); ++row) {
        const RaftNodeLog& log = logs[std::size_t(row)];
        if (!log.known)
            continue;
        last = std::max(last, log.lastIndex);
        // The leader's followers may be owed entries past every log (nextIndex = last + 1).
        for (const RaftPeerProgress& peer : log.peers)
            last = std::max(last, peer.next);
        if (log.role == RaftRole::Leader && !log.dead &&
            (leader < 0 || log.term > logs[std::size_t(leader)].term))
            leader = row;
    }
    const qint64 first = std::max<qint64>(1, last - m_window + 1);
    const int columns = last == 0 ? 0 : int(last - first + 1);

    const bool sameRows = logs.size() == m_logs.size() &&
                          std::equal(logs.begin(), logs.end(), m_logs.begin(),
                                     [](const RaftNodeLog& a, const RaftNodeLog& b) { return a.node == b.node; });
    if (!sameRows) {
        beginResetModel();
        m_logs = std::move(logs);
        m_first = first;
        m_columns = columns;
        m_leader = leader;
        endResetModel();
        return;
    }
    if (columns > m_columns) {
        beginInsertColumns({}, m_columns, columns - 1);
        m_columns = columns;
        endInsertColumns();
    } else if (columns < m_columns) {
        beginRemoveColumns({}, columns, m_columns - 1);
        m_columns = columns;
        endRemoveColumns();
    }
    m_logs = std::move(logs);
    m_first = first;
    m_leader = leader;
    if (!m_logs.empty() && m_columns > 0) {
        Q_EMIT dataChanged(index(0, 0), index(int(m_logs.size()) - 1, m_columns - 1));
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, m_columns - 1);
    }
    if (!m_logs.empty())
        Q_EMIT headerDataChanged(Qt::Vertical, 0, int(m_logs.size()) - 1);
}

}  // namespace distlab::views
