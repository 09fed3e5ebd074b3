#pragma once

#include <QList>
#include <QMainWindow>

#include <vector>

class QLabel;

namespace distlab::core::maelstrom {
struct MaelstromTest;
}

namespace distlab::netlab {
struct Event;
}

namespace distlab::views {

class ChaosDialog;
class StressDialog;
class ChecksPanel;
class EditorController;
class EventLogFilter;
class EventLogModel;
class ExportActions;
class ForkActions;
class HandFaults;
class LabSession;
class LibraryPage;
class LogPanel;
class NarrativeBar;
class PlaybackControls;
class Presentation;
class RecentFiles;
class RecordingLoader;
class RunTimeline;
class StateModel;
class StatePanel;
class TimelineStrip;
class TopologyScene;
class TopologyView;
class WindowDocks;
struct CheckVerdict;
struct LoadedRecording;

// DistLab's lab window. Two pages: the scenario library (where it starts without a file) and the
// lab: the narrative caption, the topology canvas and the timeline strip in the centre; docks for
// the role palette, inspector, log, state, checks, held messages, metrics, the message diagram
// and the registered pattern views of the patterns the scenario uses (WindowDocks); a toolbar to
// run, pause, stop and restart (on real processes or in the simulator); beside the timeline Play,
// Live and the one speed control (PlaybackControls: the simulation's pace or Play's); and a status
// bar with the run's progress, or the cursor's time in playback (a recording is read only). Every view reads one RunTimeline, so
// scrubbing the timeline (PlaybackControls) or opening a recording (RecordingLoader) shows the
// lab at the cursor everywhere. Reports, pictures and comparisons go out through ExportActions.
// Geometry, dock layout, theme and toggles persist in QSettings. The window itself is the wiring.
//
// Ownership: owns the session, the models and every widget (Qt parent/child).
// Threading: GUI thread only; runs happen on the session's worker thread; a recording loads and a
// report is written on workers owned by RecordingLoader and ExportActions, which cancel or wait
// for them when the window goes, so no work outlives it.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads a scenario file into the window; on failure shows why and returns false.
    bool openScenario(const QString& path);
    // Opens a .distlab recording for playback (read on a worker; recordingOpened follows).
    bool openRecording(const QString& path);
    // A scenario (.yaml) or a recording (.distlab), by its extension.
    bool openFile(const QString& path);
    // The start page with every shipped scenario under `root`.
    void showLibrary();
    void setLibraryRoot(const QString& root);
    void showLab();
    bool isShowingLibrary() const;
    // distlab-node, for runs on real processes.
    void setNodeBinary(const QString& path);
    // Starts a run of the open scenario (simulated when the toggle says so).
    void runScenario();
    void stopRun();
    // Serves live metrics for Prometheus on 127.0.0.1:port (0: any free port) and shows the URL.
    void serveMetrics(quint16 port);
    // Real runs listen on `address` with TLS and let the `remote` nodes join from other
    // machines (LabSession::setListen); each run then shows, in the status bar, where and the
    // command that starts a node elsewhere. Returns an error text, empty when usable.
    QString setListen(const QString& address, const QString& remote, const QString& credentialsDir);
    // Run > Chaos: a campaign on the lab as edited, in a dialog (the one still running comes
    // forward); its "Open and Replay" opens the shrunk scenario here and runs it in the simulator.
    // nullptr without a lab.
    ChaosDialog* openChaos();
    // Run > Stress on the lab as edited (nullptr when it has no node).
    StressDialog* openStress();
    // Whether the next run uses the simulator.
    void setSimulate(bool simulate);
    // File > Run My Node...: the scenario `distlab-cli maelstrom test` would run for `test`,
    // written to the temporary folder, opened and run on real processes. False (having said why)
    // when the program is not an executable file or the scenario cannot be opened.
    bool runMyNode(const core::maelstrom::MaelstromTest& test);

    LabSession& session() { return *m_session; }
    EventLogModel& logModel() { return *m_logModel; }
    StateModel& stateModel() { return *m_stateModel; }
    TopologyScene& topology() { return *m_scene; }
    RunTimeline& timeline() { return *m_timeline; }
    HandFaults& handFaults() { return *m_faults; }
    LibraryPage& library() { return *m_library; }
    EditorController& editor() { return *m_editor; }
    RecordingLoader& recordingLoader() { return *m_loader; }
    ExportActions& exports() { return *m_exports; }
    ForkActions& forks() { return *m_forks; }
    WindowDocks& docks() { return *m_docks; }
    Presentation& presentation() { return *m_presentation; }
    TopologyView& canvas() { return *m_view; }

Q_SIGNALS:
    // The user asked for a scenario file to open (menu, toolbar or shortcut).
    void openRequested();
    // A recording finished loading into the timeline (or failed: `error` says why).
    void recordingOpened(const QString& path, const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildActions();
    void buildMenus();
    void chooseScenario();
    void showDocument(const QString& path);
    void updateTitle();
    void selectNode(const QString& node);
    void addNodeToLists(const QString& node);
    void showRunStarted(bool simulated);
    void showListening(const QString& where, const QString& joinCommand, const QStringList& remoteNodes);
    void showProgress(qint64 elapsedMs, qint64 totalMs);
    void showRunFinished(bool passed, const QList<distlab::views::CheckVerdict>& checks, const QString& error);
    void showRecording(const distlab::views::LoadedRecording& recording);
    void updateActions();
    void takeEvents(const std::vector<netlab::Event>& batch);
    void replayToCursor();
    void compareScenarios(const QString& a = QString(), const QString& b = QString());
    // The recording a fork starts from now: the one in playback, the paused run's, or the last
    // run's once it ended; empty otherwise.
    QString forkParent() const;
    // Opens a fork's recording in a window of its own, the parent's staying here.
    void openFork(const QString& recording, const QString& summary);
    void showPaused(bool paused);
    void showCursorTime();
    void applySpeed();
    void restoreSettings();
    void saveSettings() const;

    struct Ui;
    Ui* m_ui;
    LabSession* m_session;
    QLabel* m_listeningLabel = nullptr;   // where the lab listens for remote nodes, once it does
    EventLogModel* m_logModel;
    EventLogFilter* m_logFilter;
    StateModel* m_stateModel;
    TopologyScene* m_scene;
    TopologyView* m_view;
    EditorController* m_editor;
    RunTimeline* m_timeline;
    TimelineStrip* m_strip;
    NarrativeBar* m_narrative;
    RecentFiles* m_recent;
    LibraryPage* m_library;
    HandFaults* m_faults;
    LogPanel* m_logPanel;
    StatePanel* m_statePanel;
    ChecksPanel* m_checks;
    PlaybackControls* m_playback;
    RecordingLoader* m_loader;
    ExportActions* m_exports;
    ForkActions* m_forks;
    WindowDocks* m_docks = nullptr;
    Presentation* m_presentation = nullptr;
};

}  // namespace distlab::views
