// Maelstrom's workload clients in RoleHarness (each message they send, how they read each kind
// of answer), the topologies as Maelstrom lays them out, and the workload checks on histories
// made by hand: the edge cases the real-process tests cannot aim at.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "core/patterns/maelstrom/workload_client.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "tests/support/role_harness.h"

namespace distlab {
namespace {

using core::Json;
using core::maelstrom::Topology;
using core::maelstrom::topology_of;
using test_support::HarnessSetup;
using test_support::RoleHarness;
using namespace std::chrono_literals;

std::vector<std::string> outcomes(const RoleHarness& h) {
    std::vector<std::string> out;
    for (const auto& op : h.ops())
        if (op.phase != "invoke")
            out.push_back(op.phase);
    return out;
}

TEST(MaelstromTopology, GridLineTreesAndTotal) {
    const std::vector<std::string> five{"n1", "n2", "n3", "n4", "n5"};
    const auto grid = topology_of(Topology::Grid, five);
    // Rows of three: n1 n2 n3 / n4 n5.
    EXPECT_EQ(grid[0].second, (std::vector<std::string>{"n4", "n2"}));
    EXPECT_EQ(grid[4].second, (std::vector<std::string>{"n2", "n4"}));
    EXPECT_EQ(topology_of(Topology::Line, five)[2].second, (std::vector<std::string>{"n2", "n4"}));
    EXPECT_EQ(topology_of(Topology::Tree2, five)[0].second, (std::vector<std::string>{"n2", "n3"}));
    EXPECT_EQ(topology_of(Topology::Tree2, five)[1].second, (std::vector<std::string>{"n1", "n4", "n5"}));
    EXPECT_EQ(topology_of(Topology::Tree4, five)[0].second, (std::vector<std::string>{"n2", "n3", "n4", "n5"}));
    EXPECT_EQ(topology_of(Topology::Tree3, five)[4].second, (std::vector<std::string>{"n2"}));
    EXPECT_EQ(topology_of(Topology::Total, five)[3].second.size(), 4u);
    // Every topology is symmetric.
    for (Topology t : {Topology::Grid, Topology::Line, Topology::Tree2, Topology::Tree3, Topology::Tree4, Topology::Total}) {
        const auto map = topology_of(t, five);
        for (const auto& [node, near] : map)
            for (const auto& other : near) {
                const auto& back = map[static_cast<std::size_t>(std::stoi(other.substr(1)) - 1)].second;
                EXPECT_NE(std::find(back.begin(), back.end(), node), back.end()) << to_string(t) << " " << node << "-" << other;
            }
    }
}

TEST(MaelstromWorkloads, BroadcastClientsShareTheTopologyMessagesAndReadFinally) {
    // Two clients, three servers: c2 (ordinal 1) tells n2 only.
    RoleHarness h(HarnessSetup{.role = "broadcast-client",
                               .params = {{"target", "n2"}, {"rate", 10}, {"arrival", "fixed"}, {"topology", "line"},
                                          {"final_read_at", "1s"}, {"stop_at", "500ms"}},
                               .self = "c2",
                               .peers = {"n1", "n2", "n3", "c1"},
                               .peer_roles = {"external", "external", "external", "broadcast-client"}});
    h.start();
    auto sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "n2");
    EXPECT_EQ(sent[0].body["type"], "topology");
    EXPECT_EQ(sent[0].body["topology"]["n2"], (Json{"n1", "n3"}));
    h.reply_to(sent[0], {{"type", "topology_ok"}, {"in_reply_to", sent[0].body["msg_id"]}});
    h.advance(1200ms);
    sent = h.take_sent();
    ASSERT_FALSE(sent.empty());
    // Broadcast values are unique over the clients: c2's are odd.
    for (const auto& m : sent) {
        if (m.body["type"] == "broadcast") {
            EXPECT_EQ(m.body["message"].get<std::int64_t>() % 2, 1);
        }
    }
    EXPECT_EQ(sent.back().body["type"], "read");
    const bool final_read = std::any_of(h.ops().begin(), h.ops().end(), [](const auto& op) {
        return op.phase == "invoke" && op.f == "read" && op.value.value("final", false);
    });
    EXPECT_TRUE(final_read);
}

TEST(MaelstromWorkloads, ErrorsAreDefiniteOrUnknownAsMaelstromDefinesThem) {
    RoleHarness h(HarnessSetup{.role = "g-counter-client",
                               .params = {{"target", "n1"}, {"rate", 10}, {"arrival", "fixed"}, {"read_ratio", 0.0}},
                               .self = "c1",
                               .peers = {"n1"},
                               .peer_roles = {"external"}});
    h.start();
    const auto answer = [&](Json body) {
        h.advance(100ms);
        auto sent = h.take_sent();
        ASSERT_EQ(sent.size(), 1u);
        EXPECT_EQ(sent[0].body["type"], "add");
        EXPECT_GE(sent[0].body["delta"].get<std::int64_t>(), 1);
        if (!body.contains("in_reply_to"))
            body["in_reply_to"] = sent[0].body["msg_id"];
        h.reply_to(sent[0], std::move(body));
    };
    answer({{"type", "add_ok"}});
    answer({{"type", "error"}, {"code", 11}, {"text", "try later"}});   // temporarily-unavailable: definite
    answer({{"type", "error"}, {"code", 13}});                          // crash: indefinite
    answer({{"type", "error"}, {"code", 1234}});                        // not Maelstrom's: indefinite
    answer({{"type", "add_ok"}, {"in_reply_to", 999}});                 // answers something else
    EXPECT_EQ(outcomes(h), (std::vector<std::string>{"ok", "fail", "info", "info", "info"}));
    EXPECT_EQ(h.ops()[3].value["error"], "temporarily-unavailable: try later");
    EXPECT_EQ(h.ops()[5].value["error"], "crash");
    EXPECT_EQ(h.ops()[7].value["error"], "error 1234");
    EXPECT_EQ(h.ops()[7].value["code"], 1234);
}

TEST(MaelstromWorkloads, LinKvRecordsWhatLinearizableReads) {
    RoleHarness h(HarnessSetup{.role = "lin-kv-client",
                               .params = {{"target", "n1"}, {"rate", 10}, {"arrival", "fixed"}, {"read_ratio", 1.0},
                                          {"key_count", 1}},
                               .self = "c1",
                               .peers = {"n1"},
                               .peer_roles = {"external"}});
    h.start();
    for (const Json& answer : {Json{{"type", "error"}, {"code", 20}}, Json{{"type", "read_ok"}, {"value", 4}}}) {
        h.advance(100ms);
        auto sent = h.take_sent();
        ASSERT_EQ(sent.size(), 1u);
        EXPECT_EQ(sent[0].body["type"], "read");
        EXPECT_EQ(sent[0].body["key"], 0);
        Json body = answer;
        body["in_reply_to"] = sent[0].body["msg_id"];
        h.reply_to(sent[0], body);
    }
    ASSERT_EQ(h.ops().size(), 4u);
    EXPECT_EQ(h.ops()[0].f, "get");
    EXPECT_EQ(h.ops()[0].value["key"], "0");
    EXPECT_EQ(h.ops()[1].phase, "ok");
    EXPECT_TRUE(h.ops()[1].value["value"].is_null());   // key-does-not-exist: the absent value
    EXPECT_EQ(h.ops()[3].value["value"], "4");
}

// ---- the checks on histories made by hand ----

class WorkloadChecks : public ::testing::Test {
protected:
    netlab::CheckResult judge(const std::string& client_role, const std::string& check, std::vector<netlab::Event> events) {
        const std::string yaml = "version: 1\nname: h\nfamily: testing\ntitle: { en: h, zh: h }\nsummary: { en: h, zh: h }\n"
                                 "duration: 5s\nnodes:\n  - { id: n1, role: external, params: { command: [x] } }\n"
                                 "  - { id: c1, role: " + client_role + ", params: { target: n1 } }\n"
                                 "  - { id: c2, role: " + client_role + ", params: { target: n1 } }\n"
                                 "checks:\n  - " + check + "\n";
        auto scenario = netlab::load_scenario_text(yaml, "h.yaml", core::RoleRegistry::builtin(),
                                                   netlab::make_check_validator(netlab::CheckRegistry::builtin()));
        if (!scenario) {
            for (const auto& d : scenario.error())
                ADD_FAILURE() << d.str();
            return {};
        }
        scenario_ = std::make_unique<netlab::Scenario>(std::move(*scenario));
        events_ = std::move(events);
        const auto results = netlab::run_checks(netlab::RunView{*scenario_, events_}, netlab::CheckRegistry::builtin());
        return results.at(0);
    }

