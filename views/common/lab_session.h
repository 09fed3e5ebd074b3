#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

#include "netlab/api/scenario_files.h"
#include "views/common/highlight.h"

namespace distlab::netlab {
struct Judgement;
class LabRun;
struct ListenOptions;
class MetricsEndpoint;
class RunControl;
}

namespace distlab::views {

class TraceBridge;

// One check's verdict at the end of a run, as the GUI shows it.
struct CheckVerdict {
    QString name;
    QString verdict;     // "pass", "fail" or "unknown"
    QString detail;      // in the window's language
    bool passed = false;
    qint64 windowStartNs = -1;   // where the check found its anomaly, when it knows (-1: no window)
    qint64 windowEndNs = -1;
    // What the anomaly involves (netlab::CheckResult's nodes, messages and ops), as a highlight
    // for the views; empty when the check names nothing.
    Highlight involved;
};

// The verdicts of a judged run, as the GUI shows them.
QList<CheckVerdict> verdictsOf(const netlab::Judgement& judgement);

// The lab as the GUI drives it: holds the loaded scenario, runs it (real processes or the
// simulator, through the engine facade's netlab::LabRun, on the run's own thread) and feeds
// every event to its TraceBridge. The GUI thread never waits on a run: start() returns at once
// and stop() only asks.
//
// Ownership: owns the scenario, the bridge and the run; the destructor stops a run in progress
// and waits for it.
// Threading: GUI thread only; the run talks back through the bridge and queued calls.
class LabSession final : public QObject {
    Q_OBJECT
public:
    explicit LabSession(QObject* parent = nullptr);
    ~LabSession() override;

    // Loads a scenario file; on failure returns the diagnostics (one per line) and keeps the
    // previous scenario. Refused while a run is in progress.
    QString load(const QString& path);
    // Loads an edited scenario as if from a file: written as YAML and loaded back (so it is
    // validated and resolved exactly as a saved file would be); `path` names it in diagnostics.
    QString load(const netlab::Scenario& scenario, const QString& path);
    bool hasScenario() const;
    // Requires: hasScenario().
    const netlab::Scenario& scenario() const;
    QString scenarioPath() const { return m_path; }

    TraceBridge& bridge() { return *m_bridge; }

    // distlab-node, for real runs.
    void setNodeBinary(const QString& path) { m_nodeBinary = path; }
    // Simulated runs: whether virtual time keeps pace with the wall clock (for watching) or
    // runs as fast as it can (tests).
    void setPaced(bool paced) { m_paced = paced; }

    // Simulated runs: how many times slower than the scenario's time virtual time passes while
    // paced (1 = as written, 100 = slow motion; the engine paces, netlab::Pacer). Applies at
    // once, also to a run in progress.
    void setSlowdown(double factor);

    // Every run is recorded into this folder (netlab::RunsFolder: named by scenario and time,
    // oldest removed past the size cap, the verdict stored at the end); empty: runs are not
    // recorded.
    void setRunsFolder(const QString& dir, qint64 sizeCapBytes);
    QString runsFolder() const { return m_runsFolder; }
    qint64 runsCapBytes() const { return m_runsCap; }
    // The recording of the current or last run (empty when none).
    QString lastRecording() const { return m_lastRecording; }
    // Serves the live run's metrics for Prometheus on 127.0.0.1:port (0: any free port), from
    // now on; returns the URL, or an error text starting with "error: ".
    QString serveMetrics(quint16 port);
    // Real runs from now on listen on `address` (ADDR[:PORT]) instead of 127.0.0.1, serving TLS
    // beyond loopback, and the nodes in `remote` (ids separated by commas, or "all") join from
    // other machines; `credentialsDir` holds cert.pem, key.pem and token (empty: made per run).
    // Returns an error text, empty when the address is usable (docs/beyond-one-machine.md).
    QString setListen(const QString& address, const QString& remote, const QString& credentialsDir);

    bool isRunning() const { return m_running; }
    // Faults by hand, holds and pausing for the run in progress (RunControl's rules); nullptr
    // when no run is in progress.
    netlab::RunControl* control();
    // Pauses or resumes the run in progress (pausedChanged follows); pause at narrative steps
    // marked `pause: true` when step mode is on (this run and the next).
    void setPaused(bool paused);
    bool isPaused() const;
    // Whether the current or last run is simulated (false: real processes).
    bool isSimulated() const { return m_simulated; }
    void setStepMode(bool on);
    bool stepMode() const { return m_stepMode; }
    // Starts a run of the loaded scenario; false when one is already running or none is loaded.
    bool start(bool simulate);
    // Asks the running run to end early; runFinished follows. The run ends where it is, in
    // both modes, and is judged "stopped" (lastVerdict()), neither passed nor failed.
    void stop();
    // The last finished run as a whole (netlab::Judgement::verdict): "passed", "failed",
    // "no_checks" or "stopped"; empty before a run ends or when the lab itself failed. Set
    // before runFinished.
    QString lastVerdict() const { return m_lastVerdict; }
    // When the last run was stopped, its run time then in nanoseconds; -1 otherwise.
    qint64 lastStoppedAtNs() const { return m_lastStoppedAtNs; }

Q_SIGNALS:
    // A run began (simulated or on real processes).
    void runStarted(bool simulated);
    // The run was paused or resumed (by the user, or by a narrative step in step mode).
    void pausedChanged(bool paused);
    // Run time advanced (every 100 ms of run time): elapsed and total in milliseconds.
    void progressed(qint64 elapsedMs, qint64 totalMs);
    // The run ended; `error` is empty unless the lab itself failed. Every event of the run has
    // been delivered through the bridge before this.
    void runFinished(bool passed, const QList<distlab::views::CheckVerdict>& checks, const QString& error);
    // A real run listens beyond loopback or waits for remote nodes: where, and the command that
    // starts a node elsewhere (with the run's token; ID stands for the node's id).
    void listening(const QString& where, const QString& joinCommand, const QStringList& remoteNodes);

private:
    struct Outcome;
    QString adopt(netlab::ScenarioLoad loaded, const QString& path);
    void finish(const Outcome& outcome);

    std::unique_ptr<netlab::Scenario> m_scenario;
    QString m_path;
    QString m_nodeBinary;
    TraceBridge* m_bridge;
    bool m_paced = true;
    bool m_running = false;
    bool m_simulated = false;
    double m_slowdown = 1.0;
    QString m_runsFolder;
    qint64 m_runsCap = 0;
    QString m_lastRecording;
    QString m_lastVerdict;
    qint64 m_lastStoppedAtNs = -1;
    std::shared_ptr<netlab::MetricsEndpoint> m_metrics;   // fed by every run once serving
    std::shared_ptr<netlab::ListenOptions> m_listen;      // null: 127.0.0.1, every node started here
    bool m_stepMode = false;
    bool m_pausedShown = false;   // what pausedChanged last said
    // The current or last run; declared last, so it is stopped and joined first.
    std::unique_ptr<netlab::LabRun> m_run;
};

}  // namespace distlab::views
