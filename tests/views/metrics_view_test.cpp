#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QPalette>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <cmath>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "views/common/run_timeline.h"
#include "views/metrics/metrics_series.h"
#include "views/metrics/metrics_view.h"
#include "view_test_support.h"

using namespace distlab;
using netlab::Event;
using netlab::EventKind;
using views::Measure;
using views::MetricPoint;
using views::MetricsSeries;
using views::MetricsView;
using views::RoleMetricId;
using views::RoleMetricKind;

namespace {

using views::test::darkShare;
using views::test::distinctColours;
using views::test::keepScreenshot;
using views::test::loadShipped;
using views::test::simulatedRun;

constexpr std::int64_t kMs = 1'000'000;

Event makeEvent(std::int64_t tMs, EventKind kind, std::string node, std::uint64_t id = 0, std::string type = {},
                std::string data = {}, std::string peer = {}) {
    Event e;
    e.t_ns = tMs * kMs;
    e.kind = kind;
    e.node = std::move(node);
    e.msg_id = id;
    e.type = std::move(type);
    e.data = std::move(data);
    e.peer = std::move(peer);
    return e;
}

// 400 ms of a run with known answers per 100 ms bucket (see bucketMathHasKnownAnswers).
std::vector<Event> handBuiltStream() {
    return {
        makeEvent(10, EventKind::OpInvoked, "c1", 1, "call"),
        makeEvent(20, EventKind::OpInvoked, "c1", 2, "call"),
        makeEvent(30, EventKind::OpCompleted, "c1", 1, "ok"),
        makeEvent(50, EventKind::OpInvoked, "c1", 3, "call"),
        makeEvent(50, EventKind::Metric, "s1", 0, {},
                  R"({"counters":{"calls":5},"gauges":{"queue_depth":3},"samples":{"latency_ms":[10,20]}})"),
        makeEvent(60, EventKind::OpCompleted, "c1", 2, "ok"),
        makeEvent(70, EventKind::OpCompleted, "c1", 3, "fail"),
        makeEvent(80, EventKind::OpInvoked, "c1", 4, "call"),
        makeEvent(90, EventKind::OpCompleted, "c1", 4, "info"),
        makeEvent(95, EventKind::OpCompleted, "c1", 4, "ok"),   // a second completion: ignored
        makeEvent(100, EventKind::OpInvoked, "c2", 1, "call"),
        makeEvent(110, EventKind::MessageSent, "s1", 1, "req", {}, "s2"),
        makeEvent(120, EventKind::MessageSent, "s1", 2, "req", {}, "s2"),
        makeEvent(130, EventKind::MessageSent, "s1", 3, "req", {}, "s2"),
        makeEvent(140, EventKind::MessageDelivered, "s1", 1, "req", {}, "s2"),
        makeEvent(145, EventKind::MessageDelivered, "s1", 2, "req", {}, "s2"),
        makeEvent(148, EventKind::MessageDropped, "s1", 3, "req", R"({"reason":"loss"})", "s2"),
        makeEvent(150, EventKind::OpCompleted, "c2", 1, "ok"),
        makeEvent(150, EventKind::Metric, "s1", 0, {},
                  R"({"counters":{"calls":9},"gauges":{"queue_depth":7},"samples":{"latency_ms":[30]}})"),
        makeEvent(250, EventKind::Metric, "s1", 0, {}, R"({"counters":{"calls":2},"gauges":{},"samples":{}})"),
        makeEvent(260, EventKind::Metric, "s1", 0, {}, "not json"),
    };
}

std::vector<double> values(const std::vector<MetricPoint>& points) {
    std::vector<double> out;
    for (const MetricPoint& p : points)
        out.push_back(p.value);
    return out;
}

bool sameSeries(const MetricsSeries& a, const MetricsSeries& b) {
    if (a.bucketNs() != b.bucketNs() || a.bucketCount() != b.bucketCount() || a.roleMetrics() != b.roleMetrics())
        return false;
    for (const Measure m : {Measure::Throughput, Measure::LatencyP50, Measure::LatencyP99, Measure::FailRate,
                            Measure::TimeoutRate, Measure::SentRate, Measure::DeliveredRate, Measure::DroppedRate})
        if (a.series(m) != b.series(m))
            return false;
    for (const RoleMetricId& metric : a.roleMetrics()) {
        if (a.roleMetricNodes(metric) != b.roleMetricNodes(metric))
            return false;
        for (const std::string& node : a.roleMetricNodes(metric))
            if (a.roleMetric(metric, node) != b.roleMetric(metric, node))
                return false;
    }
    return true;
}

}  // namespace

class MetricsViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bucketMathHasKnownAnswers();
    void scopeKeepsOneNode();
    void countersRestartWithTheirNode();
    void incrementalEqualsBatch();
    void longRunWidensBuckets();
    void seekBackTruncatesAndLiveResumes();
    void faultBandsAreTheTimelineFaults();
    void framesAreCoalesced();
    void scopeFollowsSelection();
    void rendersASimulatedRun_data();
    void rendersASimulatedRun();
    void aCounterJumpingAThousandfoldKeepsUp();
};

void MetricsViewTest::bucketMathHasKnownAnswers() {
    MetricsSeries series;
    series.feed(handBuiltStream());
    series.advanceTo(400 * kMs);
    QCOMPARE(series.bucketNs(), MetricsSeries::kBaseBucketNs);
    QCOMPARE(series.bucketCount(), std::size_t(5));   // the fifth has just begun: left out below

    const auto throughput = series.series(Measure::Throughput);
    QCOMPARE(values(throughput), (std::vector<double>{20, 10, 0, 0}));   // 2 ok, 1 ok, none
    QCOMPARE(throughput.front().tS, 0.05);                                 // bucket middles
    QCOMPARE(throughput.back().tS, 0.35);
    QCOMPARE(values(series.series(Measure::LatencyP50)), (std::vector<double>{20, 50}));   // {20, 40}, {50}
    QCOMPARE(values(series.series(Measure::LatencyP99)), (std::vector<double>{40, 50}));
    QCOMPARE(values(series.series(Measure::FailRate)), (std::vector<double>{10, 0, 0, 0}));
    QCOMPARE(values(series.series(Measure::TimeoutRate)), (std::vector<double>{10, 0, 0, 0}));
    QCOMPARE(values(series.series(Measure::SentRate)), (std::vector<double>{0, 30, 0, 0}));
    QCOMPARE(values(series.series(Measure::DeliveredRate)), (std::vector<double>{0, 20, 0, 0}));
    QCOMPARE(values(series.series(Measure::DroppedRate)), (std::vector<double>{0, 10, 0, 0}));

    const RoleMetricId gauge{RoleMetricKind::Gauge, "queue_depth"};
    const RoleMetricId counter{RoleMetricKind::Counter, "calls"};
    const RoleMetricId sample{RoleMetricKind::Sample, "latency_ms"};
    QCOMPARE(series.roleMetrics(), (std::vector<RoleMetricId>{gauge, counter, sample}));
    QCOMPARE(series.roleMetricNodes(gauge), (std::vector<std::string>{"s1"}));
    QCOMPARE(values(series.roleMetric(gauge, "s1")), (std::vector<double>{3, 7, 7, 7}));   // held
    // Totals 5, 9, then 2 after a restart: increases 5, 4, 2, 0 per 100 ms.
    QCOMPARE(values(series.roleMetric(counter, "s1")), (std::vector<double>{50, 40, 20, 0}));
    QCOMPARE(values(series.roleMetric(sample, "s1")), (std::vector<double>{15, 30}));
    QVERIFY(series.roleMetric(gauge, "nobody").empty());

    // Halfway into the fifth bucket it counts, divided by the 50 ms covered.
    series.feed(std::vector<Event>{makeEvent(420, EventKind::MessageSent, "s1", 4, "req", {}, "s2")});
    series.advanceTo(450 * kMs);
    const auto sent = series.series(Measure::SentRate);
    QCOMPARE(sent.size(), std::size_t(5));
    QCOMPARE(sent.back().value, 20.0);
    QCOMPARE(sent.back().tS, 0.425);
}

