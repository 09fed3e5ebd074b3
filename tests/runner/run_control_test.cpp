#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <iterator>
#include <mutex>
#include <thread>
#include <utility>

#include "core/model/role_registry.h"
#include "netlab/runner/run_control.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "netlab/telemetry/telemetry.h"

namespace distlab::netlab {
namespace {

using namespace std::chrono_literals;

// A server and a client calling it, with a pausing narrative step at 1 s.
const std::string kScenario = R"(
version: 1
name: hand-faults
family: communication
title: {en: "Hand faults", zh: "手动故障"}
summary: {en: "A test.", zh: "测试。"}
duration: 3s
seed: 3
network: {preset: ideal, latency: 2ms}
nodes:
  - {id: s1, role: server}
  - {id: c1, role: client, params: {target: s1, rate: 50}}
links: full
steps:
  - {at: 1s, say: {en: "Look", zh: "看"}, pause: true}
)";

Scenario load() {
    auto loaded = load_scenario_text(kScenario, "hand-faults.yaml", core::RoleRegistry::builtin(), {});
    if (!loaded) {
        ADD_FAILURE() << loaded.error().front().str();
        return {};
    }
    return std::move(*loaded);
}

// Keeps the run's events and lets the test wait for one, with a deadline.
class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override {
        std::lock_guard lock(mutex_);
        events_.insert(events_.end(), batch.begin(), batch.end());
        if (on_batch)
            on_batch(batch);
        changed_.notify_all();
    }
    std::optional<Event> wait_for(const std::function<bool(const Event&)>& match) {
        std::unique_lock lock(mutex_);
        std::optional<Event> found;
        changed_.wait_for(lock, 20s, [&] {
            const auto it = std::find_if(events_.begin(), events_.end(), match);
            if (it != events_.end())
                found = *it;
            return found.has_value();
        });
        return found;
    }
    std::function<void(std::span<const Event>)> on_batch;   // run thread

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Event> events_;
};

TEST(RunControl, HandFaultsAreInjectedAndHealedThroughTheNemesis) {
    RunRequest request;
    request.scenario = load();
    request.simulate = true;
    RunControl control;
    request.control = &control;
    // The partition is cut at the first tick and healed by ticket one tick later.
    FaultSpec cut;
    cut.kind = FaultKind::Partition;
    cut.partition.groups = {{"s1"}, {"c1"}};
    const RunControl::Ticket ticket = control.inject(cut);
    int ticks = 0;
    request.on_progress = [&](const RunProgress&) {
        if (++ticks == 1)
            control.heal(ticket);
    };
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome.has_value());
    const auto& events = outcome->events;
    const auto injected = std::find_if(events.begin(), events.end(), [](const Event& e) {
        return e.kind == EventKind::FaultInjected && e.type == "partition";
    });
    const auto healed = std::find_if(events.begin(), events.end(), [](const Event& e) {
        return e.kind == EventKind::FaultHealed && e.type == "partition";
    });
    ASSERT_NE(injected, events.end());
    ASSERT_NE(healed, events.end());
    EXPECT_EQ(injected->t_ns, 0);
    EXPECT_EQ(healed->t_ns, std::chrono::nanoseconds(100ms).count());
    // Recorded as made by hand, so the report and the views can say so.
    EXPECT_EQ(core::Json::parse(injected->data).value("by", std::string()), "hand");
    // While cut, messages between the two were dropped for the partition.
    EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const Event& e) {
        return e.kind == EventKind::MessageDropped && e.data.find("partition") != std::string::npos;
    }));
}

