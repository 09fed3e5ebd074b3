// Presentation mode and the canvas' zoom (issue 21): F11 turns the window into a projector view
// and Esc puts it back as it was; number keys choose the one view beside the canvas; Space and
// the arrows move the cursor; the canvas fits the topology after a resize until the user zooms;
// the colour schemes switch every view's tones and persist.

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QGraphicsView>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QToolBar>
#include <QWheelEvent>

#include "views/common/colour_scheme.h"
#include "views/common/lab_session.h"
#include "views/common/phase_style.h"
#include "views/common/run_timeline.h"
#include "views/patterns/raft/raft_history.h"
#include "views/shell/main_window.h"
#include "views/shell/presentation.h"
#include "views/shell/theme.h"
#include "views/shell/window_docks.h"
#include "views/topology/topology_scene.h"
#include "views/topology/topology_view.h"
#include "view_test_support.h"

using namespace distlab;
using views::MainWindow;

namespace {

const QString kRaft = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/consensus/leader-failover.yaml");

// A key pressed where the user's keys go: the focused widget of the active window.
void press(MainWindow& window, int key) {
    QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : &window;
    QTest::keyClick(target, Qt::Key(key & ~Qt::KeyboardModifierMask), Qt::KeyboardModifiers(key & Qt::KeyboardModifierMask));
}

// Whether every node (with its caption) is inside the canvas' viewport.
bool everyNodeInView(MainWindow& window) {
    views::TopologyView& canvas = window.canvas();
    const QRectF nodes = window.topology().itemsBoundingRect();
    if (nodes.isEmpty())
        return false;
    const QRect shown = canvas.mapFromScene(nodes).boundingRect();
    return canvas.viewport()->rect().contains(shown);
}

void wheel(views::TopologyView& canvas, int delta) {
    const QPointF at = QRectF(canvas.viewport()->rect()).center();
    QWheelEvent event(at, canvas.viewport()->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(canvas.viewport(), &event);
}

QDockWidget* dockNamed(MainWindow& window, const char* name) {
    return window.findChild<QDockWidget*>(QString::fromLatin1(name));
}

}  // namespace

class PresentationTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void f11EntersAndEscLeaves();
    void numberKeysChooseTheView();
    void spaceAndArrowsMoveTheCursor();
    void runKeysWorkWhilePresenting();
    void fitKeepsEveryNodeInViewAfterAResize();
    void aManualZoomIsKept();
    void coloursSwitchAndPersist();
};

void PresentationTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DistLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("presentation-test"));
}

void PresentationTest::init() {
    QSettings().clear();
    views::setColourScheme(views::ColourScheme::Standard);
}

void PresentationTest::f11EntersAndEscLeaves() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(window.openScenario(kRaft));
    QDockWidget* log = dockNamed(window, "LogDock");
    QDockWidget* raft = window.docks().patternDock(QStringLiteral("raft"));
    QVERIFY(!log->isHidden());
    QVERIFY(!raft->isHidden());
    QToolBar* toolbar = window.findChild<QToolBar*>(QStringLiteral("LabToolBar"));
    QVERIFY(!toolbar->isHidden());
    const QRect before = window.geometry();   // (the offscreen platform moves the frame: sizes compared)

    press(window, Qt::Key_F11);
    views::Presentation& presentation = window.presentation();
    QVERIFY(presentation.isActive());
    QVERIFY(presentation.toggleAction()->isChecked());
    QTRY_VERIFY(window.isFullScreen());
    QVERIFY(window.menuBar()->isHidden());
    QVERIFY(window.statusBar()->isHidden());
    QVERIFY(toolbar->isHidden());
    QVERIFY(log->isHidden());
    // The first view offered: the scenario's pattern view (Raft's lanes), beside the canvas.
    QCOMPARE(presentation.shownView(), raft);
    QVERIFY(!raft->isHidden());
    QCOMPARE(window.dockWidgetArea(raft), Qt::RightDockWidgetArea);
    QVERIFY(window.canvas().isPresenting());

    press(window, Qt::Key_Escape);
    QVERIFY(!presentation.isActive());
    QVERIFY(!presentation.toggleAction()->isChecked());
    QTRY_VERIFY(!window.isFullScreen());
    QVERIFY(!window.menuBar()->isHidden());
    QVERIFY(!window.statusBar()->isHidden());
    QVERIFY(!toolbar->isHidden());
    QVERIFY(!log->isHidden());
    QVERIFY(!raft->isHidden());
    QCOMPARE(window.dockWidgetArea(raft), Qt::BottomDockWidgetArea);   // back in its tab group
    QVERIFY(!window.canvas().isPresenting());
    QTRY_COMPARE(window.size(), before.size());
    // Hiding the docks for the projector was not the user closing the Raft view.
    QVERIFY(QSettings().value(QStringLiteral("window/closedPatternViews")).toStringList().isEmpty());
    // F11 toggles.
    press(window, Qt::Key_F11);
    QVERIFY(presentation.isActive());
    press(window, Qt::Key_F11);
    QVERIFY(!presentation.isActive());
}

