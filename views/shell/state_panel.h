#pragma once

#include <QStringList>
#include <QWidget>

class QComboBox;
class QToolButton;
class QTreeView;

namespace distlab::views {

class RunTimeline;
class StateModel;

// The State dock's content: a node chooser and the "since" toggle above the snapshot tree. In
// "since" mode the shown node's snapshot at the cursor's time when the toggle was pressed is the
// baseline the tree highlights differences from.
//
// Ownership: the model and the timeline must outlive the panel. Threading: GUI thread only.
class StatePanel final : public QWidget {
    Q_OBJECT
public:
    StatePanel(StateModel& model, RunTimeline& timeline, QWidget* parent = nullptr);

    void setNodes(const QStringList& nodes);
    void addNode(const QString& node);
    // Shows `node`'s state (the chooser follows).
    void showNode(const QString& node);
    // Opens the tree's first level (after the model was rebuilt).
    void expand();

Q_SIGNALS:
    // The user chose a node in the chooser.
    void nodeChosen(const QString& node);

private:
    void applyBaseline();

    StateModel& m_model;
    RunTimeline& m_timeline;
    QComboBox* m_node = nullptr;
    QToolButton* m_since = nullptr;
    qint64 m_sinceNs = 0;
    QTreeView* m_tree = nullptr;
};

}  // namespace distlab::views
