#include <QContextMenuEvent>
#include <QColor>
#include <QApplication>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "core/model/role_registry.h"
#include "netlab/api/role_catalog.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "views/common/lab_session.h"
#include "views/common/phase_style.h"
#include "views/common/run_timeline.h"
#include "views/common/trace_bridge.h"
#include "views/editor/lab_document.h"
#include "views/faults/hand_faults.h"
#include "views/topology/topology_scene.h"
#include "views/shell/theme.h"
#include "views/topology/topology_items.h"
#include "views/topology/topology_view.h"
#include "view_test_support.h"

using namespace distlab;
using netlab::EventKind;
using views::RunTimeline;
using views::TopologyScene;
using views::TopologyView;

namespace {

using views::test::distinctColours;
using views::test::keepScreenshot;
using views::test::loadShipped;
using views::test::simulatedRun;

netlab::Event makeEvent(netlab::EventKind kind, std::string node, std::string data = {}, std::string peer = {}) {
    netlab::Event e;
    e.kind = kind;
    e.node = std::move(node);
    e.peer = std::move(peer);
    e.data = std::move(data);
    return e;
}

netlab::Event at(qint64 ms, netlab::Event e) {
    e.t_ns = ms * 1'000'000;
    return e;
}

netlab::Event message(qint64 ms, EventKind kind, std::string from, std::string to, std::uint64_t id,
                      std::string type = "ping") {
    netlab::Event e = at(ms, makeEvent(kind, std::move(from), "{}", std::move(to)));
    e.msg_id = id;
    e.type = std::move(type);
    return e;
}

netlab::Event fault(qint64 ms, EventKind kind, std::string type, std::string data) {
    netlab::Event e = at(ms, makeEvent(kind, {}, std::move(data)));
    e.type = std::move(type);
    return e;
}

// The run's start, carrying the descriptors of `nodes`' roles (node -> role) as a run records them.
netlab::Event runStarted(std::map<std::string, std::string, std::less<>> nodes) {
    core::Json data = core::Json::object();
    netlab::RoleCatalog(core::RoleRegistry::builtin(), std::move(nodes)).write(data);
    return makeEvent(EventKind::RunStarted, {}, data.dump());
}

netlab::Event phase(std::string node, std::string name) {
    netlab::Event e = makeEvent(EventKind::Phase, std::move(node), R"({"from":"","reason":"test"})");
    e.type = std::move(name);
    return e;
}

// The `size` x `size` square of the scene centred on `node`, one pixel per scene unit.
QImage renderAround(TopologyScene& scene, const QString& node, int size = 100) {
    QImage image(size, size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    const QPointF centre = scene.nodePosition(node);
    scene.render(&painter, QRectF(0, 0, size, size), QRectF(centre - QPointF(size / 2.0, size / 2.0), QSizeF(size, size)));
    return image;
}

// How far apart two colours are (the largest difference of a channel, 0-255).
int colourDistance(QColor a, QColor b) {
    return std::max({std::abs(a.red() - b.red()), std::abs(a.green() - b.green()), std::abs(a.blue() - b.blue())});
}

QImage render(TopologyScene& scene, QSize size = {640, 400}) {
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    scene.render(&painter);
    return image;
}

}  // namespace

class TopologyTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsTheShippedScenario();
    void nodesFollowTheirState();
    void gaugeIsReadAgainstItsFullScale();
    void selectionIsReported();
    void statusFollowsTheCursor();
    void faultsShowOnLinksAndNodes();
    void partitionIsDrawnAcrossTheCanvas();
    void contextMenusAreRequested();
    void messageDotsAreCappedPerLink();
    void rendersASimulatedPartition();
    void clickingAMessageOnItsWayHoldsIt();
    void idleLinksAreDrawnInOneBatchDuringARun();
    void linksGoAroundNodesTheyDoNotJoin();
    void shippedLayoutsKeepLinksAndLabelsOffNodes();
    void canvasFollowsTheDarkTheme();
    void failureDomainsAreBoxedAroundTheirNodes();
};

void TopologyTest::drawsTheShippedScenario() {
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/communication/request-response.yaml"));
    QCOMPARE(scene.nodeIds(), (QStringList{QStringLiteral("c1"), QStringLiteral("s1")}));
    QCOMPARE(scene.items().size(), 3);   // two nodes, one link
    const QImage image = render(scene);
    QVERIFY2(distinctColours(image) > 8, "the rendered topology looks blank");

    // The server sits right of the client, as their `at:` says.
    int darkLeft = 0;
    int darkRight = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qGray(image.pixel(x, y)) < 200)
                (x < image.width() / 2 ? darkLeft : darkRight)++;
    QVERIFY(darkLeft > 100 && darkRight > 100);
}