TEST(RunControl, HeldMessagesWaitUntilReleased) {
    RunRequest request;
    request.scenario = load();
    request.simulate = true;
    RunControl control;
    request.control = &control;
    control.set_hold("c1", "s1", true);
    Collector collector;
    std::optional<std::uint64_t> released;
    collector.on_batch = [&](std::span<const Event> batch) {
        for (const Event& e : batch)
            if (e.kind == EventKind::MessageHeld && !released) {
                released = e.msg_id;
                control.release_held(e.node, e.msg_id, true);
                control.set_hold("c1", "s1", false);
            }
    };
    request.extra_sinks.push_back(&collector);
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome.has_value());
    ASSERT_TRUE(released.has_value());
    const auto& events = outcome->events;
    const auto held = std::find_if(events.begin(), events.end(), [&](const Event& e) {
        return e.kind == EventKind::MessageHeld && e.msg_id == *released;
    });
    const auto delivered = std::find_if(events.begin(), events.end(), [&](const Event& e) {
        return e.kind == EventKind::MessageDelivered && e.node == "c1" && e.msg_id == *released;
    });
    ASSERT_NE(held, events.end());
    ASSERT_NE(delivered, events.end());
    EXPECT_GT(delivered->t_ns, held->t_ns);
    // The hold itself is a fault on the timeline: on, then off.
    EXPECT_EQ(std::count_if(events.begin(), events.end(), [](const Event& e) {
                  return (e.kind == EventKind::FaultInjected || e.kind == EventKind::FaultHealed) && e.type == "hold";
              }),
              2);
}

// The client's requests take 300 ms to reach the server: long enough to hold one on its way.
const std::string kSlowLink = R"(
version: 1
name: hold-one-message
family: communication
title: {en: "Hold one message", zh: "扣住一条消息"}
summary: {en: "A test.", zh: "测试。"}
duration: 2s
seed: 5
network: {preset: ideal, latency: 300ms}
nodes:
  - {id: s1, role: server}
  - {id: c1, role: client, params: {target: s1, rate: 20}}
links: full
)";

// Holds the client's first request while it is on its way, then releases it as told.
struct HeldOnce {
    std::optional<std::uint64_t> id;
    bool released = false;
};

std::vector<Event> hold_first_request(bool deliver) {
    auto loaded = load_scenario_text(kSlowLink, "hold-one-message.yaml", core::RoleRegistry::builtin(), {});
    if (!loaded) {
        ADD_FAILURE() << loaded.error().front().str();
        return {};
    }
    RunRequest request;
    request.scenario = std::move(*loaded);
    request.simulate = true;
    RunControl control;
    request.control = &control;
    Collector collector;
    HeldOnce held;
    collector.on_batch = [&](std::span<const Event> batch) {
        for (const Event& e : batch) {
            if (e.kind == EventKind::MessageSent && e.node == "c1" && e.peer == "s1" && !held.id) {
                held.id = e.msg_id;
                control.hold_message(e.node, e.msg_id);
            } else if (e.kind == EventKind::MessageHeld && held.id && e.msg_id == *held.id && !held.released) {
                held.released = true;
                control.release_held(e.node, e.msg_id, deliver);
            }
        }
    };
    request.extra_sinks.push_back(&collector);
    auto outcome = run_scenario(request);
    if (!outcome) {
        ADD_FAILURE() << outcome.error().message;
        return {};
    }
    EXPECT_TRUE(held.released);
    return std::move(outcome->events);
}

// The first event of `kind` about the client's message `id` to the server.
const Event* message_event(const std::vector<Event>& events, EventKind kind, std::uint64_t id) {
    const auto it = std::find_if(events.begin(), events.end(), [&](const Event& e) {
        return e.kind == kind && e.node == "c1" && e.peer == "s1" && e.msg_id == id;
    });
    return it == events.end() ? nullptr : &*it;
}

std::uint64_t first_request(const std::vector<Event>& events) {
    const auto it = std::find_if(events.begin(), events.end(), [](const Event& e) {
        return e.kind == EventKind::MessageSent && e.node == "c1" && e.peer == "s1";
    });
    return it == events.end() ? 0 : it->msg_id;
}

