// The window's shell as a newcomer meets it (issue 23): dock shortcuts that bring a dock forward,
// one speed control, the status bar and read-only lab in playback, Save As into Recent files,
// number fields that read as written, and saved positions without negative offsets.

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QProcess>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "netlab/api/scenario_files.h"
#include "views/common/lab_session.h"
#include "views/common/number_box.h"
#include "views/common/run_timeline.h"
#include "views/editor/editor_controller.h"
#include "views/editor/inspector.h"
#include "views/editor/lab_document.h"
#include "views/editor/role_palette.h"
#include "views/library/recent_files.h"
#include "views/shell/main_window.h"
#include "views/shell/playback_controls.h"
#include "views/shell/window_docks.h"
#include "views/topology/topology_scene.h"
#include "view_test_support.h"

using namespace distlab;
using views::MainWindow;

namespace {

const QString kShipped = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/communication/request-response.yaml");
const QString kRaft = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/consensus/leader-failover.yaml");

QAction* actionNamed(QWidget& window, const QString& text) {
    for (QAction* action : window.findChildren<QAction*>())
        if (action->text() == text)
            return action;
    return nullptr;
}

QLabel* speedCaption(MainWindow& window) {
    return window.findChild<QLabel*>(QStringLiteral("SpeedCaption"));
}

netlab::Event message(netlab::EventKind kind, qint64 ms, std::string from, std::string to, std::uint64_t id) {
    netlab::Event e;
    e.kind = kind;
    e.t_ns = ms * 1'000'000;
    e.node = std::move(from);
    e.peer = std::move(to);
    e.msg_id = id;
    e.type = "ping";
    return e;
}

}  // namespace

class WindowShellTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void dockShortcutBringsACoveredDockForward();
    void oneSpeedControlSaysWhatItActsOn();
    void slowMotionKeepsTheCanvasAtTheRunsPace();
    void playbackShowsTheCursorTimeAndIsReadOnly();
    void saveAsIsARecentFile();
    void libraryTakesTheWholeWindow();
    void numbersReadAsWritten();
    void savedPositionsHaveNoNegativeOffsets();
    void aRunFitsAClassroomScreen();
};

void WindowShellTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DistLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("window-shell-test"));
    QSettings().clear();
}

void WindowShellTest::dockShortcutBringsACoveredDockForward() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openScenario(kRaft));
    views::WindowDocks& docks = window.docks();
    QDockWidget* raft = docks.patternDock(QStringLiteral("raft"));
    QAction* shortcut = docks.viewAction(raft);
    QVERIFY(shortcut);
    QVERIFY(!shortcut->shortcut().isEmpty());   // Alt+N
    QVERIFY(shortcut->isVisible());
    // Tabbed behind the log: the shortcut brings it forward, it does not hide it.
    window.findChild<QDockWidget*>(QStringLiteral("LogDock"))->raise();
    QTRY_VERIFY(docks.isCovered(raft));
    QVERIFY(!raft->isHidden());
    shortcut->trigger();
    QVERIFY(!raft->isHidden());
    QTRY_VERIFY(!docks.isCovered(raft));
    QVERIFY(shortcut->isChecked());
    // In front: the shortcut hides it; hidden: it shows it in front again.
    shortcut->trigger();
    QVERIFY(raft->isHidden());
    QVERIFY(!shortcut->isChecked());
    shortcut->trigger();
    QVERIFY(!raft->isHidden());
    QTRY_VERIFY(!docks.isCovered(raft));
    QVERIFY(shortcut->isChecked());
    // The View menu entry follows the dock: not offered for a scenario without Raft.
    QVERIFY(window.openScenario(kShipped));
    QVERIFY(!shortcut->isVisible());
}