void TopologyTest::nodesFollowTheirState() {
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/communication/request-response.yaml"));
    RunTimeline timeline;
    scene.setTimeline(&timeline);
    scene.setChinese(false);
    const QImage before = render(scene);
    using netlab::EventKind;
    // Snapshot fields alone say nothing: the canvas reads phases and the descriptor's fields.
    timeline.append({runStarted({{"s1", "server"}, {"c1", "raft"}}),
                     makeEvent(EventKind::State, "s1", R"({"state":"down","role":"leader","term":3})")});
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QString());
    timeline.append({phase("s1", "down"), phase("c1", "leader"),
                     makeEvent(EventKind::State, "c1", R"({"role":"leader","term":3})"),
                     makeEvent(EventKind::MessageSent, "c1", "{}", "s1")});
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("down"));
    QCOMPARE(scene.badgeOf(QStringLiteral("c1")), QStringLiteral("leader · term 3"));
    QCOMPARE(scene.statusOf(QStringLiteral("s1")).fill(), views::toneColour(core::Tone::Down));
    QCOMPARE(scene.statusOf(QStringLiteral("c1")).fill(), views::toneColour(core::Tone::Busy));
    QVERIFY(render(scene) != before);
    scene.setChinese(true);
    QCOMPARE(scene.badgeOf(QStringLiteral("c1")), QStringLiteral("领导者 · 任期 3"));
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("宕机"));
    scene.setChinese(false);
    timeline.append({makeEvent(EventKind::NodePaused, "c1")});
    QCOMPARE(scene.badgeOf(QStringLiteral("c1")), QStringLiteral("paused"));
    timeline.append({makeEvent(EventKind::NodeResumed, "c1"), makeEvent(EventKind::NodeExited, "s1", R"({"cause":"fault"})")});
    QCOMPARE(scene.badgeOf(QStringLiteral("c1")), QStringLiteral("leader · term 3"));
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("dead"));
    // A restarted node is in no phase until it announces one.
    timeline.append({makeEvent(EventKind::NodeStarted, "s1", R"({"restart":true})")});
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QString());
    timeline.append({phase("s1", "up")});
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("up"));
    QCOMPARE(scene.statusOf(QStringLiteral("s1")).fill(), views::toneColour(core::Tone::Healthy));
    timeline.append({makeEvent(EventKind::NodeExited, "s1", R"({"cause":"shutdown"})")});
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("ended"));
    timeline.append({makeEvent(EventKind::State, "ghost", "{}"), phase("ghost", "up")});   // unknown nodes are ignored
    scene.resetStatus();
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QString());
}

void TopologyTest::gaugeIsReadAgainstItsFullScale() {
    // The circuit breaker publishes its failure rate in percent (full scale 100): 2 failures in 20
    // calls is 10, drawn as a tenth of the gauge on a disc in the closed phase's healthy tone, not
    // as a rate clamped to 1 and painted solid red.
    TopologyScene scene;
    const netlab::Scenario scenario = loadShipped("scenarios/resilience/circuit-breaker.yaml");
    scene.setScenario(scenario);
    RunTimeline timeline;
    scene.setTimeline(&timeline);
    timeline.append({runStarted(scenario.node_roles()), phase("c1", "closed"),
                     makeEvent(EventKind::State, "c1",
                               R"({"state":"closed","failure_rate":10.0,"window":{"calls":20,"failures":2}})")});
    const views::NodeStatus status = scene.statusOf(QStringLiteral("c1"));
    QVERIFY(qAbs(status.gauge - 0.1) < 1e-9);
    QVERIFY(status.hasGauge());
    QVERIFY(status.hasRing());
    QVERIFY(qAbs(status.ringWidth() - (3.0 + std::sqrt(20.0))) < 1e-9);
    QVERIFY(status.gaugeText.contains(QStringLiteral("10")));

    const QColor healthy = views::toneColour(core::Tone::Healthy);
    const QImage image = renderAround(scene, QStringLiteral("c1"));
    keepScreenshot(image, QStringLiteral("breaker_10_percent"));
    // Inside the disc, below the id and inside the gauge's arc: the healthy tone.
    const QColor disc = image.pixelColor(50, 50 + 17);
    QVERIFY2(colourDistance(disc, healthy) < 12, qPrintable(disc.name()));
    QVERIFY(colourDistance(disc, views::toneColour(core::Tone::Failing)) > 100);
    // The arc (radius 25 from the top, clockwise): ink at 18 degrees (10%), only the faint track
    // at 180 degrees.
    const auto inkAt = [&](double degrees) {
        const double rad = degrees * std::numbers::pi / 180;
        return image.pixelColor(int(std::lround(50 + 25 * std::sin(rad))), int(std::lround(50 - 25 * std::cos(rad))));
    };
    QVERIFY2(colourDistance(inkAt(18), healthy) > 100, qPrintable(inkAt(18).name()));
    QVERIFY2(colourDistance(inkAt(180), healthy) < 80, qPrintable(inkAt(180).name()));

    // Open at 60%: the failing tone; a breaker switched off publishes null: no gauge.
    timeline.append({at(1000, phase("c1", "open")),
                     at(1000, makeEvent(EventKind::State, "c1", R"({"state":"open","failure_rate":60.0,"window":{"calls":20}})"))});
    QCOMPARE(scene.statusOf(QStringLiteral("c1")).fill(), views::toneColour(core::Tone::Failing));
    QVERIFY(qAbs(scene.statusOf(QStringLiteral("c1")).gauge - 0.6) < 1e-9);
    timeline.append({at(2000, phase("c1", "disabled")),
                     at(2000, makeEvent(EventKind::State, "c1", R"({"state":"disabled","failure_rate":null,"window":{"calls":0}})"))});
    QVERIFY(!scene.statusOf(QStringLiteral("c1")).hasGauge());
    QCOMPARE(scene.badgeOf(QStringLiteral("c1")), QStringLiteral("no breaker"));
    // Scrubbing back shows the phase and gauge at the cursor.
    timeline.seek(500'000'000);
    QCOMPARE(scene.badgeOf(QStringLiteral("c1")), QStringLiteral("closed"));
    QVERIFY(qAbs(scene.statusOf(QStringLiteral("c1")).gauge - 0.1) < 1e-9);
}

