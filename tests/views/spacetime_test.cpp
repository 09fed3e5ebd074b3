#include <QDir>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QScrollBar>
#include <QToolButton>
#include <QPalette>
#include <QPlainTextEdit>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <random>
#include <set>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "views/common/run_timeline.h"
#include "views/spacetime/message_index.h"
#include "views/spacetime/spacetime_canvas.h"
#include "views/spacetime/spacetime_widget.h"
#include "view_test_support.h"
#include "views/shell/theme.h"

using namespace distlab;
using netlab::Event;
using netlab::EventKind;
using views::MessageIndex;
using views::RunTimeline;
using views::SpacetimeCanvas;
using views::SpacetimeWidget;

namespace {

using views::test::distinctColours;
using views::test::keepScreenshot;
using views::test::loadShipped;
using views::test::simulatedRun;

constexpr std::int64_t kMs = 1'000'000;

Event message(EventKind kind, std::int64_t t, std::string from, std::string to, std::uint64_t id,
              std::string type = {}, std::string aux = {}, std::string data = {}) {
    Event e;
    e.t_ns = t;
    e.kind = kind;
    e.node = std::move(from);
    e.peer = std::move(to);
    e.msg_id = id;
    e.type = std::move(type);
    e.aux = std::move(aux);
    e.data = std::move(data);
    return e;
}

// Five messages covering every fate; copies[i] is how many copies of message i travel.
std::vector<Event> handBuiltStream() {
    return {
        message(EventKind::MessageSent, 100, "n1", "n2", 1, "Ping", R"({"n1":1})", R"({"seq":1})"),
        message(EventKind::MessageSent, 120, "n3", "n1", 1, "Vote", R"({"n3":1})"),
        message(EventKind::MessageDropped, 130, "n3", "n1", 1, "Vote", {}, R"({"reason":"partition"})"),
        message(EventKind::MessageSent, 140, "n1", "n3", 2, "Ping", R"({"n1":2})"),
        message(EventKind::MessageHeld, 140, "n1", "n3", 2, "Ping"),
        message(EventKind::MessageDelivered, 200, "n1", "n2", 1, "Ping"),
        message(EventKind::MessageSent, 250, "n2", "n3", 1, "Ack", R"({"n1":1,"n2":1})"),
        message(EventKind::MessageDuplicated, 250, "n2", "n3", 1, "Ack"),
        message(EventKind::MessageDelivered, 300, "n2", "n3", 1, "Ack"),
        message(EventKind::MessageDelivered, 350, "n2", "n3", 1, "Ack"),
        message(EventKind::MessageDelivered, 400, "n1", "n3", 2, "Ping"),
        message(EventKind::MessageSent, 450, "n3", "n1", 2, "Ping", R"({ "n1": 2, "n2": 1, "n3": 2 })"),
        message(EventKind::MessageDelivered, 460, "n9", "n1", 7, "Ping"),
    };
}

// The span of message i as seen at asOf, from first principles: it ends at its last ending once
// every copy has ended by asOf, else it reaches asOf.
std::set<std::size_t> bruteIntersecting(const MessageIndex& index, const std::vector<std::uint32_t>& copies,
                                        std::int64_t a, std::int64_t b, std::int64_t asOf) {
    std::set<std::size_t> out;
    for (std::size_t i = 0; i < index.size(); ++i) {
        const auto& m = index.message(i);
        if (m.sentNs > b || m.sentNs > asOf)
            continue;
        std::uint32_t ended = 0;
        std::int64_t last = m.sentNs;
        for (const auto& ending : index.endings(i))
            if (ending.tNs <= asOf) {
                ++ended;
                last = std::max(last, ending.tNs);
            }
        const std::int64_t end = ended >= copies[i] ? last : asOf;
        if (end >= a)
            out.insert(i);
    }
    return out;
}

std::set<std::size_t> asSet(const std::vector<std::size_t>& v) {
    return {v.begin(), v.end()};
}

// n nodes sending to each other, one message every (20 s / count), some dropped, the rest
// delivered after 1 to 5 ms; in time order.
std::vector<Event> syntheticStream(std::size_t count, int nodes) {
    std::mt19937_64 rng(7);
    std::vector<Event> events;
    events.reserve(count * 2);
    const std::int64_t spacing = 20'000 * kMs / std::int64_t(count);
    std::vector<std::pair<std::int64_t, Event>> pending;
    const std::array<std::string, 3> types = {"AppendEntries", "AppendEntriesReply", "RequestVote"};
    for (std::size_t i = 0; i < count; ++i) {
        const std::int64_t t = std::int64_t(i) * spacing;
        const int from = int(rng() % nodes);
        const int to = (from + 1 + int(rng() % (nodes - 1))) % nodes;
        const std::string a = "n" + std::to_string(from + 1);
        const std::string b = "n" + std::to_string(to + 1);
        events.push_back(message(EventKind::MessageSent, t, a, b, i + 1, types[i % 3],
                                 "{\"" + a + "\":" + std::to_string(i + 1) + "}", R"({"term":3})"));
        const bool dropped = rng() % 50 == 0;
        pending.emplace_back(t + std::int64_t(1 + rng() % 5) * kMs,
                             message(dropped ? EventKind::MessageDropped : EventKind::MessageDelivered, 0, a, b,
                                     i + 1, types[i % 3]));
    }
    for (auto& [t, e] : pending)
        e.t_ns = t;
    for (auto& [t, e] : pending)
        events.push_back(std::move(e));
    std::stable_sort(events.begin(), events.end(), [](const Event& x, const Event& y) { return x.t_ns < y.t_ns; });
    return events;
}

}  // namespace

class SpacetimeTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void indexMatchesSendsWithTheirFates();
    void indexAnswersAsOfATime();
    void rangeQueryReturnsExactlyTheIntersectingMessages();
    void happensBeforeFollowsVectorClocks();
    void rendersASimulatedLeaderFailover();
    void hundredThousandMessagesAggregateWhenZoomedOut();
    void followsTheLiveEndAndTheCursor();
    void wholeRunIsClickableZoomableAndLegendFits();
};

void SpacetimeTest::indexMatchesSendsWithTheirFates() {
    MessageIndex index;
    const auto stream = handBuiltStream();
    for (std::size_t i = 0; i < stream.size(); ++i)
        index.append(stream[i], i);
    QCOMPARE(index.size(), std::size_t(5));
    QCOMPARE(index.unmatched(), std::size_t(1));   // n9 never sent #7
    QCOMPARE(index.types(), (std::vector<std::string>{"Ping", "Vote", "Ack"}));
    QCOMPARE(index.message(0).eventIndex, std::size_t(0));
    QCOMPARE(index.message(3).eventIndex, std::size_t(6));

    QCOMPARE(index.message(0).firstEndNs, 200);
    QVERIFY(!index.message(0).firstDropped);
    QCOMPARE(index.message(1).firstEndNs, 130);
    QVERIFY(index.message(1).firstDropped);
    QCOMPARE(index.message(2).heldNs, 140);
    QCOMPARE(index.message(2).firstEndNs, 400);

    const auto duplicate = index.endings(3);
    QCOMPARE(duplicate.size(), std::size_t(2));
    QCOMPARE(duplicate[0].tNs, 300);
    QCOMPARE(duplicate[1].tNs, 350);
    QCOMPARE(index.message(3).pending, 0u);
    QCOMPARE(index.message(4).firstEndNs, -1);
    QCOMPARE(index.message(4).spanEnd(), MessageIndex::kOpen);
}

void SpacetimeTest::indexAnswersAsOfATime() {
    MessageIndex index;
    const auto stream = handBuiltStream();
    for (std::size_t i = 0; i < stream.size(); ++i)
        index.append(stream[i], i);
    using Fate = MessageIndex::Fate;
    QCOMPARE(index.fateAt(0, 150), Fate::InFlight);
    QCOMPARE(index.fateAt(0, 200), Fate::Delivered);
    QCOMPARE(index.fateAt(1, 125), Fate::InFlight);
    QCOMPARE(index.fateAt(1, 130), Fate::Dropped);
    QCOMPARE(index.fateAt(2, 140), Fate::Held);
    QCOMPARE(index.fateAt(2, 399), Fate::Held);
    QCOMPARE(index.fateAt(2, 400), Fate::Delivered);

    QCOMPARE(asSet(index.inFlightAt(150)), (std::set<std::size_t>{0, 2}));
    QCOMPARE(asSet(index.inFlightAt(260)), (std::set<std::size_t>{2, 3}));
    QCOMPARE(asSet(index.inFlightAt(500)), (std::set<std::size_t>{4}));
    QCOMPARE(index.sentUntil(99), std::size_t(0));
    QCOMPARE(index.sentUntil(140), std::size_t(3));
    // The duplicate's second copy is still on its way at 320.
    QCOMPARE(index.visibleEnd(3, 320), 320);
    QCOMPARE(index.visibleEnd(3, 1000), 350);
}

