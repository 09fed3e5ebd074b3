#include "views/shell/chaos_dialog.h"

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTextBrowser>

#include <chrono>
#include <limits>

#include "netlab/api/scenario_entries.h"
#include "netlab/api/scenario_files.h"
#include "views/common/engine_text.h"
#include "views/common/number_box.h"

namespace distlab::views {

namespace {

// A fault kind as the dialog names it.
QString faultLabel(const QString& name) {
    if (name == QLatin1String("kill"))
        return ChaosDialog::tr("Kill a node");
    if (name == QLatin1String("pause"))
        return ChaosDialog::tr("Pause a node");
    if (name == QLatin1String("partition"))
        return ChaosDialog::tr("Partition");
    if (name == QLatin1String("latency"))
        return ChaosDialog::tr("Latency");
    if (name == QLatin1String("loss"))
        return ChaosDialog::tr("Message loss");
    if (name == QLatin1String("duplicate"))
        return ChaosDialog::tr("Duplication");
    if (name == QLatin1String("clock_skew"))
        return ChaosDialog::tr("Clock skew");
    if (name == QLatin1String("leader_minority"))
        return ChaosDialog::tr("Leader cut off with a minority");
    if (name == QLatin1String("deaf_follower"))
        return ChaosDialog::tr("A server deaf to the leader");
    if (name == QLatin1String("crash_leader"))
        return ChaosDialog::tr("Crash the leader");
    if (name == QLatin1String("bounce"))
        return ChaosDialog::tr("Crash and restart at once");
    return name;
}

}  // namespace

ChaosDialog::ChaosDialog(const netlab::Scenario& scenario, const QString& file, QWidget* parent)
    : CampaignDialog(parent),
      m_scenario(scenario),
      m_file(file),
      m_runs(new QSpinBox(this)),
      m_seed(new QSpinBox(this)),
      m_interval(new NumberBox(false, this)),
      m_budget(new QSpinBox(this)),
      m_replay(new QPushButton(tr("Open and &Replay"), this)),
      m_watcher(new QFutureWatcher<std::expected<netlab::ChaosOutcome, core::Text>>(this)) {
    setWindowTitle(tr("Chaos: %1").arg(QString::fromStdString(scenario.name)));
    for (const std::string& check : netlab::chaos_checks(scenario))
        m_checks << QString::fromStdString(check);

    m_runs->setObjectName(QStringLiteral("runs"));
    m_runs->setRange(1, 100000);
    m_runs->setValue(100);
    m_runs->setToolTip(tr("How many runs, each under its own random schedule"));
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(int(std::min<std::uint64_t>(scenario.seed, std::numeric_limits<int>::max())));
    m_seed->setToolTip(tr("Run k uses this seed + k - 1, for the simulation and its schedule: one run with a failing "
                          "seed repeats that failure exactly"));
    auto* faults = new QGridLayout;
    int index = 0;
    for (const std::string& name : netlab::chaos_fault_names()) {
        const QString key = QString::fromStdString(name);
        auto* box = new QCheckBox(faultLabel(key), this);
        box->setObjectName(QStringLiteral("fault-") + key);
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, &ChaosDialog::updateControls);
        m_faults.insert(key, box);
        faults->addWidget(box, index / 4, index % 4);
        ++index;
    }
    m_interval->setObjectName(QStringLiteral("interval"));
    m_interval->setRange(0.1, 600);
    m_interval->setSingleStep(0.5);
    m_interval->setValue(2);
    m_interval->setSuffix(tr(" s"));
    m_interval->setToolTip(tr("The mean time between two faults, in the scenario's time; each fault is undone after "
                              "half to one and a half intervals"));
    m_budget->setObjectName(QStringLiteral("budget"));
    m_budget->setRange(0, 24 * 3600);
    m_budget->setValue(0);
    m_budget->setSuffix(tr(" s"));
    m_budget->setSpecialValueText(tr("No limit"));
    m_budget->setToolTip(tr("Wall-clock time the runs may take; shrinking comes after it"));