void PresentationTest::numberKeysChooseTheView() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(window.openScenario(kRaft));
    views::Presentation& presentation = window.presentation();
    const std::vector<QDockWidget*> views = window.docks().presentableDocks();
    QCOMPARE(views.size(), std::size_t(3));   // Raft, the message diagram, Metrics
    QDockWidget* raft = window.docks().patternDock(QStringLiteral("raft"));
    QDockWidget* messages = dockNamed(window, "MessagesDock");
    QDockWidget* metrics = dockNamed(window, "MetricsDock");
    QCOMPARE(views[0], raft);
    QCOMPARE(views[1], messages);
    QCOMPARE(views[2], metrics);

    presentation.enter();
    press(window, Qt::Key_2);
    QCOMPARE(presentation.shownView(), messages);
    QVERIFY(!messages->isHidden());
    QVERIFY(raft->isHidden());
    QVERIFY(metrics->isHidden());
    QCOMPARE(window.dockWidgetArea(messages), Qt::RightDockWidgetArea);
    press(window, Qt::Key_3);
    QCOMPARE(presentation.shownView(), metrics);
    QVERIFY(!metrics->isHidden());
    QVERIFY(messages->isHidden());
    press(window, Qt::Key_9);   // no ninth view: nothing changes
    QCOMPARE(presentation.shownView(), metrics);
    press(window, Qt::Key_0);   // the canvas alone
    QCOMPARE(presentation.shownView(), nullptr);
    for (QDockWidget* dock : views)
        QVERIFY(dock->isHidden());
    press(window, Qt::Key_2);
    presentation.leave();
    // The lab's layout: the message diagram back in the bottom tab group, behind the log.
    QCOMPARE(window.dockWidgetArea(messages), Qt::BottomDockWidgetArea);
    QVERIFY(!window.tabifiedDockWidgets(messages).isEmpty());
    QTRY_VERIFY(window.docks().isCovered(messages));
    // The chosen view is the one shown the next time.
    presentation.enter();
    QCOMPARE(presentation.shownView(), messages);
    presentation.leave();
    // Outside presentation mode a number key is not taken.
    QVERIFY(!presentation.isActive());
    press(window, Qt::Key_3);
    QVERIFY(window.docks().isCovered(metrics));
}

