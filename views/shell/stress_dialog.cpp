#include "views/shell/stress_dialog.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTextBrowser>

#include <chrono>

#include "views/common/engine_text.h"
#include "views/common/number_box.h"

namespace distlab::views {

namespace {

QString number(double value, int decimals) {
    return QLocale().toString(value, 'f', decimals);
}

}  // namespace

StressDialog::StressDialog(const netlab::Scenario& scenario, QWidget* parent)
    : CampaignDialog(parent),
      m_scenario(scenario),
      m_from(new NumberBox(false, this)),
      m_to(new NumberBox(false, this)),
      m_step(new NumberBox(false, this)),
      m_hold(new NumberBox(false, this)),
      m_closed(new QCheckBox(tr("Also the &closed loop, compared at the knee"), this)),
      m_report(new QPushButton(tr("Open &Report"), this)),
      m_watcher(new QFutureWatcher<std::expected<netlab::StressOutcome, core::Text>>(this)) {
    setWindowTitle(tr("Stress: %1").arg(QString::fromStdString(scenario.name)));
    QString clients;
    if (auto ids = netlab::stress_client_ids(scenario)) {
        QStringList names;
        for (const std::string& id : *ids)
            names << QString::fromStdString(id);
        clients = names.join(QStringLiteral(", "));
    } else {
        m_clientsProblem = uiText(ids.error());
    }

    for (QDoubleSpinBox* rate : {m_from, m_to, m_step}) {
        rate->setRange(0.1, 1e6);
        rate->setSuffix(tr(" /s"));
    }
    m_from->setObjectName(QStringLiteral("from"));
    m_from->setValue(10);
    m_from->setToolTip(tr("The first offered rate: operations per second over every client"));
    m_to->setObjectName(QStringLiteral("to"));
    m_to->setValue(100);
    m_to->setToolTip(tr("The last offered rate"));
    m_step->setObjectName(QStringLiteral("step"));
    m_step->setValue(10);
    m_step->setToolTip(tr("How much the offered rate rises from one step to the next"));
    m_hold->setObjectName(QStringLiteral("hold"));
    m_hold->setRange(0.5, 3600);
    m_hold->setValue(2);
    m_hold->setSuffix(tr(" s"));
    m_hold->setToolTip(tr("How long each step runs, in the scenario's time; its first fifth is a warm-up"));
    m_closed->setObjectName(QStringLiteral("closed"));
    m_closed->setChecked(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&From"), m_from);
    form->addRow(tr("T&o"), m_to);
    form->addRow(tr("Ste&p"), m_step);
    form->addRow(tr("&Hold each step"), m_hold);
    form->addRow(QString(), m_closed);

    m_report->setObjectName(QStringLiteral("report"));
    m_report->setToolTip(tr("Open the report: throughput and latency against the offered rate, the saturation point, "
                            "then the knee's run"));
    connect(m_report, &QPushButton::clicked, this, [this] {
        if (m_result && m_result->has_value() && !(*m_result)->report.empty())
            Q_EMIT reportReady(QString::fromStdString((*m_result)->report.string()));
    });

    setUp(m_clientsProblem.isEmpty()
              ? tr("Drives the clients (%1) open loop in the simulator, step by step from one offered rate to "
                   "another, until the system saturates: throughput stops following the offered rate or the "
                   "latency bends. Latency counts from each operation's intended start, so a stall is not "
                   "hidden. The scenario's own faults, narrative and checks are left out.")
                    .arg(clients)
              : tr("Nothing to stress: %1").arg(m_clientsProblem),
          form, nullptr, m_report, m_watcher);
    status()->setWordWrap(true);
    summary()->setPlaceholderText(tr("The result shows here when the steps end."));
    for (QDoubleSpinBox* rate : {m_from, m_to, m_step})
        connect(rate, &QDoubleSpinBox::valueChanged, this, &StressDialog::updateControls);
    updateControls();
    resize(600, 560);
}

QString StressDialog::reportFolder() const {
    return QDir::temp().filePath(QStringLiteral("distlab-stress/") + QString::fromStdString(m_scenario.name) +
                                 QStringLiteral("-") +
                                 QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
}

bool StressDialog::canStart() const {
    return m_clientsProblem.isEmpty() && m_from->value() <= m_to->value();
}

void StressDialog::launch() {
    netlab::StressCampaign campaign;
    campaign.from = m_from->value();
    campaign.to = m_to->value();
    campaign.step = m_step->value();
    campaign.hold = std::chrono::milliseconds(qRound64(m_hold->value() * 1000));
    campaign.closed_loop = m_closed->isChecked();
    campaign.report_dir = reportFolder().toStdString();
    campaign.lang = uiLanguage();   // the report speaks the window's language
    campaign.stop = stopFlag();
    m_result.reset();
    progress()->setRange(0, 0);
    progress()->setFormat(tr("Steps: %v of %m"));
    m_watcher->setFuture(runCampaign([scenario = m_scenario, campaign = std::move(campaign)](
                                         CampaignProgress progress) mutable {
        campaign.on_progress = std::move(progress);
        return netlab::run_stress_campaign(scenario, campaign);
    }));
}

void StressDialog::ended() {
    m_result = m_watcher->result();
    showResult();
    if (m_result->has_value() && !(*m_result)->report.empty())
        Q_EMIT reportReady(QString::fromStdString((*m_result)->report.string()));
}

void StressDialog::updateControls() {
    CampaignDialog::updateControls();
    const bool running = isRunning();
    for (QWidget* w : std::initializer_list<QWidget*>{m_from, m_to, m_step, m_hold, m_closed})
        w->setEnabled(!running);
    m_report->setEnabled(!running && m_result && m_result->has_value() && !(*m_result)->report.empty());
    const QString backwards = tr("The first rate must not be above the last.");
    if (!running && m_clientsProblem.isEmpty() && !canStart())
        status()->setText(backwards);
    else if (status()->text() == backwards)
        status()->clear();
}

void StressDialog::showResult() {
    const auto& result = *m_result;
    if (!result) {
        showError(result.error());
        return;
    }
    const netlab::StressOutcome& o = *result;
    showEnd(o.stopped, o.stopped ? tr("Stopped early after %n step(s).", nullptr, int(o.steps.size()))
                                 : tr("Finished in %1 s.").arg(number(o.seconds, o.seconds < 1 ? 2 : 1)));
    QString html;
    if (o.saturation)
        html += QStringLiteral("<p><b>%1</b></p>")
                    .arg(tr("Saturated at %1 /s: %2").arg(number(*o.saturation, 1), uiText(o.saturation_reason))
                             .toHtmlEscaped());
    else if (!o.steps.empty())
        html += QStringLiteral("<p><b>%1</b></p>")
                    .arg(tr("No saturation up to %1 /s.").arg(number(o.steps.back().offered, 1)).toHtmlEscaped());
    if (o.knee)
        html += QStringLiteral("<p>%1</p>").arg(tr("The knee: %1 /s.").arg(number(*o.knee, 1)).toHtmlEscaped());
    html += QStringLiteral("<table cellpadding=\"3\"><tr><th>%1</th><th>%2</th><th>p50</th><th>p99</th><th>p99.9</th><th></th></tr>")
                .arg(tr("offered /s"), tr("ok /s"));
    for (const netlab::StressStep& s : o.steps) {
        const QString mark = o.knee && *o.knee == s.offered             ? tr("knee")
                             : o.saturation && *o.saturation == s.offered ? tr("saturated")
                                                                          : QString();
        html += QStringLiteral("<tr><td align=\"right\">%1</td><td align=\"right\">%2</td><td align=\"right\">%3 ms</td>"
                               "<td align=\"right\">%4 ms</td><td align=\"right\">%5 ms</td><td>%6</td></tr>")
                    .arg(number(s.offered, 1), number(s.throughput, 1), number(s.p50_ms, 2), number(s.p99_ms, 2),
                         number(s.p999_ms, 2), mark.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    if (!o.report.empty())
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("The report: %1").arg(QString::fromStdString(o.report.string())).toHtmlEscaped());
    summary()->setHtml(html);
}

}  // namespace distlab::views
