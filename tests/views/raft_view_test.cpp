#include <QAbstractItemModelTester>
#include <QDir>
#include <QImage>
#include <QPalette>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <optional>

#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "views/common/run_timeline.h"
#include "views/patterns/raft/raft_history.h"
#include "views/patterns/raft/raft_lanes.h"
#include "views/patterns/raft/raft_log_model.h"
#include "views/patterns/raft/raft_view.h"
#include "view_test_support.h"
#include "views/shell/theme.h"

using namespace distlab;
using netlab::Event;
using netlab::EventKind;
using views::RaftHistory;
using views::RaftLogModel;
using views::RaftRole;
using views::RaftView;
using views::RunTimeline;

namespace {

using views::test::distinctColours;
using views::test::keepScreenshot;
using views::test::loadShipped;
using views::test::simulatedRun;

constexpr qint64 kMs = 1'000'000;

Event event(qint64 tMs, EventKind kind, std::string node, std::string data = {}) {
    Event e;
    e.t_ns = tMs * kMs;
    e.kind = kind;
    e.node = std::move(node);
    e.data = std::move(data);
    return e;
}

Event started(qint64 tMs, std::string node, const char* role, bool restart = false) {
    return event(tMs, EventKind::NodeStarted, std::move(node),
                 core::Json{{"pid", 0}, {"role", role}, {"restart", restart}}.dump());
}

Event exited(qint64 tMs, std::string node, const char* cause) {
    return event(tMs, EventKind::NodeExited, std::move(node), core::Json{{"cause", cause}, {"code", -1}}.dump());
}

struct Entry {
    qint64 index;
    qint64 term;
    const char* command;
};

struct Peer {
    const char* node;
    qint64 next;
    qint64 match;
};

// A snapshot shaped like RaftRole::snapshot() (core/patterns/raft/raft_role.cpp).
Event state(qint64 tMs, std::string node, const char* role, qint64 term, qint64 commit = 0, qint64 applied = 0,
            const std::vector<Entry>& entries = {}, qint64 snapshotIndex = 0, const std::vector<Peer>& peers = {}) {
    core::Json list = core::Json::array();
    for (const Entry& e : entries)
        list.push_back(core::Json::array({e.index, e.term, e.command}));
    core::Json progress = core::Json::object();
    for (const Peer& p : peers)
        progress[p.node] = {{"next", p.next}, {"match", p.match}, {"inflight", 0}};
    const qint64 last = entries.empty() ? snapshotIndex : entries.back().index;
    const core::Json snapshot = {
        {"role", role},
        {"term", term},
        {"voted_for", nullptr},
        {"leader", std::string(role) == "leader" ? core::Json(node) : core::Json(nullptr)},
        {"commit", commit},
        {"applied", applied},
        {"log", {{"first_index", snapshotIndex + 1}, {"last_index", last}, {"last_term", 0}, {"entries", list}}},
        {"snapshot", {{"index", snapshotIndex}, {"term", snapshotIndex > 0 ? 1 : 0}}},
        {"members", {"n1", "n2", "n3"}},
        {"peers", progress},
        {"kv_size", 0}};
    return event(tMs, EventKind::State, std::move(node), snapshot.dump());
}

// Elections, a kill and a restart, a pause; a client whose snapshots must be ignored.
std::vector<Event> electionStream() {
    return {
        started(0, "n1", "raft"),
        started(0, "n2", "raft"),
        started(0, "n3", "raft"),
        started(0, "c1", "kv-client"),
        state(0, "n1", "follower", 1),
        state(0, "n2", "follower", 1),
        state(0, "n3", "follower", 1),
        event(0, EventKind::State, "c1", R"({"sent":0,"role":"client"})"),
        state(1000, "n1", "candidate", 2),
        state(1050, "n2", "follower", 2),
        state(1100, "n1", "leader", 2),
        state(1100, "n3", "follower", 2),
        event(2000, EventKind::NodePaused, "n3"),
        event(2500, EventKind::NodeResumed, "n3"),
        exited(3000, "n1", "fault"),
        state(3500, "n2", "pre-candidate", 2),
        state(3600, "n2", "candidate", 3),
        state(3900, "n2", "candidate", 4),
        state(3950, "n3", "follower", 4),
        state(4000, "n2", "leader", 4),
        started(5000, "n1", "raft", true),
        state(5000, "n1", "follower", 2),
        state(5100, "n1", "follower", 4),
        state(6000, "c1", "leader", 9),
        exited(6000, "n2", "shutdown"),
    };
}

// Logs: n1 leads term 2, n2 is up to date, n3 has compacted entries 1..2 and lags.
std::vector<Event> logStream() {
    return {
        started(0, "n1", "raft"),
        started(0, "n2", "raft"),
        started(0, "n3", "raft"),
        state(1000, "n1", "leader", 2, 2, 2, {{1, 1, "noop"}, {2, 1, "put a=1"}, {3, 2, "noop"}}, 0,
              {{"n2", 4, 3}, {"n3", 3, 2}}),
        state(1000, "n2", "follower", 2, 2, 2, {{1, 1, "noop"}, {2, 1, "put a=1"}, {3, 2, "noop"}}),
        state(1000, "n3", "follower", 2, 2, 1, {{1, 1, "noop"}, {2, 1, "put a=1"}}),
        state(2000, "n1", "leader", 2, 4, 3,
              {{1, 1, "noop"}, {2, 1, "put a=1"}, {3, 2, "noop"}, {4, 2, "put b=2"}, {5, 2, "cas a 1 3"}}, 0,
              {{"n2", 6, 5}, {"n3", 4, 3}}),
        state(2000, "n2", "follower", 2, 4, 4,
              {{1, 1, "noop"}, {2, 1, "put a=1"}, {3, 2, "noop"}, {4, 2, "put b=2"}, {5, 2, "cas a 1 3"}}),
        state(2000, "n3", "follower", 2, 3, 3, {{3, 2, "noop"}}, 2),
    };
}

QModelIndex cell(const RaftLogModel& model, const char* node, qint64 logIndex) {
    return model.index(model.rowOf(QString::fromLatin1(node)), model.columnOf(logIndex));
}

bool contains(const QImage& image, const QColor& colour) {
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixelColor(x, y).rgb() == colour.rgb())
                return true;
    return false;
}

}  // namespace

class RaftViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lanesFollowRolesAndTerms();
    void leaderAndTermAtATime();
    void modelShowsEachLogAndTheLeadersProgress();
    void modelFollowsTheCursor();
    void windowShowsTheNewestEntries();
    void clickOnALaneSeeksAndSelects();
    void rendersASimulatedFailover();
    void rendersSevenNodesAndSnapshots();
    void twentyFiveLanesFitADock();
    void lanesAreReadableAndGrowWithTheDock();
    void burstsAreDrawnOncePerFrame();
};

void RaftViewTest::lanesFollowRolesAndTerms() {
    RunTimeline timeline;
    RaftHistory history(timeline);
    QObject::connect(&timeline, &RunTimeline::appended, &timeline,
                     [&](std::size_t first, std::size_t count) { history.ingest(first, count); });
    timeline.append(electionStream());

    QCOMPARE(history.nodes(), (QStringList{"n1", "n2", "n3"}));   // c1 is a client, even with a "role"
    const auto& n1 = history.lanes()[0];
    QCOMPARE(n1.segments.size(), std::size_t(5));
    QCOMPARE(n1.segments[0].role, RaftRole::Follower);
    QCOMPARE(n1.segments[0].term, 1);
    QCOMPARE(n1.segments[0].endNs, 1000 * kMs);
    QCOMPARE(n1.segments[1].role, RaftRole::Candidate);
    QCOMPARE(n1.segments[1].term, 2);
    QCOMPARE(n1.segments[2].role, RaftRole::Leader);
    QCOMPARE(n1.segments[2].startNs, 1100 * kMs);
    QCOMPARE(n1.segments[2].endNs, 3000 * kMs);                    // killed
    QCOMPARE(n1.segments[3].startNs, 5000 * kMs);                  // restarted
    QCOMPARE(n1.segments[4].term, 4);
    QCOMPARE(n1.segments[4].endNs, -1);
    QCOMPARE(n1.elections(), 1);
    QCOMPARE(n1.downs.size(), std::size_t(1));
    QCOMPARE(n1.downs[0].paused, false);
    QCOMPARE(n1.downs[0].startNs, 3000 * kMs);
    QCOMPARE(n1.downs[0].endNs, 5000 * kMs);

    const auto& n2 = history.lanes()[1];
    QCOMPARE(n2.elections(), 2);                                   // terms 3 and 4
    const auto elected = std::count_if(n2.marks.begin(), n2.marks.end(),
                                       [](const views::LaneMark& m) { return m.kind == views::LaneMark::Elected; });
    QCOMPARE(elected, 1);
    QCOMPARE(n2.segmentAt(3550 * kMs)->role, RaftRole::PreCandidate);
    QCOMPARE(n2.segmentAt(4500 * kMs)->role, RaftRole::Leader);
    QCOMPARE(n2.segmentAt(6500 * kMs), nullptr);                   // shut down at the end
    QCOMPARE(n2.downAt(6000 * kMs), nullptr);                      // a shutdown is not a failure

    const auto& n3 = history.lanes()[2];
    QCOMPARE(n3.elections(), 0);
    QVERIFY(n3.downAt(2200 * kMs) != nullptr);
    QVERIFY(n3.downAt(2200 * kMs)->paused);
    QCOMPARE(n3.downAt(2600 * kMs), nullptr);
    QCOMPARE(n3.segmentAt(2200 * kMs)->role, RaftRole::Follower);  // paused, still a follower

    RaftView view(timeline);
    QCOMPARE(view.laneCount(), 3);
    timeline.clear();
    QCOMPARE(view.laneCount(), 0);
}

