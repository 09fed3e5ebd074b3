// The kafka and transactional workloads on real processes: nodes written as users write theirs
// (kafka_node.cpp, txn_node.cpp) run behind the external role, and the checks tell the correct
// node from each broken one: kafka_log names lost and duplicated offsets, txn_serializable names
// G1a for a node that answers an abort but keeps its writes.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "netlab/checks/check.h"
#include "tests/support/real_run.h"
#include "tests/support/run_program.h"
#include "tests/support/scratch_dir.h"

namespace distlab {
namespace {

class KafkaTxnReal : public ::testing::Test {
protected:
    // One node running `program` in `mode`, one client of `client_role` with `client_params`.
    netlab::RunOutcome run(const std::string& program, const std::string& mode, const std::string& client_role,
                           const std::string& client_params, const std::string& check) {
        const std::string yaml = R"(version: 1
name: kafka-txn-real
family: testing
title: { en: "A node of one's own", zh: "自己的节点" }
summary: { en: "A Maelstrom workload on a node of one's own.", zh: "在自己的节点上运行 Maelstrom 工作负载。" }
duration: 2500ms
seed: 4
nodes:
  - { id: n1, role: external, params: { command: [")" + program + R"(", ")" + mode + R"(", "distlab-kafka-txn-test"] } }
  - { id: c1, role: )" + client_role + R"(, params: { target: n1, rate: 80, stop_at: 2s, )" + client_params + R"( } }
checks:
  - no_violations: true
  - )" + check + "\n";
        return test_support::run_real_text(yaml, "kafka-txn.yaml").value_or(netlab::RunOutcome{});
    }

    static const netlab::CheckResult& last_check(const netlab::RunOutcome& o) {
        static const netlab::CheckResult none;
        return o.checks.empty() ? none : o.checks.back();
    }

    test_support::ScratchDir dir_{"distlab-kafka-txn-test"};
};

TEST_F(KafkaTxnReal, KafkaTellsACorrectLogFromLostAndDuplicatedOffsets) {
    const std::string params = "keys: 2, send_ratio: 0.5, commit_ratio: 0.1, list_ratio: 0.05";
    const auto ok = run(KAFKA_NODE, "correct", "kafka-client", params, "kafka_log: true");
    EXPECT_TRUE(ok.passed) << last_check(ok).detail;
    EXPECT_EQ(last_check(ok).verdict, netlab::Verdict::Pass) << last_check(ok).detail;

    const auto lost = run(KAFKA_NODE, "lose", "kafka-client", params, "kafka_log: true");
    EXPECT_EQ(last_check(lost).verdict, netlab::Verdict::Fail);
    EXPECT_NE(last_check(lost).detail.find("lost"), std::string::npos) << last_check(lost).detail;
    EXPECT_FALSE(last_check(lost).ops.empty()) << "the send and the poll are named";
}

TEST_F(KafkaTxnReal, KafkaDuplicatedOffsets) {
    const auto dup = run(KAFKA_NODE, "duplicate", "kafka-client", "keys: 2", "kafka_log: true");
    EXPECT_EQ(last_check(dup).verdict, netlab::Verdict::Fail);
    EXPECT_NE(last_check(dup).detail.find("duplicated"), std::string::npos) << last_check(dup).detail;
    EXPECT_NE(last_check(dup).detail.find("holds two messages"), std::string::npos) << last_check(dup).detail;
}

TEST_F(KafkaTxnReal, TransactionsOfACorrectNodeAreSerializable) {
    const auto rw = run(TXN_NODE, "correct", "txn-rw-register-client", "keys: 3, max_txn_length: 4",
                        "txn_serializable: rw-register");
    EXPECT_TRUE(rw.passed) << last_check(rw).detail;
    EXPECT_EQ(last_check(rw).verdict, netlab::Verdict::Pass) << last_check(rw).detail;
    const auto append = run(TXN_NODE, "correct", "txn-list-append-client", "keys: 3, max_txn_length: 4",
                            "txn_serializable: list-append");
    EXPECT_EQ(last_check(append).verdict, netlab::Verdict::Pass) << last_check(append).detail;
}

TEST_F(KafkaTxnReal, ANodeThatKeepsAbortedWritesShowsG1a) {
    const auto o = run(TXN_NODE, "dirty-abort", "txn-list-append-client", "keys: 2, max_txn_length: 3",
                       "txn_serializable: list-append");
    EXPECT_FALSE(o.passed);
    EXPECT_EQ(last_check(o).verdict, netlab::Verdict::Fail);
    EXPECT_NE(last_check(o).detail.find("G1a (aborted read)"), std::string::npos) << last_check(o).detail;
    EXPECT_GE(last_check(o).ops.size(), 2u) << "the reader and the failed writer are named";
}

// As Maelstrom users type it: the workload's check is added, and the services run beside the nodes.
TEST_F(KafkaTxnReal, MaelstromTestRunsKafkaAndTransactions) {
    namespace fs = std::filesystem;
    const std::string cli = (fs::path(DISTLAB_NODE_BINARY).parent_path() / "distlab-cli").string();
    const auto wrapper = [&](const std::string& program, const std::string& mode) {
        const fs::path script = dir_.path() / (mode + ".sh");
        std::ofstream(script) << "#!/bin/sh\nexec " << program << " " << mode << " distlab-kafka-txn-test\n";
        fs::permissions(script, fs::perms::owner_all);
        return script.string();
    };
    const auto kafka = test_support::run_program(
        cli, {"maelstrom", "test", "-w", "kafka", "--bin", wrapper(KAFKA_NODE, "correct"), "--time-limit", "1", "--rate", "40"},
        dir_.path());
    EXPECT_EQ(kafka.exit_code, 0) << kafka.out << kafka.err;
    EXPECT_NE(kafka.out.find("kafka_log"), std::string::npos) << kafka.out;
    const auto dirty = test_support::run_program(cli, {"maelstrom", "test", "-w", "txn-list-append", "--bin",
                                                       wrapper(TXN_NODE, "dirty-abort"), "--time-limit", "1", "--rate", "60"},
                                                 dir_.path());
    EXPECT_EQ(dirty.exit_code, 1) << dirty.out << dirty.err;
    EXPECT_NE(dirty.out.find("G1a (aborted read)"), std::string::npos) << dirty.out;
}

}  // namespace
}  // namespace distlab
