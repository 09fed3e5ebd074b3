#pragma once

#include <QDialog>
#include <QFutureWatcher>

#include <atomic>
#include <expected>
#include <optional>

#include "netlab/api/stress.h"
#include "netlab/scenario/scenario.h"

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTextBrowser;

namespace distlab::views {

// Run > Stress: the open scenario's clients driven open loop at a rising offered rate in the
// simulator until the system saturates (docs/stress.md, what distlab-cli stress does). The
// options: the ramp (from, to, step, in operations per second over every client), how long each
// step holds, and whether the closed loop runs beside it. Start runs the campaign on a worker
// and becomes Stop; the progress bar counts steps. At the end: throughput and p50 / p99 / p99.9
// per offered rate with the knee and the saturation point, and the report (charts against the
// offered load, then the knee's run) written to a folder in the temporary folder; reportReady
// says where, and "Open Report" says it again.
//
// Threading: GUI thread only; the campaign runs on a QtConcurrent worker that reports progress
// through its promise. Stopping sets the campaign's stop flag; the destructor stops the campaign
// and waits for it, so the flag it points at outlives the worker.
class StressDialog final : public QDialog {
    Q_OBJECT
public:
    // `scenario` is the lab as edited (a copy is kept).
    explicit StressDialog(const netlab::Scenario& scenario, QWidget* parent = nullptr);
    ~StressDialog() override;

    bool isRunning() const;
    // The last campaign's result, or its error; nothing before the first ends.
    const std::optional<std::expected<netlab::StressOutcome, core::Text>>& result() const { return m_result; }

    // Starts a campaign with the options shown (nothing if one is running or they are not valid).
    void start();
    // Asks the campaign to stop; finished() follows promptly.
    void stop();

Q_SIGNALS:
    void finished();
    // The report was written: `path` is its report.html (the window opens it).
    void reportReady(const QString& path);

protected:
    void reject() override;

private:
    void updateControls();
    void showResult();
    QString reportFolder() const;

    netlab::Scenario m_scenario;
    QString m_clientsProblem;            // why the scenario has no client to drive (empty: it has)
    QDoubleSpinBox* m_from;              // operations per second
    QDoubleSpinBox* m_to;
    QDoubleSpinBox* m_step;
    QDoubleSpinBox* m_hold;              // seconds
    QCheckBox* m_closed;
    QPushButton* m_start;
    QProgressBar* m_progress;
    QLabel* m_status;
    QTextBrowser* m_summary;
    QPushButton* m_report;
    std::atomic<bool> m_stop{false};
    QFutureWatcher<std::expected<netlab::StressOutcome, core::Text>>* m_watcher;
    std::optional<std::expected<netlab::StressOutcome, core::Text>> m_result;
};

}  // namespace distlab::views
