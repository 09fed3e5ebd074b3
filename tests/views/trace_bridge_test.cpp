#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <thread>

#include "views/common/trace_bridge.h"
#include "views/log/event_log_model.h"

using namespace distlab;
using views::EventBatch;

namespace {

EventBatch makeLogEvents(int count, int first = 0) {
    EventBatch batch;
    for (int i = 0; i < count; ++i) {
        netlab::Event event;
        event.t_ns = std::int64_t(first + i) * 1000;
        event.kind = netlab::EventKind::Log;
        event.node = "n1";
        event.type = "info";
        event.data = "line " + std::to_string(first + i);
        batch.push_back(event);
    }
    return batch;
}

}  // namespace

class TraceBridgeTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void burstIsInsertedAsOneBatch();
    void batchesKeepEveryEventInOrder();
    void drainDeliversAtOnce();
};

void TraceBridgeTest::burstIsInsertedAsOneBatch() {
    views::TraceBridge bridge;
    views::EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    connect(&bridge, &views::TraceBridge::eventsArrived, &model, &views::EventLogModel::append);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy batches(&bridge, &views::TraceBridge::eventsArrived);

    // The GUI thread is not running its event loop while the engine posts, so the whole burst
    // is pending when the drain timer fires.
    std::thread engine([&] {
        for (int i = 0; i < 1000; ++i)
            bridge.post(makeLogEvents(1, i));
    });
    engine.join();

    QTRY_COMPARE(inserted.count(), 1);   // one insert, not a thousand
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(batches.count(), 1);
    QCOMPARE(model.index(999, views::EventLogModel::TextColumn).data().toString(), QStringLiteral("line 999"));
}

void TraceBridgeTest::batchesKeepEveryEventInOrder() {
    views::TraceBridge bridge;
    std::vector<std::int64_t> times;
    connect(&bridge, &views::TraceBridge::eventsArrived, this, [&times](const EventBatch& batch) {
        for (const auto& event : batch)
            times.push_back(event.t_ns);
    });
    std::thread engine([&] {
        for (int i = 0; i < 50; ++i)
            bridge.post(makeLogEvents(20, i * 20));
    });
    engine.join();
    QTRY_COMPARE(times.size(), std::size_t(1000));
    QVERIFY(std::is_sorted(times.begin(), times.end()));
    QCOMPARE(times.back(), std::int64_t(999) * 1000);
}

void TraceBridgeTest::drainDeliversAtOnce() {
    views::TraceBridge bridge;
    QSignalSpy batches(&bridge, &views::TraceBridge::eventsArrived);
    bridge.post(makeLogEvents(3));
    bridge.drain();
    QCOMPARE(batches.count(), 1);
    bridge.drain();   // nothing pending: no empty batch
    QCOMPARE(batches.count(), 1);
    bridge.post({});
    bridge.drain();
    QCOMPARE(batches.count(), 1);
}

QTEST_MAIN(TraceBridgeTest)
#include "trace_bridge_test.moc"
