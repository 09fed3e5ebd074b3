#include <QSignalSpy>
#include <QTest>

#include "netlab/api/judge.h"
#include "netlab/scenario/scenario.h"
#include "views/common/lab_session.h"
#include "views/common/run_timeline.h"
#include "views/common/trace_bridge.h"
#include "views/log/event_log_model.h"
#include "views/state/state_model.h"
#include "views/topology/topology_scene.h"

using namespace distlab;
using views::LabSession;

class LabSessionTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badFileIsReportedAndKeepsTheScenario();
    void simulatedRunReachesTheModels();
    void stopEndsARunEarly();
    void realRunReachesTheModelsAndStops();
    void verdictDetailsFollowTheUiLanguage();
};

namespace {

const QString kShipped = QStringLiteral(DISTLAB_SOURCE_DIR "/scenarios/communication/request-response.yaml");

}  // namespace

void LabSessionTest::badFileIsReportedAndKeepsTheScenario() {
    LabSession session;
    QVERIFY(!session.start(true));   // nothing loaded
    QCOMPARE(session.load(kShipped), QString());
    const QString error = session.load(QStringLiteral("/nonexistent/x.yaml"));
    QVERIFY(error.contains(QStringLiteral("x.yaml")));
    QVERIFY(session.hasScenario());
    QCOMPARE(QString::fromStdString(session.scenario().name), QStringLiteral("request-response"));
}

void LabSessionTest::simulatedRunReachesTheModels() {
    LabSession session;
    session.setPaced(false);
    QCOMPARE(session.load(kShipped), QString());
    views::EventLogModel log;
    views::StateModel state;
    views::TopologyScene topology;
    views::RunTimeline timeline;
    topology.setScenario(session.scenario());
    topology.setTimeline(&timeline);
    connect(&session.bridge(), &views::TraceBridge::eventsArrived, &log, &views::EventLogModel::append);
    connect(&session.bridge(), &views::TraceBridge::eventsArrived, &state, &views::StateModel::append);
    connect(&session.bridge(), &views::TraceBridge::eventsArrived, &timeline, &views::RunTimeline::append);
    state.setNode(QStringLiteral("s1"));
    QSignalSpy started(&session, &LabSession::runStarted);
    QSignalSpy finished(&session, &LabSession::runFinished);

    QVERIFY(session.start(true));
    QVERIFY(session.isRunning());
    QCOMPARE(started.count(), 1);
    QVERIFY(!session.start(true));   // one run at a time
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QVERIFY(!session.isRunning());

    const auto args = finished.takeFirst();
    QCOMPARE(args.at(2).toString(), QString());
    QVERIFY2(args.at(0).toBool(), "the shipped scenario passes its checks in the simulator");
    QCOMPARE(session.lastVerdict(), QStringLiteral("passed"));
    const auto checks = args.at(1).value<QList<views::CheckVerdict>>();
    QCOMPARE(checks.size(), 6);
    QVERIFY(log.rowCount() > 4);   // run start, two nodes started, narrative, two exits, run end
    QCOMPARE(state.nodes(), (QStringList{QStringLiteral("c1"), QStringLiteral("s1")}));
    QVERIFY(state.rowCount() > 5);
    QCOMPARE(topology.badgeOf(QStringLiteral("s1")), QStringLiteral("ended"));   // shut down at the end
}

void LabSessionTest::stopEndsARunEarly() {
    LabSession session;   // paced: 12 s of wall time unless stopped
    QCOMPARE(session.load(kShipped), QString());
    QSignalSpy progressed(&session, &LabSession::progressed);
    QSignalSpy finished(&session, &LabSession::runFinished);
    QVERIFY(session.start(true));
    QTRY_VERIFY(!progressed.isEmpty());
    session.stop();
    // The simulation ends where it is (SimRun::stop_now), long before the 12 s a paced run
    // would take, and is neither passed nor failed.
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 8000);
    QVERIFY(!session.isRunning());
    QCOMPARE(session.lastVerdict(), QStringLiteral("stopped"));
    QVERIFY(session.lastStoppedAtNs() >= 0);
    QVERIFY(session.lastStoppedAtNs() < 8'000'000'000);
    const auto args = finished.takeFirst();
    QVERIFY(!args.at(0).toBool());
    QCOMPARE(args.at(2).toString(), QString());
}

void LabSessionTest::realRunReachesTheModelsAndStops() {
    LabSession session;
    session.setNodeBinary(QStringLiteral(DISTLAB_NODE_BINARY));
    QCOMPARE(session.load(kShipped), QString());
    views::EventLogModel log;
    views::StateModel state;
    connect(&session.bridge(), &views::TraceBridge::eventsArrived, &log, &views::EventLogModel::append);
    connect(&session.bridge(), &views::TraceBridge::eventsArrived, &state, &views::StateModel::append);
    QSignalSpy finished(&session, &LabSession::runFinished);

    QVERIFY(session.start(false));
    // Both node processes report their state; then the user stops the run.
    QTRY_COMPARE_WITH_TIMEOUT(state.nodes().size(), 2, 20000);
    session.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.first().at(2).toString(), QString());   // the lab itself did not fail
    QCOMPARE(session.lastVerdict(), QStringLiteral("stopped"));   // never "failed" for a stop
    int exits = 0;
    for (int row = 0; row < log.rowCount(); ++row)
        exits += log.index(row, views::EventLogModel::TextColumn).data().toString().startsWith(QStringLiteral("exited"));
    QCOMPARE(exits, 2);   // every node process was shut down and reported
}

void LabSessionTest::verdictDetailsFollowTheUiLanguage() {
    netlab::Judgement judgement;
    judgement.checks.push_back({.name = "no_violations", .verdict = "fail",
                                .detail = "1 violation; first at 2.5s on s1: two leaders",
                                .detail_zh = "1 次违例；第一次在 2.5s，s1 上：two leaders"});
    judgement.checks.push_back({.name = "custom", .verdict = "pass", .detail = "fine"});   // not translated
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
    const QList<views::CheckVerdict> zh = views::verdictsOf(judgement);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    const QList<views::CheckVerdict> en = views::verdictsOf(judgement);
    QLocale::setDefault(before);
    QCOMPARE(zh[0].detail, QStringLiteral("1 次违例；第一次在 2.5s，s1 上：two leaders"));
    QCOMPARE(zh[1].detail, QStringLiteral("fine"));
    QCOMPARE(en[0].detail, QStringLiteral("1 violation; first at 2.5s on s1: two leaders"));
}

QTEST_MAIN(LabSessionTest)
#include "lab_session_test.moc"
