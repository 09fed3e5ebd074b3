#include <QImage>
#include <QSignalSpy>
#include <QTest>

#include <map>

#include "core/model/role_registry.h"
#include "netlab/api/role_catalog.h"
#include "views/common/phase_style.h"
#include "views/common/run_timeline.h"
#include "views/shell/theme.h"
#include "views/timeline/narrative_bar.h"
#include "views/timeline/timeline_strip.h"

using namespace distlab;
using netlab::Event;
using netlab::EventKind;
using views::RunTimeline;

namespace {

Event makeEvent(std::int64_t tMs, EventKind kind, std::string type = {}, std::string data = {}) {
    Event event;
    event.t_ns = tMs * 1'000'000;
    event.kind = kind;
    event.node = kind == EventKind::Log ? "n1" : "";
    event.type = std::move(type);
    event.data = std::move(data);
    return event;
}

// Pixels that differ from the top-left background colour.
int paintedPixels(const QImage& image) {
    const QRgb background = image.pixel(image.width() / 2, image.height() - 3);
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            count += image.pixel(x, y) != background;
    return count;
}

// The run's start, carrying the descriptors of `nodes`' roles (node -> role).
Event runStarted(std::map<std::string, std::string, std::less<>> nodes) {
    core::Json data = core::Json::object();
    netlab::RoleCatalog(core::RoleRegistry::builtin(), std::move(nodes)).write(data);
    return makeEvent(0, EventKind::RunStarted, "", data.dump());
}

Event phase(std::int64_t tMs, std::string node, std::string name) {
    Event e = makeEvent(tMs, EventKind::Phase, std::move(name), R"({"from":"","reason":"test"})");
    e.node = std::move(node);
    return e;
}

void feedRun(RunTimeline& timeline) {
    timeline.append({
        makeEvent(0, EventKind::Step, "", R"({"en":"Start","zh":"开始","pause":false})"),
        makeEvent(500, EventKind::Log),
        makeEvent(1000, EventKind::FaultInjected, "partition", R"({"id":1})"),
        makeEvent(2000, EventKind::Step, "", R"({"en":"The leader is cut off","zh":"领导者被隔离","pause":true})"),
        makeEvent(3000, EventKind::FaultHealed, "partition", R"({"id":1})"),
        makeEvent(3500, EventKind::FaultInjected, "kill", R"({"id":2})"),
        makeEvent(4000, EventKind::Log),
    });
}

}  // namespace

class TimelineStripTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsFaultsStepsAndCursor();
    void clickSeeksAndDragFollows();
    void narrativeFollowsTheCursor();
    void phasesBecomeLanes();
    void lanesPastTheCapAreSummedUp();
    void faultBarsStandOutInTheDarkTheme();
    void pausesAndHandFaultsAreMarked();
};