void RaftViewTest::leaderAndTermAtATime() {
    RunTimeline timeline;
    timeline.append(electionStream());
    RaftHistory history(timeline);
    history.ingest(0, timeline.events().size());
    QCOMPARE(history.leaderAt(500 * kMs), QString());
    QCOMPARE(history.leaderAt(2000 * kMs), QStringLiteral("n1"));
    QCOMPARE(history.termAt(2000 * kMs), 2);
    QCOMPARE(history.leaderAt(3200 * kMs), QString());            // n1 is dead
    QCOMPARE(history.termAt(3700 * kMs), 3);
    QCOMPARE(history.leaderAt(4500 * kMs), QStringLiteral("n2"));
    QCOMPARE(history.termAt(4500 * kMs), 4);
}

void RaftViewTest::modelShowsEachLogAndTheLeadersProgress() {
    RunTimeline timeline;
    timeline.append(logStream());
    RaftHistory history(timeline);
    history.ingest(0, timeline.events().size());
    RaftLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLogs(history.logsAt(timeline.endNs()));

    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.firstIndex(), 1);
    QCOMPARE(model.columnCount(), 6);                              // up to n2's nextIndex 6
    QCOMPARE(model.leaderRow(), 0);
    QCOMPARE(model.headerData(1, Qt::Vertical).toString(), QStringLiteral("n2"));
    QCOMPARE(model.headerData(model.columnOf(4), Qt::Horizontal).toString(), QStringLiteral("4"));

    QCOMPARE(cell(model, "n1", 3).data(RaftLogModel::TermRole).toLongLong(), 2);
    QCOMPARE(cell(model, "n1", 3).data().toString(), QStringLiteral("2"));
    QCOMPARE(cell(model, "n1", 4).data(RaftLogModel::CommandRole).toString(), QStringLiteral("put b=2"));
    QVERIFY(cell(model, "n1", 4).data(Qt::ToolTipRole).toString().contains(QStringLiteral("put b=2")));
    QVERIFY(!cell(model, "n1", 6).data(RaftLogModel::TermRole).isValid());

    QVERIFY(cell(model, "n1", 4).data(RaftLogModel::CommittedRole).toBool());
    QVERIFY(!cell(model, "n1", 5).data(RaftLogModel::CommittedRole).toBool());
    QVERIFY(cell(model, "n1", 3).data(RaftLogModel::AppliedRole).toBool());
    QVERIFY(!cell(model, "n1", 4).data(RaftLogModel::AppliedRole).toBool());
    QVERIFY(cell(model, "n2", 4).data(RaftLogModel::AppliedRole).toBool());

    // The leader's nextIndex / matchIndex, on each follower's row.
    QVERIFY(cell(model, "n2", 6).data(RaftLogModel::NextIndexRole).toBool());
    QVERIFY(cell(model, "n2", 5).data(RaftLogModel::MatchIndexRole).toBool());
    QVERIFY(!cell(model, "n2", 5).data(RaftLogModel::NextIndexRole).toBool());
    QVERIFY(cell(model, "n3", 4).data(RaftLogModel::NextIndexRole).toBool());
    QVERIFY(cell(model, "n3", 3).data(RaftLogModel::MatchIndexRole).toBool());
    QVERIFY(!cell(model, "n1", 6).data(RaftLogModel::NextIndexRole).toBool());   // not on the leader's row

    // n3's entries 1..2 are in its snapshot: one cell.
    QCOMPARE(model.compactedColumns(2), 2);
    QCOMPARE(model.compactedColumns(0), 0);
    QVERIFY(cell(model, "n3", 2).data(RaftLogModel::CompactedRole).toBool());
    QVERIFY(!cell(model, "n3", 3).data(RaftLogModel::CompactedRole).toBool());
    QVERIFY(cell(model, "n3", 1).data().toString().contains(QStringLiteral("2")));
    QCOMPARE(cell(model, "n3", 3).data(RaftLogModel::TermRole).toLongLong(), 2);
    QVERIFY(!cell(model, "n3", 4).data(RaftLogModel::TermRole).isValid());
}

