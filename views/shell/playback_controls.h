#pragma once

#include <QObject>

class QAction;
class QComboBox;
class QMenu;
class QTimer;
class QWidget;

namespace distlab::views {

class RunTimeline;

// Moving through a run or a recording: Live (End), Play (Ctrl+Space) at a chosen speed, and the
// Timeline menu's steps to the next message, the next event of the selected node, the next and
// the previous fault.
//
// Ownership: the actions and the speed box are children of `parent` (the window); the timeline
// must outlive this object. Threading: GUI thread only.
class PlaybackControls final : public QObject {
    Q_OBJECT
public:
    enum class Step { NextMessage, NextNodeEvent, NextFault, PreviousFault };

    PlaybackControls(RunTimeline& timeline, QWidget* parent);

    QAction* liveAction() const { return m_live; }
    QAction* playAction() const { return m_play; }
    QComboBox* speedBox() const { return m_speed; }
    // Live, Play and the steps, into the Timeline menu.
    void addTo(QMenu* menu);
    // Stops playing (a new run or recording).
    void stop();
    void step(Step what);

private:
    void advance();

    RunTimeline& m_timeline;
    QAction* m_live = nullptr;
    QAction* m_play = nullptr;
    QComboBox* m_speed = nullptr;
    QTimer* m_timer = nullptr;
};

}  // namespace distlab::views
