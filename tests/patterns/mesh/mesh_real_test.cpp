// The service mesh on real processes: distlab-node runs two clients, two plain frontends and
// their mesh sidecars, the control plane and three backends (v1 on two, a failing v2 on one) over
// loopback through the lab's fabric. The sidecars ACK the pushed policies and route by them,
// report v2's errors, and the control plane rolls the canary back.

#include <gtest/gtest.h>

#include <string>

#include "tests/support/real_run.h"
#include "tests/support/shipped_sim.h"

namespace distlab {
namespace {

using netlab::EventKind;

constexpr const char* kScenario = R"(version: 1
name: mesh-real
family: scheduling
title: { en: "A service mesh on real processes", zh: "真实进程上的服务网格" }
summary: { en: "A failing canary rolled back.", zh: "出错的金丝雀被回滚。" }
duration: 4s
seed: 9
network: { preset: lan }
nodes:
  - { id: c1, role: client, params: { target: fe1, rate: 80, timeout: 2s, stop_at: 3800ms } }
  - { id: c2, role: client, params: { target: fe2, rate: 80, timeout: 2s, stop_at: 3800ms } }
  - { id: fe1, role: app, params: { upstream: fe1-sc, timeout: 1500ms } }
  - { id: fe2, role: app, params: { upstream: fe2-sc, timeout: 1500ms } }
  - { id: fe1-sc, role: mesh-sidecar, params: { service: fe1, control: mc, report_interval: 100ms } }
  - { id: fe2-sc, role: mesh-sidecar, params: { service: fe2, control: mc, report_interval: 100ms } }
  - { id: mc, role: mesh-control, params: { sidecars: [fe1-sc, fe2-sc], stable: [v1a, v1b], canary: [v2a], start_at: 1s, interval: 500ms, step_weights: "30,60", min_requests: 5 } }
  - { id: v1a, role: backend, params: { latency: 2ms } }
  - { id: v1b, role: backend, params: { latency: 2ms } }
  - { id: v2a, role: backend, params: { latency: 2ms, error_rate: 0.5 } }
checks:
  - no_violations: true
  - all_ops_complete: true
  - mesh_rollback: { within: 2s, max_error_rate: 5, window: 500ms, min_calls: 5 }
  - mesh_last_policy: { max_gap: 1s }
)";

TEST(MeshReal, SidecarsAckRouteAndReportAndTheCanaryIsRolledBack) {
    const auto outcome = test_support::run_real_text(kScenario, "mesh-real.yaml");
    ASSERT_TRUE(outcome);
    test_support::expect_checks_pass(outcome->checks);
    int acks = 0, to_canary = 0, rolled_back = 0;
    for (const auto& e : outcome->events) {
        acks += e.kind == EventKind::MessageSent && e.type == "mesh_ack";
        to_canary += e.kind == EventKind::MessageSent && e.peer == "v2a" && e.type == "request";
        rolled_back += e.kind == EventKind::Phase && e.node == "mc" && e.type == "rolled-back";
    }
    EXPECT_GE(acks, 4) << "two sidecars ACKed at least the initial policy and the first step";
    EXPECT_GT(to_canary, 10);
    EXPECT_EQ(rolled_back, 1);
}

}  // namespace
}  // namespace distlab