void TopologyTest::selectionIsReported() {
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/communication/request-response.yaml"));
    QSignalSpy selected(&scene, &TopologyScene::nodeSelected);
    scene.selectNode(QStringLiteral("s1"));
    QCOMPARE(scene.selectedNode(), QStringLiteral("s1"));
    QVERIFY(!selected.isEmpty());
    QCOMPARE(selected.last().at(0).toString(), QStringLiteral("s1"));
    scene.selectNode({});
    QCOMPARE(selected.last().at(0).toString(), QString());
}

void TopologyTest::statusFollowsTheCursor() {
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/communication/request-response.yaml"));
    RunTimeline timeline;
    timeline.append({at(0, makeEvent(EventKind::NodeStarted, "s1", R"({"role":"server","restart":false})")),
                     at(1000, phase("s1", "up")),
                     at(2500, phase("s1", "down")),
                     at(3000, makeEvent(EventKind::NodePaused, "c1")),
                     at(5000, makeEvent(EventKind::NodeExited, "s1", R"({"cause":"fault"})"))});
    scene.setTimeline(&timeline);   // live: everything so far
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("dead"));
    QCOMPARE(scene.badgeOf(QStringLiteral("c1")), QStringLiteral("paused"));
    timeline.seek(2'000'000'000);
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("up"));
    QCOMPARE(scene.badgeOf(QStringLiteral("c1")), QString());
    timeline.seek(2'600'000'000);
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("down"));
    // Appended while the cursor is in the past: not shown until the cursor goes live again.
    timeline.append({at(6000, makeEvent(EventKind::NodeStarted, "s1", R"({"restart":true})")), at(6100, phase("s1", "up"))});
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("down"));
    timeline.goLive();
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QStringLiteral("up"));
    QCOMPARE(scene.badgeOf(QStringLiteral("c1")), QStringLiteral("paused"));
    timeline.append({at(7000, makeEvent(EventKind::NodeResumed, "c1"))});
    QCOMPARE(scene.badgeOf(QStringLiteral("c1")), QString());
    // Selection goes both ways.
    timeline.selectNode(QStringLiteral("c1"));
    QCOMPARE(scene.selectedNode(), QStringLiteral("c1"));
    scene.selectNode(QStringLiteral("s1"));
    QCOMPARE(timeline.selectedNode(), QStringLiteral("s1"));
    timeline.clear();
    QCOMPARE(scene.badgeOf(QStringLiteral("s1")), QString());
}