void SpacetimeTest::rangeQueryReturnsExactlyTheIntersectingMessages() {
    MessageIndex index;
    const auto stream = handBuiltStream();
    for (std::size_t i = 0; i < stream.size(); ++i)
        index.append(stream[i], i);
    QCOMPARE(asSet(index.intersecting(210, 240, 1000)), (std::set<std::size_t>{2}));
    QCOMPARE(asSet(index.intersecting(210, 240, 150)), (std::set<std::size_t>{}));
    QCOMPARE(asSet(index.intersecting(0, 1000, 1000)), (std::set<std::size_t>{0, 1, 2, 3, 4}));
    const std::vector<std::uint32_t> copies = {1, 1, 1, 2, 1};
    for (std::int64_t a = 0; a <= 500; a += 25)
        for (std::int64_t b = a; b <= 520; b += 35)
            for (const std::int64_t asOf : {110, 135, 210, 320, 360, 1000})
                QCOMPARE(asSet(index.intersecting(a, b, asOf)), bruteIntersecting(index, copies, a, b, asOf));

    // Many blocks, long and short flights, some never ending: the block skipping stays exact.
    MessageIndex big;
    std::mt19937_64 rng(11);
    std::vector<std::pair<std::int64_t, Event>> fates;
    std::vector<std::uint32_t> bigCopies;
    std::size_t position = 0;
    for (std::uint64_t id = 1; id <= 3000; ++id) {
        const std::int64_t t = std::int64_t(id) * 10;
        while (!fates.empty() && fates.front().first <= t) {
            big.append(fates.front().second, position++);
            fates.erase(fates.begin());
        }
        big.append(message(EventKind::MessageSent, t, "a", "b", id, "T", R"({"a":1})"), position++);
        bigCopies.push_back(1);
        if (rng() % 20 == 0)
            continue;   // never delivered
        const std::int64_t flight = rng() % 10 == 0 ? std::int64_t(rng() % 20000) : std::int64_t(rng() % 50);
        Event fate = message(rng() % 7 == 0 ? EventKind::MessageDropped : EventKind::MessageDelivered, t + flight, "a",
                             "b", id, "T");
        fates.emplace_back(t + flight, fate);
        std::stable_sort(fates.begin(), fates.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    }
    for (auto& [t, e] : fates)
        big.append(e, position++);
    for (int trial = 0; trial < 200; ++trial) {
        const std::int64_t a = std::int64_t(rng() % 40000);
        const std::int64_t b = a + std::int64_t(rng() % 3000);
        const std::int64_t asOf = std::int64_t(rng() % 60000);
        QCOMPARE(asSet(big.intersecting(a, b, asOf)), bruteIntersecting(big, bigCopies, a, b, asOf));
    }
}

void SpacetimeTest::happensBeforeFollowsVectorClocks() {
    MessageIndex index;
    const auto stream = handBuiltStream();
    for (std::size_t i = 0; i < stream.size(); ++i)
        index.append(stream[i], i);
    using Order = MessageIndex::Order;
    QCOMPARE(index.order(0, 0), Order::Same);
    QCOMPARE(index.order(0, 3), Order::After);        // n2 sent the Ack after receiving #0
    QCOMPARE(index.order(3, 0), Order::Before);
    QCOMPARE(index.order(0, 1), Order::Concurrent);   // n3's vote knew nothing of n1
    QCOMPARE(index.order(4, 0), Order::Before);
    QCOMPARE(index.order(4, 1), Order::Before);
    QCOMPARE(index.order(2, 3), Order::Concurrent);
    QCOMPARE(index.clock(4), (std::vector<std::pair<std::string, std::uint64_t>>{{"n1", 2}, {"n2", 1}, {"n3", 2}}));

    MessageIndex broken;
    broken.append(message(EventKind::MessageSent, 1, "a", "b", 1, "T", R"({"a":)"), 0);
    broken.append(message(EventKind::MessageSent, 2, "a", "b", 2, "T", R"({"a":2})"), 1);
    QVERIFY(!broken.message(0).hasClock);
    QCOMPARE(broken.order(1, 0), Order::Unknown);
}

void SpacetimeTest::rendersASimulatedLeaderFailover() {
    netlab::RunRequest request;
    request.scenario = loadShipped("scenarios/consensus/leader-failover.yaml");
    request.simulate = true;
    const std::size_t nodeCount = request.scenario.nodes.size();
    auto outcome = netlab::run_scenario(request);
    QVERIFY2(outcome.has_value(), "the simulated run failed");

    RunTimeline timeline;
    views::EventBatch batch;
    for (const Event& e : outcome->events) {
        batch.push_back(e);
        if (batch.size() == 500) {
            timeline.append(batch);
            batch.clear();
        }
    }
    timeline.append(batch);

    SpacetimeWidget widget(timeline);
    widget.resize(900, 400);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    SpacetimeCanvas* canvas = widget.canvas();
    QImage image = widget.grab().toImage();
    keepScreenshot(image, QStringLiteral("spacetime-900x400.png"));
    QVERIFY2(distinctColours(image) > 12, "the diagram looks blank");
    const SpacetimeCanvas::PaintStats full = canvas->lastPaint();
    QCOMPARE(full.lanes, int(nodeCount));
    QCOMPARE(canvas->lanes().size(), qsizetype(nodeCount));
    QVERIFY(full.arrows > 0 || full.aggregates > 0);
    QVERIFY(widget.typeList()->count() >= 2);   // Raft's requests and replies at least

    // Zoomed into the first second: single arrows, one per message sent in it.
    canvas->setVisibleRange(0, 1000 * kMs);
    image = widget.grab().toImage();
    keepScreenshot(image, QStringLiteral("spacetime-zoomed.png"));
    QVERIFY(!canvas->lastPaint().aggregated);
    QVERIFY(canvas->lastPaint().arrows > 0);

    // A message's body and clock in the detail pane, and its causal past and future.
    const MessageIndex& index = canvas->index();
    const std::size_t middle = index.sentUntil(500 * kMs) - 1;
    canvas->selectMessage(qint64(middle));
    image = widget.grab().toImage();
    keepScreenshot(image, QStringLiteral("spacetime-selected.png"));
    QVERIFY(widget.detail()->toPlainText().contains(QStringLiteral("Vector clock")));
    QVERIFY(widget.detail()->toPlainText().contains(QStringLiteral("Body:")));
    const std::size_t late = index.size() - 1;
    canvas->selectMessage(qint64(late));
    std::size_t before = 0;
    for (std::size_t i = 0; i < index.size(); ++i)
        before += canvas->relationToSelected(i) == MessageIndex::Order::Before;
    QVERIFY(before > 0);
    canvas->selectMessage(-1);
    QVERIFY(widget.detail()->toPlainText().isEmpty());

    // A click on a lane label selects that node everywhere.
    QSignalSpy selected(&timeline, &RunTimeline::nodeSelected);
    const QRectF label = canvas->laneLabelRect(1);
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, {}, label.center().toPoint());
    QCOMPARE(selected.count(), 1);
    QCOMPARE(timeline.selectedNode(), canvas->lanes()[1]);

    // Selected node only: fewer messages than all of them.
    canvas->fit();
    widget.grab();
    const int allMessages = canvas->lastPaint().messages;
    canvas->setSelectedNodeOnly(true);
    widget.grab();
    QVERIFY(canvas->lastPaint().messages > 0);
    QVERIFY(canvas->lastPaint().messages < allMessages);
    canvas->setSelectedNodeOnly(false);

    // Hiding every type leaves the lanes and no messages.
    for (int row = 0; row < widget.typeList()->count(); ++row)
        widget.typeList()->item(row)->setCheckState(Qt::Unchecked);
    widget.grab();
    QCOMPARE(canvas->lastPaint().messages, 0);
    QCOMPARE(canvas->lastPaint().arrows + canvas->lastPaint().aggregates, 0);
    QCOMPARE(canvas->lastPaint().lanes, int(nodeCount));
    for (int row = 0; row < widget.typeList()->count(); ++row)
        widget.typeList()->item(row)->setCheckState(Qt::Checked);

    // Scrubbed back to 1.5 s: only what was sent by then, the cursor's travellers drawn to it.
    timeline.seek(1500 * kMs);
    canvas->setVisibleRange(1000 * kMs, 2000 * kMs);
    image = widget.grab().toImage();
    keepScreenshot(image, QStringLiteral("spacetime-scrubbed.png"));
    const auto inFlight = index.inFlightAt(1500 * kMs);
    QCOMPARE(std::size_t(canvas->lastPaint().inFlight + canvas->lastPaint().held), inFlight.size());

    // Small dock, dark palette: still drawn and readable.
    timeline.goLive();
    widget.resize(600, 300);
    canvas->fit();
    image = widget.grab().toImage();
    keepScreenshot(image, QStringLiteral("spacetime-600x300.png"));
    QVERIFY(distinctColours(image) > 12);
    widget.setPalette(views::darkPalette());
    image = widget.grab().toImage();
    keepScreenshot(image, QStringLiteral("spacetime-600x300-dark.png"));
    QVERIFY(distinctColours(image) > 12);
    QCOMPARE(canvas->lastPaint().lanes, int(nodeCount));
}

