// A failed check is a link: clicking its row in the Checks dock moves the cursor into the
// anomaly's window, selects its first node and highlights every node, message and operation it
// involves in the canvas and the message diagram; clicking elsewhere or a new run clears it.

#include <QApplication>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>

#include "netlab/checks/check.h"
#include "views/common/lab_session.h"
#include "views/common/run_timeline.h"
#include "views/shell/main_window.h"
#include "views/shell/theme.h"
#include "views/spacetime/spacetime_canvas.h"
#include "views/spacetime/spacetime_widget.h"
#include "views/topology/topology_scene.h"
#include "views/topology/topology_view.h"
#include "view_test_support.h"

using namespace distlab;
using views::Highlight;
using views::MainWindow;
using views::RunTimeline;

namespace {

// The check of `scenario` (a run judged again from the window's timeline) whose detail mentions
// `needle`.
netlab::CheckResult judged(MainWindow& window, const std::string& needle) {
    const std::vector<netlab::Event>& events = window.timeline().events();
    for (netlab::CheckResult& r : netlab::run_checks(netlab::RunView{window.session().scenario(), events},
                                                     netlab::CheckRegistry::builtin()))
        if (r.detail.find(needle) != std::string::npos)
            return r;
    return {};
}

QTreeWidgetItem* rowMentioning(QTreeWidget* checks, const QString& needle) {
    for (int i = 0; i < checks->topLevelItemCount(); ++i)
        if (checks->topLevelItem(i)->text(2).contains(needle))
            return checks->topLevelItem(i);
    return nullptr;
}

void clickRow(QTreeWidget* checks, QTreeWidgetItem* item) {
    checks->scrollToItem(item);
    QTest::mouseClick(checks->viewport(), Qt::LeftButton, {}, checks->visualItemRect(item).center());
}

}  // namespace

class CheckLinkTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void timelineHighlightSetsAndClears();
    void clickingARaftCheckSelectsAndHighlightsItsLeaders();
    void clickingAnAvailabilityCheckHighlightsItsOperations();
};

void CheckLinkTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DistLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("distlab-check-link-test"));
}

void CheckLinkTest::timelineHighlightSetsAndClears() {
    RunTimeline timeline;
    QSignalSpy changed(&timeline, &RunTimeline::highlightChanged);
    Highlight h;
    h.source = QStringLiteral("single_leader_per_term");
    h.nodes = {QStringLiteral("n1"), QStringLiteral("n3")};
    h.messages = {{QStringLiteral("n1"), 7}};
    h.ops = {{QStringLiteral("c1"), 2}};
    timeline.setHighlight(h);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(timeline.highlight(), h);
    QVERIFY(timeline.highlight().hasMessage(QStringLiteral("n1"), 7));
    QVERIFY(!timeline.highlight().hasMessage(QStringLiteral("n3"), 7));
    QVERIFY(timeline.highlight().hasOp(QStringLiteral("c1"), 2));
    timeline.setHighlight(h);   // the same: no signal
    QCOMPARE(changed.count(), 1);

    // Selecting a node of the highlight keeps it; another node, or none, ends it.
    timeline.selectNode(QStringLiteral("n3"));
    QCOMPARE(timeline.highlight(), h);
    timeline.selectNode(QStringLiteral("n2"));
    QVERIFY(timeline.highlight().isEmpty());
    QCOMPARE(changed.count(), 2);

    timeline.setHighlight(h);
    timeline.selectNode({});
    QVERIFY(timeline.highlight().isEmpty());

    // A new run ends it too, and an empty highlight is a clear.
    timeline.setHighlight(h);
    timeline.clear();
    QVERIFY(timeline.highlight().isEmpty());
    timeline.setHighlight(h);
    timeline.setHighlight(Highlight{});
    QVERIFY(timeline.highlight().isEmpty());
    QCOMPARE(changed.count(), 8);
}