// The hold's fault events, injected then healed, naming the one message.
void expect_message_hold_fault(const std::vector<Event>& events, std::uint64_t id) {
    std::vector<const Event*> holds;
    for (const Event& e : events)
        if ((e.kind == EventKind::FaultInjected || e.kind == EventKind::FaultHealed) && e.type == "hold")
            holds.push_back(&e);
    ASSERT_EQ(holds.size(), 2u);
    EXPECT_EQ(holds[0]->kind, EventKind::FaultInjected);
    EXPECT_EQ(holds[1]->kind, EventKind::FaultHealed);
    for (const Event* e : holds) {
        const Json data = Json::parse(e->data);
        EXPECT_EQ(data.value("message", std::uint64_t{0}), id);
        EXPECT_EQ(data.value("from", std::string()), "c1");
        EXPECT_EQ(data.value("to", std::string()), "s1");
        EXPECT_EQ(data.value("by", std::string()), "hand");
    }
}

TEST(RunControl, OneMessageHeldOnItsWayIsDeliveredWhenReleased) {
    const std::vector<Event> events = hold_first_request(true);
    const std::uint64_t id = first_request(events);
    const Event* sent = message_event(events, EventKind::MessageSent, id);
    const Event* held = message_event(events, EventKind::MessageHeld, id);
    const Event* delivered = message_event(events, EventKind::MessageDelivered, id);
    ASSERT_NE(sent, nullptr);
    ASSERT_NE(held, nullptr);
    ASSERT_NE(delivered, nullptr);
    // Held before its 300 ms were up (the run takes requests every 100 ms), delivered only once
    // released, and only once.
    EXPECT_LT(held->t_ns - sent->t_ns, std::chrono::nanoseconds(300ms).count());
    EXPECT_GT(delivered->t_ns, held->t_ns);
    EXPECT_EQ(std::count_if(events.begin(), events.end(), [&](const Event& e) {
                  return e.kind == EventKind::MessageDelivered && e.node == "c1" && e.msg_id == id;
              }),
              1);
    EXPECT_EQ(message_event(events, EventKind::MessageDropped, id), nullptr);
    expect_message_hold_fault(events, id);
}

TEST(RunControl, OneMessageHeldOnItsWayIsDroppedWhenReleasedSo) {
    const std::vector<Event> events = hold_first_request(false);
    const std::uint64_t id = first_request(events);
    const Event* held = message_event(events, EventKind::MessageHeld, id);
    const Event* dropped = message_event(events, EventKind::MessageDropped, id);
    ASSERT_NE(held, nullptr);
    ASSERT_NE(dropped, nullptr);
    EXPECT_GT(dropped->t_ns, held->t_ns);
    EXPECT_EQ(Json::parse(dropped->data).value("reason", std::string()), "held");
    EXPECT_EQ(message_event(events, EventKind::MessageDelivered, id), nullptr);
    expect_message_hold_fault(events, id);
    // Only that one: the requests after it went through.
    EXPECT_EQ(std::count_if(events.begin(), events.end(),
                            [](const Event& e) { return e.kind == EventKind::MessageHeld; }),
              1);
}

TEST(RunControl, AMessageAlreadyDeliveredIsNotHeld) {
    auto loaded = load_scenario_text(kSlowLink, "hold-one-message.yaml", core::RoleRegistry::builtin(), {});
    ASSERT_TRUE(loaded.has_value());
    RunRequest request;
    request.scenario = std::move(*loaded);
    request.simulate = true;
    RunControl control;
    request.control = &control;
    Collector collector;
    std::optional<std::uint64_t> late;
    collector.on_batch = [&](std::span<const Event> batch) {
        for (const Event& e : batch)
            if (e.kind == EventKind::MessageDelivered && e.node == "c1" && !late) {
                late = e.msg_id;
                control.hold_message(e.node, e.msg_id);
            }
    };
    request.extra_sinks.push_back(&collector);
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome.has_value());
    ASSERT_TRUE(late.has_value());
    const auto& events = outcome->events;
    EXPECT_EQ(std::count_if(events.begin(), events.end(),
                            [](const Event& e) { return e.kind == EventKind::MessageHeld || e.type == "hold"; }),
              0);
    EXPECT_TRUE(std::any_of(events.begin(), events.end(), [&](const Event& e) {
        return e.kind == EventKind::Log && e.type == "warn" &&
               e.data.find("message " + std::to_string(*late) + " from c1 was not held") != std::string::npos;
    }));
}