    // An operation of `client` from `at` to `at + 10ms`.
    void op(std::vector<netlab::Event>& e, const std::string& client, std::uint64_t id, std::int64_t at_ms,
            const std::string& f, const Json& invoked, const std::string& status, const Json& result) {
        e.push_back({.t_ns = at_ms * 1'000'000, .kind = netlab::EventKind::OpInvoked, .node = client, .msg_id = id, .type = f,
                     .data = invoked.dump()});
        if (!status.empty())
            e.push_back({.t_ns = (at_ms + 10) * 1'000'000, .kind = netlab::EventKind::OpCompleted, .node = client,
                         .msg_id = id, .type = status, .data = result.dump()});
    }

    std::unique_ptr<netlab::Scenario> scenario_;
    std::vector<netlab::Event> events_;
};

TEST_F(WorkloadChecks, UniqueIdsCountsOnlyAcknowledgedIds) {
    std::vector<netlab::Event> e;
    op(e, "c1", 1, 0, "generate", Json::object(), "ok", {{"id", "n1-1"}});
    op(e, "c2", 1, 5, "generate", Json::object(), "info", {{"error", "timeout"}});
    op(e, "c2", 2, 30, "generate", Json::object(), "ok", {{"id", 1}});
    EXPECT_EQ(judge("unique-ids-client", "unique_ids: true", e).verdict, netlab::Verdict::Pass);
    op(e, "c2", 3, 40, "generate", Json::object(), "ok", {{"id", "n1-1"}});
    const auto r = judge("unique-ids-client", "unique_ids: true", e);
    EXPECT_EQ(r.verdict, netlab::Verdict::Fail);
    EXPECT_NE(r.detail.find("\"n1-1\" was generated twice: by c1"), std::string::npos) << r.detail;
    EXPECT_EQ(r.ops.size(), 2u);
}

TEST_F(WorkloadChecks, BroadcastJudgesFinalReadsAndMeasuresStableLatency) {
    std::vector<netlab::Event> e;
    op(e, "c1", 1, 0, "broadcast", {{"value", 0}}, "ok", Json::object());
    op(e, "c2", 1, 0, "broadcast", {{"value", 1}}, "info", {{"error", "timeout"}});   // unknown: may be missing
    op(e, "c2", 2, 100, "read", Json::object(), "ok", {{"value", Json::array()}});
    op(e, "c1", 2, 300, "read", Json::object(), "ok", {{"value", {0}}});
    op(e, "c1", 3, 1000, "read", {{"final", true}}, "ok", {{"value", {0, 1}}});
    op(e, "c2", 3, 1000, "read", {{"final", true}}, "ok", {{"value", {0}}});
    auto r = judge("broadcast-client", "broadcast_delivered: true", e);
    EXPECT_EQ(r.verdict, netlab::Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("stable latency median 300ms, max 300ms"), std::string::npos) << r.detail;
    r = judge("broadcast-client", "broadcast_delivered: {max_stable_latency: 200ms}", e);
    EXPECT_EQ(r.verdict, netlab::Verdict::Fail) << r.detail;
    // An acknowledged message missing from one node's final read: lost.
    op(e, "c2", 4, 400, "broadcast", {{"value", 3}}, "ok", Json::object());
    op(e, "c1", 4, 1000, "read", {{"final", true}}, "ok", {{"value", {0, 3}}});
    r = judge("broadcast-client", "broadcast_delivered: true", e);
    EXPECT_EQ(r.verdict, netlab::Verdict::Fail);
    EXPECT_NE(r.detail.find("message 3"), std::string::npos) << r.detail;
    // A value nobody broadcast.
    std::vector<netlab::Event> invented;
    op(invented, "c1", 1, 0, "broadcast", {{"value", 0}}, "ok", Json::object());
    op(invented, "c1", 2, 500, "read", {{"final", true}}, "ok", {{"value", {0, 42}}});
    r = judge("broadcast-client", "broadcast_delivered: true", invented);
    EXPECT_EQ(r.verdict, netlab::Verdict::Fail);
    EXPECT_NE(r.detail.find("42, which was never broadcast"), std::string::npos) << r.detail;
}

TEST_F(WorkloadChecks, CounterRangeCountsUnknownAdds) {
    const Json g = {{"type", "g-counter"}, {"key", "g-counter"}};
    const auto add = [&](Json v) { Json j = g; j["value"] = std::move(v); return j; };
    Json final_read = g;
    final_read["final"] = true;
    std::vector<netlab::Event> e;
    op(e, "c1", 1, 0, "add", add(2), "ok", Json::object());
    op(e, "c2", 1, 0, "add", add(3), "info", {{"error", "timeout"}});
    op(e, "c2", 2, 0, "add", add(7), "fail", {{"error", "abort"}});
    op(e, "c1", 2, 500, "read", final_read, "ok", {{"value", 5}});
    EXPECT_EQ(judge("g-counter-client", "maelstrom_values_allowed: true", e).verdict, netlab::Verdict::Pass);
    op(e, "c2", 3, 500, "read", final_read, "ok", {{"value", 9}});
    const auto r = judge("g-counter-client", "maelstrom_values_allowed: true", e);
    EXPECT_EQ(r.verdict, netlab::Verdict::Fail);
    EXPECT_NE(r.detail.find("above 5: adds were counted twice"), std::string::npos) << r.detail;
}

TEST_F(WorkloadChecks, StatsBoundsAreOptional) {
    std::vector<netlab::Event> e;
    op(e, "c1", 1, 0, "generate", Json::object(), "ok", {{"id", 1}});
    e.push_back({.t_ns = 1'000'000, .kind = netlab::EventKind::MessageSent, .node = "n1", .peer = "n1", .msg_id = 9});
    e.push_back({.t_ns = 1'000'000, .kind = netlab::EventKind::MessageSent, .node = "c1", .peer = "n1", .msg_id = 1});
    auto r = judge("unique-ids-client", "maelstrom_stats: true", e);
    EXPECT_EQ(r.verdict, netlab::Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("1.00 server-to-server messages per op"), std::string::npos) << r.detail;
    EXPECT_NE(r.detail.find("latency median 10ms"), std::string::npos) << r.detail;
    r = judge("unique-ids-client", "maelstrom_stats: {max_messages_per_op: 0.5, max_latency_max: 5ms}", e);
    EXPECT_EQ(r.verdict, netlab::Verdict::Fail);
    EXPECT_NE(r.detail.find("messages per op above 0.5"), std::string::npos) << r.detail;
    EXPECT_NE(r.detail.find("max latency above 5ms"), std::string::npos) << r.detail;
}

TEST_F(WorkloadChecks, ValuesAllowedNeedsACounterOrSetClient) {
    const std::string yaml = "version: 1\nname: h\nfamily: testing\ntitle: { en: h, zh: h }\nsummary: { en: h, zh: h }\n"
                             "duration: 5s\nnodes:\n  - { id: n1, role: external, params: { command: [x] } }\n"
                             "  - { id: c1, role: unique-ids-client, params: { target: n1 } }\n"
                             "checks:\n  - maelstrom_values_allowed: true\n";
    auto scenario = netlab::load_scenario_text(yaml, "h.yaml", core::RoleRegistry::builtin(),
                                               netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    ASSERT_FALSE(scenario);
    bool said = false;
    for (const auto& d : scenario.error())
        said = said || d.str().find("needs a node running g-set-client") != std::string::npos;
    EXPECT_TRUE(said);
}

}  // namespace
}  // namespace distlab
