// The transaction view on simulated runs of the shipped scenarios: lanes per participant, the
// locks held in doubt at the cursor, splits counted, and a render that shows the three bar
// colours; a saga's steps drawn as semantic locks.

#include <QImage>
#include <QTest>

#include <algorithm>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "views/common/run_timeline.h"
#include "views/patterns/atomic_commit/tx_lane_history.h"
#include "views/patterns/atomic_commit/tx_view.h"
#include "views/shell/theme.h"

using namespace distlab;
using netlab::Event;
using views::RunTimeline;
using views::TxLanes;
using views::TxView;

namespace {

std::vector<Event> simulated(const char* file) {
    auto loaded = netlab::load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/transactions/" + file,
                                             core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    if (!loaded)
        qFatal("cannot load %s", file);
    netlab::RunRequest request;
    request.scenario = *loaded;
    request.simulate = true;
    auto outcome = netlab::run_scenario(request);
    if (!outcome)
        qFatal("cannot run %s: %s", file, outcome.error().message.c_str());
    return std::move(outcome->events);
}

// Whether `image` shows `colour` in some pixel.
bool contains(const QImage& image, const QColor& colour) {
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixelColor(x, y).rgb() == colour.rgb())
                return true;
    return false;
}

void keep(const QImage& image, const QString& name) {
    const QString dir = qEnvironmentVariable("DISTLAB_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        image.save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

}  // namespace

class TxViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void coordinatorCrashHoldsLocksUntilItReturns();
    void partitionSplitsAreCountedAndMarked();
    void sagaStepsShowAsSemanticLocks();
};

void TxViewTest::coordinatorCrashHoldsLocksUntilItReturns() {
    const std::vector<Event> events = simulated("2pc-coordinator-crash.yaml");
    RunTimeline timeline;
    TxView view(timeline);
    for (std::size_t i = 0; i < events.size(); i += 500)
        timeline.append(std::vector<Event>(events.begin() + qsizetype(i),
                                           events.begin() + qsizetype(std::min(events.size(), i + 500))));
    QCOMPARE(view.history().participants(), (QStringList{"p1", "p2", "p3"}));

    // Mid-outage (the coordinator is down from 4 s to 9 s): each participant holds locks in doubt.
    timeline.seek(6'500'000'000);
    view.refresh();
    for (const QString& p : view.history().participants()) {
        int txs = 0;
        QVERIFY(view.history().locksAt(p, 6'500'000'000, &txs) > 0);
        QVERIFY(txs > 0);
    }
    QVERIFY(view.headerText().contains(QStringLiteral("p1:")));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.resize(900, 320);
    view.refresh();
    QCoreApplication::processEvents();
    const QImage during = view.grab().toImage();
    keep(during, QStringLiteral("tx-view-2pc-during-outage"));
    QVERIFY(contains(during, TxLanes::inDoubtColour()));   // undecided at the cursor
    QVERIFY(contains(during, TxLanes::committedColour()));

    // At the end nothing is held, and nothing split.
    timeline.goLive();
    view.refresh();
    for (const QString& p : view.history().participants())
        QCOMPARE(view.history().locksAt(p, timeline.endNs()), 0);
    QCOMPARE(view.history().splitCount(timeline.endNs()), 0);
    QCoreApplication::processEvents();
    const QImage after = view.grab().toImage();
    keep(after, QStringLiteral("tx-view-2pc-end"));
    QVERIFY(view.headerText().contains(QStringLiteral("p1: 0 locks in 0 transactions")));
    view.setPalette(views::darkPalette());
    view.refresh();
    keep(view.grab().toImage(), QStringLiteral("tx-view-2pc-dark"));

    // A click on a lane seeks there and selects its participant.
    const QRectF lane = view.lanes()->laneRect(1);
    QTest::mouseClick(view.lanes(), Qt::LeftButton, {}, lane.center().toPoint());
    QCOMPARE(timeline.selectedNode(), QStringLiteral("p2"));
    QVERIFY(!timeline.isLive());
}

void TxViewTest::partitionSplitsAreCountedAndMarked() {
    const std::vector<Event> events = simulated("3pc-partition.yaml");
    RunTimeline timeline;
    TxView view(timeline);
    timeline.append(events);
    const qint64 end = timeline.endNs();
    QVERIFY(view.history().splitCount(end) >= 1);
    QCOMPARE(view.history().splitCount(3'900'000'000), 0);   // before the partition
    int marked = 0;
    for (const QString& p : view.history().participants())
        for (const views::TxHold& h : view.history().holdsOf(p))
            marked += h.split;
    QVERIFY(marked >= 3);   // each split transaction on its three participants
    view.refresh();
    QVERIFY(view.headerText().contains(QStringLiteral("split")));
    view.resize(900, 320);
    keep(view.grab().toImage(), QStringLiteral("tx-view-3pc-partition"));
}

void TxViewTest::sagaStepsShowAsSemanticLocks() {
    const std::vector<Event> events = simulated("saga-compensation.yaml");
    RunTimeline timeline;
    TxView view(timeline);
    timeline.append(events);
    QVERIFY(view.history().sagas());
    QCOMPARE(view.history().participants(), (QStringList{"order", "payment", "stock"}));
    // Stock holds each saga's item from its step to its finish, or to its compensation when the
    // payment was declined; payment holds only the sagas it accepted, all finished.
    int finished = 0, compensated = 0;
    for (const views::TxHold& h : view.history().holdsOf(QStringLiteral("stock"))) {
        QVERIFY(h.endNs >= h.startNs);
        QCOMPARE(h.locks, 1);
        (h.commit ? finished : compensated) += 1;
    }
    QVERIFY(finished > 80);
    QVERIFY(compensated > 20);
    for (const views::TxHold& h : view.history().holdsOf(QStringLiteral("payment")))
        QVERIFY(h.commit);
    QCOMPARE(view.history().splitCount(timeline.endNs()), 0);

    // Mid-run some sagas are pending on every participant that runs a step before payment.
    int txs = 0;
    for (qint64 t = 4'000'000'000; t < 4'200'000'000 && txs == 0; t += 10'000'000)
        view.history().locksAt(QStringLiteral("stock"), t, &txs);
    QVERIFY(txs > 0);
    timeline.seek(4'000'000'000);
    view.refresh();
    QVERIFY(view.headerText().contains(QStringLiteral("pending")));
    QVERIFY(view.headerText().contains(QStringLiteral("stock:")));
    timeline.goLive();
    view.refresh();
    for (const QString& p : view.history().participants())
        QCOMPARE(view.history().locksAt(p, timeline.endNs()), 0);
    view.resize(900, 320);
    keep(view.grab().toImage(), QStringLiteral("tx-view-saga"));
}

QTEST_MAIN(TxViewTest)
#include "tx_view_test.moc"