void RaftViewTest::modelFollowsTheCursor() {
    RunTimeline timeline;
    RaftView view(timeline);
    QAbstractItemModelTester tester(view.logModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    timeline.append(logStream());
    view.refresh();
    RaftLogModel& model = *view.logModel();
    QCOMPARE(model.columnCount(), 6);
    QVERIFY(cell(model, "n1", 4).data(RaftLogModel::CommittedRole).toBool());
    QVERIFY(view.headerText().contains(QStringLiteral("n1")));
    timeline.selectNode(QStringLiteral("n2"));                     // selected elsewhere: its row here
    QCOMPARE(view.logTable()->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(view.logTable()->selectionModel()->selectedRows().front().row(), 1);

    timeline.seek(1500 * kMs);                                     // back to the first snapshots
    view.refresh();
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), 4);                              // up to n2's nextIndex 4
    QVERIFY(!cell(model, "n1", 3).data(RaftLogModel::CommittedRole).toBool());
    QVERIFY(cell(model, "n2", 4).data(RaftLogModel::NextIndexRole).toBool());
    QCOMPARE(model.compactedColumns(2), 0);

    timeline.seek(500 * kMs);                                      // before any snapshot
    view.refresh();
    QCOMPARE(model.columnCount(), 0);
    QVERIFY(view.headerText().contains(QStringLiteral("term 0")));

    timeline.goLive();
    view.refresh();
    QCOMPARE(model.columnCount(), 6);
    QCOMPARE(model.compactedColumns(2), 2);
}

void RaftViewTest::windowShowsTheNewestEntries() {
    std::vector<Entry> entries;
    std::vector<std::string> commands;
    commands.reserve(5000);
    for (qint64 i = 1; i <= 5000; ++i)
        commands.push_back("put k=" + std::to_string(i));
    for (qint64 i = 1; i <= 5000; ++i)
        entries.push_back({i, 1 + i / 1000, commands[std::size_t(i - 1)].c_str()});
    RunTimeline timeline;
    timeline.append({started(0, "n1", "raft"), state(10, "n1", "leader", 6, 4990, 4980, entries)});
    RaftView view(timeline);
    RaftLogModel& model = *view.logModel();
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), 64);                             // the newest 64 by default
    QCOMPARE(model.firstIndex(), 5000 - 63);
    QCOMPARE(model.index(0, 63).data(RaftLogModel::CommandRole).toString(), QStringLiteral("put k=5000"));
    view.setLogWindow(5000);
    QCOMPARE(model.columnCount(), 5000);
    QCOMPARE(model.index(0, 0).data(RaftLogModel::TermRole).toLongLong(), 1);
    QCOMPARE(model.index(0, 4999).data(RaftLogModel::TermRole).toLongLong(), 6);
    QVERIFY(model.index(0, 4989).data(RaftLogModel::CommittedRole).toBool());
    QVERIFY(!model.index(0, 4990).data(RaftLogModel::CommittedRole).toBool());
}

