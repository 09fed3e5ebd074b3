#include <QImage>
#include <QSignalSpy>
#include <QTest>

#include "views/common/run_timeline.h"
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
    void breakerStatesBecomeBands();
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

void TimelineStripTest::breakerStatesBecomeBands() {
    RunTimeline timeline;
    views::TimelineStrip strip(timeline);
    strip.resize(800, 160);
    auto state = [](std::int64_t tMs, const char* s) {
        Event e = makeEvent(tMs, EventKind::State, "", std::string(R"({"state":")") + s + R"(","failure_rate":0.5,"window":{"calls":10}})");
        e.node = "c1";
        return e;
    };
    timeline.append({state(0, "closed"), state(500, "closed"), state(1000, "open"), state(3000, "half-open"),
                     state(3200, "closed")});
    strip.grab();
    // Repeated states are one band: closed, open, half-open, closed.
    QCOMPARE(strip.breakerBandsDrawn(), 4);
    timeline.clear();
    strip.grab();
    QCOMPARE(strip.breakerBandsDrawn(), 0);
}

QTEST_MAIN(TimelineStripTest)
#include "timeline_strip_test.moc"
