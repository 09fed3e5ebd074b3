#pragma once

#include <QByteArray>
#include <QObject>

#include <functional>
#include <vector>

class QAction;
class QDockWidget;
class QKeySequence;
class QMainWindow;

namespace distlab::views {

class NarrativeBar;
class RunTimeline;
class TimelineStrip;
class TopologyView;
class WindowDocks;

// Presentation mode (F11, View > Presentation): the window as a projector view. Full screen,
// without menu bar, toolbar, status bar or docks; the canvas fitted to the nodes up to 4x; the narrative
// caption large at the top and the timeline larger at the bottom (both sized from the screen's
// height, so they read at 1280 x 720 from the back of a room); one chosen view (a pattern view
// that applies, the message diagram or Metrics: WindowDocks::presentableDocks) beside the canvas.
// Keys while presenting: 1-9 choose the view, 0 none; Space goes to the next narrative step (at
// the newest step of a live run it asks the run to continue: continueRequested); Left and Right
// move the cursor by a fiftieth of the run, Home goes to its start; Esc or F11 leave. Leaving
// puts back the window's state, its layout, bars and fonts as they were. The chosen view is
// remembered (QSettings presentation/view).
//
// Ownership: a child of the window; the actions belong to the window (its shortcuts stay live
// without the menu bar). The docks, the timeline and the parts must outlive this object.
// Threading: GUI thread only.
class Presentation final : public QObject {
    Q_OBJECT
public:
    struct Parts {
        TopologyView* canvas = nullptr;
        NarrativeBar* narrative = nullptr;
        TimelineStrip* strip = nullptr;
    };

    Presentation(QMainWindow& window, WindowDocks& docks, RunTimeline& timeline, const Parts& parts);

    // View > Presentation (F11), checked while presenting.
    QAction* toggleAction() const { return m_toggle; }
    bool isActive() const { return m_active; }
    void enter();
    void leave();
    // Number key `number`: the view of that number beside the canvas (1 the first), 0 none; a
    // number without a view changes nothing.
    void showView(int number);
    // The dock beside the canvas; nullptr when none (or not presenting).
    QDockWidget* shownView() const;
    // Space: the cursor to the next narrative step.
    void nextStep();
    // Left (-1) and Right (+1): the cursor a fiftieth of the run back or on.
    void moveCursor(int direction);

Q_SIGNALS:
    // Emitted before the window changes, so the lab page can be shown first.
    void aboutToEnter();
    // Space with no later step while the timeline is live: a run paused at a step continues.
    void continueRequested();

private:
    void addKey(const QKeySequence& key, const QString& text, std::function<void()> onTriggered);
    int screenHeight() const;
    // The point size of text `pixels` high on the window's screen.
    double pointsFor(int pixels) const;

    QMainWindow& m_window;
    WindowDocks& m_docks;
    RunTimeline& m_timeline;
    Parts m_parts;
    QAction* m_toggle = nullptr;
    std::vector<QAction*> m_keys;   // enabled only while presenting
    bool m_active = false;
    QDockWidget* m_shown = nullptr;
    // What leave() restores.
    QByteArray m_layout;
    Qt::WindowStates m_windowState;
    bool m_menuBarShown = true;
    bool m_statusBarShown = true;
    QByteArray m_geometry;
};

}  // namespace distlab::views
