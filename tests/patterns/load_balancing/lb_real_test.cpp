// The load balancer on real processes: distlab-node runs the balancer, three backends and a
// client over loopback through the lab's fabric. Requests spread over the backends; a backend
// that starts failing fast is ejected by its fifth error in a row and gets nothing more.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/support/real_run.h"
#include "tests/support/shipped_sim.h"

namespace distlab {
namespace {

using netlab::EventKind;

constexpr const char* kScenario = R"(version: 1
name: lb-real
family: scheduling
title: { en: "Load balancer on real processes", zh: "真实进程上的负载均衡器" }
summary: { en: "Least connections with outlier detection.", zh: "带异常点检测的最少连接。" }
duration: 3s
seed: 4
network: { preset: lan }
nodes:
  - { id: c1, role: client, params: { target: lb, rate: 100, timeout: 2s, stop_at: 2800ms } }
  - { id: lb, role: load-balancer, params: { backends: [b1, b2, b3], algorithm: least_connections, timeout: 1s, outlier_detection: true } }
  - { id: b1, role: backend, params: { latency: 5ms } }
  - { id: b2, role: backend, params: { latency: 5ms } }
  - { id: b3, role: backend, params: { latency: 5ms } }
faults:
  - { at: 1s, command: { node: b2, type: degrade, body: { error_rate: 1 } } }
checks:
  - no_violations: true
  - all_ops_complete: true
  - outlier_ejection: true
)";

TEST(LoadBalancerReal, SpreadsRequestsAndEjectsAFailingBackend) {
    const auto outcome = test_support::run_real_text(kScenario, "lb-real.yaml");
    ASSERT_TRUE(outcome);
    test_support::expect_checks_pass(outcome->checks);

    std::map<std::string, int> before, after_ejection;
    std::optional<std::int64_t> ejected_at;
    int ejecting = 0, failed = 0, ok = 0;
    for (const auto& e : outcome->events) {
        if (e.kind == EventKind::Phase && e.node == "lb" && e.type == "ejecting") {
            ++ejecting;
            ejected_at = e.t_ns;
        }
        if (e.kind == EventKind::MessageSent && e.node == "lb" && e.type == "request") {
            if (e.t_ns < 1'000'000'000)
                ++before[e.peer];
            else if (ejected_at)
                ++after_ejection[e.peer];
        }
        if (e.kind == EventKind::OpCompleted && e.node == "c1")
            (e.type == "ok" ? ok : failed) += 1;
    }
    EXPECT_EQ(before.size(), 3u) << "every backend served before the failure";
    EXPECT_EQ(ejecting, 1);
    EXPECT_EQ(after_ejection["b2"], 0) << "nothing for b2 once it is ejected";
    EXPECT_GT(after_ejection["b1"] + after_ejection["b3"], 100);
    EXPECT_GE(failed, 5);
    EXPECT_LE(failed, 10) << "five in a row, and the few in flight as the fifth came back";
    EXPECT_GT(ok, 200);
}

}  // namespace
}  // namespace distlab
