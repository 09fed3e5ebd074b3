// Holding one message by hand on real processes: the client's request crosses a slow link
// (1 s, so the hold arrives well before it would even on a loaded machine), the test thread
// holds it as the GUI would, then delivers or drops it. Every step waits for the event it needs,
// with a deadline.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "core/model/role_registry.h"
#include "netlab/runner/run_control.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "netlab/telemetry/telemetry.h"

namespace distlab::netlab {
namespace {

using namespace std::chrono_literals;

const std::string kSlowLink = R"(
version: 1
name: hold-one-message
family: communication
title: {en: "Hold one message", zh: "扣住一条消息"}
summary: {en: "A test.", zh: "测试。"}
duration: 20s
seed: 5
network: {preset: ideal, latency: 1s}
nodes:
  - {id: s1, role: server}
  - {id: c1, role: client, params: {target: s1, rate: 5}}
links: full
)";

// Every event of the run so far; the test thread waits on it.
class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override {
        std::lock_guard lock(mutex_);
        events_.insert(events_.end(), batch.begin(), batch.end());
        changed_.notify_all();
    }
    std::optional<Event> wait_for(const std::function<bool(const Event&)>& match) {
        std::unique_lock lock(mutex_);
        std::optional<Event> found;
        changed_.wait_for(lock, 30s, [&] {
            const auto it = std::find_if(events_.begin(), events_.end(), match);
            if (it != events_.end())
                found = *it;
            return found.has_value();
        });
        return found;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Event> events_;
};

// A real run of kSlowLink on its own thread, stopped (and joined) when the test is done.
class SlowRun {
public:
    SlowRun() {
        auto loaded = load_scenario_text(kSlowLink, "hold-one-message.yaml", core::RoleRegistry::builtin(), {});
        if (!loaded) {
            ADD_FAILURE() << loaded.error().front().str();
            return;
        }
        request_.scenario = std::move(*loaded);
        request_.node_binary = DISTLAB_NODE_BINARY;
        request_.control = &control;
        request_.stop_requested = &stop_;
        request_.extra_sinks.push_back(&collector);
        thread_ = std::thread([this] { outcome = run_scenario(request_); });
    }
    // Stops the run and returns every event it had.
    std::vector<Event> finish() {
        stop_ = true;
        if (thread_.joinable())
            thread_.join();
        if (!outcome || !*outcome) {
            ADD_FAILURE() << "the run failed: " << (outcome ? outcome->error().message : "not run");
            return {};
        }
        return (*outcome)->events;
    }
    ~SlowRun() { finish(); }

    RunControl control;
    Collector collector;
    std::optional<core::Result<RunOutcome>> outcome;

private:
    RunRequest request_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

bool about(const Event& e, EventKind kind, std::uint64_t id) {
    return e.kind == kind && e.node == "c1" && e.peer == "s1" && e.msg_id == id;
}

// Holds c1's first request on its way, then releases it as `deliver` says; returns the run's
// events and the message's id.
std::pair<std::vector<Event>, std::uint64_t> hold_and_release(bool deliver) {
    SlowRun run;
    const auto sent = run.collector.wait_for([](const Event& e) {
        return e.kind == EventKind::MessageSent && e.node == "c1" && e.peer == "s1";
    });
    if (!sent) {
        ADD_FAILURE() << "c1 sent nothing within 30 s";
        return {run.finish(), 0};
    }
    const std::uint64_t id = sent->msg_id;
    run.control.hold_message("c1", id);
    const auto held = run.collector.wait_for([&](const Event& e) { return about(e, EventKind::MessageHeld, id); });
    EXPECT_TRUE(held.has_value()) << "message " << id << " was not held";
    if (held) {
        run.control.release_held("c1", id, deliver);
        const auto fate = run.collector.wait_for([&](const Event& e) {
            return about(e, deliver ? EventKind::MessageDelivered : EventKind::MessageDropped, id);
        });
        EXPECT_TRUE(fate.has_value()) << "message " << id << " was not released";
    }
    return {run.finish(), id};
}

const Event* first(const std::vector<Event>& events, EventKind kind, std::uint64_t id) {
    const auto it = std::find_if(events.begin(), events.end(), [&](const Event& e) { return about(e, kind, id); });
    return it == events.end() ? nullptr : &*it;
}

// Held once, and the hold is a fault by hand naming the message: injected, then healed.
void expect_one_hold(const std::vector<Event>& events, std::uint64_t id) {
    EXPECT_EQ(std::count_if(events.begin(), events.end(), [](const Event& e) { return e.kind == EventKind::MessageHeld; }),
              1);
    std::vector<EventKind> kinds;
    for (const Event& e : events)
        if (e.type == "hold" && (e.kind == EventKind::FaultInjected || e.kind == EventKind::FaultHealed)) {
            kinds.push_back(e.kind);
            const Json data = Json::parse(e.data);
            EXPECT_EQ(data.value("message", std::uint64_t{0}), id);
            EXPECT_EQ(data.value("to", std::string()), "s1");
        }
    EXPECT_EQ(kinds, (std::vector<EventKind>{EventKind::FaultInjected, EventKind::FaultHealed}));
}

TEST(HoldMessage, OneRequestHeldOnItsWayIsDeliveredWhenReleased) {
    const auto [events, id] = hold_and_release(true);
    const Event* sent = first(events, EventKind::MessageSent, id);
    const Event* held = first(events, EventKind::MessageHeld, id);
    const Event* delivered = first(events, EventKind::MessageDelivered, id);
    ASSERT_NE(sent, nullptr);
    ASSERT_NE(held, nullptr);
    ASSERT_NE(delivered, nullptr);
    // Taken out of its second on the link, and delivered only after that.
    EXPECT_LT(held->t_ns - sent->t_ns, std::chrono::nanoseconds(1s).count());
    EXPECT_GT(delivered->t_ns, held->t_ns);
    EXPECT_EQ(first(events, EventKind::MessageDropped, id), nullptr);
    EXPECT_EQ(std::count_if(events.begin(), events.end(),
                            [&](const Event& e) { return about(e, EventKind::MessageDelivered, id); }),
              1);
    expect_one_hold(events, id);
}

TEST(HoldMessage, OneRequestHeldOnItsWayIsDroppedWhenReleasedSo) {
    const auto [events, id] = hold_and_release(false);
    const Event* held = first(events, EventKind::MessageHeld, id);
    const Event* dropped = first(events, EventKind::MessageDropped, id);
    ASSERT_NE(held, nullptr);
    ASSERT_NE(dropped, nullptr);
    EXPECT_GT(dropped->t_ns, held->t_ns);
    EXPECT_EQ(Json::parse(dropped->data).value("reason", std::string()), "held");
    EXPECT_EQ(first(events, EventKind::MessageDelivered, id), nullptr);
    expect_one_hold(events, id);
}

}  // namespace
}  // namespace distlab::netlab
