#include "views/shell/fork_actions.h"

#include <QAction>

#include <algorithm>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QtConcurrent/QtConcurrentRun>

#include "views/common/lab_session.h"
#include "views/common/run_timeline.h"
#include "views/spacetime/message_index.h"

namespace distlab::views {

namespace {

QString seconds(qint64 ns) {
    return QString::number(double(ns) / 1e9, 'f', 3);
}

}  // namespace

ForkActions::ForkActions(QWidget& window, RunTimeline& timeline, LabSession& session,
                         std::function<QString()> parentRecording)
    : QObject(&window),
      m_window(window),
      m_timeline(timeline),
      m_session(session),
      m_parentRecording(std::move(parentRecording)),
      m_forkHere(new QAction(tr("&Fork Here..."), this)),
      m_watcher(new QFutureWatcher<core::Result<netlab::ForkDone>>(this)) {
    m_forkHere->setToolTip(tr("What if: replay this run in the simulator up to the cursor, change one thing there, "
                              "and run on as a new run"));
    connect(m_forkHere, &QAction::triggered, this, &ForkActions::forkHere);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &ForkActions::onFinished);
    updateActions();
}

ForkActions::~ForkActions() {
    waitForFork();
}

bool ForkActions::isForking() const {
    return m_watcher->isRunning();
}

void ForkActions::waitForFork() {
    m_watcher->waitForFinished();
}

void ForkActions::updateActions() {
    m_forkHere->setEnabled(!isForking() && !m_parentRecording().isEmpty());
}

void ForkActions::forkHere() {
    const QString parent = m_parentRecording();
    if (parent.isEmpty())
        return;
    const qint64 atNs = m_timeline.cursorNs();
    QDialog dialog(&m_window);
    dialog.setWindowTitle(tr("Fork at %1 s").arg(seconds(atNs)));
    auto* form = new QFormLayout(&dialog);
    auto* intro = new QLabel(tr("The simulator replays %1 up to %2 s, makes this change there and runs on. The new "
                                "run opens in a window of its own; File > Compare sets the two side by side.")
                                 .arg(QFileInfo(parent).fileName(), seconds(atNs)),
                             &dialog);
    intro->setWordWrap(true);
    form->addRow(intro);
    auto* kind = new QComboBox(&dialog);
    kind->addItem(tr("Add a fault"), int(netlab::ForkSetup::Change::Fault));
    kind->addItem(tr("Change a parameter"), int(netlab::ForkSetup::Change::Param));
    kind->addItem(tr("Nothing: replay"), int(netlab::ForkSetup::Change::None));
    form->addRow(tr("Change:"), kind);
    auto* text = new QLineEdit(&dialog);
    form->addRow(tr("What:"), text);
    auto* hint = new QLabel(&dialog);
    hint->setWordWrap(true);
    form->addRow(hint);
    const auto follow = [kind, text, hint] {
        const auto change = netlab::ForkSetup::Change(kind->currentData().toInt());
        text->setEnabled(change != netlab::ForkSetup::Change::None);
        if (change == netlab::ForkSetup::Change::Fault) {
            text->setPlaceholderText(QStringLiteral("{kill: n2}"));
            hint->setText(tr("One fault as a scenario writes it, e.g. {kill: n2}, {pause: leader}, "
                             "{partition: [[n1], [n2, n3]], until: 2s}. It fires at the fork."));
        } else if (change == netlab::ForkSetup::Change::Param) {
            text->setPlaceholderText(QStringLiteral("n2.pre_vote=false"));
            hint->setText(tr("NODE.KEY=VALUE: the node restarts at the fork with this parameter (its disk kept)."));
        } else {
            hint->setText(tr("The fork repeats the run: a check that the simulator reproduces it."));
        }
    };
    connect(kind, &QComboBox::currentIndexChanged, &dialog, follow);
    follow();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Fork"));
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    netlab::ForkSetup setup;
    setup.parent = parent.toStdString();
    setup.at_ns = atNs;
    setup.change = netlab::ForkSetup::Change(kind->currentData().toInt());
    setup.text = text->text().trimmed().toStdString();
    fork(std::move(setup));
}