void MetricsViewTest::scopeKeepsOneNode() {
    MetricsSeries c2("c2");
    c2.feed(handBuiltStream());
    c2.advanceTo(300 * kMs);
    QCOMPARE(values(c2.series(Measure::Throughput)), (std::vector<double>{0, 10, 0}));
    QCOMPARE(values(c2.series(Measure::FailRate)), (std::vector<double>{0, 0, 0}));
    QVERIFY(c2.roleMetrics().empty());

    MetricsSeries s2("s2");   // receives: delivered and dropped count, sent does not
    s2.feed(handBuiltStream());
    s2.advanceTo(300 * kMs);
    QCOMPARE(values(s2.series(Measure::SentRate)), (std::vector<double>{0, 0, 0}));
    QCOMPARE(values(s2.series(Measure::DeliveredRate)), (std::vector<double>{0, 20, 0}));
    QCOMPARE(values(s2.series(Measure::DroppedRate)), (std::vector<double>{0, 10, 0}));

    s2.reset("s1");
    s2.feed(handBuiltStream());
    s2.advanceTo(300 * kMs);
    QCOMPARE(values(s2.series(Measure::SentRate)), (std::vector<double>{0, 30, 0}));
    QCOMPARE(values(s2.series(Measure::DeliveredRate)), (std::vector<double>{0, 0, 0}));
    QCOMPARE(s2.roleMetrics().size(), std::size_t(3));
}

void MetricsViewTest::countersRestartWithTheirNode() {
    // Killed after 5 calls, restarted, 7 calls since: 7 more, not 2.
    MetricsSeries series;
    series.feed(std::vector<Event>{
        makeEvent(0, EventKind::NodeStarted, "s1", 0, {}, R"({"restart":false})"),
        makeEvent(50, EventKind::Metric, "s1", 0, {}, R"({"counters":{"calls":5}})"),
        makeEvent(60, EventKind::NodeStarted, "s2", 0, {}, R"({"restart":false})"),
        makeEvent(120, EventKind::NodeStarted, "s1", 0, {}, R"({"restart":true})"),
        makeEvent(150, EventKind::Metric, "s1", 0, {}, R"({"counters":{"calls":7}})"),
        makeEvent(250, EventKind::Metric, "s1", 0, {}, R"({"counters":{"calls":8}})"),
    });
    series.advanceTo(300 * kMs);
    QCOMPARE(values(series.roleMetric({RoleMetricKind::Counter, "calls"}, "s1")), (std::vector<double>{50, 70, 10}));
}

void MetricsViewTest::incrementalEqualsBatch() {
    const std::vector<Event> stream = simulatedRun("scenarios/resilience/circuit-breaker.yaml");
    QVERIFY(stream.size() > 1000);
    MetricsSeries batch;
    batch.feed(stream);
    MetricsSeries incremental;
    for (std::size_t i = 0; i < stream.size();) {
        const std::size_t n = std::min<std::size_t>(1 + (i * 7919) % 97, stream.size() - i);
        incremental.feed(std::span(stream).subspan(i, n));
        i += n;
    }
    QVERIFY(sameSeries(batch, incremental));
    QVERIFY(!batch.series(Measure::Throughput).empty());
    QVERIFY(!batch.series(Measure::LatencyP99).empty());
    QVERIFY(!batch.roleMetrics().empty());

    MetricsSeries hand;
    for (const Event& e : handBuiltStream())
        hand.feed(std::span(&e, 1));
    hand.advanceTo(400 * kMs);
    MetricsSeries handBatch;
    handBatch.feed(handBuiltStream());
    handBatch.advanceTo(400 * kMs);
    QVERIFY(sameSeries(hand, handBatch));
}

