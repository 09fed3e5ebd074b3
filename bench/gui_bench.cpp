// gui_bench: frame rate and event-to-screen latency of the lab window under heavy traffic
// (issues 4 and 5: 25 nodes exchanging 20,000 messages/s with every view open, and 100 nodes;
// targets: at least 30 fps, under 100 ms from event to screen, no event lost).
//
// A producer thread posts a synthetic run into the window's TraceBridge at a fixed rate, as the
// engine would: nodes starting, messages sent and delivered along a full mesh, Raft-like state
// snapshots and log lines. Event times are the producer's steady clock, so the window's timeline
// can tell how old an event is when it reaches the screen.
//
// Usage: gui_bench [--nodes N] [--rate MSGS_PER_S] [--seconds S] [--ring] [--screenshot FILE.png]
// (offscreen by default; the screenshot is the window as the load ends, to look at the canvas)
// Prints frames per second of the canvas, the p50 / p99 / max event-to-screen latency, the
// longest GUI-thread stall, and events posted vs received.
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QGraphicsView>
#include <QMimeData>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "netlab/api/event.h"
#include "views/common/lab_session.h"
#include "views/common/run_timeline.h"
#include "views/common/trace_bridge.h"
#include "views/shell/main_window.h"
#include "views/topology/topology_scene.h"
#include "views/topology/topology_view.h"
#include "bench/bench_support.h"

namespace {

using Clock = std::chrono::steady_clock;
using distlab::netlab::Event;
using distlab::netlab::EventKind;

struct Options {
    int nodes = 25;
    int rate = 20000;       // messages per second (each one a send and a delivery event)
    int seconds = 10;
    bool ring = false;      // links: a ring instead of the full mesh
    std::string screenshot; // where to save the window as the load ends; empty: nowhere
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]) == "--ring")
            o.ring = true;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--ring") {
            --i;
            continue;
        }
        if (flag == "--screenshot") {
            o.screenshot = argv[i + 1];
            continue;
        }
        const int value = std::max(1, std::atoi(argv[i + 1]));
        if (flag == "--nodes")
            o.nodes = value;
        else if (flag == "--rate")
            o.rate = value;
        else if (flag == "--seconds")
            o.seconds = value;
    }
    return o;
}

std::string nodeId(int i) {
    return "n" + std::to_string(i + 1);
}

// A scenario with `nodes` raft servers on a full mesh (or a ring), so the canvas draws them all.
QString writeScenario(const QTemporaryDir& dir, int nodes, bool ring) {
    std::string yaml = "version: 1\nname: gui-bench\nfamily: consensus\n"
                       "title: {en: GUI bench, zh: 界面基准}\nsummary: {en: Synthetic load., zh: 合成负载。}\n"
                       "duration: 60s\nnodes:\n";
    for (int i = 0; i < nodes; ++i)
        yaml += "  - {id: " + nodeId(i) + ", role: raft}\n";
    if (ring) {
        yaml += "links:\n";
        for (int i = 0; i < nodes; ++i)
            yaml += "  - {from: " + nodeId(i) + ", to: " + nodeId((i + 1) % nodes) + "}\n";
    } else {
        yaml += "links: full\n";
    }
    const QString path = dir.filePath(QStringLiteral("bench.yaml"));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(yaml.data(), qint64(yaml.size()));
    return path;
}

