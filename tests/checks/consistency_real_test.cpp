// The consistency checks on a history recorded by real processes: three raft nodes
// (distlab-node over loopback) lose their leader while a writer and a reader run; the reader
// goes on reading after the writer stops, so convergence can be judged too. Raft keeps every
// model, and the run's summary carries the consistency map.

#include <gtest/gtest.h>

#include <string>

#include "tests/support/real_run.h"

namespace distlab::netlab {
namespace {

constexpr const char* kScenario = R"(version: 1
name: consistency-real
family: consensus
title: { en: "Raft under a leader kill, judged by every consistency model", zh: "领导者被杀死的 Raft，用所有一致性模型评判" }
summary: { en: "A writer and a reader against three raft nodes.", zh: "一个写客户端和一个读客户端访问三个 raft 节点。" }
duration: 6s
seed: 4
nodes:
  - { id: n1, role: raft, params: { members: [n1, n2, n3] } }
  - { id: n2, role: raft, params: { members: [n1, n2, n3] } }
  - { id: n3, role: raft, params: { members: [n1, n2, n3] } }
  - { id: w, role: kv-client, params: { targets: [n1, n2, n3], rate: 30, keys: 2, read_ratio: 0.3, timeout: 1s, stop_at: 3500ms } }
  - { id: r, role: kv-client, params: { targets: [n3, n2, n1], rate: 30, keys: 2, read_ratio: 1, timeout: 1s, stop_at: 5800ms } }
faults:
  - { at: 1500ms, kill: leader }
checks:
  - linearizable: kv
  - sequential: kv
  - read_your_writes: kv
  - monotonic_reads: kv
  - monotonic_writes: kv
  - eventually_consistent: { model: kv, within: 1s }
)";

TEST(ConsistencyReal, RaftKeepsEveryModelOnRealProcesses) {
    const auto outcome = test_support::run_real_text(kScenario, "consistency-real.yaml");
    ASSERT_TRUE(outcome);
    ASSERT_EQ(outcome->checks.size(), 6u);
    test_support::expect_checks_pass(outcome->checks);
    const core::Json& map = outcome->summary["stats"]["consistency"];
    ASSERT_TRUE(map.contains("models")) << outcome->summary.dump();
    ASSERT_EQ(map["models"].size(), 6u);
    EXPECT_EQ(map["clients"], 2);
    for (const core::Json& m : map["models"]) {
        // The map judges convergence from 1 s after each key's last write, as the check does.
        EXPECT_EQ(m["verdict"], "pass") << m.dump();
    }
}

}  // namespace
}  // namespace distlab::netlab