void TopologyTest::faultsShowOnLinksAndNodes() {
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/consensus/minority-partition.yaml"));
    RunTimeline timeline;
    scene.setTimeline(&timeline);
    timeline.append({fault(1000, EventKind::FaultInjected, "partition",
                           R"({"id":1,"sides":[["n1","n2"],["n3","n4","n5"]],"cut":[["n1","n3"],["n3","n1"],["n2","n4"]]})"),
                     fault(1500, EventKind::FaultInjected, "latency",
                           R"({"id":2,"add":"200ms","links":[["c1","n1"],["n1","c1"]]})"),
                     fault(1500, EventKind::FaultInjected, "loss", R"({"id":3,"rate":0.3,"links":[["c1","n1"]]})"),
                     fault(1600, EventKind::FaultInjected, "clock_skew", R"({"id":4,"targets":["n5"],"offset":"2s"})")});
    QVERIFY(scene.isLinkCut(QStringLiteral("n1"), QStringLiteral("n3")));
    QVERIFY(scene.isLinkCut(QStringLiteral("n3"), QStringLiteral("n1")));
    QVERIFY(scene.isLinkCut(QStringLiteral("n2"), QStringLiteral("n4")));    // one way only
    QVERIFY(!scene.isLinkCut(QStringLiteral("n4"), QStringLiteral("n2")));
    QVERIFY(!scene.isLinkCut(QStringLiteral("n1"), QStringLiteral("n2")));
    QCOMPARE(scene.linkLabel(QStringLiteral("n1"), QStringLiteral("c1")), QStringLiteral("+200ms · 30% loss"));
    QVERIFY(scene.linkLabel(QStringLiteral("n1"), QStringLiteral("n2")).isEmpty());
    QVERIFY(scene.isClockSkewed(QStringLiteral("n5")));
    QVERIFY(!scene.isClockSkewed(QStringLiteral("n4")));

    timeline.append({fault(3000, EventKind::FaultHealed, "partition", R"({"id":1})"),
                     fault(3000, EventKind::FaultHealed, "latency", R"({"id":2})")});
    QVERIFY(!scene.isLinkCut(QStringLiteral("n1"), QStringLiteral("n3")));
    QCOMPARE(scene.linkLabel(QStringLiteral("c1"), QStringLiteral("n1")), QStringLiteral("30% loss"));
    // Back inside the partition; then before any fault.
    timeline.seek(2'000'000'000);
    QVERIFY(scene.isLinkCut(QStringLiteral("n3"), QStringLiteral("n1")));
    timeline.seek(500'000'000);
    QVERIFY(!scene.isLinkCut(QStringLiteral("n3"), QStringLiteral("n1")));
    QVERIFY(scene.linkLabel(QStringLiteral("c1"), QStringLiteral("n1")).isEmpty());
    QVERIFY(!scene.isClockSkewed(QStringLiteral("n5")));

    // A held message labels its link until it is let go.
    timeline.goLive();
    timeline.append({message(4000, EventKind::MessageSent, "n2", "n3", 9),
                     message(4001, EventKind::MessageHeld, "n2", "n3", 9)});
    QCOMPARE(scene.linkLabel(QStringLiteral("n3"), QStringLiteral("n2")), QStringLiteral("held"));
    timeline.append({message(4500, EventKind::MessageDelivered, "n2", "n3", 9)});
    QVERIFY(scene.linkLabel(QStringLiteral("n3"), QStringLiteral("n2")).isEmpty());
}

void TopologyTest::partitionIsDrawnAcrossTheCanvas() {
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/consensus/minority-partition.yaml"));
    scene.setEditable(false);
    TopologyView view(&scene);
    view.resize(900, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy drawn(&scene, &TopologyScene::partitionDrawn);
    const auto drag = [&](QPointF from, QPointF to) {
        const QPoint a = view.mapFromScene(from);
        const QPoint b = view.mapFromScene(to);
        QTest::mousePress(view.viewport(), Qt::LeftButton, {}, a);
        QTest::mouseMove(view.viewport(), (a + b) / 2);
        QTest::mouseMove(view.viewport(), b);
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, b);
    };
    // Not in fault mode: nothing.
    drag({380, 20}, {380, 380});
    QCOMPARE(drawn.size(), 0);
    scene.setFaultMode(true);
    // Top to bottom at x = 380: n1 (300), n2 (140) and n4 (200) on one side.
    drag({380, 20}, {380, 380});
    QCOMPARE(drawn.size(), 1);
    const QStringList a = drawn.last().at(0).toStringList();
    const QStringList b = drawn.last().at(1).toStringList();
    QCOMPARE(a, (QStringList{QStringLiteral("n1"), QStringLiteral("n2"), QStringLiteral("n4")}));
    QCOMPARE(b, (QStringList{QStringLiteral("c1"), QStringLiteral("c2"), QStringLiteral("n3"), QStringLiteral("n5")}));
    // A line with every node on one side proposes nothing.
    drag({60, 420}, {700, 420});
    QCOMPARE(drawn.size(), 1);
    // The cutting line is gone after the drag.
    QCOMPARE(scene.items().size(), 7 + 21);
}

void TopologyTest::contextMenusAreRequested() {
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/communication/request-response.yaml"));
    TopologyView view(&scene);
    view.resize(800, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy nodeMenu(&scene, &TopologyScene::nodeMenuRequested);
    QSignalSpy linkMenu(&scene, &TopologyScene::linkMenuRequested);
    QSignalSpy canvasMenu(&scene, &TopologyScene::canvasMenuRequested);
    const auto rightClick = [&](QPointF scenePos) {
        const QPoint pos = view.mapFromScene(scenePos);
        QContextMenuEvent event(QContextMenuEvent::Mouse, pos, view.viewport()->mapToGlobal(pos));
        QCoreApplication::sendEvent(view.viewport(), &event);
    };
    const QPointF c1 = scene.nodePosition(QStringLiteral("c1"));
    const QPointF s1 = scene.nodePosition(QStringLiteral("s1"));
    rightClick(s1);
    QCOMPARE(nodeMenu.size(), 1);
    QCOMPARE(nodeMenu.last().at(0).toString(), QStringLiteral("s1"));
    QCOMPARE(nodeMenu.last().at(1).toPoint(), view.viewport()->mapToGlobal(view.mapFromScene(s1)));
    rightClick((c1 + s1) / 2);
    QCOMPARE(linkMenu.size(), 1);
    QCOMPARE(QSet<QString>({linkMenu.last().at(0).toString(), linkMenu.last().at(1).toString()}),
             QSet<QString>({QStringLiteral("c1"), QStringLiteral("s1")}));
    rightClick((c1 + s1) / 2 + QPointF(0, 60));
    QCOMPARE(canvasMenu.size(), 1);
    QCOMPARE(nodeMenu.size() + linkMenu.size(), 2);
}

void TopologyTest::messageDotsAreCappedPerLink() {
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/consensus/minority-partition.yaml"));
    RunTimeline timeline;
    scene.setTimeline(&timeline);
    views::EventBatch batch;
    // n1 <-> n2: 3 messages, one delivered and one dropped 1 ms later, one never arrives;
    // n1 -> n3: 40 in 80 ms, each delivered 1 ms later.
    batch.push_back(message(1000, EventKind::MessageSent, "n1", "n2", 1, "append"));
    batch.push_back(message(1000, EventKind::MessageSent, "n1", "n2", 2, "append"));
    batch.push_back(message(1000, EventKind::MessageSent, "n2", "n1", 1, "vote"));
    batch.push_back(message(1001, EventKind::MessageDelivered, "n1", "n2", 1, "append"));
    batch.push_back(message(1001, EventKind::MessageDropped, "n1", "n2", 2, "append"));
    for (std::uint64_t i = 0; i < 40; ++i) {
        batch.push_back(message(1000 + qint64(i) * 2, EventKind::MessageSent, "n1", "n3", 100 + i));
        batch.push_back(message(1001 + qint64(i) * 2, EventKind::MessageDelivered, "n1", "n3", 100 + i));
    }
    std::stable_sort(batch.begin(), batch.end(), [](const auto& x, const auto& y) { return x.t_ns < y.t_ns; });
    batch.push_back(at(2000, makeEvent(EventKind::Log, "n1", "later")));   // the cursor can go to 2 s
    timeline.append(batch);
    timeline.seek(1'100'000'000);
    QCOMPARE(scene.dotsOnLink(QStringLiteral("n1"), QStringLiteral("n2")), 3);
    QVERIFY(!scene.isLinkBusy(QStringLiteral("n1"), QStringLiteral("n2")));
    QCOMPARE(scene.dotsOnLink(QStringLiteral("n1"), QStringLiteral("n3")), 0);
    QVERIFY(scene.isLinkBusy(QStringLiteral("n1"), QStringLiteral("n3")));
    QCOMPARE(scene.messageRate(QStringLiteral("n3"), QStringLiteral("n1")), 40);
    QVERIFY(scene.dotsOnLink(QStringLiteral("n1"), QStringLiteral("n3")) <= TopologyScene::kMaxDotsPerLink);
    // Every delivered or dropped flight has ended (each is drawn for kMinFlightNs): only the
    // vote still on its way; the rate remains.
    timeline.seek(1'000'000'000 + TopologyScene::kMinFlightNs + 100'000'000);
    QCOMPARE(scene.dotsOnLink(QStringLiteral("n1"), QStringLiteral("n2")), 1);
    QVERIFY(!scene.isLinkBusy(QStringLiteral("n1"), QStringLiteral("n3")));
    QCOMPARE(scene.dotsOnLink(QStringLiteral("n1"), QStringLiteral("n3")), 0);
    QCOMPARE(scene.messageRate(QStringLiteral("n1"), QStringLiteral("n3")), 40);
    // Before the first message: nothing.
    timeline.seek(900'000'000);
    QCOMPARE(scene.dotsOnLink(QStringLiteral("n1"), QStringLiteral("n2")), 0);
    QCOMPARE(scene.messageRate(QStringLiteral("n1"), QStringLiteral("n3")), 0);
    // Live: the newest messages, still in flight, are drawn.
    timeline.goLive();
    scene.advanceFrame();
    QVERIFY(scene.dotsOnLink(QStringLiteral("n1"), QStringLiteral("n2")) >= 1);
}

void TopologyTest::rendersASimulatedPartition() {
    netlab::RunRequest request;
    request.scenario = loadShipped("scenarios/consensus/minority-partition.yaml");
    request.simulate = true;
    auto outcome = netlab::run_scenario(request);
    QVERIFY(outcome.has_value());
    RunTimeline timeline;
    timeline.append(outcome->events);
    TopologyScene scene;
    scene.setScenario(request.scenario);
    scene.setTimeline(&timeline);
    timeline.seek(6'000'000'000);
    // The partition's sides, as the nemesis reported them: every link across is cut both ways.
    QStringList minority;
    for (const auto& interval : timeline.faults())
        if (interval.kind == QStringLiteral("partition")) {
            const auto info = core::Json::parse(interval.detail.toStdString());
            for (const auto& side : info.at("sides"))
                if (side.size() == 2)
                    for (const auto& node : side)
                        minority << QString::fromStdString(node.get<std::string>());
        }
    QCOMPARE(minority.size(), 2);
    int cut = 0;
    for (const QString& node : {QStringLiteral("n1"), QStringLiteral("n2"), QStringLiteral("n3"), QStringLiteral("n4"),
                                QStringLiteral("n5")})
        if (!minority.contains(node)) {
            QVERIFY(scene.isLinkCut(minority[0], node));
            QVERIFY(scene.isLinkCut(node, minority[1]));
            ++cut;
        }
    QCOMPARE(cut, 3);
    QVERIFY(!scene.isLinkCut(minority[0], minority[1]));
    QVERIFY(!scene.isLinkCut(QStringLiteral("c1"), minority[0]));

    const QImage image = render(scene, {900, 560});
    image.save(QDir::temp().filePath(QStringLiteral("distlab-topology-partition.png")));
    QVERIFY2(distinctColours(image) > 30, "the rendered run looks blank");
    int red = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            red += c.red() > 200 && c.green() < 80 && c.blue() < 80;
        }
    QVERIFY2(red > 300, "no dashed red cut links");
    // After the heal: nothing is cut.
    timeline.seek(12'000'000'000);
    for (const QString& node : {QStringLiteral("n1"), QStringLiteral("n2"), QStringLiteral("n3"), QStringLiteral("n4"),
                                QStringLiteral("n5")})
        QVERIFY(!scene.isLinkCut(minority[0], node) && !scene.isLinkCut(node, minority[1]));
}

// The request's 300 ms on the link last 3 s of wall time in 10x slow motion: the test finds its dot
// on the canvas, clicks it, and the simulated run holds exactly that message.
void TopologyTest::clickingAMessageOnItsWayHoldsIt() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("slow-link.yaml"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"(version: 1
name: slow-link
family: communication
title: {en: "Slow link", zh: "慢链路"}
summary: {en: "A test.", zh: "测试。"}
duration: 20s
seed: 3
network: {preset: ideal, latency: 300ms}
nodes:
  - {id: s1, role: server}
  - {id: c1, role: client, params: {target: s1, rate: 2}}
links: full
)");
    }
    views::LabSession session;
    QCOMPARE(session.load(path), QString());
    session.setSlowdown(10);
    RunTimeline timeline;
    connect(&session.bridge(), &views::TraceBridge::eventsArrived, &timeline, &RunTimeline::append);
    TopologyScene scene;
    scene.setScenario(session.scenario());
    scene.setTimeline(&timeline);
    scene.setFaultMode(true);
    TopologyView view(&scene);
    view.resize(800, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QWidget window;
    views::HandFaults faults(session, timeline, &window);
    connect(&scene, &TopologyScene::messageClicked, &faults, &views::HandFaults::messageClicked);
    QSignalSpy clicked(&scene, &TopologyScene::messageClicked);
    QSignalSpy finished(&session, &views::LabSession::runFinished);
    QVERIFY(session.start(true));

    const auto request = [&]() -> std::optional<TopologyScene::DrawnMessage> {
        for (const auto& drawn : scene.drawnMessages())
            if (drawn.from == QStringLiteral("c1") && drawn.state == views::MessageState::InFlight)
                return drawn;
        return std::nullopt;
    };
    QTRY_VERIFY_WITH_TIMEOUT(request().has_value(), 20000);
    const TopologyScene::DrawnMessage dot = *request();
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(dot.at));
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked.front().at(2).toULongLong(), dot.id);

    const auto seen = [&](EventKind kind) {
        return std::any_of(timeline.events().begin(), timeline.events().end(), [&](const netlab::Event& e) {
            return e.kind == kind && e.node == "c1" && e.msg_id == dot.id;
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(seen(EventKind::MessageHeld), 10000);
    QVERIFY(!seen(EventKind::MessageDelivered));
    QCOMPARE(faults.heldModel().rowCount(), 1);
    QCOMPARE(faults.heldModel().held(0).id, dot.id);
    faults.release(0, true);
    QTRY_VERIFY_WITH_TIMEOUT(seen(EventKind::MessageDelivered), 10000);
    QCOMPARE(faults.heldModel().rowCount(), 0);

    // Too late for a message already delivered: said so, nothing asked of the run.
    QSignalSpy said(&faults, &views::HandFaults::message);
    faults.messageClicked(QStringLiteral("c1"), QStringLiteral("s1"), dot.id, views::MessageState::Delivered);
    QCOMPARE(said.size(), 1);
    QVERIFY(said.front().at(0).toString().contains(QStringLiteral("already delivered")));
    session.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(std::count_if(timeline.events().begin(), timeline.events().end(),
                           [](const netlab::Event& e) { return e.kind == EventKind::MessageHeld; }),
             1);
}

// During a run idle links are painted together in the background, their items hidden; a link
// with anything to show is an item again, and a right click still finds a batched link.
void TopologyTest::idleLinksAreDrawnInOneBatchDuringARun() {
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/consensus/minority-partition.yaml"));
    RunTimeline timeline;
    scene.setTimeline(&timeline);
    const QString n1 = QStringLiteral("n1");
    const QString n2 = QStringLiteral("n2");
    const QString n3 = QStringLiteral("n3");
    scene.setEditable(false);   // as during a run (with no document the scene is never editable)
    QVERIFY(scene.isLinkBatched(n1, n2));
    QVERIFY(scene.isLinkBatched(n1, n3));
    const QImage idle = render(scene, {900, 560});
    timeline.append({fault(1000, EventKind::FaultInjected, "partition", R"({"id":1,"cut":[["n1","n3"],["n3","n1"]]})")});
    QVERIFY(!scene.isLinkBatched(n1, n3));   // dashed red: its own item
    QVERIFY(scene.isLinkBatched(n1, n2));
    // The batch draws what the items drew: grey links in both renders, red only once cut.
    const QImage cut = render(scene, {900, 560});
    const auto count = [](const QImage& image, auto match) {
        int n = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                n += match(image.pixelColor(x, y));
        return n;
    };
    const auto grey = [](const QColor& c) { return c.red() == 0xc0 && c.green() == 0xbf && c.blue() == 0xbc; };
    const auto red = [](const QColor& c) { return c.red() > 200 && c.green() < 80 && c.blue() < 80; };
    QVERIFY2(count(idle, grey) > 500, "the idle links are missing");
    QVERIFY(count(cut, grey) > 300);
    QCOMPARE(count(idle, red), 0);
    QVERIFY2(count(cut, red) > 50, "the cut link is missing");
    keepScreenshot(cut, QStringLiteral("topology-batched-links"));

    TopologyView view(&scene);
    view.resize(800, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy linkMenu(&scene, &TopologyScene::linkMenuRequested);
    const QPoint pos = view.mapFromScene((scene.nodePosition(n1) + scene.nodePosition(n2)) / 2);
    QContextMenuEvent event(QContextMenuEvent::Mouse, pos, view.viewport()->mapToGlobal(pos));
    QCoreApplication::sendEvent(view.viewport(), &event);
    QCOMPARE(linkMenu.size(), 1);
    QCOMPARE(QSet<QString>({linkMenu.last().at(0).toString(), linkMenu.last().at(1).toString()}), QSet<QString>({n1, n2}));
}

QTEST_MAIN(TopologyTest)
#include "topology_test.moc"

namespace {

// How close the drawn route of the link a-b comes to the disc of any node it does not join
// (negative: it crosses one), from the path's own points.
qreal closestApproach(const TopologyScene& scene, const QString& a, const QString& b, QString* nearest = nullptr) {
    const QPainterPath path = scene.linkPath(a, b);
    qreal gap = 1e9;
    for (int i = 0; i <= 200; ++i) {
        const QPointF p = path.pointAtPercent(i / 200.0);
        for (const QString& node : scene.nodeIds()) {
            if (node == a || node == b)
                continue;
            const qreal d = QLineF(p, scene.nodePosition(node)).length() - views::kNodeRadius;
            if (d < gap) {
                gap = d;
                if (nearest)
                    *nearest = node;
            }
        }
    }
    return gap;
}

}  // namespace

void TopologyTest::linksGoAroundNodesTheyDoNotJoin() {
    // The default scenario: n2 (180, 280), n3 (420, 280) and c2 (620, 260) nearly in a row. The
    // n2-c2 link used to run straight under n3, its label too.
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/consensus/leader-failover.yaml"));
    const QString n2 = QStringLiteral("n2"), n3 = QStringLiteral("n3"), c2 = QStringLiteral("c2");
    QVERIFY2(closestApproach(scene, n2, c2) >= 8, "the n2-c2 link runs under n3");
    // Links with nothing in the way stay straight.
    const QPainterPath direct = scene.linkPath(n2, n3);
    QCOMPARE(direct.elementCount(), 2);
    // The rate label of the bent link sits on the link, off n3.
    const QRectF label = scene.linkLabelRect(n2, c2, QStringLiteral("×120/s"));
    QVERIFY(!label.isEmpty());
    const QPointF centre = scene.nodePosition(n3);
    const QPointF nearestPoint(std::clamp(centre.x(), label.left(), label.right()), std::clamp(centre.y(), label.top(), label.bottom()));
    QVERIFY(QLineF(nearestPoint, centre).length() > views::kNodeRadius);

    // Messages travel along the bent route: no dot is drawn on n3's disc.
    RunTimeline timeline;
    scene.setTimeline(&timeline);
    std::vector<netlab::Event> events;
    for (std::uint64_t i = 0; i < 8; ++i)
        events.push_back(message(100 + qint64(i) * 30, EventKind::MessageSent, "n2", "c2", i + 1));
    events.push_back(at(400, makeEvent(EventKind::State, "n1", "{}")));
    timeline.append(events);
    timeline.seek(400'000'000);
    scene.advanceFrame();
    const auto dots = scene.drawnMessages();
    QVERIFY(!dots.empty());
    for (const auto& dot : dots)
        QVERIFY2(QLineF(dot.at, centre).length() > views::kNodeRadius, "a message dot crosses n3");
}

void TopologyTest::shippedLayoutsKeepLinksAndLabelsOffNodes() {
    // Every shipped scenario as the canvas lays it out: no link passes under a node it does not
    // join, and the longest label a link carries sits on no node's disc or caption.
    const QString longest = QStringLiteral("+200ms · 30% loss · ×120/s");
    QDir root(QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios"));
    int checked = 0;
    for (const QString& family : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        for (const QString& file : QDir(root.filePath(family)).entryList({QStringLiteral("*.yaml")})) {
            const QString relative = QStringLiteral("scenarios/") + family + QLatin1Char('/') + file;
            TopologyScene scene;
            scene.setScenario(loadShipped(relative.toUtf8().constData()));
            std::vector<netlab::RouteDisc> discs;
            std::vector<netlab::RouteBox> captions;
            scene.labelObstacles(discs, captions);
            const QStringList ids = scene.nodeIds();
            for (const QString& a : ids)
                for (const QString& b : ids) {
                    if (a >= b || scene.linkPath(a, b).isEmpty())
                        continue;
                    QString nearest;
                    const qreal gap = closestApproach(scene, a, b, &nearest);
                    QVERIFY2(gap >= 4, qPrintable(QStringLiteral("%1: the link %2-%3 runs %4 units from %5's disc")
                                                      .arg(relative, a, b).arg(gap).arg(nearest)));
                    const QRectF label = scene.linkLabelRect(a, b, longest);
                    for (const QString& node : ids) {
                        const QPointF c = scene.nodePosition(node);
                        const QPointF p(std::clamp(c.x(), label.left(), label.right()), std::clamp(c.y(), label.top(), label.bottom()));
                        QVERIFY2(QLineF(p, c).length() >= views::kNodeRadius,
                                 qPrintable(QStringLiteral("%1: the label of %2-%3 covers %4").arg(relative, a, b, node)));
                    }
                    for (const netlab::RouteBox& caption : captions)
                        QVERIFY2(!label.intersects(QRectF(caption.left, caption.top, caption.width, caption.height)),
                                 qPrintable(QStringLiteral("%1: the label of %2-%3 covers a node's caption").arg(relative, a, b)));
                    ++checked;
                }
        }
    }
    QVERIFY2(checked > 50, "fewer links checked than the shipped scenarios have");
}

void TopologyTest::canvasFollowsTheDarkTheme() {
    const QPalette before = QApplication::palette();
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/consensus/leader-failover.yaml"));
    TopologyView view(&scene);
    view.resize(640, 400);
    const QImage light = view.grab().toImage();
    QApplication::setPalette(views::darkPalette());
    const QImage dark = view.grab().toImage();
    QApplication::setPalette(before);
    keepScreenshot(dark, QStringLiteral("topology-dark.png"));
    QVERIFY2(views::test::darkShare(light) < 0.2, "the light canvas is dark");
    QVERIFY2(views::test::darkShare(dark) > 0.6, qPrintable(QStringLiteral("the canvas stays light in the dark theme (%1 dark)").arg(views::test::darkShare(dark))));
}

void TopologyTest::failureDomainsAreBoxedAroundTheirNodes() {
    TopologyScene scene;
    scene.setScenario(loadShipped("scenarios/partitioning/placement-zone-spread.yaml"));
    const QStringList zones = {QStringLiteral("zone: z1"), QStringLiteral("zone: z2"), QStringLiteral("zone: z3")};
    for (const QString& zone : zones)
        QVERIFY2(scene.domainCaptions().contains(zone), qPrintable(scene.domainCaptions().join(QLatin1Char(','))));
    QVERIFY(scene.domainCaptions().contains(QStringLiteral("z1 / rack: r2")));
    QVERIFY(!scene.domainCaptions().contains(QStringLiteral("host: h1")));   // two levels at most
    const auto inside = [&](const QString& caption, const QString& node) {
        const QPointF at = scene.nodePosition(node);
        return scene.domainRect(caption).contains(QRectF(at - QPointF(views::kNodeRadius, views::kNodeRadius),
                                                         QSizeF(2 * views::kNodeRadius, 2 * views::kNodeRadius)));
    };
    QVERIFY(inside(zones[0], QStringLiteral("s1")) && inside(zones[0], QStringLiteral("s3")));
    QVERIFY(inside(zones[1], QStringLiteral("s5")));
    QVERIFY(inside(QStringLiteral("z1 / rack: r1"), QStringLiteral("s2")));
    QVERIFY(!inside(QStringLiteral("z1 / rack: r1"), QStringLiteral("s3")));
    QVERIFY(scene.domainRect(zones[0]).contains(scene.domainRect(QStringLiteral("z1 / rack: r2"))));
    // Zones are apart, and the placement and client nodes, which have no labels, are in none.
    QVERIFY(!scene.domainRect(zones[0]).intersects(scene.domainRect(zones[1])));
    QVERIFY(!scene.domainRect(zones[1]).intersects(scene.domainRect(zones[2])));
    for (const QString& zone : zones)
        QVERIFY(!scene.domainRect(zone).contains(scene.nodePosition(QStringLiteral("p1"))));

    // The boxes follow the nodes: s9 dragged away stretches zone z3 after it.
    views::LabDocument document;
    document.reset(loadShipped("scenarios/partitioning/placement-zone-spread.yaml"), QString());
    scene.setDocument(&document);
    QVERIFY(document.moveNodes({{QStringLiteral("s9"), QPointF(440, 700)}}, 1).isEmpty());
    QVERIFY(inside(zones[2], QStringLiteral("s9")));
    QImage picture(900, 720, QImage::Format_ARGB32);
    picture.fill(Qt::white);
    QPainter painter(&picture);
    scene.render(&painter, QRectF(), scene.itemsBoundingRect());
    painter.end();
    keepScreenshot(picture, QStringLiteral("topology-failure-domains.png"));

    // Without labels, no boxes.
    scene.setDocument(nullptr);
    scene.setScenario(loadShipped("scenarios/consensus/leader-failover.yaml"));
    QVERIFY(scene.domainCaptions().isEmpty());
}