    auto* form = new QFormLayout;
    form->addRow(tr("Runs"), m_runs);
    form->addRow(tr("First seed"), m_seed);
    form->addRow(tr("Faults"), faults);
    form->addRow(tr("Mean interval"), m_interval);
    form->addRow(tr("Time budget"), m_budget);

    m_replay->setObjectName(QStringLiteral("replay"));
    m_replay->setToolTip(tr("Write the shrunk scenario to a file in the temporary folder, open it in the window and run "
                            "it in the simulator: the failing check in the Checks panel links to the moment it failed"));
    connect(m_replay, &QPushButton::clicked, this, &ChaosDialog::openShrunk);

    auto* note = new QLabel(tr("In the simulator only: every run is deterministic, so a seed repeats its run."), this);
    note->setWordWrap(true);
    note->setEnabled(false);

    setUp(m_checks.isEmpty()
              ? tr("This scenario has no check to judge under random faults (checks timed with \"after\" are left "
                   "out), so chaos has nothing to look for.")
              : tr("Runs the scenario many times in the simulator, each run under its own random fault schedule, "
                   "and shrinks the first failure to the smallest schedule that still fails. The scenario's own "
                   "faults and narrative are left out. Checks judged: %1.")
                    .arg(m_checks.join(QStringLiteral(", "))),
          form, note, m_replay, m_watcher);
    summary()->setPlaceholderText(tr("The result shows here when the runs end."));
    updateControls();
    resize(640, 600);
}

QStringList ChaosDialog::chosenFaults() const {
    QStringList chosen;
    for (auto it = m_faults.cbegin(); it != m_faults.cend(); ++it)
        if (it.value()->isChecked())
            chosen << it.key();
    return chosen;
}

bool ChaosDialog::canStart() const {
    return !m_checks.isEmpty() && !chosenFaults().isEmpty();
}

void ChaosDialog::launch() {
    netlab::ChaosCampaign campaign;
    campaign.runs = m_runs->value();
    campaign.seed = std::uint64_t(m_seed->value());
    for (const QString& fault : chosenFaults())
        campaign.faults.push_back(fault.toStdString());
    campaign.interval = std::chrono::milliseconds(qRound64(m_interval->value() * 1000));
    campaign.budget = std::chrono::seconds(m_budget->value());
    campaign.stop = stopFlag();
    m_result.reset();
    progress()->setRange(0, campaign.runs);
    progress()->setValue(0);
    progress()->setFormat(tr("Runs: %v of %m"));
    const core::Text foundBy{"DistLab's Run > Chaos", "DistLab 的 运行 > 混沌测试"};
    m_watcher->setFuture(runCampaign([scenario = m_scenario, campaign = std::move(campaign), foundBy](
                                         CampaignProgress progress) mutable {
        campaign.on_progress = std::move(progress);
        return netlab::run_chaos_campaign(scenario, campaign, foundBy);
    }));
}

void ChaosDialog::ended() {
    m_result = m_watcher->result();
    showResult();
}

void ChaosDialog::updateControls() {
    CampaignDialog::updateControls();
    const bool running = isRunning();
    for (QWidget* w : std::initializer_list<QWidget*>{m_runs, m_seed, m_interval, m_budget})
        w->setEnabled(!running);
    for (QCheckBox* box : m_faults)
        box->setEnabled(!running);
    m_replay->setEnabled(!running && m_result && m_result->has_value() && (*m_result)->shrunk.has_value());
    const QString noFault = tr("Choose at least one kind of fault.");
    if (!running && !m_checks.isEmpty() && chosenFaults().isEmpty())
        status()->setText(noFault);
    else if (status()->text() == noFault)
        status()->clear();
}

void ChaosDialog::showPhase(const QString& phase) {
    if (phase == QLatin1String("shrinking") && isRunning() && !stopping()) {
        progress()->setFormat(tr("Shrinking: %v runs (at most %m)"));
        status()->setText(tr("A run failed: shrinking its schedule..."));
    }
}