void WindowShellTest::oneSpeedControlSaysWhatItActsOn() {
    MainWindow window;
    window.setNodeBinary(QStringLiteral(DISTLAB_NODE_BINARY));
    auto* box = window.findChild<QComboBox*>(QStringLiteral("SpeedBox"));
    QLabel* caption = speedCaption(window);
    QVERIFY(box && caption);
    // One speed control: no second box on the toolbar.
    QCOMPARE(window.findChildren<QComboBox*>(QStringLiteral("SpeedBox")).size(), 1);
    for (QComboBox* other : window.findChildren<QComboBox*>())
        QVERIFY(other == box || other->findText(QStringLiteral("1×")) < 0);
    QAction* live = actionNamed(window, QStringLiteral("&Live"));
    QVERIFY(live);

    // Before a real run: nothing to slow down or play.
    window.setSimulate(false);
    QVERIFY(window.openScenario(kShipped));
    QVERIFY(!box->isEnabled());
    QCOMPARE(caption->text(), QStringLiteral("Real time"));
    // Before a simulated one: the simulation's speed.
    window.setSimulate(true);
    QVERIFY(box->isEnabled());
    QCOMPARE(caption->text(), QStringLiteral("Simulation speed"));

    // A real run, live: the speed cannot act, and Live is where the cursor is already.
    window.setSimulate(false);
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.runScenario();
    QVERIFY(window.session().isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(window.timeline().events().size() > 10, 20000);
    QVERIFY(!box->isEnabled());
    QCOMPARE(caption->text(), QStringLiteral("Real time"));
    QVERIFY(!live->isEnabled());
    // Looking back during the run: the speed is Play's, and Live returns.
    window.timeline().seek(window.timeline().endNs() / 2);
    QVERIFY(box->isEnabled());
    QCOMPARE(caption->text(), QStringLiteral("Playback speed"));
    QVERIFY(live->isEnabled());
    live->trigger();
    QVERIFY(!box->isEnabled());
    window.stopRun();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    // Finished: nothing is live any more, the speed is Play's.
    QVERIFY(!live->isEnabled());
    QVERIFY(box->isEnabled());
    QCOMPARE(caption->text(), QStringLiteral("Playback speed"));
}

void WindowShellTest::slowMotionKeepsTheCanvasAtTheRunsPace() {
    // A message sent live is drawn for at least kMinFlightNs of lab time. At 1/20 of the
    // scenario's time that is five seconds of wall time; a canvas clocked by the wall would let
    // it go after a quarter of a second.
    views::TopologyScene scene;
    scene.setScenario(views::test::loadShipped("scenarios/communication/request-response.yaml"));
    views::RunTimeline timeline;
    scene.setTimeline(&timeline);
    scene.setLivePace(1.0 / 20);
    const QStringList nodes = scene.nodeIds();
    QVERIFY(nodes.size() >= 2);
    const std::string a = nodes[0].toStdString();
    const std::string b = nodes[1].toStdString();
    using netlab::EventKind;
    // A LAN hop: delivered 1 ms after it was sent.
    timeline.append({message(EventKind::MessageSent, 1000, a, b, 1), message(EventKind::MessageDelivered, 1001, a, b, 1)});
    QTRY_COMPARE(scene.drawnMessages().size(), std::size_t(1));
    QTest::qWait(int(3 * views::TopologyScene::kMinFlightNs / 1'000'000 / 2));   // the time is the subject
    QCOMPARE(scene.drawnMessages().size(), std::size_t(1));

    scene.setLivePace(1.0);   // as written: the dot is gone within its quarter second
    timeline.append({message(EventKind::MessageSent, 2000, a, b, 2), message(EventKind::MessageDelivered, 2001, a, b, 2)});
    QTRY_VERIFY_WITH_TIMEOUT(scene.drawnMessages().empty(), 2000);
}

void WindowShellTest::playbackShowsTheCursorTimeAndIsReadOnly() {
    QTemporaryDir dir;
    const QString recording = dir.filePath(QStringLiteral("run.distlab"));
    const QString cli = QFileInfo(QStringLiteral(DISTLAB_NODE_BINARY)).dir().filePath(QStringLiteral("distlab-cli"));
    QProcess process;
    process.start(cli, {QStringLiteral("run"), kShipped, QStringLiteral("--sim"), QStringLiteral("--record"), recording});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);

    MainWindow window;
    window.session().setPaced(false);
    QSignalSpy opened(&window, &MainWindow::recordingOpened);
    QVERIFY(window.openFile(recording));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
    auto* progress = window.findChild<QProgressBar*>();
    QVERIFY(progress);
    views::RunTimeline& timeline = window.timeline();
    timeline.seek(2'500'000'000);
    QVERIFY2(progress->text().startsWith(QStringLiteral("2.5 / ")), qPrintable(progress->text()));
    timeline.seek(4'000'000'000);
    QVERIFY2(progress->text().startsWith(QStringLiteral("4 / ")), qPrintable(progress->text()));
    QCOMPARE(progress->value(), 4000);
    // Nothing is live in a recording; its lab is what was recorded, not for editing.
    QVERIFY(!actionNamed(window, QStringLiteral("&Live"))->isEnabled());
    QVERIFY(!window.topology().isEditable());
    window.editor().inspector().showNode(QStringLiteral("s1"));
    QWidget* capacity = window.editor().inspector().field(QStringLiteral("capacity"));
    QVERIFY(capacity);
    QVERIFY(!capacity->isEnabled());
    QVERIFY(!window.editor().palette().isEnabled());
    QVERIFY(window.editor().paletteDock()->isHidden());   // nothing to add: the canvas gets its width
    auto* recordingLabel = [&]() -> QLabel* {
        for (QLabel* label : window.findChildren<QLabel*>())
            if (label->text().startsWith(QStringLiteral("Playback: ")))
                return label;
        return nullptr;
    }();
    QVERIFY(recordingLabel);

    // F5 runs the recorded lab: the status bar no longer says playback.
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.setSimulate(true);
    window.runScenario();
    QVERIFY(!recordingLabel->text().startsWith(QStringLiteral("Playback")));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QVERIFY(window.topology().isEditable());
    QVERIFY(window.editor().palette().isEnabled());
    QVERIFY(!window.editor().paletteDock()->isHidden());
    window.editor().inspector().showNode(QStringLiteral("s1"));
    QVERIFY(window.editor().inspector().field(QStringLiteral("capacity"))->isEnabled());

    // A palette the user closed stays closed after the next run.
    window.editor().paletteDock()->close();
    window.runScenario();
    QVERIFY(window.editor().paletteDock()->isHidden());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000);
    QVERIFY(window.editor().paletteDock()->isHidden());
}

void WindowShellTest::saveAsIsARecentFile() {
    MainWindow window;
    QVERIFY(window.openScenario(kShipped));
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("my-lab.yaml"));
    QCOMPARE(window.editor().document().save(copy), QString());
    QCOMPARE(views::RecentFiles().files().value(0), QFileInfo(copy).absoluteFilePath());
}

