#include "views/shell/campaign_dialog.h"

#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "views/common/engine_text.h"

namespace distlab::views {

CampaignDialog::CampaignDialog(QWidget* parent) : QDialog(parent) {}

CampaignDialog::~CampaignDialog() {
    m_stop = true;
    if (m_watcher)
        m_watcher->waitForFinished();
}

void CampaignDialog::setUp(const QString& intro, QLayout* form, QWidget* note, QPushButton* action,
                           QFutureWatcherBase* watcher) {
    auto* introLabel = new QLabel(intro, this);
    introLabel->setWordWrap(true);
    introLabel->setTextFormat(Qt::PlainText);
    m_start = new QPushButton(this);
    m_start->setObjectName(QStringLiteral("start"));
    connect(m_start, &QPushButton::clicked, this, [this] { isRunning() ? stop() : start(); });
    m_progress = new QProgressBar(this);
    m_progress->setTextVisible(true);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    m_summary = new QTextBrowser(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setOpenLinks(false);

    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(m_start, QDialogButtonBox::ActionRole);
    buttons->addButton(action, QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &CampaignDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(introLabel);
    layout->addLayout(form);
    if (note)
        layout->addWidget(note);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_summary, 1);
    layout->addWidget(buttons);

    m_watcher = watcher;
    connect(watcher, &QFutureWatcherBase::progressRangeChanged, m_progress, &QProgressBar::setRange);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, m_progress, &QProgressBar::setValue);
    connect(watcher, &QFutureWatcherBase::progressTextChanged, this, [this](const QString& phase) { showPhase(phase); });
    connect(watcher, &QFutureWatcherBase::finished, this, [this] {
        ended();
        updateControls();
        Q_EMIT finished();
    });
}

bool CampaignDialog::isRunning() const {
    return m_watcher && m_watcher->isRunning();
}

void CampaignDialog::start() {
    if (isRunning() || !canStart())
        return;
    m_stop = false;
    m_summary->clear();
    m_status->setText(tr("Running in the simulator..."));
    launch();
    updateControls();
}

void CampaignDialog::stop() {
    if (!isRunning())
        return;
    m_stop = true;
    m_status->setText(tr("Stopping..."));
    updateControls();
}

void CampaignDialog::reject() {
    stop();   // closing ends the campaign too; its result is of no use to anyone
    QDialog::reject();
}

void CampaignDialog::updateControls() {
    const bool running = isRunning();
    m_start->setText(running ? tr("S&top") : tr("&Start"));
    m_start->setEnabled(running ? !m_stop : canStart());
    m_start->setDefault(true);
}

void CampaignDialog::showError(const core::Text& error) {
    m_status->setText(uiText(error));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
}

void CampaignDialog::showEnd(bool stopped, const QString& status) {
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
    m_progress->setFormat(stopped ? tr("Stopped") : tr("Done"));
    m_status->setText(status);
}

}  // namespace distlab::views
