// Maelstrom's workloads against nodes written as users write theirs (workload_node.cpp in C++,
// workload_node.py in Python), on real processes through the lab's fabric, with a partition
// cutting n1 off from the other nodes for most of the workload: each correct node passes its
// workload's check, each deliberately broken one fails it (ids that collide, a broadcast that
// forgets what the partition dropped, a counter that double-adds on retry, a kv store that is
// not linearizable), and the CLI maps Maelstrom's options onto the same runs.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "netlab/checks/check.h"
#include "tests/support/real_run.h"
#include "tests/support/run_program.h"
#include "tests/support/scratch_dir.h"

namespace distlab {
namespace {

struct Node {
    std::vector<std::string> command;     // argv up to the workload and variant
};

class WorkloadReal : public ::testing::Test {
protected:
    // Three external nodes running `program WORKLOAD VARIANT`, a client per node, n1 (with its
    // client) cut off from 300 ms to 1200 ms; workload until 1.5 s, final reads at 2.3 s (twice
    // as long for an interpreter).
    std::string scenario(const std::vector<std::string>& program, const std::string& workload, const std::string& variant,
                         const std::string& check, const std::string& client_params = "",
                         const std::string& latency = "0ms", bool slow_start = false) const {
        // An interpreter may take a second to start on a loaded machine: its requests wait (held
        // until init_ok), the workload runs longer so some are answered in time, and the partition
        // comes once the nodes are up.
        const std::string duration = slow_start ? "6100ms" : "2900ms";
        const std::string times = slow_start ? "stop_at: 3s, timeout: 1500ms" : "stop_at: 1500ms, timeout: 500ms";
        std::string command;
        for (const std::string& arg : program)
            command += "\"" + arg + "\", ";
        command += "\"" + workload + "\", \"" + variant + "\", \"" + marker_ + "\"";
        std::string yaml = "version: 1\nname: workload-" + workload +
                           "\nfamily: testing\ntitle: { en: \"w\", zh: \"w\" }\nsummary: { en: \"w\", zh: \"w\" }\n"
                           "duration: " + duration + "\nseed: 5\nnetwork: { preset: ideal, latency: " +
                           latency + " }\nnodes:\n";
        for (int i = 1; i <= 3; ++i)
            yaml += "  - { id: n" + std::to_string(i) + ", role: external, params: { command: [" + command + "] } }\n";
        for (int i = 1; i <= 3; ++i)
            yaml += "  - { id: c" + std::to_string(i) + ", role: " + workload + "-client, params: { target: n" +
                    std::to_string(i) + ", rate: 25, " + times + client_params + " } }\n";
        yaml += std::string("faults:\n  - { at: ") + (slow_start ? "1500ms, until: 2700ms" : "300ms, until: 1200ms") +
                ", partition: [[n1, c1], [n2, n3, c2, c3]] }\n"
                "checks:\n  - " + check + "\n  - no_violations: true\n";
        return yaml;
    }

    netlab::RunOutcome run(const std::string& yaml) {
        return test_support::run_real_text(yaml, "workload.yaml").value_or(netlab::RunOutcome{});
    }

    // The named check's result ("" detail and Unknown when it is missing).
    static netlab::CheckResult result(const netlab::RunOutcome& o, std::string_view name) {
        for (const auto& c : o.checks)
            if (c.name == name)
                return c;
        ADD_FAILURE() << "no check " << name;
        return {};
    }

    static std::string all_details(const netlab::RunOutcome& o) {
        std::string text;
        for (const auto& c : o.checks)
            text += c.name + ": " + std::string(netlab::to_string(c.verdict)) + " " + c.detail + "\n";
        return text;
    }

    void expect_pass(const std::string& yaml) {
        const auto o = run(yaml);
        EXPECT_TRUE(o.passed) << all_details(o);
    }

    // The workload's check fails, with a detail holding `why`.
    void expect_fail(const std::string& yaml, std::string_view check, std::string_view why) {
        const auto o = run(yaml);
        const auto r = result(o, check);
        EXPECT_EQ(r.verdict, netlab::Verdict::Fail) << all_details(o);
        EXPECT_NE(r.detail.find(why), std::string::npos) << r.detail;
        EXPECT_FALSE(r.ops.empty()) << "the failure names the operations involved";
    }