TEST(RunControl, StepModePausesVirtualTimeAndFaultsStillApply) {
    RunRequest request;
    request.scenario = load();
    request.simulate = true;
    RunControl control;
    control.set_step_mode(true);
    request.control = &control;
    Collector collector;
    request.extra_sinks.push_back(&collector);
    std::atomic<bool> stop{false};
    request.stop_requested = &stop;
    std::optional<core::Result<RunOutcome>> outcome;
    std::thread run([&] { outcome = run_scenario(request); });

    const auto step = collector.wait_for([](const Event& e) { return e.kind == EventKind::Step; });
    // Paused: a fault by hand still applies, at the time the clock stopped, not later.
    FaultSpec kill;
    kill.kind = FaultKind::Kill;
    kill.nodes.ids = {"c1"};
    control.inject(kill);
    const auto killed = collector.wait_for([](const Event& e) { return e.kind == EventKind::FaultInjected; });
    const bool pausedThen = control.paused();
    if (!step || !killed)
        stop = true;   // never leave the run thread waiting when the test has failed
    control.set_paused(false);
    run.join();

    ASSERT_TRUE(step.has_value());
    ASSERT_TRUE(killed.has_value());
    EXPECT_TRUE(pausedThen);
    EXPECT_LE(killed->t_ns - step->t_ns, std::chrono::nanoseconds(100ms).count());
    ASSERT_TRUE(outcome.has_value());
    ASSERT_TRUE(outcome->has_value());
    EXPECT_GE((*outcome)->events.back().t_ns, std::chrono::nanoseconds(3s).count());
}


std::vector<Event>::const_iterator find_kind(const std::vector<Event>& events, EventKind kind) {
    return std::find_if(events.begin(), events.end(), [kind](const Event& e) { return e.kind == kind; });
}

// A pause by hand in the simulator is recorded, and the run's time stands still across it.
TEST(RunControl, APauseByHandIsRecordedAndTheRunEndsOnTime) {
    RunRequest request;
    request.scenario = load();
    request.scenario.steps.clear();
    request.simulate = true;
    RunControl control;
    request.control = &control;
    Collector collector;
    request.extra_sinks.push_back(&collector);
    std::atomic<bool> stop{false};
    request.stop_requested = &stop;
    // Paused by hand at the first tick (on the run thread, so the simulation cannot finish first).
    bool asked = false;
    request.on_progress = [&](const RunProgress&) {
        if (!std::exchange(asked, true))
            control.set_paused(true);
    };
    std::optional<core::Result<RunOutcome>> outcome;
    std::thread run([&] { outcome = run_scenario(request); });

    const auto paused = collector.wait_for([](const Event& e) { return e.kind == EventKind::RunPaused; });
    if (!paused)
        stop = true;
    control.set_paused(false);
    run.join();

    ASSERT_TRUE(paused.has_value());
    ASSERT_TRUE(outcome.has_value() && outcome->has_value());
    const auto& events = (*outcome)->events;
    const auto p = find_kind(events, EventKind::RunPaused);
    const auto r = find_kind(events, EventKind::RunResumed);
    ASSERT_NE(p, events.end());
    ASSERT_NE(r, events.end());
    EXPECT_LT(p, r);
    EXPECT_EQ(p->t_ns, r->t_ns);   // paused time is not run time
    EXPECT_NE(p->data.find(R"("by":"hand")"), std::string::npos) << p->data;
    EXPECT_NE(p->data.find(R"("continues":"")"), std::string::npos) << p->data;   // the simulator stops everything
    EXPECT_NE(r->data.find("paused_ms"), std::string::npos) << r->data;
    EXPECT_EQ(events.back().kind, EventKind::RunEnded);
    EXPECT_EQ(events.back().t_ns, std::chrono::nanoseconds(3s).count());
}

