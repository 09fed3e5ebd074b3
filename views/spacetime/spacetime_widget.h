#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QToolButton;

namespace distlab::views {

class RunTimeline;
class SpacetimeCanvas;

// The message diagram dock: a bar with "Fit", zoom out and in, a hint of what the mouse does and
// "Selected node only"; the message types as a checkable legend across the whole width, wrapped
// into as many rows as it needs (the colour legend and the type filter at once); the space-time
// canvas, and a pane with the selected message's route, times, vector clock, happens-before
// counts and body.
//
// Threading: GUI thread only. Does not own the timeline.
class SpacetimeWidget final : public QWidget {
    Q_OBJECT
public:
    explicit SpacetimeWidget(RunTimeline& timeline, QWidget* parent = nullptr);

    SpacetimeCanvas* canvas() const { return m_canvas; }
    QListWidget* typeList() const { return m_types; }
    QPlainTextEdit* detail() const { return m_detail; }

protected:
    void resizeEvent(QResizeEvent* event) override;
    // A new palette or colour scheme (views/common/colour_scheme.h): the legend's swatches follow.
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refresh();
    void fitLegend();
    void showMessage(qint64 message);
    void onTypeItemChanged(QListWidgetItem* item);

    RunTimeline& m_timeline;
    SpacetimeCanvas* m_canvas = nullptr;
    QToolButton* m_fit = nullptr;
    QCheckBox* m_nodeOnly = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_hint = nullptr;
    QListWidget* m_types = nullptr;
    QPlainTextEdit* m_detail = nullptr;
};

}  // namespace distlab::views
