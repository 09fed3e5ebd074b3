// Paint times of the message diagram over 100,000 messages (docs/performance.md): zoomed out
// (aggregated), zoomed in, panning, zooming, and live appends. Runs on the offscreen platform.
#include <QApplication>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <ctime>
#include <string>
#include <vector>

#include "views/common/run_timeline.h"
#include "views/spacetime/spacetime_canvas.h"
#include "views/spacetime/spacetime_widget.h"

using namespace distlab;
using netlab::Event;
using netlab::EventKind;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::int64_t kMs = 1'000'000;
constexpr int kNodes = 25;
constexpr std::size_t kMessages = 100'000;
constexpr std::int64_t kRunNs = 5'000 * kMs;   // 20,000 messages a second

Event messageEvent(EventKind kind, std::int64_t t, const std::string& from, const std::string& to, std::uint64_t id,
                   const std::string& type) {
    Event e;
    e.t_ns = t;
    e.kind = kind;
    e.node = from;
    e.peer = to;
    e.msg_id = id;
    e.type = type;
    return e;
}

// 25 nodes, each message delivered 0.5 to 5 ms after it is sent, 2 % dropped, in time order.
std::vector<Event> stream() {
    std::mt19937_64 rng(42);
    const std::array<std::string, 4> types = {"AppendEntries", "AppendEntriesReply", "RequestVote", "Heartbeat"};
    std::vector<Event> events;
    events.reserve(kMessages * 2);
    for (std::size_t i = 0; i < kMessages; ++i) {
        const std::int64_t t = std::int64_t(i) * kRunNs / std::int64_t(kMessages);
        const int from = int(rng() % kNodes);
        const int to = (from + 1 + int(rng() % (kNodes - 1))) % kNodes;
        const std::string a = "n" + std::to_string(from + 1);
        const std::string b = "n" + std::to_string(to + 1);
        Event sent = messageEvent(EventKind::MessageSent, t, a, b, i + 1, types[rng() % types.size()]);
        sent.aux = "{\"" + a + "\":" + std::to_string(i + 1) + ",\"" + b + "\":" + std::to_string(i) + "}";
        sent.data = R"({"term":7,"entries":[]})";
        const std::int64_t flight = 500'000 + std::int64_t(rng() % 4'500'000);
        Event fate = messageEvent(rng() % 50 == 0 ? EventKind::MessageDropped : EventKind::MessageDelivered,
                                  t + flight, a, b, i + 1, sent.type);
        events.push_back(std::move(sent));
        events.push_back(std::move(fate));
    }
    std::stable_sort(events.begin(), events.end(), [](const Event& x, const Event& y) { return x.t_ns < y.t_ns; });
    return events;
}

struct Figures {
    double median = 0;
    double p95 = 0;
    double max = 0;
    double cpuMedian = 0;   // CPU time of this thread: what the frame costs without the machine's load
};

double threadCpuMs() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

Figures measure(int frames, const std::function<void(int)>& step, views::SpacetimeCanvas& canvas, QImage& image) {
    std::vector<double> ms;
    std::vector<double> cpu;
    for (int frame = 0; frame < frames; ++frame) {
        const auto start = Clock::now();
        const double cpuStart = threadCpuMs();
        step(frame);
        QPainter painter(&image);
        canvas.viewport()->render(&painter);
        painter.end();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        cpu.push_back(threadCpuMs() - cpuStart);
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu.begin(), cpu.end());
    return Figures{ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)], ms.back(), cpu[cpu.size() / 2]};
}

void print(const char* what, const Figures& f, const views::SpacetimeCanvas& canvas) {
    const auto& stats = canvas.lastPaint();
    std::printf("%-48s wall median %6.2f ms  p95 %6.2f ms  max %6.2f ms  cpu median %6.2f ms  (%s, %d arrows, %d "
                "aggregate lines, %d primitives)\n",
                what, f.median, f.p95, f.max, f.cpuMedian, stats.aggregated ? "aggregated" : "single arrows", stats.arrows,
                stats.aggregates, stats.primitives);
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const std::vector<Event> events = stream();

    views::RunTimeline timeline;
    views::SpacetimeWidget widget(timeline);
    widget.resize(1200, 500);
    widget.show();
    views::SpacetimeCanvas& canvas = *widget.canvas();

    const auto indexStart = Clock::now();
    timeline.append(events);
    QImage image(canvas.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    {
        QPainter painter(&image);
        canvas.viewport()->render(&painter);
    }
    const double indexMs = std::chrono::duration<double, std::milli>(Clock::now() - indexStart).count();
    std::printf("%zu messages, %d nodes, %zu events; canvas %dx%d\n", canvas.index().size(), kNodes, events.size(),
                canvas.viewport()->width(), canvas.viewport()->height());
    std::printf("%-44s %6.1f ms\n", "index 200,000 events + first paint", indexMs);

    canvas.fit();
    print("zoomed out (whole run, 5 s)", measure(30, [](int) {}, canvas, image), canvas);

    canvas.setVisibleRange(2'500 * kMs, 2'520 * kMs);
    print("zoomed in (20 ms, ~400 messages)", measure(30, [](int) {}, canvas, image), canvas);

    canvas.setVisibleRange(0, 100 * kMs);
    print("panning, 100 ms window, 10 % per frame", measure(120, [&](int frame) {
        canvas.setVisibleRange(frame * 10 * kMs, frame * 10 * kMs + 100 * kMs);
    }, canvas, image), canvas);

    print("panning, 1 s window (aggregated), 5 % per frame", measure(60, [&](int frame) {
        canvas.setVisibleRange(frame * 50 * kMs, frame * 50 * kMs + 1'000 * kMs);
    }, canvas, image), canvas);

    canvas.fit();
    const double middle = canvas.viewport()->width() / 2.0 + 60;
    print("zooming in around the middle, 1.2x per frame", measure(40, [&](int) { canvas.zoomAt(1.2, middle); },
                                                                   canvas, image), canvas);

    canvas.fit();
    canvas.selectMessage(qint64(kMessages / 2));
    canvas.setVisibleRange(2'490 * kMs, 2'530 * kMs);
    print("zoomed in, a message selected (happens-before)", measure(30, [](int) {}, canvas, image), canvas);
    canvas.selectMessage(-1);

    // Live: a fresh run receiving 20,000 messages a second in ~33 ms batches, a frame per batch.
    views::RunTimeline live;
    views::SpacetimeWidget liveWidget(live);
    liveWidget.resize(1200, 500);
    liveWidget.show();
    const std::size_t perBatch = events.size() / 150;
    print("live: 1,333 events appended per frame", measure(150, [&](int frame) {
        const auto first = events.begin() + std::ptrdiff_t(std::size_t(frame) * perBatch);
        live.append(views::EventBatch(first, first + std::ptrdiff_t(perBatch)));
    }, *liveWidget.canvas(), image), *liveWidget.canvas());
    return 0;
}
