#pragma once

#include <QObject>

class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QTimer;
class QWidget;

namespace distlab::views {

class RunTimeline;

// Moving through a run or a recording: Live (End), Play (Ctrl+Space), the Timeline menu's steps
// to the next message, the next event of the selected node, the next and the previous fault, and
// the one speed control.
//
// The speed is against the scenario's time (1× as written, 1/10× slow motion, 10× fast). What it
// acts on depends on the moment, and its caption says which: while the cursor shows the past (a
// recording, a scrubbed run, Play) it is the speed of Play; while a simulation is live, or before
// one, how fast the simulation runs (speedChanged: the window paces the run); while a run on real
// processes is live it cannot act (they run at the scenario's own pace) and is disabled, as it is
// with nothing to play or simulate. Live is offered only while a run is in progress.
//
// Ownership: the actions, the speed box and its caption are children of `parent` (the window);
// the timeline must outlive this object. Threading: GUI thread only.
class PlaybackControls final : public QObject {
    Q_OBJECT
public:
    enum class Step { NextMessage, NextNodeEvent, NextFault, PreviousFault };
    // The run in progress, if any.
    enum class Run { None, Simulated, Real };
    // What the speed control acts on now.
    enum class SpeedUse { Nothing, Simulation, Playback };

    PlaybackControls(RunTimeline& timeline, QWidget* parent);

    QAction* liveAction() const { return m_live; }
    QAction* playAction() const { return m_play; }
    QComboBox* speedBox() const { return m_speed; }
    // The caption above the speed box: what the speed applies to now.
    QLabel* speedCaption() const { return m_caption; }
    // Times the scenario's time (1 as written, 0.1 ten times slower).
    double speed() const;
    void setSpeed(double speed);
    SpeedUse speedUse() const { return m_use; }
    // The window says what runs and whether the next run is simulated.
    void setRun(Run run, bool simulateNext);
    // Live, Play and the steps, into the Timeline menu.
    void addTo(QMenu* menu);
    // Stops playing (a new run or recording).
    void stop();
    void step(Step what);

Q_SIGNALS:
    // The user chose another speed (times the scenario's time).
    void speedChanged(double speed);

private:
    void advance();
    void updateSpeedUse();

    RunTimeline& m_timeline;
    QAction* m_live = nullptr;
    QAction* m_play = nullptr;
    QComboBox* m_speed = nullptr;
    QLabel* m_caption = nullptr;
    QTimer* m_timer = nullptr;
    Run m_run = Run::None;
    bool m_simulateNext = false;
    SpeedUse m_use = SpeedUse::Nothing;
};

}  // namespace distlab::views
