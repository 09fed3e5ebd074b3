#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <vector>

#include "netlab/api/role_catalog.h"
#include "views/common/trace_bridge.h"

namespace distlab::views {

// How much a log row matters; the filter shows rows at or above a chosen level.
enum class LogSeverity { Debug, Info, Lab, Warn, Error, Violation };

// The run's log: node log lines, violations, phase changes ("enters open: 12 of 20 calls failed",
// the phase labelled as the run's role catalog declares it) and what the lab did (nodes started
// and exited, faults, narrative steps), one row each, in arrival (time) order. Append-only; rows arrive in
// batches from the TraceBridge, one insert per batch.
//
// Threading: GUI thread only.
class EventLogModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, NodeColumn, LevelColumn, TextColumn, ColumnCount };
    // Data roles beyond Qt's: the row's LogSeverity as an int, and its time in nanoseconds.
    enum Role { SeverityRole = Qt::UserRole + 1, TimeRole };

    explicit EventLogModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Narrative steps, phase labels and the lab's own lines in Chinese instead of English
    // (default: as the window speaks, chineseUi()).
    void setChinese(bool chinese) { m_chinese = chinese; }
    // Slot: the rows of a batch (events that are no log line are skipped).
    void append(const distlab::views::EventBatch& batch);
    // Slot: forgets every row (a new run).
    void clear();

    static QString severityName(LogSeverity severity);

private:
    struct Row {
        qint64 tNs = 0;
        QString node;
        LogSeverity severity = LogSeverity::Info;
        QString text;
    };
    bool toRow(const netlab::Event& event, Row& row) const;

    std::vector<Row> m_rows;
    netlab::RoleCatalog m_catalog;   // of the events appended so far
    bool m_chinese = false;
};

}  // namespace distlab::views