void TimelineStripTest::drawsFaultsStepsAndCursor() {
    RunTimeline timeline;
    views::TimelineStrip strip(timeline);
    strip.resize(800, strip.sizeHint().height());
    strip.setPlannedDuration(10'000'000'000);
    const int emptyPixels = paintedPixels(strip.grab().toImage());
    feedRun(timeline);
    const QImage image = strip.grab().toImage();
    QCOMPARE(strip.faultBarsDrawn(), 2);
    QCOMPARE(strip.stepFlagsDrawn(), 2);
    QVERIFY(paintedPixels(image) > emptyPixels + 200);
    // The open kill bar reaches the newest event at 4 s: 40% of a 10 s axis.
    image.save(QStringLiteral("timeline_strip.png"));
}

void TimelineStripTest::clickSeeksAndDragFollows() {
    RunTimeline timeline;
    views::TimelineStrip strip(timeline);
    strip.resize(1016, strip.sizeHint().height());   // 1000 px of plot between 8 px margins
    strip.setPlannedDuration(10'000'000'000);
    feedRun(timeline);
    QSignalSpy moved(&timeline, &RunTimeline::cursorMoved);
    QTest::mouseClick(&strip, Qt::LeftButton, {}, QPoint(8 + 250, 30));
    QCOMPARE(moved.count(), 1);
    QVERIFY(!timeline.isLive());
    // 25% of the axis is 2.5 s, but the run has only reached 4 s; the cursor is at 2.5 s.
    QVERIFY(qAbs(timeline.cursorNs() - 2'500'000'000) < 20'000'000);
    QTest::mouseClick(&strip, Qt::LeftButton, {}, QPoint(8 + 900, 30));
    QCOMPARE(timeline.cursorNs(), timeline.endNs());
}

void TimelineStripTest::narrativeFollowsTheCursor() {
    RunTimeline timeline;
    views::NarrativeBar bar(timeline);
    bar.setStepCount(2);
    QVERIFY(bar.isHidden());
    feedRun(timeline);
    QVERIFY(!bar.isHidden());
    QCOMPARE(bar.caption(), QStringLiteral("The leader is cut off"));
    bar.setChinese(true);
    QCOMPARE(bar.caption(), QStringLiteral("领导者被隔离"));
    timeline.seek(1'500'000'000);
    QCOMPARE(bar.caption(), QStringLiteral("开始"));
    timeline.clear();
    QVERIFY(bar.isHidden());
}

void TimelineStripTest::phasesBecomeLanes() {
    RunTimeline timeline;
    views::TimelineStrip strip(timeline);
    strip.resize(800, 200);
    // Lanes come from the descriptors: a breaker client's four phases, a server's two; the
    // consumer below has none, and a snapshot's "state" makes no band.
    Event snapshot = makeEvent(500, EventKind::State, "", R"({"state":"open","failure_rate":50})");
    snapshot.node = "c2";
    timeline.append({runStarted({{"c1", "breaker-client"}, {"s1", "server"}, {"c2", "consumer"}}), phase(0, "c1", "closed"),
                     phase(0, "s1", "up"), snapshot, phase(1000, "c1", "open"), phase(2000, "s1", "down"),
                     phase(3000, "c1", "half-open"), phase(3200, "c1", "closed")});
    // Axis, steps, the fault rows in use (at least two), the lanes, the margins.
    QCOMPARE(strip.sizeHint().height(), 18 + 14 + 2 * 12 + 2 * 14 + 16);
    strip.grab();
    QCOMPARE(strip.phaseLanesDrawn(), (QStringList{"c1", "s1"}));
    QCOMPARE(strip.phaseBandsDrawn(), 6);   // closed, open, half-open, closed; up, down
    QVERIFY2(strip.phaseLabelsDrawn().contains(QStringLiteral("open")), qPrintable(strip.phaseLabelsDrawn().join(',')));
    QVERIFY(strip.phaseLabelsDrawn().contains(QStringLiteral("down")));
    // The open band is painted in the failing tone: a pixel in its middle, in the first lane.
    const QImage image = strip.grab().toImage();
    const double x = 8 + 784 * 2.0 / 3.2;
    const int laneY = 8 + 18 + 14 + 1 + 5;
    QCOMPARE(image.pixelColor(int(x), laneY), views::toneColour(core::Tone::Failing));
    strip.setChinese(true);
    strip.grab();
    QVERIFY(strip.phaseLabelsDrawn().contains(QStringLiteral("断开")));
    timeline.clear();
    strip.grab();
    QCOMPARE(strip.phaseBandsDrawn(), 0);
    QVERIFY(strip.phaseLanesDrawn().isEmpty());
    // A third kind of fault makes room for a third row, and no more than the rows in use.
    timeline.append({makeEvent(100, EventKind::FaultInjected, "kill", R"({"id":1})"),
                     makeEvent(200, EventKind::FaultInjected, "pause", R"({"id":2})"),
                     makeEvent(300, EventKind::FaultInjected, "partition", R"({"id":3})")});
    QCOMPARE(strip.sizeHint().height(), 18 + 14 + 3 * 12 + 16);
}

void TimelineStripTest::lanesPastTheCapAreSummedUp() {
    RunTimeline timeline;
    views::TimelineStrip strip(timeline);
    strip.resize(800, 260);
    std::map<std::string, std::string, std::less<>> nodes;
    for (int i = 1; i <= 8; ++i)
        nodes["n" + std::to_string(i)] = "raft";
    views::EventBatch batch{runStarted(nodes)};
    for (int i = 1; i <= 8; ++i)
        batch.push_back(phase(0, "n" + std::to_string(i), "follower"));
    // Among the three summed up, n7 leads from 1 s and n8 is a candidate from 2 s to 3 s: the
    // summary shows the worst tone, follower (neutral), then leader (busy), then candidate
    // (warning), then leader again.
    batch.push_back(phase(1000, "n7", "leader"));
    batch.push_back(phase(2000, "n8", "candidate"));
    batch.push_back(phase(3000, "n8", "follower"));
    batch.push_back(phase(4000, "n1", "follower"));
    timeline.append(batch);
    strip.grab();
    QCOMPARE(strip.phaseLanesDrawn().size(), views::TimelineStrip::kMaxPhaseLanes);
    QCOMPARE(strip.phaseLanesDrawn().front(), QStringLiteral("n1"));
    QCOMPARE(strip.phaseLanesDrawn().back(), QStringLiteral("3 more"));
    QCOMPARE(strip.phaseBandsDrawn(), 5 + 1 + 4);   // n1 twice, n2..n5 once; the summary's four
}

void TimelineStripTest::faultBarsStandOutInTheDarkTheme() {
    // The open kill bar (3.5 s to the newest event at 4 s) on a dark background: drawn in a light
    // grey, not the light theme's dark grey that vanished there.
    RunTimeline timeline;
    views::TimelineStrip strip(timeline);
    strip.setPalette(views::darkPalette());
    strip.resize(816, strip.sizeHint().height());   // 800 px of plot between 8 px margins
    strip.setPlannedDuration(10'000'000'000);
    feedRun(timeline);
    const QImage image = strip.grab().toImage();
    image.save(QStringLiteral("timeline_strip_dark.png"));
    int bright = 0;
    for (int x = 8 + 290; x < 8 + 312; ++x)   // 3.6 s to 3.9 s: the kill bar, no label, no cursor
        for (int y = 0; y < image.height(); ++y)
            bright += qGray(image.pixel(x, y)) >= 0x70;
    QVERIFY2(bright > 60, qPrintable(QStringLiteral("%1 bright pixels in the kill bar").arg(bright)));
}

void TimelineStripTest::pausesAndHandFaultsAreMarked() {
    RunTimeline timeline;
    views::TimelineStrip strip(timeline);
    strip.resize(816, 120);   // 800 px of plot between 8 px margins: 80 px a second; room below the faults
    strip.setPlannedDuration(10'000'000'000);
    timeline.append({
        makeEvent(0, EventKind::Step, "", R"({"en":"Start","zh":"开始","pause":false})"),
        makeEvent(1000, EventKind::FaultInjected, "partition", R"({"id":1,"by":"hand"})"),
        makeEvent(2000, EventKind::RunPaused, "", R"({"by":"hand","continues":""})"),
        makeEvent(2000, EventKind::RunResumed, "", R"({"paused_ms":4500})"),
        makeEvent(3000, EventKind::FaultHealed, "partition", R"({"id":1,"by":"hand"})"),
        makeEvent(3500, EventKind::FaultInjected, "kill", R"({"id":2})"),
        makeEvent(5000, EventKind::Step, "", R"({"en":"Look","zh":"看","pause":true})"),
        makeEvent(5000, EventKind::RunPaused, "", R"({"by":"step","continues":"timers"})"),
        makeEvent(6000, EventKind::Log),
    });
    QCOMPARE(timeline.pauses().size(), std::size_t(2));
    QCOMPARE(timeline.pauses()[0].pausedMs, qint64(4500));
    QVERIFY(!timeline.pauses()[0].atStep);
    QCOMPARE(timeline.pauses()[1].pausedMs, qint64(-1));   // not resumed yet
    QVERIFY(timeline.pauses()[1].atStep);
    QVERIFY(timeline.faults()[0].byHand);
    QVERIFY(!timeline.faults()[1].byHand);

    QImage image = strip.grab().toImage();
    image.save(QStringLiteral("timeline_strip_pauses.png"));
    QCOMPARE(strip.pauseMarksDrawn(), 2);
    QCOMPARE(strip.faultBarsDrawn(), 2);
    QCOMPARE(strip.handFaultsDrawn(), 1);
    // The hand fault's dashed outline is the report's purple; the scheduled kill has none.
    const auto purple = [&](int x0, int x1, int y0, int y1) {
        int count = 0;
        for (int x = x0; x < x1; ++x)
            for (int y = y0; y < y1; ++y) {
                const QColor c = image.pixelColor(x, y);
                count += c.blue() > c.green() + 50 && c.red() > c.green() + 20;
            }
        return count;
    };
    QVERIFY2(purple(8 + 90, 8 + 150, 40, 52) > 20, qPrintable(QString::number(purple(8 + 90, 8 + 150, 40, 52))));
    QCOMPARE(purple(8 + 285, 8 + 470, 52, 64), 0);
    // The pause's band runs down the strip, below the faults too.
    const int belowFaults = 8 + 18 + 14 + 2 * 12 + 6;
    QVERIFY(image.pixel(8 + 160, belowFaults) != image.pixel(8 + 200, belowFaults));

    // Tooltips: how long, by hand or at a step; the hand fault says so.
    const QString atHandPause = strip.tooltipAt(QPoint(8 + 160, 45));
    QVERIFY2(atHandPause.contains(QStringLiteral("Paused by hand at 2.00 s for 4.5 s")), qPrintable(atHandPause));
    QVERIFY2(atHandPause.contains(QStringLiteral("partition: 1.00 s to 3.00 s (by hand)")), qPrintable(atHandPause));
    const QString atStepPause = strip.tooltipAt(QPoint(8 + 400, 30));
    QVERIFY2(atStepPause.contains(QStringLiteral("Paused at a narrative step at 5.00 s, still paused")), qPrintable(atStepPause));
    QVERIFY2(atStepPause.contains(QStringLiteral("Look")), qPrintable(atStepPause));
    const QString atKill = strip.tooltipAt(QPoint(8 + 300, 57));
    QVERIFY2(atKill.startsWith(QStringLiteral("kill: since 3.50 s")) && !atKill.contains(QStringLiteral("by hand")),
             qPrintable(atKill));
    QVERIFY(strip.tooltipAt(QPoint(8 + 240, 70)).isEmpty());   // 3 s, below the faults: nothing

    // In the dark theme the band and the outline are drawn in its lighter shades.
    strip.setPalette(views::darkPalette());
    image = strip.grab().toImage();
    image.save(QStringLiteral("timeline_strip_pauses_dark.png"));
    QVERIFY(purple(8 + 90, 8 + 150, 40, 52) > 20);
    QVERIFY(qGray(image.pixel(8 + 160, belowFaults)) > qGray(image.pixel(8 + 200, belowFaults)));

    timeline.clear();
    strip.grab();
    QCOMPARE(strip.pauseMarksDrawn(), 0);
    QVERIFY(timeline.pauses().empty());
}

QTEST_MAIN(TimelineStripTest)
#include "timeline_strip_test.moc"
