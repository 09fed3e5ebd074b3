#pragma once

#include <QFrame>

class QLabel;

namespace distlab::views {

class RunTimeline;

// The classroom caption above the canvas: the scenario's latest narrative step at the timeline
// cursor ("Step 2 of 5 · 3.0 s"), in English or Chinese, so scrubbing back shows what was said
// then. Hidden while the run has no step yet.
//
// Threading: GUI thread only.
class NarrativeBar final : public QFrame {
    Q_OBJECT
public:
    explicit NarrativeBar(RunTimeline& timeline, QWidget* parent = nullptr);

    void setChinese(bool chinese);
    // How many steps the scenario has, for "step i of n" (0: unknown).
    void setStepCount(int count);
    // Says the run is paused at this step and waits for Continue.
    void setWaiting(bool waiting);

    QString caption() const;
    // The caption's text in `pixels` (presentation mode, for the back of a room), the step's
    // position at half of it; 0: the window's font, the caption a fifth larger.
    void setTextPixelSize(int pixels);

private:
    void refresh();

    RunTimeline& m_timeline;
    QLabel* m_position;
    QLabel* m_text;
    bool m_chinese = false;
    bool m_waiting = false;
    int m_stepCount = 0;
};

}  // namespace distlab::views