using distlab::bench::percentile;

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const Options options = parse(argc, argv);
    QTemporaryDir dir;
    distlab::views::MainWindow window;
    window.resize(1366, 768);
    if (!window.openScenario(writeScenario(dir, options.nodes, options.ring))) {
        std::fprintf(stderr, "gui_bench: cannot open the generated scenario\n");
        return 1;
    }
    window.show();
    // Every view open: the docks that share the bottom area are shown side by side, not tabbed.
    for (QDockWidget* dock : window.findChildren<QDockWidget*>()) {
        dock->setFloating(false);
        dock->show();
    }
    QGraphicsView* canvas = window.findChild<distlab::views::TopologyView*>();
    // The canvas as during a run (the editor locked, faults by hand on), which the posted events
    // stand for: no run is started, so the window does not lock it by itself.
    if (auto* scene = qobject_cast<distlab::views::TopologyScene*>(canvas->scene())) {
        scene->setEditable(false);
        scene->setFaultMode(true);
    }
    distlab::views::RunTimeline& timeline = window.timeline();
    distlab::views::TraceBridge& bridge = window.session().bridge();

    const auto start = Clock::now();
    auto nowNs = [start] { return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count(); };

    // Frames: every paint of the canvas viewport; latency: from the newest event's time to the end
    // of the first canvas paint after it reached the timeline.
    std::vector<double> latenciesMs;
    qint64 newestUnpainted = -1;
    int frames = 0;
    struct PaintWatch : QObject {
        std::function<void()> painted;
        bool eventFilter(QObject*, QEvent* e) override {
            if (e->type() == QEvent::Paint)
                QTimer::singleShot(0, this, [this] { painted(); });   // after the paint completes
            return false;
        }
    } watch;
    watch.painted = [&] {
        ++frames;
        if (newestUnpainted >= 0) {
            latenciesMs.push_back(double(nowNs() - newestUnpainted) / 1e6);
            newestUnpainted = -1;
        }
    };
    canvas->viewport()->installEventFilter(&watch);
    std::uint64_t received = 0;
    QObject::connect(&timeline, &distlab::views::RunTimeline::appended, [&](std::size_t first, std::size_t count) {
        received += count;
        if (newestUnpainted < 0)
            newestUnpainted = timeline.events()[first + count - 1].t_ns;
    });

    // The GUI thread's longest stall: how late a 5 ms timer fires.
    double worstStallMs = 0;
    QElapsedTimer tick;
    tick.start();
    QTimer stall;
    stall.setInterval(5);
    QObject::connect(&stall, &QTimer::timeout, [&] {
        worstStallMs = std::max(worstStallMs, double(tick.nsecsElapsed()) / 1e6 - 5.0);
        tick.restart();
    });
    stall.start();

    std::atomic<std::uint64_t> posted{0};
    std::atomic<bool> done{false};
    std::thread producer([&] {
        std::vector<Event> batch;
        auto post = [&] {
            posted += batch.size();
            bridge.post(batch);
            batch.clear();
        };
        for (int i = 0; i < options.nodes; ++i) {
            Event e;
            e.t_ns = nowNs();
            e.kind = EventKind::NodeStarted;
            e.node = nodeId(i);
            e.data = R"({"pid":1,"role":"raft","restart":false})";
            batch.push_back(e);
        }
        post();
        // 1 ms slices: rate / 1000 messages each, a state snapshot and a log line now and then.
        const int perSlice = std::max(1, options.rate / 1000);
        std::uint64_t id = 0;
        const auto end = Clock::now() + std::chrono::seconds(options.seconds);
        auto next = Clock::now();
        int slice = 0;
        while (Clock::now() < end) {
            const std::int64_t t = nowNs();
            for (int m = 0; m < perSlice; ++m) {
                const int from = int(id % std::uint64_t(options.nodes));
                const int to = options.ring ? (from + 1) % options.nodes
                                            : int((id / std::uint64_t(options.nodes) + 1 + id) % std::uint64_t(options.nodes));
                Event sent;
                sent.t_ns = t;
                sent.kind = EventKind::MessageSent;
                sent.node = nodeId(from);
                sent.peer = nodeId(to == from ? (to + 1) % options.nodes : to);
                sent.msg_id = ++id;
                sent.type = m % 4 == 0 ? "RequestVote" : "AppendEntries";
                sent.data = R"({"term":3,"entries":1})";
                Event delivered = sent;
                delivered.kind = EventKind::MessageDelivered;
                delivered.data.clear();
                batch.push_back(std::move(sent));
                batch.push_back(std::move(delivered));
            }
            if (slice % 50 == 0) {
                Event state;
                state.t_ns = t;
                state.kind = EventKind::State;
                state.node = nodeId(slice / 50 % options.nodes);
                state.data = R"({"role":"follower","term":3,"commit_index":)" + std::to_string(slice) + "}";
                batch.push_back(state);
                Event log = state;
                log.kind = EventKind::Log;
                log.type = "info";
                log.data = "follower at term 3";
                batch.push_back(log);
            }
            post();
            ++slice;
            next += std::chrono::milliseconds(1);
            std::this_thread::sleep_until(next);
        }
        done = true;
    });

    // Measure once the producer is done and the bridge has drained.
    QTimer finish;
    finish.setInterval(100);
    QObject::connect(&finish, &QTimer::timeout, [&] {
        if (done && received >= posted.load())
            app.quit();
    });
    finish.start();
    const auto t0 = Clock::now();
    QApplication::exec();
    producer.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (!options.screenshot.empty() && !window.grab().save(QString::fromStdString(options.screenshot)))
        std::fprintf(stderr, "gui_bench: cannot write %s\n", options.screenshot.c_str());

    // Seeking: the cursor to ten places across the run, each until every view has caught up
    // (the seek itself rebuilds the log and state; the views repaint at their next frame).
    std::vector<double> seeksMs;
    for (int i = 1; i <= 10; ++i) {
        const auto s0 = Clock::now();
        timeline.seek(timeline.endNs() * ((i * 7) % 10 + 1) / 11);
        QCoreApplication::processEvents();
        canvas->viewport()->repaint();
        seeksMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - s0).count());
    }
    timeline.goLive();

    std::printf("gui_bench: %d nodes (%s), %d messages/s for %d s, every dock open (offscreen)\n", options.nodes,
                options.ring ? "ring" : "full mesh", options.rate, options.seconds);
    std::printf("  canvas frames: %.1f fps\n", double(frames) / seconds);
    std::printf("  event to screen: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%zu frames)\n", percentile(latenciesMs, 0.5),
                percentile(latenciesMs, 0.99), percentile(latenciesMs, 1.0), latenciesMs.size());
    std::printf("  longest GUI-thread stall: %.1f ms\n", worstStallMs);
    std::printf("  seek over %zu events: median %.1f ms, max %.1f ms\n", timeline.events().size(), percentile(seeksMs, 0.5),
                percentile(seeksMs, 1.0));
    std::printf("  events posted %llu, received %llu%s\n", static_cast<unsigned long long>(posted.load()),
                static_cast<unsigned long long>(received), posted.load() == received ? " (none lost)" : " (LOST EVENTS)");
    return posted.load() == received ? 0 : 1;
}
