#pragma once

#include <QSortFilterProxyModel>
#include <QString>

#include "views/log/event_log_model.h"

namespace distlab::views {

// Shows the rows of an EventLogModel that match a node, a minimum severity and a piece of text
// (case-insensitive, in the message). An empty node or text matches every row.
//
// Threading: GUI thread only.
class EventLogFilter final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit EventLogFilter(QObject* parent = nullptr);

    void setNode(const QString& node);
    void setMinimumSeverity(LogSeverity severity);
    void setText(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_node;
    LogSeverity m_minimum = LogSeverity::Debug;
    QString m_text;
};

}  // namespace distlab::views