void PresentationTest::spaceAndArrowsMoveTheCursor() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(window.openScenario(kRaft));
    views::RunTimeline& timeline = window.timeline();
    timeline.append(views::test::simulatedRun("scenarios/consensus/leader-failover.yaml"));
    QVERIFY(timeline.steps().size() >= 3);
    const qint64 end = timeline.endNs();
    window.presentation().enter();
    timeline.seek(0);
    // Space: each narrative step in turn (the first one is at 0 s, shown already).
    const auto& steps = timeline.steps();
    std::size_t next = 0;
    while (next < steps.size() && steps[next].tNs <= 0)
        ++next;
    QVERIFY(next + 1 < steps.size());
    press(window, Qt::Key_Space);
    QCOMPARE(timeline.cursorNs(), steps[next].tNs);
    press(window, Qt::Key_Space);
    QCOMPARE(timeline.cursorNs(), steps[next + 1].tNs);
    // The arrows: a fiftieth of the run on and back; Home: the start.
    const qint64 at = timeline.cursorNs();
    press(window, Qt::Key_Right);
    QCOMPARE(timeline.cursorNs(), std::min(end, at + end / 50));
    press(window, Qt::Key_Left);
    QCOMPARE(timeline.cursorNs(), at);
    press(window, Qt::Key_Home);
    QCOMPARE(timeline.cursorNs(), qint64(0));
    press(window, Qt::Key_Left);   // not before the start
    QCOMPARE(timeline.cursorNs(), qint64(0));
    window.presentation().leave();
}

void PresentationTest::runKeysWorkWhilePresenting() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(window.openScenario(kRaft));
    window.setSimulate(true);
    views::Presentation& presentation = window.presentation();
    presentation.enter();
    press(window, Qt::Key_2);   // the message diagram, not Raft's view
    QDockWidget* raft = window.docks().patternDock(QStringLiteral("raft"));
    QDockWidget* messages = dockNamed(window, "MessagesDock");
    QCOMPARE(presentation.shownView(), messages);
    // F5 runs without the menu bar and the toolbar; the run's pattern views stay out of the way.
    press(window, Qt::Key_F5);
    QTRY_VERIFY(window.session().isRunning());
    QVERIFY(raft->isHidden());
    QVERIFY(!messages->isHidden());
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    press(window, Qt::Key_F5 | Qt::ShiftModifier);
    QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 1, 20000);
    QVERIFY(!window.session().isRunning());
    // Zoom to Fit (Ctrl+0) too, after a zoom by the wheel.
    wheel(window.canvas(), 120);
    QVERIFY(window.canvas().isManualZoom());
    press(window, Qt::Key_0 | Qt::ControlModifier);
    QVERIFY(!window.canvas().isManualZoom());
    presentation.leave();
    QVERIFY(!raft->isHidden());   // back in the lab's layout
}

void PresentationTest::fitKeepsEveryNodeInViewAfterAResize() {
    MainWindow window;
    window.resize(1200, 780);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openScenario(kRaft));
    views::TopologyView& canvas = window.canvas();
    QTRY_VERIFY(everyNodeInView(window));
    const double large = canvas.zoom();
    window.resize(760, 520);
    QTRY_VERIFY(canvas.zoom() < large);
    QVERIFY(everyNodeInView(window));
    QVERIFY(!canvas.isManualZoom());
    window.resize(1200, 780);
    QTRY_VERIFY(canvas.zoom() > large * 0.9);
    QVERIFY(everyNodeInView(window));
    // At the fit of its size: fitting again changes nothing.
    const double followed = canvas.zoom();
    canvas.fit();
    QCOMPARE(canvas.zoom(), followed);
    // Presentation mode: fitted to the full screen (up to 4x).
    window.presentation().enter();
    QTRY_VERIFY(window.isFullScreen());
    QTRY_VERIFY(everyNodeInView(window));
    window.presentation().leave();
    QTRY_VERIFY(everyNodeInView(window));
}

void PresentationTest::aManualZoomIsKept() {
    MainWindow window;
    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openScenario(kRaft));
    views::TopologyView& canvas = window.canvas();
    const double fitted = canvas.zoom();
    wheel(canvas, 120);   // one notch closer
    QVERIFY(canvas.isManualZoom());
    const double zoomed = canvas.zoom();
    QVERIFY(zoomed > fitted * 1.1);
    // Kept through a resize and a change of the topology's extent.
    window.resize(800, 600);
    QTest::qWait(0);
    QCOMPARE(canvas.zoom(), zoomed);
    window.topology().setSceneRect(window.topology().sceneRect().adjusted(-200, -200, 200, 200));
    QCOMPARE(canvas.zoom(), zoomed);
    // Zoom to Fit (Ctrl+0) follows the window again.
    QAction* fit = nullptr;
    for (QAction* action : window.findChildren<QAction*>())
        if (action->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_0))
            fit = action;
    QVERIFY(fit);
    fit->trigger();
    QVERIFY(!canvas.isManualZoom());
    QVERIFY(canvas.zoom() < zoomed);
    // A new lab fits too.
    wheel(canvas, -240);
    QVERIFY(canvas.isManualZoom());
    QVERIFY(window.openScenario(kRaft));
    QVERIFY(!canvas.isManualZoom());
}

