#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>

namespace distlab::netlab {
struct Scenario;
}

namespace distlab::views {

class TraceBridge;

// One check's verdict at the end of a run, as the GUI shows it.
struct CheckVerdict {
    QString name;
    QString verdict;     // "pass", "fail" or "unknown"
    QString detail;
    bool passed = false;
};

// The lab as the GUI drives it: holds the loaded scenario, runs it (real processes through
// netlab's runner, or the simulator) on a worker thread, and feeds every event to its
// TraceBridge. The GUI thread never waits on a run: start() returns at once and stop() only asks.
//
// Ownership: owns the scenario, the bridge and the worker thread; the destructor stops a run in
// progress and joins the worker.
// Threading: GUI thread only; the worker talks back through the bridge and queued calls.
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

    bool isRunning() const { return m_running; }
    // Starts a run of the loaded scenario; false when one is already running or none is loaded.
    bool start(bool simulate);
    // Asks the running run to end early; runFinished follows. A real run stops its nodes at once;
    // a simulated one stops keeping pace and runs to its end at full speed (the runner always
    // finishes a simulation), which takes milliseconds.
    void stop();

Q_SIGNALS:
    // A run began (simulated or on real processes).
    void runStarted(bool simulated);
    // Run time advanced (every 100 ms of run time): elapsed and total in milliseconds.
    void progressed(qint64 elapsedMs, qint64 totalMs);
    // The run ended; `error` is empty unless the lab itself failed. Every event of the run has
    // been delivered through the bridge before this.
    void runFinished(bool passed, const QList<distlab::views::CheckVerdict>& checks, const QString& error);

private:
    struct Outcome;
    void finish(const Outcome& outcome);
    void join();

    std::unique_ptr<netlab::Scenario> m_scenario;
    QString m_path;
    QString m_nodeBinary;
    TraceBridge* m_bridge;
    bool m_paced = true;
    bool m_running = false;
    std::atomic<bool> m_stop{false};
    std::thread m_worker;
};

}  // namespace distlab::views
