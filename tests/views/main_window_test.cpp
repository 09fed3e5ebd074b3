#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QMenu>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <QXmlStreamReader>

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include "views/common/lab_session.h"
#include "views/common/run_timeline.h"
#include "views/faults/hand_faults.h"
#include "views/library/scenario_library.h"
#include "views/shell/compare_dialog.h"
#include "views/shell/picture_export.h"
#include "views/topology/topology_view.h"
#include <QImage>
#include <QMimeData>
#include <QLineEdit>
#include <QPushButton>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QMessageBox>
#include <QUndoStack>
#include "views/editor/editor_controller.h"
#include "views/editor/inspector.h"
#include "views/editor/lab_document.h"
#include "views/timeline/narrative_bar.h"
#include "views/log/event_log_model.h"
#include "views/shell/main_window.h"
#include "views/state/state_model.h"
#include "views/topology/topology_scene.h"
#include "views/patterns/pattern_view.h"
#include "views/shell/shortcut_help.h"
#include "views/shell/export_actions.h"
#include "views/shell/recording_loader.h"
#include "views/shell/window_docks.h"
#include "netlab/telemetry/recorder.h"
#include "view_test_support.h"

#include <QElapsedTimer>
#include <QSettings>

#include <memory>

using namespace distlab;
using views::MainWindow;

namespace {

const QString kShipped = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/communication/request-response.yaml");
const QString kRaft = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/consensus/leader-failover.yaml");
const QString kBreaker = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/resilience/circuit-breaker.yaml");

// A big recording, quickly: back-to-back copies of a simulated run of `relative` (times and
// message ids shifted, one RunStarted) through the Recorder, until at least `events` are written.
// Without its scenario's text (nothing to draw or judge: the window only reads it). Returns how
// many events the file holds.
std::uint64_t writeLargeRecording(const QString& path, const char* relative, std::size_t events) {
    const std::vector<netlab::Event> run = views::test::simulatedRun(relative);
    netlab::RecordingMeta meta;
    meta.scenario_name = "large";
    auto recorder = netlab::Recorder::open(path.toStdString(), meta);
    if (!recorder)
        return 0;
    const std::int64_t span = run.back().t_ns + 1'000'000;
    std::vector<netlab::Event> copy;
    std::size_t written = 0;
    for (std::int64_t k = 0; written < events; ++k) {
        copy.clear();
        for (const netlab::Event& e : run) {
            if (k > 0 && e.kind == netlab::EventKind::RunStarted)
                continue;
            netlab::Event shifted = e;
            shifted.t_ns += k * span;
            if (shifted.msg_id != 0)
                shifted.msg_id += std::uint64_t(k) * 1'000'000'000ULL;
            copy.push_back(std::move(shifted));
        }
        (*recorder)->on_events(copy);
        written += copy.size();
    }
    if (!(*recorder)->close("done"))
        return 0;
    return (*recorder)->committed();
}

QAction* actionNamed(QWidget& window, const QString& text) {
    for (QAction* action : window.findChildren<QAction*>())
        if (action->text() == text)
            return action;
    return nullptr;
}

}  // namespace

class MainWindowTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void reportFolderIsCreatedWhenNew();
    void opensAScenario();
    void badScenarioKeepsTheWindowUsable();
    void f5RunsAndTheResultsShow();
    void layoutPersists();
    void startsOnTheLibraryAndOpensFromIt();
    void openExampleListsTheLibrary();
    void scrubbingRewindsTheLogAndLiveReturns();
    void handFaultReachesTheRun();
    void opensARecordingForPlayback();
    void compareDialogBuildsTheCliCommand();
    void raftRunShowsALeaderAndPlaybackControlsWork();
    void patternViewsAreRegistered();
    void patternViewDockFollowsTheScenario();
    void closingWhileARecordingLoadsNeitherCrashesNorHangs();
    void closingWhileAReportIsWrittenFinishesIt();
    void chineseTranslationIsComplete();
    void newEmptyLabStartsCleanAndIsShown();
    void runIsRefusedWhileAFieldHoldsARefusedValue();
    void typingInTheLinkDialogIsOneFault();
    void titleFollowsTheLabSettings();
};

void MainWindowTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);   // QSettings go to a test location
    QCoreApplication::setOrganizationName(QStringLiteral("DistLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("distlab-test"));
}

void MainWindowTest::opensAScenario() {
    MainWindow window;
    QVERIFY(window.openScenario(kShipped));
    QVERIFY(window.windowTitle().contains(QStringLiteral("Request-response")));
    QCOMPARE(window.topology().nodeIds().size(), 2);
    QCOMPARE(window.stateModel().node(), QStringLiteral("s1"));   // the first node is selected
    QVERIFY(actionNamed(window, QStringLiteral("&Run"))->isEnabled());
    QVERIFY(!actionNamed(window, QStringLiteral("&Stop"))->isEnabled());
    // log, checks, state, roles, inspector, metrics, messages, held messages, and one per pattern view
    QCOMPARE(window.findChildren<QDockWidget*>().size(), 8 + qsizetype(views::PatternViewRegistry::builtin().views().size()));
}

void MainWindowTest::badScenarioKeepsTheWindowUsable() {
    MainWindow window;
    QVERIFY(window.openScenario(kShipped));
    // The warning is modal; close it as soon as it shows.
    QTimer::singleShot(0, this, [] {
        if (QWidget* box = QApplication::activeModalWidget())
            box->close();
    });
    QVERIFY(!window.openScenario(QStringLiteral("/nonexistent/broken.yaml")));
    QCOMPARE(window.topology().nodeIds().size(), 2);   // the open scenario stays
}

void MainWindowTest::f5RunsAndTheResultsShow() {
    MainWindow window;
    window.session().setPaced(false);
    window.setSimulate(true);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openScenario(kShipped));
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    QTest::keyClick(&window, Qt::Key_F5);
    QVERIFY(window.session().isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QVERIFY(window.logModel().rowCount() > 4);
    QVERIFY(window.stateModel().rowCount() > 5);
    auto* checks = window.findChild<QTreeWidget*>();
    QVERIFY(checks);
    QCOMPARE(checks->topLevelItemCount(), 6);
    QVERIFY(actionNamed(window, QStringLiteral("&Run"))->isEnabled());
}

void MainWindowTest::layoutPersists() {
    {
        MainWindow window;
        window.setSimulate(true);
        window.findChild<QDockWidget*>(QStringLiteral("StateDock"))->hide();
        window.close();
    }
    MainWindow again;
    QVERIFY(actionNamed(again, QStringLiteral("S&imulate"))->isChecked());
    QVERIFY(again.findChild<QDockWidget*>(QStringLiteral("StateDock"))->isHidden());
    again.setSimulate(false);
    again.findChild<QDockWidget*>(QStringLiteral("StateDock"))->show();
    again.close();
}

void MainWindowTest::startsOnTheLibraryAndOpensFromIt() {
    MainWindow window;
    window.setLibraryRoot(QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios"));
    window.showLibrary();
    QVERIFY(window.isShowingLibrary());
    QVERIFY(window.library().model().scenarioCount() >= 20);
    Q_EMIT window.library().openRequested(kShipped);
    QVERIFY(!window.isShowingLibrary());
    QCOMPARE(window.topology().nodeIds().size(), 2);
}

void MainWindowTest::openExampleListsTheLibrary() {
    MainWindow window;
    window.setLibraryRoot(QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios"));
    QMenu* examples = nullptr;
    for (QMenu* menu : window.findChildren<QMenu*>())
        if (menu->title() == QStringLiteral("Open &Example"))
            examples = menu;
    QVERIFY(examples);
    Q_EMIT examples->aboutToShow();
    // One submenu per family, one entry per scenario, titled as the library titles them.
    const auto& model = window.library().model();
    QCOMPARE(examples->actions().size(), model.rowCount());
    int entries = 0;
    QAction* bulkhead = nullptr;
    for (QAction* family : examples->actions()) {
        QVERIFY(family->menu());
        for (QAction* entry : family->menu()->actions()) {
            ++entries;
            if (entry->toolTip().endsWith(QStringLiteral("resilience/bulkhead.yaml")))
                bulkhead = entry;
        }
    }
    QCOMPARE(entries, model.scenarioCount());
    QVERIFY(bulkhead);
    bulkhead->trigger();
    QCOMPARE(window.topology().nodeIds().size(), 5);
    // Shown again (the language or the library may have changed): rebuilt, not appended to.
    Q_EMIT examples->aboutToShow();
    QCOMPARE(examples->actions().size(), model.rowCount());
}

void MainWindowTest::scrubbingRewindsTheLogAndLiveReturns() {
    MainWindow window;
    window.session().setPaced(false);
    window.setSimulate(true);
    QVERIFY(window.openScenario(kShipped));
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.runScenario();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    views::RunTimeline& timeline = window.timeline();
    QVERIFY(timeline.events().size() > 100);
    QVERIFY(!timeline.faults().empty());          // the scenario's loss fault, as an interval
    const int allRows = window.logModel().rowCount();
    timeline.seek(timeline.endNs() / 4);
    QVERIFY(window.logModel().rowCount() < allRows);
    QVERIFY(window.logModel().rowCount() > 0);
    for (int row = 0; row < window.logModel().rowCount(); ++row)
        QVERIFY(window.logModel().index(row, 0).data(views::EventLogModel::TimeRole).toLongLong() <= timeline.cursorNs());
    timeline.goLive();
    QCOMPARE(window.logModel().rowCount(), allRows);
}

void MainWindowTest::handFaultReachesTheRun() {
    MainWindow window;
    window.setSimulate(true);   // paced: the run lasts long enough to act on
    QVERIFY(window.openScenario(kShipped));
    window.runScenario();
    views::RunTimeline& timeline = window.timeline();
    QTRY_VERIFY_WITH_TIMEOUT(timeline.events().size() > 10, 20000);
    window.handFaults().kill(QStringLiteral("c1"));
    const auto killed = [&] {
        for (const auto& e : timeline.events())
            if (e.kind == netlab::EventKind::FaultInjected && e.type == "kill" && e.node == "c1")
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(killed(), 20000);
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.stopRun();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
}

void MainWindowTest::opensARecordingForPlayback() {
    QTemporaryDir dir;
    const QString recording = dir.filePath(QStringLiteral("run.distlab"));
    const QString cli = QFileInfo(QStringLiteral(DISTLAB_NODE_BINARY)).dir().filePath(QStringLiteral("distlab-cli"));
    QProcess process;
    process.start(cli, {QStringLiteral("run"), kShipped, QStringLiteral("--sim"), QStringLiteral("--record"), recording});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);

    MainWindow window;
    QSignalSpy opened(&window, &MainWindow::recordingOpened);
    QVERIFY(window.openFile(recording));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
    QCOMPARE(opened.first().at(1).toString(), QString());   // no problem reading it
    QVERIFY(window.timeline().events().size() > 100);
    QCOMPARE(window.topology().nodeIds().size(), 2);        // the lab drawn from the recorded scenario
    QVERIFY(window.logModel().rowCount() > 4);
    // Its checks are judged again and shown.
    auto* checks = window.findChild<QTreeWidget*>();
    QVERIFY(checks);
    QCOMPARE(checks->topLevelItemCount(), 6);
    QVERIFY(window.docks().patternDock(QStringLiteral("raft"))->isHidden());   // no Raft node recorded

    // Not a recording: a clear message, no crash, nothing loaded.
    QFile junk(dir.filePath(QStringLiteral("junk.distlab")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("this is not SQLite");
    junk.close();
    QTimer::singleShot(0, this, [] {
        if (QWidget* box = QApplication::activeModalWidget())
            box->close();
    });
    QVERIFY(!window.openFile(junk.fileName()));
}

void MainWindowTest::compareDialogBuildsTheCliCommand() {
    views::CompareDialog dialog(kShipped);
    const auto edits = dialog.findChildren<QLineEdit*>(QString(), Qt::FindDirectChildrenOnly);
    QCOMPARE(edits.size(), 3);   // A, B, report folder
    QPushButton* ok = nullptr;
    for (QPushButton* button : dialog.findChildren<QPushButton*>())
        if (button->text() == QStringLiteral("Compare"))
            ok = button;
    QVERIFY(ok);
    QVERIFY(!ok->isEnabled());   // B is missing
    const QString b = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/resilience/circuit-breaker.yaml");
    edits[1]->setText(b);
    QVERIFY(ok->isEnabled());
    const QStringList args = dialog.arguments();
    QCOMPARE(args.mid(0, 3), (QStringList{QStringLiteral("compare"), kShipped, b}));
    QVERIFY(args.contains(QStringLiteral("--sim")));
    QCOMPARE(args.at(args.indexOf(QStringLiteral("--report")) + 1), dialog.reportDir());
}

void MainWindowTest::raftRunShowsALeaderAndPlaybackControlsWork() {
    MainWindow window;
    window.session().setPaced(false);
    window.setSimulate(true);
    QVERIFY(window.openScenario(QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/consensus/leader-failover.yaml")));
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.runScenario();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    views::RunTimeline& timeline = window.timeline();
    // Before the kill at 4 s, the canvas shows one leader.
    timeline.seek(3'500'000'000);
    int leaders = 0;
    for (const QString& node : window.topology().nodeIds())
        leaders += window.topology().badgeOf(node).contains(QStringLiteral("leader"));
    QCOMPARE(leaders, 1);

    // Next fault: the kill at 4 s; previous fault from there: back to the start.
    QAction* nextFault = actionNamed(window, QStringLiteral("Next &Fault"));
    QVERIFY(nextFault);
    timeline.seek(0);
    nextFault->trigger();
    QCOMPARE(timeline.cursorNs(), timeline.faults().front().startNs);
    // Play moves the cursor forward from where it is; Live is for a run in progress only.
    QAction* play = actionNamed(window, QStringLiteral("&Play"));
    const qint64 before = timeline.cursorNs();
    play->setChecked(true);
    QTRY_VERIFY_WITH_TIMEOUT(timeline.cursorNs() > before, 5000);
    play->setChecked(false);
    QVERIFY(!actionNamed(window, QStringLiteral("&Live"))->isEnabled());

    // Pictures of the topology and the message diagram.
    QTemporaryDir dir;
    const QString svg = dir.filePath(QStringLiteral("topology.svg"));
    QCOMPARE(views::exportPicture(svg, window.findChild<views::TopologyView*>(), &window.topology()), QString());
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.contains("n1"));
    const QString png = dir.filePath(QStringLiteral("topology.png"));
    QCOMPARE(views::exportPicture(png, window.findChild<views::TopologyView*>()), QString());
    QVERIFY(QImage(png).width() > 100);
    QVERIFY(!views::exportPicture(dir.filePath(QStringLiteral("x.gif")), &window).isEmpty());
}

void MainWindowTest::patternViewsAreRegistered() {
    const auto& views = views::PatternViewRegistry::builtin().views();
    const auto raft = std::find_if(views.begin(), views.end(), [](const auto& v) { return v.id == QStringLiteral("raft"); });
    QVERIFY(raft != views.end());
    QCOMPARE(raft->title(false), QStringLiteral("Raft"));
    QVERIFY(!raft->title(true).isEmpty());
    // It serves the roles whose descriptor says pattern "raft", and no other.
    views::RoleUse raftRun;
    raftRun.add(*core::RoleRegistry::builtin().find("raft"));
    QVERIFY(raftRun.servedBy(*raft));
    views::RoleUse breakerRun;
    breakerRun.add(*core::RoleRegistry::builtin().find("breaker-client"));
    breakerRun.add(*core::RoleRegistry::builtin().find("flaky-server"));
    QVERIFY(!breakerRun.servedBy(*raft));
}

void MainWindowTest::patternViewDockFollowsTheScenario() {
    QSettings().remove(QStringLiteral("window/closedPatternViews"));
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QDockWidget* raft = window.docks().patternDock(QStringLiteral("raft"));
    QVERIFY(raft);
    QCOMPARE(raft->objectName(), QStringLiteral("PatternDock:raft"));
    QVERIFY(raft->isHidden());                               // nothing open yet
    QVERIFY(!raft->toggleViewAction()->isVisible());         // and not offered in the View menu
    QVERIFY(window.openScenario(kRaft));
    QVERIFY(!raft->isHidden());
    QVERIFY(raft->toggleViewAction()->isVisible());
    const int withRaft = views::ShortcutHelp(window).shortcutCount();
    QVERIFY(window.openScenario(kBreaker));
    QVERIFY(raft->isHidden());
    QVERIFY(!raft->toggleViewAction()->isVisible());
    // F1's list offers no shortcut of a view the scenario does not use.
    QCOMPARE(views::ShortcutHelp(window).shortcutCount(), withRaft - 1);

    // Raising another tab is not closing it; closing it is remembered for the next Raft scenario
    // until the View menu opens it again.
    QVERIFY(window.openScenario(kRaft));
    window.findChild<QDockWidget*>(QStringLiteral("LogDock"))->raise();
    QVERIFY(window.openScenario(kBreaker));
    QVERIFY(window.openScenario(kRaft));
    QVERIFY(!raft->isHidden());
    raft->close();
    QVERIFY(window.openScenario(kBreaker));
    QVERIFY(window.openScenario(kRaft));
    QVERIFY(raft->isHidden());
    QVERIFY(raft->toggleViewAction()->isVisible());
    QVERIFY(!raft->toggleViewAction()->isChecked());
    raft->toggleViewAction()->trigger();
    QVERIFY(!raft->isHidden());
    QVERIFY(QSettings().value(QStringLiteral("window/closedPatternViews")).toStringList().isEmpty());
    window.close();   // closing the window hides every dock: not the user closing the view
    QVERIFY(QSettings().value(QStringLiteral("window/closedPatternViews")).toStringList().isEmpty());
}

void MainWindowTest::closingWhileARecordingLoadsNeitherCrashesNorHangs() {
    QTemporaryDir dir;
    const QString recording = dir.filePath(QStringLiteral("large.distlab"));
    const std::uint64_t events = writeLargeRecording(recording, "scenarios/consensus/leader-failover.yaml", 200'000);
    QVERIFY(events >= 200'000);

    for (const bool closeFirst : {true, false}) {
        auto window = std::make_unique<MainWindow>();
        QSignalSpy opened(window.get(), &MainWindow::recordingOpened);
        QVERIFY(window->openFile(recording));
        QVERIFY(window->recordingLoader().isLoading());   // still reading when the window goes
        QElapsedTimer clock;
        clock.start();
        if (closeFirst)
            QVERIFY(window->close());
        window.reset();
        // Cancelled at its next slice: the window is gone in moments, never reading on.
        QVERIFY2(clock.elapsed() < 10'000, qPrintable(QStringLiteral("destroying took %1 ms").arg(clock.elapsed())));
        // Whatever the worker had queued for the window is dropped with it.
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        QCOMPARE(opened.count(), 0);
    }

    // The same file read to the end: every event, and the Raft view offered for its Raft nodes
    // (from the recording's role catalog alone: it has no scenario text).
    QSettings().remove(QStringLiteral("window/closedPatternViews"));
    MainWindow window;
    QSignalSpy opened(&window, &MainWindow::recordingOpened);
    QVERIFY(window.openFile(recording));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 180'000);
    QCOMPARE(opened.first().at(1).toString(), QString());
    QCOMPARE(window.timeline().events().size(), std::size_t(events));
    QVERIFY(!window.docks().patternDock(QStringLiteral("raft"))->isHidden());
}

void MainWindowTest::closingWhileAReportIsWrittenFinishesIt() {
    QTemporaryDir dir;
    auto window = std::make_unique<MainWindow>();
    QVERIFY(window->openScenario(kShipped));
    window->exports().writeReport(dir.path(), views::test::loadShipped("scenarios/communication/request-response.yaml"),
                                  views::test::simulatedRun("scenarios/communication/request-response.yaml"), QString());
    // Usually still writing now; on a loaded machine the worker may be done already. Either way,
    // once the window is gone the files are complete.
    window.reset();   // waits for the worker: the files it was writing are complete
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QVERIFY(QFileInfo::exists(QDir(dir.path()).filePath(QStringLiteral("report.html"))));
}

void MainWindowTest::chineseTranslationIsComplete() {
    QFile file(QStringLiteral(DISTLAB_SOURCE_DIR "/translations/distlab_zh_CN.ts"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    int messages = 0;
    QStringList untranslated;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
            ++messages;
        } else if (xml.name() == QLatin1String("translation")) {
            const bool unfinished = xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished");
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (unfinished || text.trimmed().isEmpty())
                untranslated << source;
        }
    }
    QVERIFY(!xml.hasError());
    QVERIFY(messages > 50);
    QVERIFY2(untranslated.isEmpty(), qPrintable(untranslated.join(QStringLiteral(" | "))));
}


void MainWindowTest::newEmptyLabStartsCleanAndIsShown() {
    MainWindow window;
    window.session().setPaced(false);
    window.setSimulate(true);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openScenario(kRaft));
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.runScenario();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    views::RunTimeline& timeline = window.timeline();
    QVERIFY(!timeline.steps().empty());
    QVERIFY(!timeline.faults().empty());
    auto* narrative = window.findChild<views::NarrativeBar*>();
    QVERIFY(narrative && narrative->isVisible());

    // From the library page, by the menu action (Ctrl+N): the new lab is on screen, with nothing
    // of the run.
    window.showLibrary();
    QVERIFY(window.isShowingLibrary());
    actionNamed(window, QStringLiteral("&New Empty Lab"))->trigger();
    QVERIFY(!window.isShowingLibrary());
    QVERIFY(window.topology().nodeIds().isEmpty());
    QVERIFY(timeline.events().empty());
    QVERIFY(timeline.steps().empty());
    QVERIFY(timeline.faults().empty());
    QCOMPARE(timeline.cursorNs(), qint64(0));
    QVERIFY(!narrative->isVisible());
    QCOMPARE(window.logModel().rowCount(), 0);
    QVERIFY(window.editor().inspector().showsLabSettings());

    // Generate from the library page shows what it made.
    window.showLibrary();
    QCOMPARE(window.editor().generate(int(views::GeneratedTopology::Ring), QStringLiteral("raft"), 3), QString());
    QVERIFY(!window.isShowingLibrary());
    QCOMPARE(window.topology().nodeIds().size(), 3);
    window.editor().document().undoStack()->setClean();   // no question when the window closes
}

void MainWindowTest::runIsRefusedWhileAFieldHoldsARefusedValue() {
    MainWindow window;
    window.session().setPaced(false);
    window.setSimulate(true);
    QVERIFY(window.openScenario(kShipped));
    views::Inspector& inspector = window.editor().inspector();
    inspector.showNode(QStringLiteral("c1"));
    auto* timeout = qobject_cast<QLineEdit*>(inspector.field(QStringLiteral("timeout")));
    QVERIFY(timeout);
    timeout->setText(QStringLiteral("-5ms"));
    Q_EMIT timeout->editingFinished();
    QString said;
    QTimer::singleShot(0, this, [&said] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            said = box->text();
            box->close();
        }
    });
    window.runScenario();
    QVERIFY(!window.session().isRunning());
    QVERIFY2(said.contains(QStringLiteral("timeout")) && said.contains(QStringLiteral("must not be negative")),
             qPrintable(said));
    // Corrected, it runs with the value shown.
    timeout->setText(QStringLiteral("300ms"));
    Q_EMIT timeout->editingFinished();
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.runScenario();
    QVERIFY(window.session().isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    window.editor().document().undoStack()->setClean();
}

void MainWindowTest::typingInTheLinkDialogIsOneFault() {
    MainWindow window;
    window.setSimulate(true);   // paced: the run lasts long enough to act on
    QVERIFY(window.openScenario(kShipped));
    window.runScenario();
    views::RunTimeline& timeline = window.timeline();
    QTRY_VERIFY_WITH_TIMEOUT(timeline.events().size() > 10, 20000);
    // The loss rates of every loss fault injected so far (the scenario's own is 0.5).
    const auto lossRates = [&] {
        std::vector<double> rates;
        for (const auto& e : timeline.events())
            if (e.kind == netlab::EventKind::FaultInjected && e.type == "loss") {
                const auto data = nlohmann::json::parse(e.data, nullptr, false);
                if (data.is_object() && data.contains("rate"))
                    rates.push_back(data["rate"].get<double>());
            }
        return rates;
    };
    const auto count = [](const std::vector<double>& rates, double rate) {
        return std::count_if(rates.begin(), rates.end(), [rate](double r) { return std::abs(r - rate) < 1e-9; });
    };
    std::unique_ptr<QDialog> dialog(
        window.handFaults().createLinkFaultsDialog(QStringLiteral("c1"), QStringLiteral("s1"), &window));
    dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
    auto* loss = dialog->findChild<QDoubleSpinBox*>(QStringLiteral("loss"));
    QVERIFY(loss);
    loss->setFocus();
    loss->selectAll();
    QTest::keyClicks(loss, QStringLiteral("37"));
    QTest::keyClick(loss, Qt::Key_Enter);
    dialog->findChild<QDoubleSpinBox*>(QStringLiteral("jitter"))->setFocus();   // the focus leaves the box
    dialog->close();
    QTRY_VERIFY_WITH_TIMEOUT(count(lossRates(), 0.37) > 0, 20000);
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.stopRun();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    // "3" and then "37" typed, Enter, the focus gone: one fault of 37 %, and none of 3 %.
    const std::vector<double> rates = lossRates();
    QCOMPARE(count(rates, 0.37), 1);
    QCOMPARE(count(rates, 0.03), 0);
}

void MainWindowTest::reportFolderIsCreatedWhenNew() {
    // Export Report accepts a new folder's name and makes it; an existing folder is used as it
    // is; a file is refused with a reason.
    QTemporaryDir dir;
    QString error;
    const QString fresh = dir.filePath(QStringLiteral("lesson-3/leader-failover-report"));
    QCOMPARE(views::ExportActions::prepareReportFolder(fresh, &error), fresh);
    QVERIFY(QFileInfo(fresh).isDir());
    QCOMPARE(views::ExportActions::prepareReportFolder(fresh, &error), fresh);
    QFile file(dir.filePath(QStringLiteral("notes.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QVERIFY(views::ExportActions::prepareReportFolder(file.fileName(), &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("is a file")), qPrintable(error));
}

void MainWindowTest::titleFollowsTheLabSettings() {
    MainWindow window;
    QVERIFY(window.openScenario(kShipped));
    const QString before = window.windowTitle();
    QVERIFY(before.startsWith(QStringLiteral("Request-response")));
    views::LabDocument& document = window.editor().document();
    // The title is changed in the lab settings: the window says so at once, and again on undo.
    QCOMPARE(document.setTitle(QStringLiteral("Echo lesson"), QStringLiteral("回声课")), QString());
    QCOMPARE(window.windowTitle(), QStringLiteral("Echo lesson[*] - DistLab"));
    QVERIFY(window.isWindowModified());
    // A new name leaves a titled lab's window title as it is.
    QCOMPARE(document.setName(QStringLiteral("echo-lesson")), QString());
    QCOMPARE(window.windowTitle(), QStringLiteral("Echo lesson[*] - DistLab"));
    document.undoStack()->undo();
    document.undoStack()->undo();
    QCOMPARE(window.windowTitle(), before);
    QVERIFY(!window.isWindowModified());
}

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
