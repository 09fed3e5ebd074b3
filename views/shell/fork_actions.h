#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <functional>

#include "core/model/result.h"
#include "netlab/api/fork.h"

class QAction;
class QPoint;
class QWidget;

namespace distlab::views {

class LabSession;
class MessageIndex;
class RunTimeline;

// What if: Run > Fork Here and the message diagram's "fork: deliver this now" / "fork: drop this"
// (netlab/api/fork.h). A fork starts from the recording shown, in playback or while its run is
// paused, at the timeline's cursor: the simulator replays the recording to that moment, makes the
// change and runs on, recorded into the runs folder; `forked` then hands the window the new
// recording (which opens it as a run of its own beside the parent's).
//
// Ownership: the fork runs on a worker (QtConcurrent) with a watcher this object owns; the
// destructor waits for it (a fork runs in the simulator, as fast as it goes).
// Threading: GUI thread only.
class ForkActions final : public QObject {
    Q_OBJECT
public:
    // `parentRecording` gives the recording a fork would start from now: the one in playback, or
    // the paused run's; empty when there is none (or the run is not paused).
    ForkActions(QWidget& window, RunTimeline& timeline, LabSession& session, std::function<QString()> parentRecording);
    ~ForkActions() override;

    // Run > Fork Here...: asks for the change, then forks at the cursor.
    QAction* forkHereAction() const { return m_forkHere; }
    // Enables the action as parentRecording() and a fork in progress allow.
    void updateActions();
    // The message diagram's menu for message `message` of `index`.
    void showMessageMenu(const MessageIndex& index, qint64 message, const QPoint& screenPos);
    // Starts a fork (refused, with a note, while one runs or without a recording).
    void fork(netlab::ForkSetup setup);
    bool isForking() const;
    // Waits for a fork in progress (tests).
    void waitForFork();

Q_SIGNALS:
    // A fork was recorded at `recording`; `summary` says what changed and how the replay compared.
    void forked(const QString& recording, const QString& parent, const QString& summary);
    // A note for the status bar (a fork started, or could not).
    void note(const QString& text);

private:
    void forkHere();
    void onFinished();

    QWidget& m_window;
    RunTimeline& m_timeline;
    LabSession& m_session;
    std::function<QString()> m_parentRecording;
    QAction* m_forkHere;
    QString m_parent;                 // of the fork in progress
    QFutureWatcher<core::Result<netlab::ForkDone>>* m_watcher;
};

}  // namespace distlab::views