void MetricsViewTest::longRunWidensBuckets() {
    // A 10-minute run, one ok op and one message a second, fed a second at a time.
    std::vector<Event> stream;
    for (std::int64_t s = 0; s < 600; ++s) {
        stream.push_back(makeEvent(s * 1000 + 1, EventKind::OpInvoked, "c1", std::uint64_t(s), "call"));
        stream.push_back(makeEvent(s * 1000 + 5, EventKind::OpCompleted, "c1", std::uint64_t(s), "ok"));
        stream.push_back(makeEvent(s * 1000 + 7, EventKind::MessageSent, "c1", std::uint64_t(s), "req", {}, "s1"));
    }
    MetricsSeries incremental;
    for (std::size_t i = 0; i < stream.size(); i += 3)
        incremental.feed(std::span(stream).subspan(i, 3));
    incremental.advanceTo(600'000 * kMs);
    MetricsSeries batch;
    batch.feed(stream);
    batch.advanceTo(600'000 * kMs);
    QVERIFY(sameSeries(incremental, batch));
    QVERIFY(batch.bucketCount() <= MetricsSeries::kMaxBuckets);
    QCOMPARE(batch.bucketNs(), 800 * kMs);   // 100 ms doubled three times

    double ops = 0;
    for (const MetricPoint& p : batch.series(Measure::Throughput))
        ops += p.value * 0.8;
    QCOMPARE(std::round(ops), 600.0);   // nothing lost in the merges
    const auto p50 = batch.series(Measure::LatencyP50);
    QVERIFY(std::all_of(p50.begin(), p50.end(), [](const MetricPoint& p) { return p.value == 4.0; }));
}

void MetricsViewTest::seekBackTruncatesAndLiveResumes() {
    views::RunTimeline timeline;
    MetricsView view(timeline);
    timeline.append(handBuiltStream());
    view.showChart(MetricsView::Chart::Messages);
    view.updateNow();
    QCOMPARE(view.seriesNames(), (QStringList{"sent", "delivered", "dropped"}));
    QVERIFY(!view.cursorLineShown());

    timeline.seek(100 * kMs);
    view.updateNow();
    QCOMPARE(view.metricsSeries().endNs(), 100 * kMs);
    QCOMPARE(view.seriesPointCounts(), (QList<int>{1, 1, 1}));   // only the first bucket
    QVERIFY(view.cursorLineShown());
    MetricsSeries prefix;
    prefix.feed(std::span(timeline.events()).first(timeline.countUntil(100 * kMs)));
    prefix.advanceTo(100 * kMs);
    QVERIFY(sameSeries(view.metricsSeries(), prefix));

    // Forward again (incrementally), then live: the whole run.
    timeline.seek(200 * kMs);
    view.updateNow();
    QCOMPARE(view.seriesPointCounts(), (QList<int>{2, 2, 2}));
    timeline.goLive();
    view.updateNow();
    QVERIFY(!view.cursorLineShown());
    QCOMPARE(view.metricsSeries().endNs(), 260 * kMs);
    MetricsSeries whole;
    whole.feed(timeline.events());
    QVERIFY(sameSeries(view.metricsSeries(), whole));

    timeline.clear();
    view.updateNow();
    QCOMPARE(view.metricsSeries().bucketCount(), std::size_t(1));
    QCOMPARE(view.seriesPointCounts(), (QList<int>{0, 0, 0}));
}

void MetricsViewTest::faultBandsAreTheTimelineFaults() {
    views::RunTimeline timeline;
    MetricsView view(timeline);
    view.resize(900, 350);
    timeline.append({
        makeEvent(0, EventKind::OpInvoked, "c1", 1, "call"),
        makeEvent(100, EventKind::FaultInjected, {}, 0, "partition", R"({"id":1})"),
        makeEvent(200, EventKind::FaultInjected, "n1", 0, "kill", R"({"id":2})"),
        makeEvent(300, EventKind::FaultHealed, {}, 0, "partition", R"({"id":1})"),
        makeEvent(400, EventKind::FaultInjected, "n1", 0, "restart", R"({"id":3})"),
        makeEvent(500, EventKind::OpCompleted, "c1", 1, "ok"),
    });
    view.updateNow();
    QCOMPARE(timeline.faults().size(), std::size_t(3));
    QCOMPARE(view.faultBandLabels(), (QStringList{"partition", "kill n1", "restart n1"}));
    timeline.seek(150 * kMs);   // the kill and the restart have not happened yet
    view.updateNow();
    QCOMPARE(view.faultBandLabels(), (QStringList{"partition"}));
    timeline.clear();
    view.updateNow();
    QVERIFY(view.faultBandLabels().isEmpty());
}

void MetricsViewTest::framesAreCoalesced() {
    views::RunTimeline timeline;
    MetricsView view(timeline);
    view.updateNow();
    QCOMPARE(view.seriesPointCounts(), (QList<int>{0}));
    const std::vector<Event> stream = handBuiltStream();
    for (const Event& e : stream)
        timeline.append({e});
    // Fed at once, drawn at the next frame.
    QCOMPARE(view.metricsSeries().endNs(), 260 * kMs);
    QCOMPARE(view.seriesPointCounts(), (QList<int>{0}));
    QTRY_COMPARE(view.seriesPointCounts(), (QList<int>{3}));
}

void MetricsViewTest::scopeFollowsSelection() {
    views::RunTimeline timeline;
    MetricsView view(timeline);
    timeline.append(handBuiltStream());
    view.followSelection();
    QCOMPARE(view.scopeNode(), QString());
    timeline.selectNode(QStringLiteral("c2"));
    QCOMPARE(view.scopeNode(), QStringLiteral("c2"));
    QCOMPARE(view.metricsSeries().scope(), std::string("c2"));
    view.updateNow();
    QCOMPARE(view.seriesPointCounts(), (QList<int>{3}));
    QCOMPARE(view.metricsSeries().series(Measure::Throughput).front().value, 0.0);

    view.setScopeNode(QStringLiteral("s1"));
    timeline.selectNode(QStringLiteral("c1"));   // a chosen node does not follow the selection
    QCOMPARE(view.scopeNode(), QStringLiteral("s1"));
    view.showChart(MetricsView::Chart::RoleMetrics);
    view.updateNow();
    QCOMPARE(view.roleMetricNames().size(), 3);
    view.showRoleMetric(1);
    QCOMPARE(view.currentRoleMetricName(), QStringLiteral("calls per second"));
    QCOMPARE(view.seriesNames(), (QStringList{"s1"}));
    QCOMPARE(view.seriesPointCounts(), (QList<int>{3}));
    view.setScopeNode(QStringLiteral("c2"));   // a client reports no role metric
    view.updateNow();
    QVERIFY(view.roleMetricNames().isEmpty());
    QVERIFY(view.seriesNames().isEmpty());
    view.setScopeNode(QString());
    QCOMPARE(view.metricsSeries().scope(), std::string());
    view.updateNow();
    QCOMPARE(view.roleMetricNames().size(), 3);
    QCOMPARE(view.seriesPointCounts(), (QList<int>{3}));
    QCOMPARE(view.currentRoleMetricName(), QStringLiteral("calls per second"));   // chosen before
}

// A role counter that jumps from a few to thousands between two frames (a ring-client loading
// 2000 keys in 0.2 s) once froze the window for minutes: the chart laid out the new range with
// the old, tiny tick step first. Fed frame by frame, as a live run feeds it, it keeps up.
void MetricsViewTest::aCounterJumpingAThousandfoldKeepsUp() {
    const std::vector<Event> stream = simulatedRun("scenarios/partitioning/hash-ring-join.yaml");
    views::RunTimeline timeline;
    MetricsView view(timeline);
    view.resize(900, 350);
    view.show();
    view.showChart(MetricsView::Chart::RoleMetrics);
    QElapsedTimer clock;
    clock.start();
    std::size_t from = 0;
    for (qint64 frame = 20 * kMs; from < stream.size(); frame += 20 * kMs) {
        std::size_t to = from;
        while (to < stream.size() && stream[to].t_ns <= frame)
            ++to;
        if (to == from)
            continue;
        timeline.append(std::vector<Event>(stream.begin() + qsizetype(from), stream.begin() + qsizetype(to)));
        from = to;
        view.updateNow();
        QCoreApplication::sendPostedEvents();
    }
    QVERIFY2(clock.elapsed() < 30000, qPrintable(QStringLiteral("%1 ms").arg(clock.elapsed())));
    QVERIFY(!view.seriesNames().isEmpty());
}

void MetricsViewTest::rendersASimulatedRun_data() {
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("roleSeries");   // nodes reporting the first role metric
    QTest::newRow("circuit-breaker") << QStringLiteral("scenarios/resilience/circuit-breaker.yaml") << 1;
    QTest::newRow("leader-failover") << QStringLiteral("scenarios/consensus/leader-failover.yaml") << 3;
    QTest::newRow("random-nemesis-5") << QStringLiteral("scenarios/consensus/random-nemesis-5.yaml") << 5;
}

void MetricsViewTest::rendersASimulatedRun() {
    QFETCH(QString, scenario);
    QFETCH(int, roleSeries);
    const std::vector<Event> stream = simulatedRun(scenario.toUtf8().constData());
    const QString name = QFileInfo(scenario).baseName();
    views::RunTimeline timeline;
    MetricsView view(timeline);
    timeline.append(stream);
    QVERIFY(!timeline.faults().empty());

    const struct {
        MetricsView::Chart chart;
        int series;
        const char* file;
    } charts[] = {{MetricsView::Chart::Throughput, 1, "throughput"},
                  {MetricsView::Chart::Latency, 2, "latency"},
                  {MetricsView::Chart::Errors, 2, "errors"},
                  {MetricsView::Chart::Messages, 3, "messages"},
                  {MetricsView::Chart::RoleMetrics, roleSeries, "role"}};
    for (const QSize size : {QSize(900, 350), QSize(600, 300)}) {
        view.resize(size);
        view.show();
        for (const auto& c : charts) {
            view.showChart(c.chart);
            view.updateNow();
            QVERIFY2(view.seriesNames().size() == c.series, qPrintable(view.seriesNames().join(u',') + QLatin1String(" / ") + view.roleMetricNames().join(u',')));
            const QList<int> points = view.seriesPointCounts();
            QVERIFY(std::any_of(points.begin(), points.end(), [](int n) { return n > 10; }));
            QCOMPARE(view.faultBandLabels().size(), qsizetype(timeline.faults().size()));
            QCoreApplication::sendPostedEvents();   // the chart lays itself out in a posted event
            const QImage image = view.grab().toImage();
            QCOMPARE(image.size(), size);
            QVERIFY2(distinctColours(image) > 40, "the chart looks blank");
            keepScreenshot(image, QStringLiteral("%1-%2-%3x%4").arg(name, c.file).arg(size.width()).arg(size.height()));
        }
    }

    // Scrubbed back to the middle, dark.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    view.setPalette(dark);
    view.resize(900, 350);
    view.showChart(MetricsView::Chart::Messages);
    timeline.seek(timeline.endNs() / 2);
    view.updateNow();
    QVERIFY(view.cursorLineShown());
    QCoreApplication::sendPostedEvents();
    const QImage image = view.grab().toImage();
    QVERIFY2(darkShare(image) > 0.6, "the chart is not dark");
    QVERIFY2(distinctColours(image) > 40, "the dark chart looks blank");
    keepScreenshot(image, name + QStringLiteral("-dark-scrubbed"));
}

QTEST_MAIN(MetricsViewTest)
#include "metrics_view_test.moc"
