#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/host/role_driver.h"
#include "core/model/role_registry.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"

namespace distlab::netlab::test {

// A small role for simulator tests. Every `interval` it sends "ping" to each of its targets; it
// answers pings and counts answers. Its boot count lives in storage (survives a restart), its
// counters in memory (do not). Snapshot: {sent, replies, received, boots, phase, role}; phase
// turns from "early" to "late" once `late_after` pings are sent; role is "leader" when the
// `leader` parameter is set (it announces the phase of that name, which the nemesis `leader`
// selector reads); command is the type of the lab's latest command (answered ok).
class PingRole final : public core::Role {
public:
    explicit PingRole(const core::Params& params)
        : targets_(params.get_nodes("targets")),
          interval_(params.get_duration("interval")),
          leader_(params.get_bool("leader")),
          late_after_(params.get_int("late_after")) {}

    void start(core::Context& ctx) override {
        auto stored = ctx.storage().read("boots");
        if (stored && *stored)
            boots_ = std::stoll(**stored);
        ++boots_;
        (void)ctx.storage().write("boots", std::to_string(boots_), true);
        ctx.phase(leader_ ? "leader" : "follower", core::Text{"the leader parameter", "leader 参数"});
        if (!targets_.empty())
            ctx.set_timer(kPing, interval_);
    }

    void on_message(core::Context& ctx, const core::Message& msg) override {
        if (msg.from == core::kLabSender) {
            last_command_ = msg.type;
            ctx.reply(msg, core::Json{{"ok", true}});
        } else if (msg.type == "ping") {
            ++received_;
            ctx.reply(msg, core::Json{{"seq", msg.body.value("seq", 0)}});
        } else if (msg.type == "ping_reply") {
            ++replies_;
        }
    }

    void on_timer(core::Context& ctx, core::TimerId) override {
        for (const auto& target : targets_)
            ctx.send(target, "ping", core::Json{{"seq", sent_++}});
        ctx.set_timer(kPing, interval_);
    }

    core::Json snapshot() const override {
        return {{"sent", sent_}, {"replies", replies_}, {"received", received_}, {"boots", boots_},
                {"phase", sent_ >= late_after_ ? "late" : "early"},
                {"role", leader_ ? "leader" : "follower"}, {"command", last_command_}};
    }

private:
    static constexpr core::TimerId kPing{1};
    std::vector<core::NodeId> targets_;
    core::Duration interval_;
    bool leader_;
    std::int64_t late_after_;
    std::int64_t sent_ = 0;
    std::int64_t replies_ = 0;
    std::int64_t received_ = 0;
    std::int64_t boots_ = 0;
    std::string last_command_;           // the type of the lab's latest command
};

// "ping" (a server) and "ping-client" (the same role, marked as a client).
inline const core::RoleRegistry& test_roles() {
    static const core::RoleRegistry registry = [] {
        core::RoleRegistry r;
        std::vector<core::ParamSpec> params{
            {"targets", core::ParamType::NodeList, core::Json::array(), {}, {}, {}, "ping these", ""},
            {"interval", core::ParamType::Duration, "10ms", {}, {}, {}, "ping period", ""},
            {"leader", core::ParamType::Bool, false, {}, {}, {}, "claim leadership", ""},
            {"late_after", core::ParamType::Int, 50, 0, {}, {}, "pings before phase late", ""},
        };
        auto make = [](const core::Params& p) { return std::make_unique<PingRole>(p); };
        const std::vector<core::PhaseSpec> phases{{"follower", core::Tone::Neutral, "follower", "跟随者"},
                                                  {"leader", core::Tone::Busy, "leader", "领导者"}};
        r.add({"ping", "test", "testing", "pings", "", false, params, make, phases, {}, {}, "leader"});
        r.add({"ping-client", "test", "testing", "pings, as a client", "", true, params, make, phases, {}, {}, "leader"});
        return r;
    }();
    return registry;
}

// Keeps every event of a run.
class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

// Loads `body` (the scenario's keys after the common header) with the test roles.
inline Scenario load(const std::string& body) {
    const std::string yaml = "version: 1\nname: sim-test\nfamily: testing\n"
                             "title: {en: Test, zh: Test}\nsummary: {en: Test, zh: Test}\n" + body;
    auto loaded = load_scenario_text(yaml, "test.yaml", test_roles(), {});
    if (!loaded) {
        std::string all;
        for (const auto& d : loaded.error())
            all += d.str() + "\n";
        ADD_FAILURE() << all;
        return Scenario{};
    }
    return std::move(*loaded);
}

// A simulator with a collecting sink attached.
struct Sim {
    explicit Sim(const Scenario& scenario, std::optional<std::uint64_t> seed = std::nullopt)
        : run(scenario, test_roles(), seed) {
        run.telemetry().add_sink(events);
    }
    SimRun run;
    Collector events;
};

}  // namespace distlab::netlab::test
