// A pattern the build does not have, defined here only: a role with three phases and a percent
// gauge, registered into a test-local registry, run in the simulator. Every view reads it from the
// run's role catalog, so the canvas and the timeline show it without any shared file knowing it.

#include <QImage>
#include <QPainter>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <span>

#include "core/model/role_registry.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"
#include "netlab/telemetry/telemetry.h"
#include "views/common/phase_style.h"
#include "views/common/run_timeline.h"
#include "views/log/event_log_model.h"
#include "views/timeline/timeline_strip.h"
#include "views/topology/topology_scene.h"

using namespace distlab;
using netlab::Event;
using netlab::EventKind;

namespace {

// Every 100 ms its load moves on through 0, 10, ..., 100 percent and back to 0 (`offset` steps
// ahead); below 30 it is idle, below 80 working, above that overloaded. Snapshot: {load, jobs}.
class KilnRole final : public core::Role {
public:
    explicit KilnRole(const core::Params& params) : step_(params.get_int("offset")) {}

    void start(core::Context& ctx) override {
        enter(ctx);
        ctx.set_timer(kTick, std::chrono::milliseconds(100));
    }
    void on_message(core::Context&, const core::Message&) override {}
    void on_timer(core::Context& ctx, core::TimerId) override {
        ++step_;
        ++jobs_;
        enter(ctx);
        ctx.set_timer(kTick, std::chrono::milliseconds(100));
    }
    core::Json snapshot() const override { return {{"load", load()}, {"jobs", jobs_}}; }

    static int loadAt(std::int64_t step) { return int(step % 11) * 10; }
    static const char* phaseFor(int load) { return load < 30 ? "idle" : load < 80 ? "working" : "overloaded"; }

private:
    int load() const { return loadAt(step_); }
    void enter(core::Context& ctx) { ctx.phase(phaseFor(load()), core::Text{"load ", "负载 "} + std::to_string(load()) + "%"); }

    static constexpr core::TimerId kTick{1};
    std::int64_t step_;
    std::int64_t jobs_ = 0;
};

// The build's roles and the kiln.
const core::RoleRegistry& toyRoles() {
    static const core::RoleRegistry registry = [] {
        core::RoleRegistry r = core::RoleRegistry::builtin();
        r.add({.name = "kiln",
               .pattern = "toy kiln",
               .family = "testing",
               .en = "Heats up and cools down",
               .zh = "升温又降温",
               .params = {{"offset", core::ParamType::Int, 0, 0, 10, {}, "steps ahead", "提前的步数"}},
               .make = [](const core::Params& p) { return std::make_unique<KilnRole>(p); },
               .phases = {{.name = "idle", .tone = core::Tone::Neutral, .en = "idle", .zh = "空闲"},
                          {.name = "working", .tone = core::Tone::Healthy, .en = "working", .zh = "工作中"},
                          {.name = "overloaded", .tone = core::Tone::Failing, .en = "overloaded", .zh = "过载"}},
               .gauges = {{.field = "load", .full_scale = 100, .unit = "%", .volume_field = "jobs",
                           .en = "load", .zh = "负载"}}});
        return r;
    }();
    return registry;
}

class Collector final : public netlab::EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

// Two kilns, k2 five steps ahead of k1, for three seconds.
std::vector<Event> runKilns() {
    const auto scenario = netlab::load_scenario_text(R"(version: 1
name: kilns
family: testing
title: {en: Kilns, zh: 窑}
summary: {en: Two kilns, zh: 两座窑}
duration: 3s
seed: 1
nodes:
  - { id: k1, role: kiln, at: [100, 100] }
  - { id: k2, role: kiln, params: { offset: 5 }, at: [300, 100] }
links: full
)",
                                                     "kilns.yaml", toyRoles(), {});
    if (!scenario)
        qFatal("cannot load the kilns: %s", scenario.error().front().str().c_str());
    netlab::SimRun run(*scenario, toyRoles());
    Collector collector;
    run.telemetry().add_sink(collector);
    run.run();
    return std::move(collector.events);
}

// The first time `node` enters `phase`, or -1.
qint64 firstEntry(const std::vector<Event>& events, const std::string& node, const std::string& phase) {
    const auto it = std::find_if(events.begin(), events.end(), [&](const Event& e) {
        return e.kind == EventKind::Phase && e.node == node && e.type == phase;
    });
    return it == events.end() ? -1 : it->t_ns;
}

}  // namespace

class ToyPatternTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void canvasShowsTheToysPhasesAndGauge();
    void timelineDrawsTheToysLanes();
    void logLabelsTheToysPhases();

private:
    std::vector<Event> m_events;
};

void ToyPatternTest::initTestCase() {
    QVERIFY(!core::RoleRegistry::builtin().find("kiln"));   // only this test knows it
    m_events = runKilns();
    QVERIFY(firstEntry(m_events, "k1", "overloaded") > 0);
}

