// The window's what-if and a user's smallest scenario: a minimal three-node file runs in the
// window; Fork Here on a finished run records a fork beside its parent and opens it in a window
// of its own, with Run > Compare with the Parent Run ready.

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "netlab/telemetry/playback.h"
#include "views/common/lab_session.h"
#include "views/common/run_timeline.h"
#include "views/shell/fork_actions.h"
#include "views/shell/main_window.h"
#include "views/shell/window_docks.h"
#include "views/spacetime/message_arrows.h"
#include "views/spacetime/message_index.h"
#include "views/spacetime/spacetime_canvas.h"
#include "views/spacetime/spacetime_widget.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QTimer>

using namespace distlab;
using views::MainWindow;

namespace {

QAction* actionNamed(QWidget& window, const QString& text) {
    for (QAction* action : window.findChildren<QAction*>())
        if (action->text() == text)
            return action;
    return nullptr;
}

}  // namespace

class ForkWindowTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aMinimalScenarioRunsInTheWindow();
    void forkHereRecordsAForkAndOpensItBesideTheParent();
    void theMessageDiagramsMenuForksWithThatMessageDropped();
};

void ForkWindowTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DistLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("distlab-fork-test"));
}

void ForkWindowTest::aMinimalScenarioRunsInTheWindow() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("mine.yaml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("version: 1\nname: mine\nnodes:\n"
               "  - { id: s1, role: server }\n"
               "  - { id: c1, role: client, params: { target: s1 } }\n"
               "  - { id: c2, role: client, params: { target: s1 } }\n");
    file.close();
    MainWindow window;
    window.session().setPaced(false);
    window.setSimulate(true);
    QVERIFY(window.openScenario(path));
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("mine")));
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.runScenario();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(finished.front().at(2).toString(), QString());   // no error
    QVERIFY(window.timeline().events().size() > 50);
}

void ForkWindowTest::forkHereRecordsAForkAndOpensItBesideTheParent() {
    QTemporaryDir runs;
    MainWindow window;
    window.session().setPaced(false);
    window.session().setRunsFolder(runs.path(), qint64(1) << 30);
    window.setSimulate(true);
    QVERIFY(window.openScenario(QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/consensus/leader-failover.yaml")));
    QAction* forkHere = window.forks().forkHereAction();
    QVERIFY(!forkHere->isEnabled());   // nothing run yet
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.runScenario();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const QString parent = window.session().lastRecording();
    QVERIFY(!parent.isEmpty());
    QVERIFY(forkHere->isEnabled());

    // What Fork Here asks for, at the cursor.
    window.timeline().seek(2'000'000'000);
    QSignalSpy forked(&window.forks(), &views::ForkActions::forked);
    netlab::ForkSetup setup;
    setup.parent = parent.toStdString();
    setup.at_ns = window.timeline().cursorNs();
    setup.change = netlab::ForkSetup::Change::Fault;
    setup.text = "{kill: n1}";
    const QWidgetList before = QApplication::topLevelWidgets();
    window.forks().fork(setup);
    QTRY_COMPARE_WITH_TIMEOUT(forked.count(), 1, 60000);
    const QString fork = forked.front().at(0).toString();
    QCOMPARE(forked.front().at(1).toString(), parent);
    QVERIFY(forked.front().at(2).toString().contains(QStringLiteral("equals the recording")));

    auto playback = netlab::Playback::open(fork.toStdString());
    QVERIFY(playback.has_value());
    QCOMPARE(QString::fromStdString(playback->meta().fork_change), QStringLiteral("fault {kill: n1}"));
    QCOMPARE(playback->meta().fork_at_ns, std::int64_t{2'000'000'000});

    // The fork opened as a run of its own; the parent's window keeps its run.
    MainWindow* forkWindow = nullptr;
    for (QWidget* w : QApplication::topLevelWidgets())
        if (auto* m = qobject_cast<MainWindow*>(w); m && m != &window && !before.contains(w))
            forkWindow = m;
    QVERIFY(forkWindow);
    QTRY_VERIFY_WITH_TIMEOUT(!forkWindow->timeline().events().empty(), 30000);
    QAction* compareParent = actionNamed(*forkWindow, MainWindow::tr("Compare with the &Parent Run"));
    QVERIFY(compareParent);
    QVERIFY(compareParent->isEnabled());
    QVERIFY(!window.timeline().events().empty());
    forkWindow->close();
}

void ForkWindowTest::theMessageDiagramsMenuForksWithThatMessageDropped() {
    QTemporaryDir runs;
    MainWindow window;
    window.session().setPaced(false);
    window.session().setRunsFolder(runs.path(), qint64(1) << 30);
    window.setSimulate(true);
    QVERIFY(window.openScenario(QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/consensus/leader-failover.yaml")));
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.runScenario();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);

    // One message drawn on its own, right after the leader's kill at 4 s.
    views::SpacetimeWidget* diagram = window.docks().messages();
    views::SpacetimeCanvas* canvas = diagram->canvas();
    diagram->resize(1400, 600);
    canvas->setVisibleRange(4'000'000'000, 4'400'000'000);
    diagram->grab();
    const auto hits = canvas->lastHits();
    const auto single = std::find_if(hits.begin(), hits.end(), [](const views::MessageHit& h) { return h.count == 1; });
    QVERIFY(single != hits.end());
    const views::MessageIndex::Message& m = canvas->index().message(single->message);
    const QString sender = QString::fromStdString(canvas->index().nodes()[m.from]);

    QSignalSpy forked(&window.forks(), &views::ForkActions::forked);
    QStringList entries;
    QTimer::singleShot(0, this, [&entries] {
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        if (!menu)
            return;
        for (QAction* action : menu->actions())
            if (!action->isSeparator())
                entries << action->text();
        for (QAction* action : menu->actions())
            if (action->text() == views::ForkActions::tr("fork: drop this") && action->isEnabled())
                action->trigger();
        menu->close();
    });
    const QPoint at = single->line.center().toPoint();
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, canvas->viewport()->mapToGlobal(at));
    QApplication::sendEvent(canvas->viewport(), &event);
    QVERIFY2(entries.contains(views::ForkActions::tr("fork: deliver this now")), qPrintable(entries.join(u'|')));
    QTRY_COMPARE_WITH_TIMEOUT(forked.count(), 1, 60000);
    const QString summary = forked.front().at(2).toString();
    QVERIFY2(summary.startsWith(QStringLiteral("dropped ")) && summary.contains(sender), qPrintable(summary));
    auto playback = netlab::Playback::open(forked.front().at(0).toString().toStdString());
    QVERIFY(playback.has_value());
    QCOMPARE(QString::fromStdString(playback->meta().fork_change),
             QStringLiteral("drop %1:%2").arg(sender).arg(m.msgId));
    for (QWidget* w : QApplication::topLevelWidgets())
        if (auto* other = qobject_cast<MainWindow*>(w); other && other != &window)
            other->close();
}

QTEST_MAIN(ForkWindowTest)
#include "fork_window_test.moc"
