#include "views/log/event_log_filter.h"

namespace distlab::views {

EventLogFilter::EventLogFilter(QObject* parent) : QSortFilterProxyModel(parent) {}

void EventLogFilter::setNode(const QString& node) {
    if (node == m_node)
        return;
    m_node = node;
    invalidateRowsFilter();
}

void EventLogFilter::setMinimumSeverity(LogSeverity severity) {
    if (severity == m_minimum)
        return;
    m_minimum = severity;
    invalidateRowsFilter();
}

void EventLogFilter::setText(const QString& text) {
    if (text == m_text)
        return;
    m_text = text;
    invalidateRowsFilter();
}

bool EventLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QAbstractItemModel* source = sourceModel();
    if (!m_node.isEmpty() &&
        source->index(sourceRow, EventLogModel::NodeColumn, sourceParent).data().toString() != m_node)
        return false;
    const QModelIndex text = source->index(sourceRow, EventLogModel::TextColumn, sourceParent);
    if (text.data(EventLogModel::SeverityRole).toInt() < int(m_minimum))
        return false;
    return m_text.isEmpty() || text.data().toString().contains(m_text, Qt::CaseInsensitive);
}

}  // namespace distlab::views
