// The echo roles: the built-in echo node and the echo workload in RoleHarness, and the shipped
// scenario scenarios/testing/maelstrom-echo.yaml in the simulator over 20 seeds: every echo
// answered outside the partition, the ones inside it unknown, never failed, no violation.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"
#include "tests/support/role_harness.h"

namespace distlab {
namespace {

using core::Json;
using test_support::HarnessSetup;
using test_support::RoleHarness;
using namespace std::chrono_literals;

TEST(EchoRoles, TheServerEchoesAndRefusesWhatIsNotAnEcho) {
    RoleHarness h(HarnessSetup{.role = "echo-server", .self = "n1", .peers = {"c1"}, .peer_roles = {"echo-client"}});
    h.start();
    h.deliver("c1", "echo", {{"type", "echo"}, {"echo", "hi"}, {"msg_id", 4}});
    h.deliver("c1", "read", {{"type", "read"}, {"msg_id", 5}});
    h.deliver("c1", "echo", "not an object");
    const auto sent = h.take_sent();
    ASSERT_EQ(sent.size(), 3u);
    EXPECT_EQ(sent[0].type, "echo_ok");
    EXPECT_EQ(sent[0].body["echo"], "hi");
    EXPECT_EQ(sent[0].body["in_reply_to"], 4);
    EXPECT_EQ(sent[1].type, "error");
    EXPECT_EQ(sent[1].body["code"], 10);
    EXPECT_EQ(sent[1].body["in_reply_to"], 5);
    EXPECT_EQ(sent[2].type, "error");
    EXPECT_EQ(h.violations(), 0u);
}

TEST(EchoRoles, TheClientJudgesEachAnswer) {
    RoleHarness h(HarnessSetup{.role = "echo-client",
                               .params = {{"target", "n1"}, {"rate", 10}, {"arrival", "fixed"}, {"timeout", "500ms"}},
                               .self = "c1",
                               .peers = {"n1"},
                               .peer_roles = {"echo-server"}});
    h.start();
    h.advance(100ms);
    auto sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["type"], "echo");
    const Json asked = sent[0].body;
    // Right: ok.
    h.reply_to(sent[0], {{"type", "echo_ok"}, {"echo", asked["echo"]}, {"in_reply_to", asked["msg_id"]}});
    // Wrong text: failed, and a violation naming it.
    h.advance(100ms);
    sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    h.reply_to(sent[0], {{"type", "echo_ok"}, {"echo", "something else"}, {"in_reply_to", sent[0].body["msg_id"]}});
    // Unreadable (another in_reply_to): unknown.
    h.advance(100ms);
    sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    h.reply_to(sent[0], {{"type", "echo_ok"}, {"echo", sent[0].body["echo"]}, {"in_reply_to", 999}});
    // No answer: unknown after the timeout.
    h.advance(100ms);
    h.take_sent();
    h.advance(600ms);
    std::vector<std::string> outcomes;
    for (const auto& op : h.ops())
        if (op.phase != "invoke")
            outcomes.push_back(op.phase);
    ASSERT_GE(outcomes.size(), 4u);
    EXPECT_EQ(std::vector<std::string>(outcomes.begin(), outcomes.begin() + 4),
              (std::vector<std::string>{"ok", "fail", "info", "info"}));
    EXPECT_EQ(h.violations(), 1u);
    EXPECT_EQ(h.snapshot()["wrong_echoes"], 1);
}

TEST(EchoRoles, TheClosedLoopKeepsItsEchoesOutstanding) {
    RoleHarness h(HarnessSetup{.role = "echo-client",
                               .params = {{"target", "n1"}, {"mode", "closed"}, {"concurrency", 2}, {"timeout", "500ms"}},
                               .self = "c1",
                               .peers = {"n1"},
                               .peer_roles = {"echo-server"}});
    h.start();
    auto sent = h.take_sent();
    ASSERT_EQ(sent.size(), 2u);   // both at once, without an arrival timer
    h.reply_to(sent[0], {{"type", "echo_ok"}, {"echo", sent[0].body["echo"]}, {"in_reply_to", sent[0].body["msg_id"]}});
    sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);   // the answer starts the next echo
    EXPECT_EQ(sent[0].body["echo"], "Please echo 3");
    EXPECT_EQ(h.snapshot()["outstanding"], 2);
}

class Collector final : public netlab::EventSink {
public:
    void on_events(std::span<const netlab::Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<netlab::Event> events;
};

TEST(EchoScenario, EveryEchoIsAnsweredOrUnknownForEverySeed) {
    const auto file = std::filesystem::path(DISTLAB_SOURCE_DIR) / "scenarios" / "testing" / "maelstrom-echo.yaml";
    auto scenario = netlab::load_scenario_file(file.string(), core::RoleRegistry::builtin(),
                                               netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    ASSERT_TRUE(scenario) << scenario.error().front().str();
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        scenario->seed = seed;
        Collector collector;
        netlab::SimRun run(*scenario, core::RoleRegistry::builtin(), std::nullopt);
        run.telemetry().add_sink(collector);
        run.run();
        int ok = 0, info = 0, fail = 0;
        for (const auto& e : collector.events)
            if (e.kind == netlab::EventKind::OpCompleted)
                (e.type == "ok" ? ok : e.type == "info" ? info : fail) += 1;
        // 140 echoes in 7 s, 40 of them sent into the partition: most of the rest answered.
        EXPECT_GT(ok, 60) << "seed " << seed;
        EXPECT_GT(info, 20) << "seed " << seed << ": the partition's echoes are unknown";
        EXPECT_EQ(fail, 0) << "seed " << seed;
        for (const auto& check : netlab::run_checks(netlab::RunView{*scenario, collector.events}, netlab::CheckRegistry::builtin()))
            EXPECT_EQ(check.verdict, netlab::Verdict::Pass) << "seed " << seed << ": " << check.name << ": " << check.detail;
    }
}

}  // namespace
}  // namespace distlab
