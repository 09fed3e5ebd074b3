#pragma once

#include <QFutureWatcher>

#include <expected>
#include <optional>

#include "netlab/api/stress.h"
#include "netlab/scenario/scenario.h"
#include "views/shell/campaign_dialog.h"

class QCheckBox;
class QDoubleSpinBox;
class QPushButton;

namespace distlab::views {

// Run > Stress: the open scenario's clients driven open loop at a rising offered rate in the
// simulator until the system saturates (docs/stress.md, what distlab-cli stress does). The
// options: the ramp (from, to, step, in operations per second over every client), how long each
// step holds, and whether the closed loop runs beside it. Start runs the campaign
// (CampaignDialog); the progress bar counts steps. At the end: throughput and p50 / p99 / p99.9
// per offered rate with the knee and the saturation point, and the report (charts against the
// offered load, then the knee's run) written to a folder in the temporary folder; reportReady
// says where, and "Open Report" says it again.
class StressDialog final : public CampaignDialog {
    Q_OBJECT
public:
    // `scenario` is the lab as edited (a copy is kept).
    explicit StressDialog(const netlab::Scenario& scenario, QWidget* parent = nullptr);

    // The last campaign's result, or its error; nothing before the first ends.
    const std::optional<std::expected<netlab::StressOutcome, core::Text>>& result() const { return m_result; }

Q_SIGNALS:
    // The report was written: `path` is its report.html (the window opens it).
    void reportReady(const QString& path);

private:
    bool canStart() const override;
    void launch() override;
    void ended() override;
    void updateControls() override;
    void showResult();
    QString reportFolder() const;

    netlab::Scenario m_scenario;
    QString m_clientsProblem;            // why the scenario has no client to drive (empty: it has)
    QDoubleSpinBox* m_from;              // operations per second
    QDoubleSpinBox* m_to;
    QDoubleSpinBox* m_step;
    QDoubleSpinBox* m_hold;              // seconds
    QCheckBox* m_closed;
    QPushButton* m_report;
    QFutureWatcher<std::expected<netlab::StressOutcome, core::Text>>* m_watcher;
    std::optional<std::expected<netlab::StressOutcome, core::Text>> m_result;
};

}  // namespace distlab::views