void WindowShellTest::libraryTakesTheWholeWindow() {
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setLibraryRoot(QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios"));
        QVERIFY(window.openScenario(kRaft));
        QDockWidget* log = window.findChild<QDockWidget*>(QStringLiteral("LogDock"));
        QDockWidget* raft = window.docks().patternDock(QStringLiteral("raft"));
        QVERIFY(!log->isHidden() && !raft->isHidden());
        window.showLibrary();
        for (QDockWidget* dock : window.findChildren<QDockWidget*>())
            QVERIFY2(dock->isHidden(), qPrintable(dock->objectName()));
        window.showLab();
        QVERIFY(!log->isHidden());
        QVERIFY(!raft->isHidden());   // setting aside is not closing the view
        window.showLibrary();
        window.close();               // saved while the library shows: the lab's layout
    }
    MainWindow again;
    QVERIFY(!again.findChild<QDockWidget*>(QStringLiteral("LogDock"))->isHidden());
}

void WindowShellTest::numbersReadAsWritten() {
    views::NumberBox number(false);
    number.setRange(0, 1e9);
    number.setValue(10);
    QCOMPARE(number.text(), QStringLiteral("10"));
    number.setValue(2.5);
    QCOMPARE(number.text(), QStringLiteral("2.5"));
    views::NumberBox probability(true);
    probability.setValue(0.5);
    QCOMPARE(probability.text(), QStringLiteral("50 %"));
    QCOMPARE(probability.value(), 0.5);
    QCOMPARE(probability.valueFromText(QStringLiteral("12.5 %")), 0.125);
    QCOMPARE(probability.valueFromText(QStringLiteral("20")), 0.2);
    QString typed = QStringLiteral("150");
    int pos = 0;
    QVERIFY(probability.validate(typed, pos) != QValidator::Acceptable);   // above 100 %
    typed = QStringLiteral("abc");
    QCOMPARE(probability.validate(typed, pos), QValidator::Invalid);
}

void WindowShellTest::savedPositionsHaveNoNegativeOffsets() {
    views::LabDocument document;
    document.newLab();
    QCOMPARE(document.addNode(QStringLiteral("server"), QPointF(-120.4, -40), QStringLiteral("a")), QString());
    QCOMPARE(document.addNode(QStringLiteral("server"), QPointF(80, 60.6), QStringLiteral("b")), QString());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("lab.yaml"));
    QCOMPARE(document.save(path), QString());
    auto saved = netlab::read_scenario_file(path.toStdString());
    QVERIFY(saved);
    QCOMPARE(saved->nodes.size(), std::size_t(2));
    const auto a = *saved->nodes[0].at;
    const auto b = *saved->nodes[1].at;
    QCOMPARE(a[0], 0.0);
    QCOMPARE(a[1], 0.0);
    QCOMPARE(b[0], 200.0);   // the drawing is the same, moved to the origin
    QCOMPARE(b[1], 101.0);
    // The lab on the canvas keeps its positions.
    QVERIFY((*document.scenario().nodes[0].at)[0] < 0);
}

// A 1366 x 768 projector leaves the window about 708 pixels (less a panel): during a run and after
// it, nothing may ask for more, or the status bar and the bottom docks' tabs fall off the screen.
void WindowShellTest::aRunFitsAClassroomScreen() {
    MainWindow window;
    window.session().setPaced(false);
    QVERIFY(window.openScenario(kRaft));
    window.setWindowState(Qt::WindowNoState);   // not maximised on the test's small screen
    window.resize(1366, 708);
    window.show();
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.setSimulate(true);
    window.runScenario();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCoreApplication::processEvents();
    QString parts;
    for (QDockWidget* dock : window.findChildren<QDockWidget*>())
        if (!dock->isHidden())
            parts += QStringLiteral(" %1=%2").arg(dock->objectName()).arg(dock->minimumSizeHint().height());
    parts += QStringLiteral(" central=%1").arg(window.centralWidget()->minimumSizeHint().height());
    QVERIFY2(window.minimumSizeHint().height() <= 708,
             qPrintable(QStringLiteral("asks for %1 pixels:").arg(window.minimumSizeHint().height()) + parts));
    QVERIFY2(window.height() <= 708, qPrintable(QString::number(window.height())));
}

QTEST_MAIN(WindowShellTest)
#include "window_shell_test.moc"