void ForkActions::showMessageMenu(const MessageIndex& index, qint64 message, const QPoint& screenPos) {
    if (message < 0 || std::size_t(message) >= index.size())
        return;
    const MessageIndex::Message& m = index.message(std::size_t(message));
    const QString from = QString::fromStdString(index.nodes()[m.from]);
    const QString to = QString::fromStdString(index.nodes()[m.to]);
    const QString type = QString::fromStdString(index.types()[m.type]);
    // At the cursor when the message is on its way then, else the moment it was sent.
    const qint64 cursor = m_timeline.cursorNs();
    const bool inFlightAtCursor = cursor >= m.sentNs && (m.firstEndNs < 0 || cursor < m.firstEndNs);
    const qint64 atNs = inFlightAtCursor ? cursor : m.sentNs;
    const QString parent = m_parentRecording();
    const bool can = !parent.isEmpty() && !isForking();

    QMenu menu(&m_window);
    menu.addSection(tr("Message %1: %2 → %3 (%4)").arg(m.msgId).arg(from, to, type));
    const auto forkWith = [this, parent, from, id = m.msgId, atNs](netlab::ForkSetup::Change change) {
        netlab::ForkSetup setup;
        setup.parent = parent.toStdString();
        setup.at_ns = atNs;
        setup.change = change;
        setup.sender = from.toStdString();
        setup.id = id;
        fork(std::move(setup));
    };
    menu.addAction(tr("fork: deliver this now"), this, [forkWith] { forkWith(netlab::ForkSetup::Change::Deliver); })
        ->setEnabled(can);
    menu.addAction(tr("fork: drop this"), this, [forkWith] { forkWith(netlab::ForkSetup::Change::Drop); })
        ->setEnabled(can);
    if (parent.isEmpty())
        menu.addSection(tr("Pause the run, or open a recording, to fork it"));
    else
        menu.addSection(tr("A new run from %1 s").arg(seconds(atNs)));
    menu.exec(screenPos);
}

void ForkActions::fork(netlab::ForkSetup setup) {
    if (isForking()) {
        Q_EMIT note(tr("A fork is already running."));
        return;
    }
    if (setup.parent.empty()) {
        Q_EMIT note(tr("Pause the run, or open a recording, to fork it."));
        return;
    }
    setup.runs_folder = m_session.runsFolder().toStdString();
    setup.runs_cap_bytes = std::uint64_t(std::max<qint64>(0, m_session.runsCapBytes()));
    m_parent = QString::fromStdString(setup.parent.string());
    Q_EMIT note(tr("Forking %1 at %2 s...").arg(QFileInfo(m_parent).fileName(), seconds(setup.at_ns)));
    m_watcher->setFuture(QtConcurrent::run([setup = std::move(setup)] { return netlab::fork_recording(setup); }));
    updateActions();
}

void ForkActions::onFinished() {
    updateActions();
    const core::Result<netlab::ForkDone> result = m_watcher->result();
    if (!result) {
        Q_EMIT note(tr("The fork did not start: %1").arg(QString::fromStdString(result.error().message)));
        return;
    }
    QString summary = QString::fromStdString(result->applied);
    if (result->parent_real)
        summary += QLatin1Char(' ') + tr("The parent ran on real processes; the fork replays it in the simulator.");
    if (result->mismatch)
        summary += QLatin1Char(' ') + tr("The replay differs from the recording before the fork: %1")
                                           .arg(QString::fromStdString(*result->mismatch));
    else
        summary += QLatin1Char(' ') + tr("The replay equals the recording up to the fork (%n event(s)).", nullptr,
                                         int(result->prefix_events));
    Q_EMIT forked(QString::fromStdString(result->recording.string()), m_parent, summary);
}

}  // namespace distlab::views