void ChaosDialog::showResult() {
    const auto& result = *m_result;
    if (!result) {
        showError(result.error());
        return;
    }
    const netlab::ChaosOutcome& o = *result;
    const int failed = int(o.failures.size());
    showEnd(o.stopped, o.stopped ? tr("Stopped early after %n run(s).", nullptr, o.runs)
                                 : tr("Finished in %1 s.").arg(QLocale().toString(o.seconds, 'f', 1)));
    QString html;
    html += QStringLiteral("<p><b>%1</b></p>")
                .arg(tr("%n run(s): %1 passed, %2 failed", nullptr, o.runs).arg(o.passed).arg(failed));
    if (!o.failures_by_check.empty()) {
        html += QStringLiteral("<p>%1</p><ul>").arg(tr("Failures by check:"));
        for (const auto& [check, count] : o.failures_by_check)
            html += QStringLiteral("<li><code>%1</code>: %2</li>")
                        .arg(QString::fromStdString(check).toHtmlEscaped(), tr("failed in %n run(s)", nullptr, count));
        html += QStringLiteral("</ul>");
        QStringList seeds;
        for (std::size_t i = 0; i < o.failures.size() && i < 20; ++i)
            seeds << QString::number(o.failures[i].seed);
        if (o.failures.size() > 20)
            seeds << QStringLiteral("...");
        html += QStringLiteral("<p>%1 %2</p>").arg(tr("Failing seeds:"), seeds.join(QStringLiteral(", ")));
    }
    if (o.shrunk) {
        const netlab::ChaosReplay& s = *o.shrunk;
        const int after = int(s.scenario.faults.size());
        html += QStringLiteral("<p><b>%1</b></p>")
                    .arg(tr("Shrunk: with seed %1, %2 fails under %n fault(s) (of %3 in its random schedule):", nullptr, after)
                             .arg(s.seed)
                             .arg(QString::fromStdString(s.check))
                             .arg(s.faults_before)
                             .toHtmlEscaped());
        html += QStringLiteral("<pre>");
        for (const std::string& line : netlab::scenario_entries(s.scenario, netlab::ScenarioList::Faults))
            html += QStringLiteral("- %1\n").arg(QString::fromStdString(line).toHtmlEscaped());
        html += QStringLiteral("</pre>");
        const std::string& detail = chineseUi() && !s.detail_zh.empty() ? s.detail_zh : s.detail;
        if (!detail.empty())
            html += QStringLiteral("<p><code>%1</code>: %2</p>")
                        .arg(QString::fromStdString(s.check).toHtmlEscaped(), QString::fromStdString(detail).toHtmlEscaped());
        html += QStringLiteral("<p><i>%1</i></p>")
                    .arg((s.minimal ? tr("Minimal: removing any one of these faults makes the check pass (%n shrinking run(s)).",
                                         nullptr, s.runs)
                                    : tr("Not minimal: the shrinking budget ran out (%n run(s)).", nullptr, s.runs))
                             .toHtmlEscaped());
    } else if (failed == 0) {
        html += QStringLiteral("<p>%1</p>").arg(tr("No schedule broke a check.").toHtmlEscaped());
    }
    summary()->setHtml(html);
}

void ChaosDialog::openShrunk() {
    if (!m_result || !m_result->has_value() || !(*m_result)->shrunk)
        return;
    const netlab::ChaosReplay& s = *(*m_result)->shrunk;
    const QString dir = QDir::temp().filePath(QStringLiteral("distlab-chaos"));
    const QString path = QDir(dir).filePath(QString::fromStdString(s.scenario.name) + QStringLiteral(".yaml"));
    QSaveFile file(path);
    const QByteArray content = "# Written by DistLab's Run > Chaos on " + QFileInfo(m_file).fileName().toUtf8() + "\n" +
                               QByteArray::fromStdString(netlab::scenario_text(s.scenario));
    if (!QDir().mkpath(dir) || !file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit()) {
        QMessageBox::warning(this, tr("Chaos"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    m_shrunkFile = path;
    Q_EMIT replayRequested(path);
}

}  // namespace distlab::views
