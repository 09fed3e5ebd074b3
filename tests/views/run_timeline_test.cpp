#include <QSignalSpy>
#include <QTest>

#include "core/model/role_registry.h"
#include "netlab/api/role_catalog.h"
#include "views/common/run_timeline.h"

using namespace distlab;
using netlab::Event;
using netlab::EventKind;
using views::EventBatch;
using views::RunTimeline;

namespace {

Event makeEvent(std::int64_t tMs, EventKind kind, std::string node = {}, std::string type = {},
                std::string data = {}) {
    Event event;
    event.t_ns = tMs * 1'000'000;
    event.kind = kind;
    event.node = std::move(node);
    event.type = std::move(type);
    event.data = std::move(data);
    return event;
}

}  // namespace

class RunTimelineTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void appendsAndCountsPrefixes();
    void seekLeavesLiveAndGoLiveReturns();
    void faultsBecomeIntervalsMatchedById();
    void stepsAndNodesAreIndexed();
    void clearForgetsEverything();
    void outOfOrderStampIsClampedToKeepTimeOrder();
    void rolesAndPhasesAreKnownAtTheCursor();
};

void RunTimelineTest::appendsAndCountsPrefixes() {
    RunTimeline timeline;
    QSignalSpy appended(&timeline, &RunTimeline::appended);
    timeline.append({makeEvent(10, EventKind::Log, "n1"), makeEvent(20, EventKind::Log, "n2")});
    timeline.append({makeEvent(20, EventKind::Log, "n1"), makeEvent(35, EventKind::Log, "n3")});
    QCOMPARE(appended.count(), 2);
    QCOMPARE(appended.at(1).at(0).value<std::size_t>(), std::size_t(2));
    QCOMPARE(appended.at(1).at(1).value<std::size_t>(), std::size_t(2));
    QCOMPARE(timeline.events().size(), std::size_t(4));
    QCOMPARE(timeline.endNs(), qint64(35'000'000));
    QCOMPARE(timeline.countUntil(0), std::size_t(0));
    QCOMPARE(timeline.countUntil(10'000'000), std::size_t(1));
    QCOMPARE(timeline.countUntil(20'000'000), std::size_t(3));
    QCOMPARE(timeline.countUntil(34'999'999), std::size_t(3));
    QCOMPARE(timeline.countUntil(1'000'000'000), std::size_t(4));
    QCOMPARE(timeline.visibleCount(), std::size_t(4));
}

void RunTimelineTest::seekLeavesLiveAndGoLiveReturns() {
    RunTimeline timeline;
    timeline.append({makeEvent(10, EventKind::Log, "n1"), makeEvent(30, EventKind::Log, "n1")});
    QSignalSpy live(&timeline, &RunTimeline::liveChanged);
    QSignalSpy moved(&timeline, &RunTimeline::cursorMoved);
    timeline.seek(15'000'000);
    QVERIFY(!timeline.isLive());
    QCOMPARE(timeline.cursorNs(), qint64(15'000'000));
    QCOMPARE(timeline.visibleCount(), std::size_t(1));
    QCOMPARE(live.count(), 1);
    QCOMPARE(moved.count(), 1);
    // New events arrive while scrubbed back: the cursor stays where the user put it.
    timeline.append({makeEvent(40, EventKind::Log, "n1")});
    QCOMPARE(timeline.cursorNs(), qint64(15'000'000));
    QCOMPARE(timeline.visibleCount(), std::size_t(1));
    timeline.seek(-5);
    QCOMPARE(timeline.cursorNs(), qint64(0));
    timeline.seek(1'000'000'000'000);
    QCOMPARE(timeline.cursorNs(), qint64(40'000'000));
    timeline.goLive();
    QVERIFY(timeline.isLive());
    QCOMPARE(timeline.visibleCount(), std::size_t(3));
    QCOMPARE(live.count(), 2);
    QCOMPARE(moved.last().at(0).toLongLong(), qint64(40'000'000));
}

void RunTimelineTest::faultsBecomeIntervalsMatchedById() {
    RunTimeline timeline;
    timeline.append({
        makeEvent(100, EventKind::FaultInjected, "", "partition", R"({"id":1,"targets":["a","b"]})"),
        makeEvent(150, EventKind::FaultInjected, "n2", "kill", R"({"id":2,"targets":["n2"]})"),
        makeEvent(200, EventKind::FaultInjected, "", "partition", R"({"id":3,"targets":["c"]})"),
        makeEvent(300, EventKind::FaultHealed, "", "partition", R"({"id":3,"targets":["c"]})"),
        makeEvent(400, EventKind::FaultHealed, "", "partition", R"({"id":1,"targets":["a","b"]})"),
        makeEvent(500, EventKind::FaultInjected, "n2", "restart", R"({"id":4,"targets":["n2"]})"),
    });
    const auto& faults = timeline.faults();
    QCOMPARE(faults.size(), std::size_t(4));
    QCOMPARE(faults[3].endNs, faults[3].startNs);   // an instant
    QCOMPARE(faults[0].startNs, qint64(100'000'000));
    QCOMPARE(faults[0].endNs, qint64(400'000'000));
    QCOMPARE(faults[1].kind, QStringLiteral("kill"));
    QCOMPARE(faults[1].node, QStringLiteral("n2"));
    QCOMPARE(faults[1].endNs, qint64(-1));
    QCOMPARE(faults[2].endNs, qint64(300'000'000));
    QCOMPARE(faults[2].injectedIndex, std::size_t(2));
    // A fault's target is not a node appearing in the run.
    QVERIFY(timeline.nodes().isEmpty());
}

void RunTimelineTest::stepsAndNodesAreIndexed() {
    RunTimeline timeline;
    QSignalSpy appeared(&timeline, &RunTimeline::nodeAppeared);
    timeline.append({
        makeEvent(1, EventKind::NodeStarted, "n2"),
        makeEvent(2, EventKind::NodeStarted, "n1"),
        makeEvent(3, EventKind::Step, "", "", R"({"en":"Kill the leader","zh":"杀掉领导者","pause":true})"),
        makeEvent(4, EventKind::Log, "n2"),
    });
    QCOMPARE(timeline.nodes(), (QStringList{"n2", "n1"}));
    QCOMPARE(appeared.count(), 2);
    QCOMPARE(timeline.steps().size(), std::size_t(1));
    QCOMPARE(timeline.steps()[0].en, QStringLiteral("Kill the leader"));
    QCOMPARE(timeline.steps()[0].zh, QStringLiteral("杀掉领导者"));
    QVERIFY(timeline.steps()[0].pause);
    QCOMPARE(timeline.steps()[0].index, std::size_t(2));

    QSignalSpy selected(&timeline, &RunTimeline::nodeSelected);
    timeline.selectNode("n1");
    timeline.selectNode("n1");
    QCOMPARE(selected.count(), 1);
    QCOMPARE(timeline.selectedNode(), QStringLiteral("n1"));
}

void RunTimelineTest::clearForgetsEverything() {
    RunTimeline timeline;
    timeline.append({makeEvent(1, EventKind::NodeStarted, "n1"),
                     makeEvent(2, EventKind::FaultInjected, "n1", "kill", R"({"id":1})")});
    timeline.seek(1'000'000);
    QSignalSpy cleared(&timeline, &RunTimeline::cleared);
    timeline.clear();
    QCOMPARE(cleared.count(), 1);
    QVERIFY(timeline.events().empty());
    QVERIFY(timeline.faults().empty());
    QVERIFY(timeline.nodes().isEmpty());
    QVERIFY(timeline.isLive());
}

void RunTimelineTest::outOfOrderStampIsClampedToKeepTimeOrder() {
    RunTimeline timeline;
    timeline.append({makeEvent(10, EventKind::Log, "n1"), makeEvent(9, EventKind::Log, "n2")});
    QCOMPARE(timeline.events()[1].t_ns, qint64(10'000'000));
    QCOMPARE(timeline.countUntil(9'999'999), std::size_t(0));
}

void RunTimelineTest::rolesAndPhasesAreKnownAtTheCursor() {
    core::Json started = core::Json::object();
    netlab::RoleCatalog(core::RoleRegistry::builtin(), {{"n1", "raft"}, {"c1", "consumer"}}).write(started);
    RunTimeline timeline;
    timeline.append({makeEvent(0, EventKind::RunStarted, {}, {}, started.dump()),
                     makeEvent(0, EventKind::NodeStarted, "c1", {}, R"({"role":"consumer"})"),
                     makeEvent(0, EventKind::NodeStarted, "n1", {}, R"({"role":"raft"})"),
                     // A recording made before descriptors were recorded: the role by its name.
                     makeEvent(0, EventKind::NodeStarted, "s1", {}, R"({"role":"server"})"),
                     makeEvent(10, EventKind::Phase, "n1", "follower", R"({"from":""})"),
                     makeEvent(10, EventKind::Phase, "s1", "up", R"({"from":""})"),
                     makeEvent(20, EventKind::Phase, "n1", "candidate", R"({"from":"follower"})"),
                     makeEvent(30, EventKind::Phase, "n1", "leader", R"({"from":"candidate"})"),
                     makeEvent(40, EventKind::NodeExited, "n1", {}, R"({"cause":"fault"})")});
    QVERIFY(timeline.roleOf(QStringLiteral("n1")));
    QCOMPARE(timeline.roleOf(QStringLiteral("n1"))->epoch->field, std::string("term"));
    QVERIFY(timeline.roleOf(QStringLiteral("s1")));
    QVERIFY(!timeline.roleOf(QStringLiteral("nobody")));
    QCOMPARE(timeline.phasedNodes(), (QStringList{"n1", "s1"}));   // the consumer declares no phases
    QCOMPARE(timeline.phaseAt(QStringLiteral("n1"), 5'000'000), QString());
    QCOMPARE(timeline.phaseAt(QStringLiteral("n1"), 10'000'000), QStringLiteral("follower"));
    QCOMPARE(timeline.phaseAt(QStringLiteral("n1"), 29'999'999), QStringLiteral("candidate"));
    QCOMPARE(timeline.phaseAt(QStringLiteral("n1"), 35'000'000), QStringLiteral("leader"));
    QCOMPARE(timeline.phaseAt(QStringLiteral("n1"), 40'000'000), QString());   // exited
    QCOMPARE(timeline.phaseAt(QStringLiteral("s1"), 40'000'000), QStringLiteral("up"));
    QCOMPARE(timeline.phaseChanges(QStringLiteral("n1")).size(), std::size_t(4));
    QCOMPARE(timeline.phaseChanges(QStringLiteral("n1"))[2].index, std::size_t(7));
    timeline.clear();
    QVERIFY(timeline.catalog().empty());
    QVERIFY(timeline.phaseChanges(QStringLiteral("n1")).empty());
}

QTEST_GUILESS_MAIN(RunTimelineTest)
#include "run_timeline_test.moc"