    const std::vector<std::string> cpp_{MAELSTROM_WORKLOAD_NODE};
    const std::vector<std::string> python_{"python3", MAELSTROM_WORKLOAD_NODE_PY};
    test_support::ScratchDir dir_{"distlab-workload-test"};
    const std::string marker_ = "distlab-test-" + std::to_string(::getpid());
};

constexpr const char* kFinalRead = ", final_read_at: 2300ms";

TEST_F(WorkloadReal, UniqueIdsCorrectPasses) {
    expect_pass(scenario(cpp_, "unique-ids", "correct", "unique_ids: true"));
}

TEST_F(WorkloadReal, UniqueIdsThatCollideFail) {
    expect_fail(scenario(cpp_, "unique-ids", "broken", "unique_ids: true"), "unique_ids", "was generated twice");
}

TEST_F(WorkloadReal, BroadcastThatGossipsUntilAcknowledgedPasses) {
    const auto o = run(scenario(cpp_, "broadcast", "correct", "broadcast_delivered: true", std::string(kFinalRead) + ", topology: line"));
    EXPECT_TRUE(o.passed) << all_details(o);
    EXPECT_NE(result(o, "broadcast_delivered").detail.find("stable latency median"), std::string::npos);
}

TEST_F(WorkloadReal, BroadcastThatForgetsUnderPartitionFails) {
    expect_fail(scenario(cpp_, "broadcast", "broken", "broadcast_delivered: true", kFinalRead), "broadcast_delivered",
                "it was lost");
}

TEST_F(WorkloadReal, GSetCorrectPasses) {
    expect_pass(scenario(cpp_, "g-set", "correct", "maelstrom_values_allowed: true", kFinalRead));
}

TEST_F(WorkloadReal, GSetThatForgetsUnderPartitionFails) {
    expect_fail(scenario(cpp_, "g-set", "broken", "maelstrom_values_allowed: true", kFinalRead),
                "maelstrom_values_allowed", "the add was lost");
}

// 30 ms each way: the broken counter resends a delta every 40 ms, before its acknowledgement can
// come back, and the receiver adds every copy.
TEST_F(WorkloadReal, GCounterCorrectPasses) {
    expect_pass(scenario(cpp_, "g-counter", "correct", "maelstrom_values_allowed: true", kFinalRead, "30ms"));
}

TEST_F(WorkloadReal, GCounterThatDoubleAddsOnRetryFails) {
    expect_fail(scenario(cpp_, "g-counter", "broken", "maelstrom_values_allowed: true", kFinalRead, "30ms"),
                "maelstrom_values_allowed", "adds were counted twice");
}

TEST_F(WorkloadReal, PnCounterCorrectPasses) {
    expect_pass(scenario(cpp_, "pn-counter", "correct", "maelstrom_values_allowed: true", kFinalRead, "30ms"));
}

TEST_F(WorkloadReal, PnCounterThatDoubleAddsOnRetryFails) {
    expect_fail(scenario(cpp_, "pn-counter", "broken", "maelstrom_values_allowed: true", kFinalRead, "30ms"),
                "maelstrom_values_allowed", "pn-counter");
}

TEST_F(WorkloadReal, LinKvThroughOneNodePasses) {
    expect_pass(scenario(cpp_, "lin-kv", "correct", "linearizable: kv", ", key_count: 2"));
}

TEST_F(WorkloadReal, LinKvWithAMapPerNodeFails) {
    expect_fail(scenario(cpp_, "lin-kv", "broken", "linearizable: kv", ", key_count: 2"), "linearizable",
                "not linearizable");
}

constexpr const char* kLateFinalRead = ", final_read_at: 4500ms";

bool have_python() { return ::access("/usr/bin/python3", X_OK) == 0; }

TEST_F(WorkloadReal, PythonUniqueIdsCorrectPasses) {
    if (!have_python())
        GTEST_SKIP() << "no python3";
    expect_pass(scenario(python_, "unique-ids", "correct", "unique_ids: true", "", "0ms", true));
}

TEST_F(WorkloadReal, PythonUniqueIdsThatCollideFail) {
    if (!have_python())
        GTEST_SKIP() << "no python3";
    expect_fail(scenario(python_, "unique-ids", "broken", "unique_ids: true", "", "0ms", true), "unique_ids",
                "was generated twice");
}

TEST_F(WorkloadReal, PythonBroadcastCorrectPasses) {
    if (!have_python())
        GTEST_SKIP() << "no python3";
    expect_pass(scenario(python_, "broadcast", "correct", "broadcast_delivered: true", kLateFinalRead, "0ms", true));
}

TEST_F(WorkloadReal, PythonBroadcastThatForgetsFails) {
    if (!have_python())
        GTEST_SKIP() << "no python3";
    expect_fail(scenario(python_, "broadcast", "broken", "broadcast_delivered: true", kLateFinalRead, "0ms", true),
                "broadcast_delivered", "it was lost");
}

// distlab-cli maelstrom test, as Maelstrom users type it: the program runs without arguments
// (here a link named after its workload and variant), the nemesis partitions, and the exit code
// says which node is broken.
TEST_F(WorkloadReal, TheCliTellsTheNodesApartWithAPartitionNemesis) {
    const std::filesystem::path correct = dir_.path() / "broadcast-correct";
    const std::filesystem::path broken = dir_.path() / "broadcast-broken";
    std::filesystem::create_symlink(MAELSTROM_WORKLOAD_NODE, correct);
    std::filesystem::create_symlink(MAELSTROM_WORKLOAD_NODE, broken);
    const auto args = [&](const std::filesystem::path& bin, const std::string& scenario_file) {
        return std::vector<std::string>{"maelstrom", "test", "-w", "broadcast", "--bin", bin.string(), "--node-count", "4",
                                        "--time-limit", "1.6", "--rate", "60", "--latency", "5", "--nemesis", "partition",
                                        "--nemesis-interval", "1", "--topology", "tree2", "--concurrency", "1n",
                                        "--write-scenario", (dir_.path() / scenario_file).string()};
    };
    const auto ok = test_support::run_program(DISTLAB_CLI_BINARY, args(correct, "correct.yaml"), dir_.path());
    EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
    const auto bad = test_support::run_program(DISTLAB_CLI_BINARY, args(broken, "broken.yaml"), dir_.path());
    EXPECT_EQ(bad.exit_code, 1) << bad.out << bad.err;
    EXPECT_NE(bad.out.find("broadcast_delivered"), std::string::npos) << bad.out;
    // The scenario it ran: the nemesis, the latency, the topology, the checks.
    std::ifstream in(dir_.path() / "correct.yaml");
    std::stringstream text;
    text << in.rdbuf();
    for (const char* part : {"partition: majority", "latency: 5ms", "topology: tree2", "broadcast_delivered: true",
                             "maelstrom_stats: true", "heal: all"})
        EXPECT_NE(text.str().find(part), std::string::npos) << part << " in\n" << text.str();
}

TEST_F(WorkloadReal, TheCliRefusesOptionsThatDoNotFit) {
    const std::filesystem::path node = dir_.path() / "lin-kv-correct";
    std::filesystem::create_symlink(MAELSTROM_WORKLOAD_NODE, node);
    const auto run_cli = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"maelstrom", "test", "-w", "g-set", "--bin", node.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return test_support::run_program(DISTLAB_CLI_BINARY, args, dir_.path());
    };
    const auto keys = run_cli({"--key-count", "3"});
    EXPECT_EQ(keys.exit_code, 2);
    EXPECT_NE(keys.err.find("only the lin-kv workload has keys"), std::string::npos) << keys.err;
    const auto concurrency = run_cli({"--concurrency", "two"});
    EXPECT_EQ(concurrency.exit_code, 2);
    EXPECT_NE(concurrency.err.find("--concurrency"), std::string::npos) << concurrency.err;
    const auto topology = run_cli({"--topology", "star"});
    EXPECT_EQ(topology.exit_code, 2);
    const auto dist = run_cli({"--latency-dist", "exponential"});
    EXPECT_EQ(dist.exit_code, 2);
    const auto availability = run_cli({"--availability", "1.5"});
    EXPECT_EQ(availability.exit_code, 2);
    EXPECT_NE(availability.err.find("total"), std::string::npos) << availability.err;
}

}  // namespace
}  // namespace distlab
