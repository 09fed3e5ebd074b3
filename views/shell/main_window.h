#pragma once

#include <QList>
#include <QMainWindow>

namespace distlab::views {

class EditorController;
class EventLogFilter;
class EventLogModel;
class LabSession;
class StateModel;
class TopologyScene;
class TopologyView;
struct CheckVerdict;

// DistLab's lab window: the topology canvas in the centre, docks for the log, the selected
// node's state and the check verdicts, a toolbar to open a scenario and run or stop it (on real
// processes or in the simulator), and a status bar with the run's progress. Geometry, dock
// layout and the simulate toggle persist in QSettings.
//
// Ownership: owns the session, the models and every widget (Qt parent/child).
// Threading: GUI thread only; runs happen on the session's worker thread.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads a scenario file into the window; on failure shows why and returns false.
    bool openScenario(const QString& path);
    // distlab-node, for runs on real processes.
    void setNodeBinary(const QString& path);
    // Starts a run of the open scenario (simulated when the toggle says so).
    void runScenario();
    void stopRun();
    // Whether the next run uses the simulator.
    void setSimulate(bool simulate);

    LabSession& session() { return *m_session; }
    EventLogModel& logModel() { return *m_logModel; }
    StateModel& stateModel() { return *m_stateModel; }
    TopologyScene& topology() { return *m_scene; }
    EditorController& editor() { return *m_editor; }

Q_SIGNALS:
    // The user asked for a scenario file to open (menu, toolbar or shortcut).
    void openRequested();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildActions();
    void buildDocks();
    void chooseScenario();
    void showDocument(const QString& path);
    void selectNode(const QString& node);
    void addNodeToLists(const QString& node);
    void showRunStarted(bool simulated);
    void showProgress(qint64 elapsedMs, qint64 totalMs);
    void showRunFinished(bool passed, const QList<distlab::views::CheckVerdict>& checks, const QString& error);
    void updateActions();
    void restoreSettings();
    void saveSettings() const;

    struct Ui;
    Ui* m_ui;
    LabSession* m_session;
    EventLogModel* m_logModel;
    EventLogFilter* m_logFilter;
    StateModel* m_stateModel;
    TopologyScene* m_scene;
    TopologyView* m_view;
    EditorController* m_editor;
};

}  // namespace distlab::views
