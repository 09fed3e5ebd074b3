// The external role on real processes: distlab-node runs tests/patterns/maelstrom/echo_node.cpp
// (a Maelstrom echo node as users write them) under the echo client, through the lab's fabric.
// A correct node passes; the broken one fails the echo check; each misbehaviour gives its clear
// error and the run still ends normally; kill and restart run the program again; no program
// outlives its run.

#include <gtest/gtest.h>

#include <dirent.h>
#include <unistd.h>

#include <cstdlib>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "tests/support/run_program.h"
#include "tests/support/scratch_dir.h"

namespace distlab {
namespace {

using netlab::EventKind;

// Every running process whose command line holds `marker`.
std::vector<int> processes_with(const std::string& marker) {
    std::vector<int> found;
    DIR* proc = ::opendir("/proc");
    if (!proc)
        return found;
    while (const dirent* entry = ::readdir(proc)) {
        const int pid = std::atoi(entry->d_name);
        if (pid <= 0)
            continue;
        std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        std::string cmdline = text.str();
        std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
        if (cmdline.find(marker) != std::string::npos && cmdline.find(MAELSTROM_ECHO_NODE) != std::string::npos)
            found.push_back(pid);
    }
    ::closedir(proc);
    return found;
}

class ExternalReal : public ::testing::Test {
protected:
    // A lab of one external node n1 running echo_node in `mode`, and an echo client c1.
    std::string scenario(const std::string& mode, const std::string& extra_params = "", const std::string& faults = "",
                         const std::string& duration = "3s") {
        return R"(version: 1
name: external-echo
family: testing
title: { en: "Echo node", zh: "echo 节点" }
summary: { en: "An echo node of one's own.", zh: "自己的 echo 节点。" }
duration: )" + duration + R"(
seed: 3
nodes:
  - id: n1
    role: external
    params: { command: [")" + std::string(MAELSTROM_ECHO_NODE) + R"(", ")" + mode + R"(", ")" + marker_ + R"("], init_timeout: 1s)" +
               extra_params + R"( }
  - { id: c1, role: echo-client, params: { target: n1, rate: 40, stop_at: 2500ms, timeout: 500ms } }
)" + faults + R"(checks:
  - no_violations: true
)";
    }

    netlab::RunOutcome run(const std::string& yaml, bool simulate = false) {
        auto scenario = netlab::load_scenario_text(yaml, "external.yaml", core::RoleRegistry::builtin(),
                                                   netlab::make_check_validator(netlab::CheckRegistry::builtin()));
        if (!scenario) {
            for (const auto& d : scenario.error())
                ADD_FAILURE() << d.str();
            return {};
        }
        netlab::RunRequest request;
        request.scenario = *scenario;
        request.simulate = simulate;
        request.node_binary = DISTLAB_NODE_BINARY;
        request.run_dir = dir_.path().string();
        auto outcome = netlab::run_scenario(request);
        EXPECT_TRUE(outcome) << (outcome ? "" : outcome.error().message);
        // Nothing the run started outlives it.
        EXPECT_TRUE(processes_with(marker_).empty()) << "an echo_node survived its run";
        return outcome ? std::move(*outcome) : netlab::RunOutcome{};
    }

    static int count(const netlab::RunOutcome& o, EventKind kind, std::string_view type = {}, std::string_view node = {}) {
        int n = 0;
        for (const auto& e : o.events)
            if (e.kind == kind && (type.empty() || e.type == type) && (node.empty() || e.node == node))
                ++n;
        return n;
    }
    static bool said(const netlab::RunOutcome& o, std::string_view text) {
        for (const auto& e : o.events)
            if ((e.kind == EventKind::Violation || e.kind == EventKind::Log) && e.data.find(text) != std::string::npos)
                return true;
        return false;
    }

    test_support::ScratchDir dir_{"distlab-external-test"};
    // Marks this test's programs in the process table.
    const std::string marker_ = "distlab-test-" + std::to_string(::getpid()) + "-" +
                                ::testing::UnitTest::GetInstance()->current_test_info()->name();
};

TEST_F(ExternalReal, ACorrectEchoNodePassesThroughTheFabric) {
    const auto o = run(scenario("correct"));
    EXPECT_TRUE(o.passed) << (o.checks.empty() ? "" : o.checks[0].detail);
    EXPECT_GE(count(o, EventKind::OpCompleted, "ok", "c1"), 60);
    EXPECT_EQ(count(o, EventKind::OpCompleted, "info", "c1"), 0);
    EXPECT_EQ(count(o, EventKind::Phase, "ready", "n1"), 1);
    EXPECT_TRUE(said(o, "echo_node: I am n1")) << "stderr is the node's log";
}

TEST_F(ExternalReal, ABrokenEchoNodeFailsTheCheck) {
    const auto o = run(scenario("wrong-echo"));
    EXPECT_FALSE(o.passed);
    EXPECT_TRUE(said(o, "instead of \"Please echo 1\""));
    EXPECT_GE(count(o, EventKind::OpCompleted, "fail", "c1"), 60);
}

TEST_F(ExternalReal, EachMisbehaviourGivesItsClearError) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"not-json", "wrote a line that is not a JSON object on stdout: \"hello, I am not JSON\""},
        {"unknown-dest", "sent a gossip message to n99, which is not a node of this lab: dropped"},
        {"no-init-ok", "did not answer init with init_ok within 1s"},
        {"exit", "exited with code 3 while the run went on"},
        {"huge-line", "a line on stdout longer than 1048576 bytes was dropped"},
    };
    for (const auto& [mode, text] : cases) {
        const auto o = run(scenario(mode));
        EXPECT_FALSE(o.passed) << mode;
        EXPECT_TRUE(said(o, text)) << mode << ": no \"" << text << "\"";
        EXPECT_EQ(count(o, EventKind::RunEnded), 1) << mode;
    }
}