void ToyPatternTest::canvasShowsTheToysPhasesAndGauge() {
    views::RunTimeline timeline;
    timeline.append(m_events);
    views::TopologyScene scene;
    const auto scenario = netlab::load_scenario_text(
        "version: 1\nname: kilns\nfamily: testing\ntitle: {en: K, zh: K}\nsummary: {en: K, zh: K}\nduration: 3s\n"
        "nodes:\n  - { id: k1, role: kiln }\n  - { id: k2, role: kiln }\nlinks: full\n",
        "kilns.yaml", toyRoles(), {});
    QVERIFY(scenario);
    scene.setScenario(*scenario);
    scene.setChinese(false);
    scene.setTimeline(&timeline);

    struct Expect {
        const char* phase;
        const char* label;
        const char* zh;
        core::Tone tone;
    };
    for (const Expect& expect : {Expect{"idle", "idle", "空闲", core::Tone::Neutral},
                                 Expect{"working", "working", "工作中", core::Tone::Healthy},
                                 Expect{"overloaded", "overloaded", "过载", core::Tone::Failing}}) {
        // Just after k1 entered the phase (its snapshot follows within the telemetry's throttle).
        const qint64 entered = firstEntry(m_events, "k1", expect.phase);
        QVERIFY2(entered >= 0, expect.phase);
        timeline.seek(entered + 60'000'000);
        const views::NodeStatus status = scene.statusOf(QStringLiteral("k1"));
        QCOMPARE(status.phase, QString::fromLatin1(expect.phase));
        QCOMPARE(scene.badgeOf(QStringLiteral("k1")), QString::fromLatin1(expect.label));
        QCOMPARE(status.fill(), views::toneColour(expect.tone));
        QCOMPARE(timeline.phaseAt(QStringLiteral("k1"), timeline.cursorNs()), QString::fromLatin1(expect.phase));
        // The gauge is the snapshot's load as a share of 100.
        QVERIFY2(status.hasGauge(), expect.phase);
        QVERIFY2(status.gauge >= 0 && status.gauge <= 1, expect.phase);
        QCOMPARE(QString::fromLatin1(KilnRole::phaseFor(int(std::lround(status.gauge * 100)))),
                 QString::fromLatin1(expect.phase));
        QVERIFY(status.gaugeText.startsWith(QStringLiteral("load ")));
        QVERIFY(status.hasRing());   // as wide as its jobs
        scene.setChinese(true);
        QCOMPARE(scene.badgeOf(QStringLiteral("k1")), QString::fromUtf8(expect.zh));
        scene.setChinese(false);

        // Drawn: the disc's colour below the id is the phase's tone.
        QImage image(100, 100, QImage::Format_ARGB32);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            const QPointF at = scene.nodePosition(QStringLiteral("k1"));
            scene.render(&painter, QRectF(0, 0, 100, 100), QRectF(at - QPointF(50, 50), QSizeF(100, 100)));
        }
        const QColor disc = image.pixelColor(50, 67);
        const QColor tone = views::toneColour(expect.tone);
        QVERIFY2(std::abs(disc.red() - tone.red()) + std::abs(disc.green() - tone.green()) + std::abs(disc.blue() - tone.blue()) < 24,
                 qPrintable(disc.name() + QLatin1Char(' ') + tone.name()));
    }
}

void ToyPatternTest::timelineDrawsTheToysLanes() {
    views::RunTimeline timeline;
    views::TimelineStrip strip(timeline);
    timeline.append(m_events);
    strip.resize(1400, strip.sizeHint().height());
    QCOMPARE(strip.sizeHint().height(), 18 + 14 + 2 * 12 + 2 * 14 + 16);   // no faults: two rows kept
    strip.grab();
    QCOMPARE(strip.phaseLanesDrawn(), (QStringList{"k1", "k2"}));
    // Per node, one band per phase entered (each cycle of 11 steps enters all three).
    std::size_t entries = 0;
    for (const Event& e : m_events)
        entries += e.kind == EventKind::Phase;
    QVERIFY(entries >= 6 * 2);
    QCOMPARE(std::size_t(strip.phaseBandsDrawn()), entries);
    for (const char* label : {"idle", "working", "overloaded"})
        QVERIFY2(strip.phaseLabelsDrawn().contains(QString::fromLatin1(label)), label);
    // The overloaded band is painted in the failing tone.
    const qint64 from = firstEntry(m_events, "k1", "overloaded");
    const QImage image = strip.grab().toImage();
    const double x = 8 + 1384.0 * double(from + 100'000'000) / double(timeline.endNs());
    QCOMPARE(image.pixelColor(int(x), 8 + 18 + 14 + 1 + 10), views::toneColour(core::Tone::Failing));
}

void ToyPatternTest::logLabelsTheToysPhases() {
    views::EventLogModel log;
    log.setChinese(true);
    log.append(m_events);
    int overloaded = 0;
    for (int row = 0; row < log.rowCount(); ++row)
        overloaded += log.index(row, views::EventLogModel::TextColumn).data().toString().contains(QStringLiteral("过载: 负载 80%"));   // the role said its reason in Chinese too
    QVERIFY(overloaded >= 2);
}

QTEST_MAIN(ToyPatternTest)
#include "toy_pattern_test.moc"