void PresentationTest::coloursSwitchAndPersist() {
    const QColor standardHealthy = views::toneColour(core::Tone::Healthy);
    const QRgb standardType[] = {0x123456};
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* colourBlind = window.findChild<QAction*>(QStringLiteral("ColourScheme:colour-blind"));
        auto* highContrast = window.findChild<QAction*>(QStringLiteral("ColourScheme:high-contrast"));
        auto* standard = window.findChild<QAction*>(QStringLiteral("ColourScheme:standard"));
        QVERIFY(colourBlind && highContrast && standard);
        QVERIFY(standard->isChecked());
        colourBlind->trigger();
        QCOMPARE(views::colourScheme(), views::ColourScheme::ColourBlindSafe);
        QCOMPARE(views::toneColour(core::Tone::Healthy), QColor(0x00, 0x9e, 0x73));   // Okabe-Ito bluish green
        QCOMPARE(views::messageTypeColour(0, standardType), QColor(0x00, 0x72, 0xb2));
        // Raft's lanes fill follower and leader as the canvas does.
        QCOMPARE(views::raftRoleColor(views::RaftRole::Leader), views::toneColour(core::Tone::Busy));
        QCOMPARE(views::raftRoleColor(views::RaftRole::Follower), QColor(0x56, 0xb4, 0xe9));
        QCOMPARE(QSettings().value(QStringLiteral("ui/palette")).toString(), QStringLiteral("colour-blind"));
        highContrast->trigger();
        QCOMPARE(views::colourScheme(), views::ColourScheme::HighContrast);
        QVERIFY(views::toneColour(core::Tone::Healthy) != standardHealthy);
        QVERIFY(views::messageTypeColour(0, standardType) != QColor(standardType[0]));
        // Every tone is told from every other by hue (60 degrees) or by brightness (40 of 255).
        const core::Tone tones[] = {core::Tone::Neutral, core::Tone::Healthy, core::Tone::Busy,
                                    core::Tone::Warning, core::Tone::Failing, core::Tone::Down};
        for (const core::Tone a : tones)
            for (const core::Tone b : tones) {
                if (a == b)
                    continue;
                const QColor ca = views::toneColour(a);
                const QColor cb = views::toneColour(b);
                const int hue = std::abs(ca.hue() - cb.hue());
                QVERIFY2(std::min(hue, 360 - hue) >= 60 || std::abs(qGray(ca.rgb()) - qGray(cb.rgb())) >= 40,
                         qPrintable(ca.name() + QStringLiteral(" / ") + cb.name()));
            }
    }
    // The next start (the scheme is the process's): the saved scheme comes back with the window.
    views::setColourScheme(views::ColourScheme::Standard);
    MainWindow window;
    QCOMPARE(views::colourScheme(), views::ColourScheme::HighContrast);
    QVERIFY(window.findChild<QAction*>(QStringLiteral("ColourScheme:high-contrast"))->isChecked());
    window.findChild<QAction*>(QStringLiteral("ColourScheme:standard"))->trigger();
    QCOMPARE(views::toneColour(core::Tone::Healthy), standardHealthy);
    QCOMPARE(views::messageTypeColour(0, standardType), QColor(standardType[0]));
    // A key that is no scheme reads as the standard one.
    QSettings().setValue(QStringLiteral("ui/palette"), QStringLiteral("sepia"));
    QCOMPARE(views::savedColourScheme(), views::ColourScheme::Standard);
}

QTEST_MAIN(PresentationTest)
#include "presentation_test.moc"