void CheckLinkTest::clickingARaftCheckSelectsAndHighlightsItsLeaders() {
    MainWindow window;
    window.session().setPaced(false);
    window.setSimulate(true);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openScenario(QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/consensus/unsafe-vote-without-persist.yaml")));
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.runScenario();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);

    // What the check itself says about the run the window shows: two leaders of one term.
    const netlab::CheckResult expected = judged(window, "single_leader_per_term failed");
    QCOMPARE(expected.nodes.size(), std::size_t(2));
    QVERIFY(expected.window_ns);

    auto* checks = window.findChild<QTreeWidget*>();
    QVERIFY(checks);
    QTreeWidgetItem* row = rowMentioning(checks, QStringLiteral("single_leader_per_term failed"));
    QVERIFY(row);
    const QString first = QString::fromStdString(expected.nodes[0]);
    const QString second = QString::fromStdString(expected.nodes[1]);
    QVERIFY2(row->toolTip(0).contains(QStringLiteral("Click to select %1").arg(first)), qPrintable(row->toolTip(0)));
    QVERIFY(row->toolTip(0).contains(second));

    RunTimeline& timeline = window.timeline();
    QSignalSpy highlighted(&timeline, &RunTimeline::highlightChanged);
    clickRow(checks, row);
    QCOMPARE(highlighted.count(), 1);
    QVERIFY(!timeline.isLive());
    QVERIFY(timeline.cursorNs() >= expected.window_ns->first);
    QVERIFY(timeline.cursorNs() <= expected.window_ns->second);
    QCOMPARE(timeline.selectedNode(), first);
    QCOMPARE(timeline.highlight().nodes, (QStringList{first, second}));
    QCOMPARE(timeline.highlight().source, QStringLiteral("expect_fail"));

    // The canvas rings both leaders and no other node; the message diagram marks their lanes.
    views::TopologyScene& scene = window.topology();
    QCOMPARE(scene.selectedNode(), first);
    for (const QString& node : scene.nodeIds())
        QCOMPARE(scene.isHighlighted(node), node == first || node == second);
    auto* diagram = window.findChild<views::SpacetimeWidget*>();
    QVERIFY(diagram);
    diagram->canvas()->grab();
    QCOMPARE(diagram->canvas()->lastPaint().highlighted, 0);   // this check names no message

    auto* view = window.findChild<views::TopologyView*>();
    QVERIFY(view);
    views::test::keepScreenshot(view->grab().toImage(), QStringLiteral("check-link-topology-light"));
    views::test::keepScreenshot(window.grab().toImage(), QStringLiteral("check-link-window-light"));

    // A check that involves nothing ends the highlight; so does picking another node.
    clickRow(checks, row);
    QVERIFY(!timeline.highlight().isEmpty());
    QTreeWidgetItem* plain = rowMentioning(checks, QStringLiteral("distinct log entries"));
    QVERIFY(plain);
    clickRow(checks, plain);
    QVERIFY(timeline.highlight().isEmpty());
    QVERIFY(!scene.isHighlighted(first));
    clickRow(checks, row);
    QCOMPARE(timeline.highlight().nodes.size(), 2);
    for (const QString& node : scene.nodeIds())
        if (node != first && node != second) {
            Q_EMIT scene.nodeSelected(node);   // as a click on it does
            break;
        }
    QVERIFY(timeline.highlight().isEmpty());
}

void CheckLinkTest::clickingAnAvailabilityCheckHighlightsItsOperations() {
    MainWindow window;
    window.session().setPaced(false);
    window.setSimulate(true);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openScenario(QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/communication/request-response.yaml")));
    QSignalSpy finished(&window.session(), &views::LabSession::runFinished);
    window.runScenario();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);

    const netlab::CheckResult expected = judged(window, "availability failed");
    QVERIFY(!expected.ops.empty());
    QVERIFY(expected.window_ns);
    auto* checks = window.findChild<QTreeWidget*>();
    QTreeWidgetItem* row = rowMentioning(checks, QStringLiteral("availability failed"));
    QVERIFY(row);
    QVERIFY2(row->toolTip(0).contains(QStringLiteral("operation")), qPrintable(row->toolTip(0)));
    RunTimeline& timeline = window.timeline();
    QSignalSpy highlighted(&timeline, &RunTimeline::highlightChanged);
    clickRow(checks, row);
    QCOMPARE(highlighted.count(), 1);
    QVERIFY(timeline.cursorNs() >= expected.window_ns->first && timeline.cursorNs() <= expected.window_ns->second);
    QCOMPARE(timeline.selectedNode(), QStringLiteral("c1"));
    QCOMPARE(timeline.highlight().ops.size(), expected.ops.size());
    for (const netlab::EventRef& op : expected.ops)
        QVERIFY(timeline.highlight().hasOp(QString::fromStdString(op.node), op.id));
    QVERIFY(window.topology().isHighlighted(QStringLiteral("c1")));
    QVERIFY(!window.topology().isHighlighted(QStringLiteral("s1")));

    // The message diagram draws the operations as bars, and shows the window.
    auto* diagram = window.findChild<views::SpacetimeWidget*>();
    QVERIFY(diagram);
    views::SpacetimeCanvas* canvas = diagram->canvas();
    const QImage light = diagram->grab().toImage();
    QVERIFY(canvas->lastPaint().highlightedOps > 0);
    QVERIFY(canvas->visibleStartNs() <= expected.window_ns->first);
    QVERIFY(canvas->visibleEndNs() >= expected.window_ns->first);
    views::test::keepScreenshot(light, QStringLiteral("check-link-diagram-light"));

    // The same in the dark palette.
    window.setPalette(views::darkPalette());
    diagram->setPalette(views::darkPalette());
    const QImage dark = diagram->grab().toImage();
    QVERIFY(canvas->lastPaint().highlightedOps > 0);
    views::test::keepScreenshot(dark, QStringLiteral("check-link-diagram-dark"));
    views::test::keepScreenshot(window.grab().toImage(), QStringLiteral("check-link-window-dark"));

    // A new run forgets it.
    timeline.clear();
    QVERIFY(timeline.highlight().isEmpty());
    QVERIFY(!window.topology().isHighlighted(QStringLiteral("c1")));
}

QTEST_MAIN(CheckLinkTest)
#include "check_link_test.moc"
