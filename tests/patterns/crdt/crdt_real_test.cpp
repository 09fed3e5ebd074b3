// CRDT replicas as real distlab-node processes over loopback: two regions count on both sides of
// a partition, one replica is killed and restarted from its data directory, and after the heal
// both replicas agree and every final read lies within what the acknowledged increments allow.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/support/real_run.h"
#include "tests/support/shipped_sim.h"

namespace distlab {
namespace {

using core::Json;
using netlab::EventKind;

constexpr const char* kScenario = R"(version: 1
name: crdt-real
family: replication
title: { en: "CRDT counters on real processes", zh: "真实进程上的 CRDT 计数器" }
summary: { en: "Both sides count through a partition and a restart.", zh: "分区与重启期间两侧都在计数。" }
duration: 6500ms
seed: 9
nodes:
  - { id: r1, role: crdt-replica, params: { replicas: [r1, r2], gossip_interval: 50ms, full_state_every: 4 } }
  - { id: r2, role: crdt-replica, params: { replicas: [r1, r2], gossip_interval: 50ms, full_state_every: 4 } }
  - { id: c1, role: crdt-client, params: { replica: r1, type: pn-counter, key: n, rate: 40, read_ratio: 0.1, stop_at: 4500ms, final_read_at: 6s, timeout: 300ms } }
  - { id: c2, role: crdt-client, params: { replica: r2, type: pn-counter, key: n, rate: 40, read_ratio: 0.1, stop_at: 4500ms, final_read_at: 6s, timeout: 300ms } }
links: full
faults:
  - { at: 1500ms, until: 3s, partition: [[r1, c1], [r2, c2]] }
  - { at: 3500ms, kill: r2 }
  - { at: 4s, restart: r2 }
checks:
  - no_violations: true
  - crdt_converged: { within: 1s, after: start }
  - crdt_values_allowed: true
)";

TEST(CrdtReal, CountersConvergeThroughAPartitionAndARestart) {
    const auto outcome = test_support::run_real_text(kScenario, "crdt-real.yaml");
    ASSERT_TRUE(outcome);
    test_support::expect_checks_pass(outcome->checks);

    // Both final reads agree, and r2 came back with what it had counted before it died.
    std::map<std::string, Json> final_reads = test_support::final_reads(outcome->events);
    int restarts = 0;
    for (const auto& e : outcome->events) {
        if (e.kind == EventKind::Log && e.node == "r2" && e.data.find("restarted with 1 object from disk") != std::string::npos)
            ++restarts;
    }
    ASSERT_EQ(final_reads.size(), 2u);
    EXPECT_EQ(final_reads["c1"], final_reads["c2"]);
    EXPECT_EQ(restarts, 1);
}

}  // namespace
}  // namespace distlab