void SpacetimeTest::hundredThousandMessagesAggregateWhenZoomedOut() {
    RunTimeline timeline;
    timeline.append(syntheticStream(100'000, 10));
    SpacetimeWidget widget(timeline);
    widget.resize(900, 400);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    SpacetimeCanvas* canvas = widget.canvas();
    QCOMPARE(canvas->index().size(), std::size_t(100'000));
    QCOMPARE(canvas->index().unmatched(), std::size_t(0));

    const QImage image = widget.grab().toImage();
    keepScreenshot(image, QStringLiteral("spacetime-100k.png"));
    const SpacetimeCanvas::PaintStats zoomedOut = canvas->lastPaint();
    QVERIFY(zoomedOut.aggregated);
    QVERIFY(zoomedOut.aggregates > 0);
    QVERIFY(zoomedOut.drops > 0);
    QVERIFY2(zoomedOut.primitives < 20'000, qPrintable(QString::number(zoomedOut.primitives)));
    QCOMPARE(zoomedOut.lanes, 10);

    // 100 ms in the middle: about 500 messages, each drawn.
    canvas->setVisibleRange(10'000 * kMs, 10'100 * kMs);
    widget.grab();
    QVERIFY(!canvas->lastPaint().aggregated);
    QVERIFY(canvas->lastPaint().arrows >= 450 && canvas->lastPaint().arrows <= 560);
}

void SpacetimeTest::followsTheLiveEndAndTheCursor() {
    const std::vector<Event> all = syntheticStream(2'000, 4);   // 20 s of run time
    const auto until = [&](std::int64_t tNs) {
        return std::size_t(std::upper_bound(all.begin(), all.end(), tNs,
                                            [](std::int64_t t, const Event& e) { return t < e.t_ns; }) -
                           all.begin());
    };
    RunTimeline timeline;
    timeline.append(views::EventBatch(all.begin(), all.begin() + std::ptrdiff_t(until(5'000 * kMs))));
    SpacetimeWidget widget(timeline);
    widget.resize(900, 400);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    SpacetimeCanvas* canvas = widget.canvas();

    // Zoomed to the newest second: new events scroll the view along (at the next frame).
    canvas->setVisibleRange(timeline.endNs() - 1'000 * kMs, timeline.endNs());
    const std::int64_t span = canvas->visibleEndNs() - canvas->visibleStartNs();
    timeline.append(views::EventBatch(all.begin() + std::ptrdiff_t(until(5'000 * kMs)),
                                      all.begin() + std::ptrdiff_t(until(10'000 * kMs))));
    QTRY_VERIFY(canvas->visibleEndNs() >= timeline.endNs());
    QVERIFY(canvas->visibleStartNs() > 8'000 * kMs);
    QVERIFY(std::abs(canvas->visibleEndNs() - canvas->visibleStartNs() - span) < span / 100);

    // Zooming keeps the time under the mouse where it was.
    const double plotLeft = canvas->laneLabelRect(0).width();
    const double plotWidth = canvas->viewport()->width() - plotLeft;
    const auto timeAt = [&](double x) {
        return canvas->visibleStartNs() +
               std::int64_t((x - plotLeft) * double(canvas->visibleEndNs() - canvas->visibleStartNs()) / plotWidth);
    };
    const double x = plotLeft + plotWidth / 2;
    const std::int64_t before = timeAt(x);
    canvas->zoomAt(2.0, x);
    QVERIFY(std::abs(timeAt(x) - before) < 2 * kMs);
    QVERIFY(canvas->visibleEndNs() - canvas->visibleStartNs() < span * 6 / 10);

    // Scrubbed back out of view: the view moves to the cursor, and draws only what was sent by then.
    timeline.seek(2'000 * kMs);
    QVERIFY(canvas->visibleStartNs() <= 2'000 * kMs && canvas->visibleEndNs() >= 2'000 * kMs);
    widget.grab();
    QVERIFY(canvas->lastPaint().messages > 0);
    QVERIFY(std::size_t(canvas->lastPaint().messages) <=
            canvas->index().sentUntil(2'000 * kMs) - canvas->index().sentUntil(canvas->visibleStartNs() - 100 * kMs));
}

void SpacetimeTest::wholeRunIsClickableZoomableAndLegendFits() {
    // 20,000 messages of 14 types over 20 s: at "Fit" they are aggregated into thin lines.
    std::vector<Event> events = syntheticStream(20'000, 5);
    for (Event& e : events)
        e.type = "Type" + std::to_string(e.msg_id % 14);
    RunTimeline timeline;
    timeline.append(events);
    SpacetimeWidget widget(timeline);
    widget.resize(900, 300);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    SpacetimeCanvas* canvas = widget.canvas();
    canvas->fit();
    QImage image = widget.grab().toImage();
    keepScreenshot(image, QStringLiteral("spacetime-fit-900x300.png"));
    QVERIFY(canvas->lastPaint().aggregated);

    // A click a few pixels beside an aggregate line selects one of its messages.
    const auto hits = canvas->lastHits();
    const auto aggregate = std::find_if(hits.begin(), hits.end(), [](const views::MessageHit& h) { return h.count > 1; });
    QVERIFY(aggregate != hits.end());
    const QPointF beside = aggregate->line.center() + QPointF(SpacetimeCanvas::kHitSlackPx / 2, 0);
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, {}, beside.toPoint());
    QVERIFY(canvas->selectedMessage() >= 0);
    QVERIFY(widget.detail()->toPlainText().contains(QStringLiteral("Type")));

    // The zoom is in view: buttons that zoom in and out around the middle, and a hint.
    auto* zoomIn = widget.findChild<QToolButton*>(QStringLiteral("zoomIn"));
    auto* zoomOut = widget.findChild<QToolButton*>(QStringLiteral("zoomOut"));
    auto* hint = widget.findChild<QLabel*>(QStringLiteral("zoomHint"));
    QVERIFY(zoomIn && zoomOut && hint);
    QVERIFY(hint->isVisible() && hint->text().contains(QStringLiteral("zoom")));
    const qint64 span = canvas->visibleEndNs() - canvas->visibleStartNs();
    zoomIn->click();
    const qint64 zoomed = canvas->visibleEndNs() - canvas->visibleStartNs();
    QVERIFY2(std::abs(zoomed * 2 - span) < span / 50, qPrintable(QStringLiteral("%1 of %2").arg(zoomed).arg(span)));
    zoomOut->click();
    QVERIFY(std::abs(canvas->visibleEndNs() - canvas->visibleStartNs() - span) < span / 50);

    // Every type is in the legend and in view without scrolling, in a wide and a narrow dock.
    for (const QSize size : {QSize(900, 300), QSize(600, 300)}) {
        widget.resize(size);
        image = widget.grab().toImage();
        keepScreenshot(image, QStringLiteral("spacetime-legend-%1x%2.png").arg(size.width()).arg(size.height()));
        QListWidget* legend = widget.typeList();
        QCOMPARE(legend->count(), 14);
        QCOMPARE(legend->verticalScrollBar()->maximum(), 0);
        for (int row = 0; row < legend->count(); ++row)
            QVERIFY2(legend->viewport()->rect().contains(legend->visualItemRect(legend->item(row))),
                     qPrintable(legend->item(row)->text() + QStringLiteral(" is outside the legend")));
        QVERIFY(canvas->height() > 120);
    }
}

QTEST_MAIN(SpacetimeTest)
#include "spacetime_test.moc"
