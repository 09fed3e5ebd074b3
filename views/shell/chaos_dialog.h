#pragma once

#include <QFutureWatcher>
#include <QMap>

#include <expected>
#include <optional>

#include "netlab/api/chaos.h"
#include "netlab/scenario/scenario.h"
#include "views/shell/campaign_dialog.h"

class QCheckBox;
class QDoubleSpinBox;
class QPushButton;
class QSpinBox;

namespace distlab::views {

// Run > Chaos: the open scenario run many times in the simulator, each run under its own random
// fault schedule, and the first failure shrunk to the smallest schedule that still fails
// (docs/chaos.md, what distlab-cli chaos does). The options: runs, first seed (by default the
// scenario's), the fault kinds, the mean interval between faults and a time budget. Start runs
// the campaign (CampaignDialog); the progress bar counts runs, then shrinking steps.
// At the end: runs, passed, failed, failures by check, the failing seeds and the shrunk schedule;
// "Open and Replay" writes the shrunk scenario to a file in the temporary folder and emits
// replayRequested with its path.
// Stopping ends the runs in progress at their next tick.
class ChaosDialog final : public CampaignDialog {
    Q_OBJECT
public:
    // `scenario` is the lab as edited (a copy is kept), `file` its file name (may be empty).
    ChaosDialog(const netlab::Scenario& scenario, const QString& file, QWidget* parent = nullptr);

    // The last campaign's result, or its error; nothing before the first ends.
    const std::optional<std::expected<netlab::ChaosOutcome, core::Text>>& result() const { return m_result; }
    // The file "Open and Replay" last wrote (empty before).
    QString shrunkFile() const { return m_shrunkFile; }

Q_SIGNALS:
    // The shrunk scenario was written to `path`: open it in the window and run it.
    void replayRequested(const QString& path);

private:
    bool canStart() const override;
    void launch() override;
    void ended() override;
    void updateControls() override;
    void showPhase(const QString& phase) override;
    void showResult();
    void openShrunk();
    QStringList chosenFaults() const;

    netlab::Scenario m_scenario;
    QString m_file;
    QStringList m_checks;                // what the campaign judges
    QSpinBox* m_runs;
    QSpinBox* m_seed;
    QMap<QString, QCheckBox*> m_faults;  // by fault name
    QDoubleSpinBox* m_interval;          // seconds
    QSpinBox* m_budget;                  // seconds, 0: no limit
    QPushButton* m_replay;
    QFutureWatcher<std::expected<netlab::ChaosOutcome, core::Text>>* m_watcher;
    std::optional<std::expected<netlab::ChaosOutcome, core::Text>> m_result;
    QString m_shrunkFile;
};

}  // namespace distlab::views