TEST_F(ExternalReal, AProgramThatCannotStartNamesThePathAndTheReason) {
    std::string yaml = scenario("correct");
    const auto at = yaml.find(MAELSTROM_ECHO_NODE);
    yaml.replace(at, std::string(MAELSTROM_ECHO_NODE).size(), "/nonexistent/my-node");
    const auto o = run(yaml);
    EXPECT_FALSE(o.passed);
    EXPECT_TRUE(said(o, "cannot start /nonexistent/my-node")) << "the path";
    EXPECT_TRUE(said(o, "No such file or directory")) << "the reason";
    EXPECT_EQ(count(o, EventKind::Phase, "failed", "n1"), 1);
}

TEST_F(ExternalReal, AFloodIsBoundedAndTheLabLives) {
    const auto o = run(scenario("flood", ", max_lines_per_s: 1000, max_log_lines_per_s: 50"));
    EXPECT_EQ(count(o, EventKind::RunEnded), 1);
    EXPECT_TRUE(said(o, "the rest are dropped and counted (dropped_out)"));
    EXPECT_TRUE(said(o, "the rest are counted, not logged (log_dropped)"));
    EXPECT_LE(count(o, EventKind::Log, {}, "n1"), 50 * 4 + 20);
    EXPECT_GT(count(o, EventKind::OpCompleted, "ok", "c1"), 0) << "the node still answers after its flood";
}

TEST_F(ExternalReal, KillAndRestartRunTheProgramAgainAndClockSkewSaysItDoesNotApply) {
    const auto o = run(scenario("correct", "",
                                "faults:\n  - { at: 800ms, kill: n1 }\n  - { at: 1200ms, restart: n1 }\n"
                                "  - { at: 1500ms, clock_skew: { node: n1, offset: 200ms } }\n"));
    EXPECT_EQ(count(o, EventKind::Phase, "ready", "n1"), 2) << "init_ok from each incarnation";
    EXPECT_TRUE(said(o, "clock skew is not applicable to an external node"));
    // Operations after the restart succeed again.
    std::int64_t last_ok = 0;
    for (const auto& e : o.events)
        if (e.kind == EventKind::OpCompleted && e.type == "ok")
            last_ok = e.t_ns;
    EXPECT_GT(last_ok, 1'300'000'000);
}

TEST_F(ExternalReal, TheSimulatorRefusesExternalNodes) {
    auto scenario_text = scenario("correct");
    auto loaded = netlab::load_scenario_text(scenario_text, "external.yaml", core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    ASSERT_TRUE(loaded);
    netlab::RunRequest request;
    request.scenario = *loaded;
    request.simulate = true;
    const auto outcome = netlab::run_scenario(request);
    ASSERT_FALSE(outcome);
    EXPECT_NE(outcome.error().message.find("external nodes need real processes; run without --sim"), std::string::npos);
}

// `distlab-cli maelstrom test` as Maelstrom users type it: the options become a scenario, which
// runs, is judged and can be saved. A broken node (behind a wrapper script, as --bin takes a
// program without arguments) exits 1; a missing program is invalid input.
TEST_F(ExternalReal, MaelstromTestRunsTheWorkloadOnTheProgram) {
    namespace fs = std::filesystem;
    const std::string cli = (fs::path(DISTLAB_NODE_BINARY).parent_path() / "distlab-cli").string();
    const auto wrapper = [&](const std::string& mode) {
        const fs::path script = dir_.path() / (mode + ".sh");
        std::ofstream(script) << "#!/bin/sh\nexec " << MAELSTROM_ECHO_NODE << " " << mode << " " << marker_ << "\n";
        fs::permissions(script, fs::perms::owner_all);
        return script.string();
    };
    const fs::path saved = dir_.path() / "saved.yaml";
    const auto ok = test_support::run_program(cli, {"maelstrom", "test", "-w", "echo", "--bin", wrapper("correct"),
                                                    "--node-count", "2", "--time-limit", "2", "--rate", "40", "--json",
                                                    "--write-scenario", saved.string()},
                                              dir_.path());
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    const core::Json summary = core::Json::parse(ok.out, nullptr, false);
    ASSERT_TRUE(summary.is_object()) << ok.out;
    EXPECT_EQ(summary["passed"], true);
    EXPECT_GT(summary["stats"]["ops"]["ok"].get<int>(), 40);
    // The saved scenario runs again as a plain file.
    std::ifstream in(saved);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("role: external"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("id: n2"), std::string::npos);
    EXPECT_EQ(test_support::run_program(cli, {"validate", saved.string()}, dir_.path()).exit_code, 0);

    const auto broken = test_support::run_program(
        cli, {"maelstrom", "test", "-w", "echo", "--bin", wrapper("wrong-echo"), "--time-limit", "1"}, dir_.path());
    EXPECT_EQ(broken.exit_code, 1) << broken.err;
    EXPECT_NE(broken.out.find("instead of"), std::string::npos) << broken.out;

    const auto missing =
        test_support::run_program(cli, {"maelstrom", "test", "-w", "echo", "--bin", "/nonexistent/node"}, dir_.path());
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("--bin: /nonexistent/node is not a file"), std::string::npos) << missing.err;
    const auto workload =
        test_support::run_program(cli, {"maelstrom", "test", "-w", "raft", "--bin", wrapper("correct")}, dir_.path());
    EXPECT_EQ(workload.exit_code, 2);
    EXPECT_TRUE(processes_with(marker_).empty());
}

}  // namespace
}  // namespace distlab