// Real processes: the lab's clock stands still while paused, so the scenario's fault comes at
// its run time (not earlier by the pause), nothing is delivered while paused, the run lasts
// longer on the wall clock by the pause, and the pause says what it could not stop.
TEST(RunControl, PausingARealRunFreezesItsTimeline) {
    auto loaded = load_scenario_text(kScenario, "hand-faults.yaml", core::RoleRegistry::builtin(), {});
    ASSERT_TRUE(loaded) << loaded.error().front().str();
    Scenario scenario = std::move(*loaded);
    scenario.steps.clear();
    scenario.duration = 2s;
    FaultSpec kill;
    kill.kind = FaultKind::Kill;
    kill.at = 1s;
    kill.nodes.ids = {"c1"};
    scenario.faults.push_back(kill);

    RunRequest request;
    request.scenario = scenario;
    request.node_binary = DISTLAB_NODE_BINARY;
    RunControl control;
    request.control = &control;
    Collector collector;
    request.extra_sinks.push_back(&collector);
    std::atomic<bool> stop{false};
    request.stop_requested = &stop;
    std::optional<core::Result<RunOutcome>> outcome;
    const auto wall_start = std::chrono::steady_clock::now();
    std::thread run([&] { outcome = run_scenario(request); });

    // Paused once the client has had a reply, well before the kill at 1 s.
    const auto delivered = collector.wait_for([](const Event& e) {
        return e.kind == EventKind::MessageDelivered && e.peer == "c1";
    });
    control.set_paused(true);
    const auto paused = collector.wait_for([](const Event& e) { return e.kind == EventKind::RunPaused; });
    // The pause itself is what is tested: it lasts 1.5 s of wall time, longer than the run
    // had left before its fault.
    constexpr auto kPause = 1500ms;
    if (paused)
        std::this_thread::sleep_for(kPause);
    else
        stop = true;
    control.set_paused(false);
    run.join();
    const auto wall = std::chrono::steady_clock::now() - wall_start;

    ASSERT_TRUE(delivered.has_value());
    ASSERT_TRUE(paused.has_value());
    ASSERT_TRUE(outcome.has_value() && outcome->has_value()) << (outcome && !*outcome ? (*outcome).error().message : "");
    const auto& events = (*outcome)->events;
    const auto p = find_kind(events, EventKind::RunPaused);
    const auto r = find_kind(events, EventKind::RunResumed);
    ASSERT_NE(p, events.end());
    ASSERT_NE(r, events.end());
    EXPECT_LT(p->t_ns, std::chrono::nanoseconds(1s).count());
    EXPECT_EQ(p->t_ns, r->t_ns);
    EXPECT_NE(p->data.find("timers inside the node processes"), std::string::npos) << p->data;
    // Between the two nothing is delivered and no fault fires; every node was frozen just
    // before the clock stopped and thawed just after it went on.
    for (auto it = p; it != r; ++it) {
        EXPECT_NE(it->kind, EventKind::MessageDelivered) << it->peer;
        EXPECT_NE(it->kind, EventKind::FaultInjected);
    }
    EXPECT_EQ(std::prev(p)->kind, EventKind::NodePaused);
    EXPECT_EQ(std::next(r)->kind, EventKind::NodeResumed);
    EXPECT_EQ(std::count_if(events.begin(), events.end(), [](const Event& e) { return e.kind == EventKind::NodePaused; }), 2);
    EXPECT_EQ(std::count_if(events.begin(), events.end(), [](const Event& e) { return e.kind == EventKind::NodeResumed; }), 2);
    const auto killed = find_kind(events, EventKind::FaultInjected);
    ASSERT_NE(killed, events.end());
    EXPECT_GE(killed->t_ns, std::chrono::nanoseconds(1s).count());
    EXPECT_LT(killed->t_ns, std::chrono::nanoseconds(1s + 300ms).count());   // not 1.5 s early or late
    EXPECT_EQ(events.back().kind, EventKind::RunEnded);
    EXPECT_LT(events.back().t_ns, std::chrono::nanoseconds(2s + 500ms).count());
    EXPECT_GE(wall, 2s + kPause);
}

}  // namespace
}  // namespace distlab::netlab