void RaftViewTest::clickOnALaneSeeksAndSelects() {
    RunTimeline timeline;
    timeline.append(electionStream());
    RaftView view(timeline);
    view.resize(900, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    views::RaftLanes* lanes = view.lanes();
    const QRectF lane = lanes->laneRect(1);
    const double x = lanes->xOf(2000 * kMs);
    QTest::mouseClick(lanes, Qt::LeftButton, {}, QPoint(int(x), int(lane.center().y())));
    QVERIFY(!timeline.isLive());
    QVERIFY(std::abs(timeline.cursorNs() - 2000 * kMs) < 60 * kMs);   // within a pixel or two
    QCOMPARE(timeline.selectedNode(), QStringLiteral("n2"));
    view.refresh();
    QVERIFY(view.headerText().contains(QStringLiteral("n1")));     // n1 led at 2 s
}

void RaftViewTest::rendersASimulatedFailover() {
    const std::vector<Event> events = simulatedRun("scenarios/consensus/leader-failover.yaml");
    RunTimeline timeline;
    RaftView view(timeline);
    // Live: batches as the bridge would deliver them.
    for (std::size_t i = 0; i < events.size(); i += 500)
        timeline.append(std::vector<Event>(events.begin() + qsizetype(i),
                                           events.begin() + qsizetype(std::min(events.size(), i + 500))));
    QCOMPARE(view.laneCount(), 3);                                 // n1..n3; the two clients are not lanes
    QCOMPARE(view.history().nodes(), (QStringList{"n1", "n2", "n3"}));
    int elections = 0;
    for (const auto& lane : view.history().lanes())
        elections += lane.elections();
    QVERIFY(elections >= 2);                                       // the first election and the failover
    QVERIFY(!view.history().lanes()[0].downs.empty() || !view.history().lanes()[1].downs.empty() ||
            !view.history().lanes()[2].downs.empty());

    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (const QSize size : {QSize(900, 400), QSize(600, 300)}) {
        view.resize(size);
        view.refresh();
        QCoreApplication::processEvents();
        const QImage image = view.grab().toImage();
        keepScreenshot(image, QStringLiteral("raft-view-%1x%2").arg(size.width()).arg(size.height()));
        QCOMPARE(image.size(), size * image.devicePixelRatio());
        QVERIFY(distinctColours(image) > 20);
        QVERIFY(contains(image, views::raftRoleColor(RaftRole::Leader)));
        QVERIFY(contains(image, views::raftRoleColor(RaftRole::Follower)));
        QVERIFY(view.logModel()->columnCount() > 0);
        QVERIFY(view.headerText().contains(QStringLiteral("term")));
    }

    // Scrubbed back to just after the kill: the old leader is dead, no leader yet or a new one.
    const std::size_t kill = std::size_t(std::find_if(events.begin(), events.end(), [](const Event& e) {
                                             return e.kind == EventKind::FaultInjected;
                                         }) - events.begin());
    QVERIFY(kill < events.size());
    timeline.seek(events[kill].t_ns + 1);
    view.refresh();
    const RaftLogModel& model = *view.logModel();
    int down = 0;
    for (int row = 0; row < model.rowCount(); ++row)
        down += model.index(row, 0).data(RaftLogModel::DownRole).toBool() ? 1 : 0;
    QCOMPARE(down, 1);
    keepScreenshot(view.grab().toImage(), QStringLiteral("raft-view-after-kill"));

    view.setPalette(views::darkPalette());
    view.resize(900, 400);
    timeline.goLive();
    view.refresh();
    const QImage dark = view.grab().toImage();
    keepScreenshot(dark, QStringLiteral("raft-view-dark"));
    QVERIFY(distinctColours(dark) > 20);
}

void RaftViewTest::rendersSevenNodesAndSnapshots() {
    RunTimeline timeline;
    RaftView view(timeline);
    view.resize(900, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    timeline.append(simulatedRun("scenarios/consensus/random-nemesis-7.yaml"));
    view.refresh();
    QCOMPARE(view.laneCount(), 7);
    QCOMPARE(view.logModel()->rowCount(), 7);
    const QImage seven = view.grab().toImage();
    keepScreenshot(seven, QStringLiteral("raft-view-seven"));
    QVERIFY(distinctColours(seven) > 20);

    // A follower that catches up by InstallSnapshot: some log starts with a compacted prefix.
    timeline.clear();
    QCOMPARE(view.laneCount(), 0);
    timeline.append(simulatedRun("scenarios/consensus/follower-snapshot-catch-up.yaml"));
    view.refresh();
    const auto& logs = view.logModel()->logs();
    QVERIFY(std::any_of(logs.begin(), logs.end(), [](const views::RaftNodeLog& log) { return log.snapshotIndex > 0; }));
    keepScreenshot(view.grab().toImage(), QStringLiteral("raft-view-snapshots-64"));
    view.setLogWindow(200);
    view.logTable()->scrollToTop();
    view.logTable()->scrollTo(view.logModel()->index(0, 0));
    keepScreenshot(view.grab().toImage(), QStringLiteral("raft-view-snapshots"));
}

void RaftViewTest::lanesAreReadableAndGrowWithTheDock() {
    // Seven nodes in the bottom dock of a 1366x768 window (about 230 px high): lanes still tall
    // enough for their text, and taller when the dock is.
    RunTimeline timeline;
    timeline.append(simulatedRun("scenarios/consensus/random-nemesis-7.yaml"));
    RaftView view(timeline);
    view.resize(850, 230);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.refresh();
    QCOMPARE(view.laneCount(), 7);
    const double small = view.lanes()->laneRect(0).height();
    keepScreenshot(view.grab().toImage(), QStringLiteral("raft-view-850x230"));
    QVERIFY2(small >= views::RaftLanes::kReadableLane,
             qPrintable(QStringLiteral("%1 px lanes in %2 px lanes widget of a %3 px view; min %4")
                            .arg(small).arg(view.lanes()->height()).arg(view.height()).arg(view.lanes()->minimumSizeHint().height())));
    QVERIFY(view.lanes()->laneRect(6).bottom() < view.lanes()->height());
    view.resize(850, 520);
    QCoreApplication::processEvents();
    const double large = view.lanes()->laneRect(0).height();
    keepScreenshot(view.grab().toImage(), QStringLiteral("raft-view-850x520"));
    QVERIFY2(large >= small + 8, qPrintable(QStringLiteral("%1 -> %2").arg(small).arg(large)));
}

void RaftViewTest::twentyFiveLanesFitADock() {
    std::vector<Event> events;
    for (int n = 1; n <= 25; ++n) {
        const std::string node = "n" + std::to_string(n);
        events.push_back(started(0, node, "raft"));
        events.push_back(state(0, node, "follower", 1, 1, 1, {{1, 1, "noop"}}));
    }
    events.push_back(state(500, "n7", "candidate", 2, 1, 1, {{1, 1, "noop"}}));
    events.push_back(state(600, "n7", "leader", 2, 1, 1, {{1, 1, "noop"}, {2, 2, "noop"}}, 0, {{"n1", 3, 2}}));
    events.push_back(exited(800, "n3", "fault"));
    events.push_back(state(2000, "n7", "leader", 2, 2, 2, {{1, 1, "noop"}, {2, 2, "noop"}}, 0, {{"n1", 3, 2}}));
    RunTimeline timeline;
    timeline.append(events);
    RaftView view(timeline);
    view.resize(600, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.refresh();
    QCOMPARE(view.laneCount(), 25);
    // Every lane is on screen, the last one above the time axis.
    QVERIFY(view.lanes()->laneRect(24).bottom() < view.lanes()->height());
    QVERIFY(view.lanes()->laneRect(24).height() >= 3);
    QCOMPARE(view.logModel()->rowCount(), 25);
    QVERIFY(view.headerText().contains(QStringLiteral("n7")));
    const QImage image = view.grab().toImage();
    keepScreenshot(image, QStringLiteral("raft-view-25"));
    QCOMPARE(image.size(), QSize(600, 300) * image.devicePixelRatio());   // fits the dock
    QVERIFY(contains(image, views::raftRoleColor(RaftRole::Leader)));
}

void RaftViewTest::burstsAreDrawnOncePerFrame() {
    RunTimeline timeline;
    RaftView view(timeline);
    QSignalSpy reset(view.logModel(), &QAbstractItemModel::modelReset);
    QSignalSpy changed(view.logModel(), &QAbstractItemModel::dataChanged);
    const std::vector<Event> events = logStream();
    for (const Event& e : events)
        timeline.append({e});                                      // one batch per event
    QCOMPARE(reset.count() + changed.count(), 0);                 // nothing until the frame
    QCOMPARE(view.laneCount(), 3);                                 // indexed already
    QTRY_VERIFY(reset.count() + changed.count() > 0);
    QCOMPARE(reset.count() + changed.count(), 1);                 // one update for the whole burst
    QCOMPARE(view.logModel()->columnCount(), 6);
}

QTEST_MAIN(RaftViewTest)
#include "raft_view_test.moc"
