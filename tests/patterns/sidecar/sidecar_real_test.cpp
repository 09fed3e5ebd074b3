// The sidecar on real processes: distlab-node runs a client, a plain frontend and its sidecar,
// a flaky backend and its sidecar, and an intruder, over loopback through the lab's fabric.
// The frontend's sidecar retries the backend's failures away; the backend's sidecar refuses
// the intruder.

#include <gtest/gtest.h>

#include <string>

#include "tests/support/real_run.h"
#include "tests/support/shipped_sim.h"

namespace distlab {
namespace {

using netlab::EventKind;

constexpr const char* kScenario = R"(version: 1
name: sidecar-real
family: discovery
title: { en: "Sidecars on real processes", zh: "真实进程上的边车" }
summary: { en: "Retries and an identity check in sidecars.", zh: "边车中的重试和身份检查。" }
duration: 3s
seed: 8
network: { preset: lan }
nodes:
  - { id: c1, role: client, params: { target: fe-sc, rate: 50, timeout: 2s, stop_at: 2500ms } }
  - { id: fe, role: app, params: { upstream: fe-sc, timeout: 1500ms } }
  - { id: fe-sc, role: sidecar, params: { service: fe, upstream: be-sc, identity: frontend, timeout: 200ms, max_attempts: 4, backoff: none, breaker: false } }
  - { id: be-sc, role: sidecar, params: { service: be, identity: backend, allow: [frontend] } }
  - { id: be, role: server, params: { service_time: 2ms, capacity: 16, fail_rate: 0.2 } }
  - { id: intruder, role: client, params: { target: be-sc, rate: 10, timeout: 1s, stop_at: 2500ms } }
checks:
  - no_violations: true
  - all_ops_complete: true
)";

TEST(SidecarReal, RetriesFailuresAwayAndRefusesTheIntruder) {
    const auto outcome = test_support::run_real_text(kScenario, "sidecar-real.yaml");
    ASSERT_TRUE(outcome);
    test_support::expect_checks_pass(outcome->checks);
    int c1_ok = 0, c1_all = 0, intruder_ok = 0, intruder_all = 0, retries_sent = 0;
    for (const auto& e : outcome->events) {
        if (e.kind == EventKind::OpCompleted && e.node == "c1") {
            ++c1_all;
            c1_ok += e.type == "ok";
        }
        if (e.kind == EventKind::OpCompleted && e.node == "intruder") {
            ++intruder_all;
            intruder_ok += e.type == "ok";
        }
        if (e.kind == EventKind::MessageSent && e.node == "fe-sc" && e.peer == "be-sc" &&
            e.data.find("\"attempt\":1") == std::string::npos)
            ++retries_sent;
    }
    EXPECT_GT(c1_all, 80);
    EXPECT_GE(c1_ok, c1_all - 3) << "a fifth of the backend's answers fail; four attempts hide nearly all (0.2^4)";
    EXPECT_GT(retries_sent, 5);
    EXPECT_GT(intruder_all, 15);
    EXPECT_EQ(intruder_ok, 0);
}

}  // namespace
}  // namespace distlab
