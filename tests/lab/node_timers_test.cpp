// distlab-node's timers on real processes: call deadlines wait in one heap under a single Asio
// timer, answered calls only forget theirs, zero timers fire at the end of the turn that armed
// them (core/runtime/node_runtime.h). The assertions rest on what cannot happen in the run,
// never on how fast the machine is.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/checks/op_history.h"
#include "netlab/lab/lab.h"
#include "netlab/scenario/loader.h"
#include "tests/support/scratch_dir.h"
#include "netlab/telemetry/event_log.h"

namespace distlab::netlab {
namespace {

std::vector<Event> run(const std::string& nodes) {
    const std::string yaml = std::string(R"(version: 1
name: timers
family: testing
title: { en: "Timers", zh: "定时器" }
summary: { en: "Node timers.", zh: "节点定时器。" }
seed: 5
network: { preset: ideal }
links: full
duration: 1500ms
)") + nodes;
    auto scenario = load_scenario_text(yaml, "timers.yaml", core::RoleRegistry::builtin(),
                                       make_check_validator(CheckRegistry::builtin()));
    if (!scenario) {
        ADD_FAILURE() << scenario.error().front().str();
        return {};
    }
    const test_support::ScratchDir dir("distlab-timers-test");
    Lab lab(*scenario, core::RoleRegistry::builtin(), LabOptions{DISTLAB_NODE_BINARY, dir.path().string()});
    EventLog log;
    lab.telemetry().add_sink(log);
    auto started = lab.start();
    EXPECT_TRUE(started) << (started ? "" : started.error().message);
    if (!started)
        return {};
    auto ran = lab.run();
    EXPECT_TRUE(ran) << (ran ? "" : ran.error().message);
    return log.take();
}

// The server answers 2 s after a request, after the 1.5 s run has ended: every call that ends
// in the run ends by its 100 ms deadline.
TEST(NodeTimersReal, UnansweredCallsEndAtTheirDeadlines) {
    const auto events = run(R"(nodes:
  - { id: s1, role: server, params: { service_time: 2s, capacity: 1000 } }
  - { id: c1, role: client, params: { target: s1, mode: closed, concurrency: 4, timeout: 100ms } }
)");
    const OpHistory history = collect_ops(events);
    int timeouts = 0;
    for (const OpRecord& op : history.ops) {
        if (!op.completed_ns)
            continue;
        EXPECT_EQ(op.status, "info") << "op " << op.id;
        ++timeouts;
    }
    for (const Event& e : events) {
        if (e.kind == EventKind::OpCompleted) {
            EXPECT_EQ(e.data, R"({"error":"timeout"})");
        }
    }
    // Four calls open at once, each followed by the next as soon as it times out.
    EXPECT_GE(timeouts, 4);
}

// Thousands of calls answered at once (each reply comes in the turn after a zero service time)
// leave thousands of forgotten deadlines behind; none of them fires, and the node's own
// periodic timers (metrics every 100 ms) keep firing among them.
TEST(NodeTimersReal, AnsweredCallsForgetTheirDeadlinesAndOtherTimersStillFire) {
    const auto events = run(R"(nodes:
  - { id: s1, role: server, params: { service_time: 0ms, capacity: 1000 } }
  - { id: c1, role: client, params: { target: s1, mode: closed, concurrency: 8, timeout: 1s } }
)");
    const OpHistory history = collect_ops(events);
    int ok = 0;
    for (const OpRecord& op : history.ops) {
        if (!op.completed_ns)
            continue;
        EXPECT_TRUE(op.ok()) << "op " << op.id << " ended " << op.status;
        ok += op.ok() ? 1 : 0;
    }
    EXPECT_GT(ok, 200);
    int client_metrics = 0;
    for (const Event& e : events)
        client_metrics += e.kind == EventKind::Metric && e.node == "c1" ? 1 : 0;
    EXPECT_GE(client_metrics, 3);
}

}  // namespace
}  // namespace distlab::netlab
