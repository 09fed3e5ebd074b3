#pragma once

#include <QStringList>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;

namespace distlab::views {

class EventLogFilter;

// The Log dock's content: node, level and text filters above the log table. It follows the
// newest rows while the table is scrolled to the bottom (scrolling up stops that).
//
// Ownership: the filter (and its log model) must outlive the panel. Threading: GUI thread only.
class LogPanel final : public QWidget {
    Q_OBJECT
public:
    explicit LogPanel(EventLogFilter& filter, QWidget* parent = nullptr);

    // The node filter's choices: every node, then each of `nodes`.
    void setNodes(const QStringList& nodes);
    void addNode(const QString& node);
    // Follows the newest rows again (a new run).
    void followNewest() { m_follow = true; }

Q_SIGNALS:
    // A line was clicked: its node (empty for a lab line) and time.
    void lineClicked(const QString& node, qint64 tNs);

private:
    EventLogFilter& m_filter;
    QComboBox* m_node = nullptr;
    QComboBox* m_level = nullptr;
    QLineEdit* m_text = nullptr;
    QTableView* m_table = nullptr;
    bool m_follow = true;
};

}  // namespace distlab::views
