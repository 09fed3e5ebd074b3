#include "netlab/scenario/loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "netlab/scenario/scenario_writer.h"
#include "scenario_test_support.h"

namespace distlab::netlab {
namespace {

using namespace std::chrono_literals;
using testing::kSpecExample;

// Ten lines; a body appended to it starts on line 11.
constexpr std::string_view kHeader = R"(version: 1
name: t
family: testing
title: { en: "T", zh: "T" }
summary: { en: "S", zh: "S" }
duration: 10s
nodes:
  - { id: n1, role: raft }
  - { id: n2, role: raft }
  - { id: n3, role: server }
)";

std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
    std::string out(text);
    const auto at = out.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos)
        out.replace(at, from.size(), to);
    return out;
}

std::string with_body(std::string_view body) { return std::string(kHeader) + std::string(body); }

// "LINE:COLUMN" of the first occurrence of `needle` in `text`, counted independently of yaml-cpp.
std::string where(std::string_view text, std::string_view needle, std::size_t occurrence = 0) {
    std::size_t at = text.find(needle);
    for (std::size_t i = 0; i < occurrence && at != std::string_view::npos; ++i)
        at = text.find(needle, at + 1);
    EXPECT_NE(at, std::string_view::npos) << needle;
    const std::string_view before = text.substr(0, at);
    const auto line = std::count(before.begin(), before.end(), '\n') + 1;
    const auto line_start = before.rfind('\n');
    const auto column = line_start == std::string_view::npos ? at + 1 : at - line_start;
    return std::to_string(line) + ":" + std::to_string(column);
}

class ScenarioLoaderTest : public ::testing::Test {
protected:
    std::expected<Scenario, std::vector<Diagnostic>> load(std::string_view text) {
        return load_scenario_text(text, "t.yaml", roles_, checks_);
    }

    // Every diagnostic as printed; empty when the file loads.
    std::vector<std::string> problems(std::string_view text) {
        auto result = load(text);
        std::vector<std::string> out;
        if (!result)
            for (const auto& d : result.error())
                out.push_back(d.str());
        return out;
    }

    // The single problem of `text`; fails the test when there is not exactly one.
    std::string problem(std::string_view text) {
        auto all = problems(text);
        EXPECT_EQ(all.size(), 1u) << ::testing::PrintToString(all);
        return all.empty() ? std::string() : all.front();
    }

    core::RoleRegistry roles_ = testing::test_roles();
    CheckValidator checks_ = testing::test_checks();
};

TEST_F(ScenarioLoaderTest, SpecExampleLoadsWithEveryField) {
    auto result = load(kSpecExample);
    ASSERT_TRUE(result.has_value()) << ::testing::PrintToString(problems(kSpecExample));
    const Scenario& s = *result;
    EXPECT_EQ(s.version, 1);
    EXPECT_EQ(s.name, "raft-leader-failover");
    EXPECT_EQ(s.family, "consensus");
    EXPECT_EQ(s.title.en, "Raft: leader failover");
    EXPECT_EQ(s.title.zh, "Raft：领导者故障转移");
    EXPECT_EQ(s.summary.en, "Kill the leader and watch a new term begin.");
    EXPECT_EQ(s.summary.zh, "杀死领导者，观察新任期的开始。");
    EXPECT_EQ(s.duration, 20s);
    EXPECT_EQ(s.seed, 42u);
    EXPECT_EQ(s.time_scale, 1.0);
    EXPECT_EQ(s.file, "t.yaml");

    EXPECT_EQ(s.network.preset, "lan");
    EXPECT_EQ(s.network.defaults.latency, 2ms);
    EXPECT_EQ(s.network.defaults.jitter, 1ms);
    EXPECT_EQ(s.network.defaults.loss, 0.0);

    ASSERT_EQ(s.nodes.size(), 4u);
    EXPECT_EQ(s.node_ids(), (std::vector<NodeId>{"n1", "n2", "n3", "c1"}));
    const NodeSpec& n1 = s.nodes[0];
    EXPECT_EQ(n1.role, "raft");
    EXPECT_EQ(n1.params, core::Json::parse(R"({"election_timeout": ["150ms", "300ms"], "heartbeat": "50ms"})"));
    EXPECT_EQ(n1.resolved.get_duration("heartbeat"), 50ms);
    EXPECT_EQ(n1.resolved.get_duration_range("election_timeout"), std::pair(core::Duration(150ms), core::Duration(300ms)));
    ASSERT_TRUE(n1.at.has_value());
    EXPECT_EQ(*n1.at, (std::array<double, 2>{120, 80}));
    EXPECT_EQ(std::to_string(n1.pos.line) + ":" + std::to_string(n1.pos.column), where(kSpecExample, "id: n1"));
    EXPECT_FALSE(s.nodes[1].at.has_value());
    EXPECT_EQ(s.nodes[1].resolved.get_duration("heartbeat"), 50ms);   // the default
    const NodeSpec* c1 = s.find_node("c1");
    ASSERT_NE(c1, nullptr);
    EXPECT_EQ(c1->role, "kv-client");
    EXPECT_EQ(c1->resolved.get_nodes("targets"), (std::vector<NodeId>{"n1", "n2", "n3"}));
    EXPECT_EQ(c1->resolved.get_int("rate"), 50);
    EXPECT_EQ(c1->resolved.get_int("keys"), 5);
    EXPECT_EQ(c1->resolved.get_number("read_ratio"), 0.5);
    EXPECT_EQ(s.find_node("n9"), nullptr);

    EXPECT_TRUE(s.full_mesh);
    EXPECT_TRUE(s.links.empty());

    // Sorted by `at`; the three faults at 4s keep their file order.
    ASSERT_EQ(s.faults.size(), 13u);
    std::vector<std::string> order;
    for (const auto& f : s.faults)
        order.push_back(core::format_duration(f.at) + " " + std::string(to_string(f.kind)));
    EXPECT_EQ(order, (std::vector<std::string>{"2s loss", "3s latency", "4s duplicate", "4s reorder",
                                               "4s clock_skew", "5s kill", "7s pause", "8s resume", "9s restart",
                                               "12s partition", "14s partition", "15s partition", "16s heal"}));
    const FaultSpec& loss = s.faults[0];
    EXPECT_EQ(loss.until, core::Duration(4s));
    EXPECT_TRUE(loss.link.both_ways);
    EXPECT_EQ(loss.link.from.ids, std::vector<NodeId>{"n2"});
    EXPECT_EQ(loss.link.to.ids, std::vector<NodeId>{"n3"});
    EXPECT_EQ(loss.rate, 0.2);
    EXPECT_EQ(std::to_string(loss.pos.line) + ":" + std::to_string(loss.pos.column),
              where(kSpecExample, "{ at: 2s, until: 4s, loss"));
    const FaultSpec& latency = s.faults[1];
    EXPECT_EQ(latency.until, core::Duration(6s));
    EXPECT_FALSE(latency.link.both_ways);
    EXPECT_EQ(latency.link.from.ids, std::vector<NodeId>{"n1"});
    EXPECT_EQ(latency.link.to.kind, NodeSelector::Kind::All);
    EXPECT_EQ(latency.add, 100ms);
    EXPECT_EQ(latency.jitter, 10ms);
    const FaultSpec& duplicate = s.faults[2];
    EXPECT_EQ(duplicate.link.from.kind, NodeSelector::Kind::All);
    EXPECT_EQ(duplicate.link.to.ids, std::vector<NodeId>{"n3"});
    EXPECT_EQ(duplicate.rate, 0.1);
    EXPECT_FALSE(duplicate.until.has_value());
    const FaultSpec& reorder = s.faults[3];
    EXPECT_EQ(reorder.link.from.kind, NodeSelector::Kind::All);
    EXPECT_EQ(reorder.link.to.ids, std::vector<NodeId>{"n2"});
    EXPECT_EQ(reorder.window, 20ms);
    const FaultSpec& skew = s.faults[4];
    EXPECT_EQ(skew.nodes.ids, std::vector<NodeId>{"n3"});
    EXPECT_EQ(skew.offset, 500ms);
    EXPECT_EQ(skew.drift, 0.0);
    EXPECT_EQ(s.faults[5].nodes.kind, NodeSelector::Kind::Leader);
    EXPECT_EQ(s.faults[6].nodes.ids, std::vector<NodeId>{"n2"});
    EXPECT_EQ(s.faults[7].nodes.ids, std::vector<NodeId>{"n2"});
    EXPECT_EQ(s.faults[8].nodes.ids, std::vector<NodeId>{"n1"});
    const PartitionSpec& groups = s.faults[9].partition;
    EXPECT_EQ(groups.kind, PartitionSpec::Kind::Groups);
    EXPECT_EQ(groups.groups, (std::vector<std::vector<NodeId>>{{"n1"}, {"n2", "n3", "c1"}}));
    const PartitionSpec& one_way = s.faults[10].partition;
    EXPECT_EQ(one_way.kind, PartitionSpec::Kind::OneWay);
    EXPECT_EQ(one_way.from.ids, std::vector<NodeId>{"n1"});
    EXPECT_EQ(one_way.to.ids, std::vector<NodeId>{"n2"});
    EXPECT_EQ(s.faults[11].partition.kind, PartitionSpec::Kind::Grudge);
    EXPECT_EQ(s.faults[11].partition.grudge, "majority");
    EXPECT_EQ(s.faults[12].nodes.kind, NodeSelector::Kind::All);

    ASSERT_EQ(s.steps.size(), 3u);
    EXPECT_EQ(s.steps[0].at, core::Duration(0s));
    EXPECT_EQ(s.steps[0].say.en, "Three nodes start as followers.");
    EXPECT_EQ(s.steps[0].say.zh, "三个节点以跟随者身份启动。");
    EXPECT_FALSE(s.steps[0].pause);
    EXPECT_EQ(s.steps[1].at, core::Duration(5s));
    EXPECT_TRUE(s.steps[1].pause);
    EXPECT_FALSE(s.steps[2].at.has_value());
    ASSERT_TRUE(s.steps[2].when.has_value());
    EXPECT_FALSE(s.steps[2].when->node.has_value());
    EXPECT_EQ(s.steps[2].when->state, core::Json::parse(R"({"role": "candidate"})"));

    ASSERT_EQ(s.checks.size(), 3u);
    EXPECT_EQ(s.checks[0].name, "linearizable");
    EXPECT_EQ(s.checks[0].args, "kv");
    EXPECT_EQ(s.checks[1].name, "leader_elected");
    EXPECT_EQ(s.checks[1].args, core::Json::parse(R"({"within": "2s", "after": "last_fault"})"));
    EXPECT_EQ(s.checks[2].args, true);
    EXPECT_EQ(std::to_string(s.checks[2].pos.line) + ":" + std::to_string(s.checks[2].pos.column),
              where(kSpecExample, "single_leader_per_term: true"));
}

TEST_F(ScenarioLoaderTest, OptionalKeysHaveDefaults) {
    auto s = load(kHeader);
    ASSERT_TRUE(s.has_value()) << ::testing::PrintToString(problems(kHeader));
    EXPECT_EQ(s->seed, 1u);
    EXPECT_EQ(s->time_scale, 1.0);
    EXPECT_EQ(s->network.preset, "lan");
    EXPECT_EQ(s->network.defaults, *network_preset("lan"));
    EXPECT_TRUE(s->full_mesh);
    EXPECT_TRUE(s->faults.empty());
    EXPECT_TRUE(s->steps.empty());
    EXPECT_TRUE(s->checks.empty());
}

TEST(ScenarioNetworkPreset, ValuesMatchTheFormat) {
    EXPECT_EQ(network_preset_names(), (std::vector<std::string>{"ideal", "lan", "wan", "teaching"}));
    EXPECT_EQ(network_preset("ideal"), LinkParams{});
    const LinkParams lan = *network_preset("lan");
    EXPECT_EQ(lan.latency, 1ms);
    EXPECT_EQ(lan.jitter, 500us);
    const LinkParams wan = *network_preset("wan");
    EXPECT_EQ(wan.latency, 50ms);
    EXPECT_EQ(wan.jitter, 10ms);
    const LinkParams teaching = *network_preset("teaching");
    EXPECT_EQ(teaching.latency, 20ms);
    EXPECT_EQ(teaching.jitter, 0ms);
    for (const auto& name : network_preset_names()) {
        EXPECT_EQ(network_preset(name)->loss, 0.0) << name;
        EXPECT_EQ(network_preset(name)->bandwidth_bytes_per_s, 0u) << name;
    }
    EXPECT_FALSE(network_preset("lan2").has_value());
}

TEST_F(ScenarioLoaderTest, NetworkKeysOverrideThePreset) {
    auto s = load(with_body("network: { preset: wan, jitter: 2ms, loss: 0.05, duplicate: 0.01, reorder: 5ms, "
                            "bandwidth: 10MB/s }\n"));
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->network.preset, "wan");
    const LinkParams& d = s->network.defaults;
    EXPECT_EQ(d.latency, 50ms);                 // from the preset
    EXPECT_EQ(d.jitter, 2ms);
    EXPECT_EQ(d.loss, 0.05);
    EXPECT_EQ(d.duplicate, 0.01);
    EXPECT_EQ(d.reorder_window, 5ms);
    EXPECT_EQ(d.bandwidth_bytes_per_s, 10'000'000u);
}

TEST_F(ScenarioLoaderTest, NetworkWithoutPresetStartsFromLan) {
    auto s = load(with_body("network: { latency: 3ms }\n"));
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->network.preset, "lan");
    EXPECT_EQ(s->network.defaults.latency, 3ms);
    EXPECT_EQ(s->network.defaults.jitter, 500us);
}

TEST_F(ScenarioLoaderTest, BandwidthUnits) {
    const std::pair<std::string, std::uint64_t> cases[] = {
        {"0", 0},           {"1250", 1250},         {"500B/s", 500},          {"2kB/s", 2000},
        {"2KB/s", 2000},    {"1.5MB/s", 1'500'000}, {"1GB/s", 1'000'000'000}, {"1KiB/s", 1024},
        {"1MiB/s", 1 << 20}, {"8bit/s", 1},          {"1Mbit/s", 125'000},     {"10 Mbit/s", 1'250'000},
    };
    for (const auto& [written, bytes] : cases) {
        auto s = load(with_body("network: { bandwidth: " + written + " }\n"));
        ASSERT_TRUE(s.has_value()) << written << ": " << ::testing::PrintToString(problems(with_body(
            "network: { bandwidth: " + written + " }\n")));
        EXPECT_EQ(s->network.defaults.bandwidth_bytes_per_s, bytes) << written;
    }
    const std::string bad = with_body("network: { bandwidth: 10 megabytes }\n");
    EXPECT_EQ(problem(bad), "t.yaml:" + where(bad, "10 mega") +
                                ": error: network.bandwidth: expected a bandwidth in bytes per second (an integer) "
                                "or a rate such as \"10MB/s\" or \"1Mbit/s\", got \"10 megabytes\"");
}

TEST_F(ScenarioLoaderTest, TimeUnits) {
    const std::pair<std::string, core::Duration> cases[] = {
        {"150ms", 150ms}, {"2s", 2s}, {"1m", 1min}, {"250us", 250us}, {"1.5s", 1500ms}, {"150", 150ms},
    };
    for (const auto& [written, expected] : cases) {
        auto s = load(replaced(kHeader, "duration: 10s", "duration: " + written));
        ASSERT_TRUE(s.has_value()) << written;
        EXPECT_EQ(s->duration, expected) << written;
    }
    auto s = load(with_body("faults:\n  - { at: 1500, kill: n1 }\n  - { at: 2s, until: 2500ms, pause: n2 }\n"));
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->faults[0].at, 1500ms);
    EXPECT_EQ(s->faults[1].until, core::Duration(2500ms));
}

TEST_F(ScenarioLoaderTest, DurationWithoutUnit) {
    const std::string quoted = replaced(kHeader, "duration: 10s", "duration: \"150\"");
    EXPECT_EQ(problem(quoted), "t.yaml:6:11: error: duration: expected a duration with a unit (ms, s, m), got \"150\"");
    const std::string fraction = replaced(kHeader, "duration: 10s", "duration: 1.5");
    EXPECT_EQ(problem(fraction), "t.yaml:6:11: error: duration: expected a duration with a unit (ms, s, m), got 1.5");
    const std::string hours = replaced(kHeader, "duration: 10s", "duration: 2h");
    EXPECT_EQ(problem(hours), "t.yaml:6:11: error: duration: expected a duration with a unit (ms, s, m), got \"2h\"");
}

TEST_F(ScenarioLoaderTest, ParamDurationWithoutUnit) {
    const std::string text = replaced(kHeader, "{ id: n1, role: raft }",
                                      "{ id: n1, role: raft, params: { heartbeat: \"150\" } }");
    EXPECT_EQ(problem(text), "t.yaml:" + where(text, "\"150\"") +
                                 ": error: nodes[0].params.heartbeat: expected a duration with a unit (ms, s, m), "
                                 "got \"150\"");
}

TEST_F(ScenarioLoaderTest, ParamOutOfRange) {
    const std::string text = replaced(kHeader, "  - { id: n2, role: raft }\n",
                                      "  - id: n2\n    role: raft\n    params:\n      heartbeat: 5s\n");
    EXPECT_EQ(problem(text), "t.yaml:12:18: error: nodes[1].params.heartbeat: must be between 1ms and 1s, got 5s");
}

TEST_F(ScenarioLoaderTest, UnknownParamPointsAtItsKey) {
    const std::string text = replaced(kHeader, "{ id: n1, role: raft }",
                                      "{ id: n1, role: raft, params: { heartbaet: 50ms } }");
    EXPECT_EQ(problem(text), "t.yaml:" + where(text, "heartbaet") +
                                 ": error: nodes[0].params.heartbaet: unknown parameter (known: election_timeout, "
                                 "heartbeat)");
}

TEST_F(ScenarioLoaderTest, ParamNamingAnUndeclaredNode) {
    const std::string text = with_body("  - { id: c1, role: kv-client, params: { targets: [n1, n9] } }\n");
    EXPECT_EQ(problem(text), "t.yaml:" + where(text, "[n1, n9]") +
                                 ": error: nodes[3].params.targets: node \"n9\" is not declared (declared: n1, n2, "
                                 "n3, c1)");
}

TEST_F(ScenarioLoaderTest, UnknownRoleListsTheKnownOnes) {
    const std::string text = replaced(kHeader, "{ id: n3, role: server }", "{ id: n3, role: raftt }");
    EXPECT_EQ(problem(text),
              "t.yaml:10:21: error: nodes[2].role: unknown role \"raftt\"; known roles: kv-client, raft, server");
}

TEST_F(ScenarioLoaderTest, DuplicateNodeId) {
    const std::string text = replaced(kHeader, "{ id: n2, role: raft }", "{ id: n1, role: raft }");
    EXPECT_EQ(problem(text), "t.yaml:9:11: error: nodes[1].id: duplicate id \"n1\" (first declared at line 8)");
}

TEST_F(ScenarioLoaderTest, MalformedAndReservedNodeIds) {
    const std::string upper = replaced(kHeader, "{ id: n2, role: raft }", "{ id: N2, role: raft }");
    EXPECT_EQ(problem(upper), "t.yaml:9:11: error: nodes[1].id: expected an id of a lowercase letter then letters, "
                              "digits, '_' or '-' ([a-z][a-z0-9_-]*), got \"N2\"");
    const std::string reserved = replaced(kHeader, "{ id: n2, role: raft }", "{ id: leader, role: raft }");
    EXPECT_EQ(problem(reserved), "t.yaml:9:11: error: nodes[1].id: \"leader\" is reserved (all, any, lab, leader, random "
                                 "select nodes); choose another id");
}

TEST_F(ScenarioLoaderTest, NodeLabelsAreReadAndCheckedByName) {
    const std::string text = replaced(kHeader, "{ id: n2, role: raft }", "{ id: n2, role: raft, labels: { zone: z1, rack: 3 } }");
    auto s = load(text);
    ASSERT_TRUE(s.has_value()) << ::testing::PrintToString(problems(text));
    EXPECT_EQ(s->nodes[1].labels, (core::Labels{{"rack", "3"}, {"zone", "z1"}}));
    EXPECT_TRUE(s->nodes[0].labels.empty());
    const std::string bad_name = replaced(kHeader, "{ id: n2, role: raft }", "{ id: n2, role: raft, labels: { Zone: z1 } }");
    EXPECT_EQ(problem(bad_name), "t.yaml:9:37: error: nodes[1].labels.Zone: a label name is a lowercase letter then "
                                 "letters, digits, '_' or '-', got \"Zone\"");
    const std::string bad_value = replaced(kHeader, "{ id: n2, role: raft }", "{ id: n2, role: raft, labels: { zone: [a, b] } }");
    EXPECT_EQ(problem(bad_value), "t.yaml:9:43: error: nodes[1].labels.zone: a label value is non-empty text or an "
                                  "integer, got [\"a\",\"b\"]");
    const std::string twice = replaced(kHeader, "{ id: n2, role: raft }", "{ id: n2, role: raft, labels: { zone: z1, zone: z2 } }");
    EXPECT_EQ(problem(twice), "t.yaml:9:47: error: nodes[1].labels.zone: the label is given twice");
    const std::string not_a_map = replaced(kHeader, "{ id: n2, role: raft }", "{ id: n2, role: raft, labels: z1 }");
    EXPECT_NE(problem(not_a_map).find("nodes[1].labels: expected a mapping of label names to values"), std::string::npos);
}

TEST_F(ScenarioLoaderTest, UnknownTopLevelKey) {
    EXPECT_EQ(problem(with_body("durration: 5s\n")),
              "t.yaml:11:1: error: unknown key \"durration\" at top level; expected one of: version, name, family, "
              "title, summary, duration, seed, time_scale, network, nodes, links, faults, steps, checks");
}

TEST_F(ScenarioLoaderTest, UnknownNestedKeyAndMissingRequiredKey) {
    const std::string text = replaced(kHeader, "{ id: n2, role: raft }", "{ id: n2, rol: raft }");
    EXPECT_EQ(problems(text), (std::vector<std::string>{
                                  "t.yaml:9:5: error: nodes[1]: missing required key \"role\"",
                                  "t.yaml:9:15: error: nodes[1]: unknown key \"rol\"; expected one of: id, role, "
                                  "params, at, labels",
                              }));
    const std::string no_nodes = "version: 1\nname: t\n";
    EXPECT_EQ(problem(no_nodes), "t.yaml:1:1: error: missing required key \"nodes\" at top level");
}

// A user's scenario needs only version, name and nodes: family custom, the name for a title, no
// summary; one language is enough wherever a text is (the both-languages rule is for shipped
// scenarios: tests/sim/shipped_scenarios_test).
TEST_F(ScenarioLoaderTest, AMinimalScenarioNeedsOnlyVersionNameAndNodes) {
    const auto s = load("version: 1\nname: mine\nnodes:\n  - { id: s1, role: server }\n");
    ASSERT_TRUE(s) << problem("version: 1\nname: mine\nnodes:\n  - { id: s1, role: server }\n");
    EXPECT_EQ(s->family, "custom");
    EXPECT_EQ(s->title.en, "mine");
    EXPECT_EQ(s->title.in("zh"), "mine");
    EXPECT_TRUE(s->summary.empty());
    EXPECT_TRUE(s->full_mesh);
    ASSERT_EQ(s->nodes.size(), 1u);

    const auto one = load(with_body("steps:\n  - { at: 1s, say: { zh: 只有中文 } }\n  - { at: 2s, say: plain text }\n"));
    ASSERT_TRUE(one);
    ASSERT_EQ(one->steps.size(), 2u);
    EXPECT_EQ(one->steps[0].say.in("en"), "只有中文");
    EXPECT_EQ(one->steps[1].say.en, "plain text");
    const auto titled = load("version: 1\nname: mine\ntitle: { zh: 我的实验 }\nsummary: Mine.\nfamily: custom\n"
                             "nodes:\n  - { id: s1, role: server }\n");
    ASSERT_TRUE(titled);
    EXPECT_EQ(titled->title.in("en"), "我的实验");
    EXPECT_EQ(titled->summary.en, "Mine.");

    // What the writer makes of it loads back the same.
    const std::string written = write_scenario(*s);
    EXPECT_EQ(written.find("summary"), std::string::npos) << written;
    const auto again = load(written);
    ASSERT_TRUE(again) << written;
    EXPECT_EQ(again->title, s->title);
    EXPECT_EQ(again->family, "custom");
}

TEST_F(ScenarioLoaderTest, DuplicateKey) {
    EXPECT_EQ(problem(with_body("seed: 1\nseed: 2\n")),
              "t.yaml:12:1: error: duplicate key \"seed\" at top level (first at line 11)");
}

TEST_F(ScenarioLoaderTest, TopLevelValues) {
    EXPECT_EQ(problem(replaced(kHeader, "version: 1", "version: 2")),
              "t.yaml:1:10: error: version: unsupported version 2; this program reads version 1");
    EXPECT_EQ(problem(replaced(kHeader, "name: t", "name: Bad_Name")),
              "t.yaml:2:7: error: name: expected a name of lowercase letters, digits and '-' ([a-z0-9-]+), got "
              "\"Bad_Name\"");
    EXPECT_EQ(problem(replaced(kHeader, "family: testing", "family: games")),
              "t.yaml:3:9: error: family: unknown family \"games\"; expected one of: communication, replication, "
              "consensus, partitioning, resilience, transactions, caching, discovery, scheduling, testing, theory, cases, "
              "custom");
    EXPECT_EQ(problem(replaced(kHeader, "title: { en: \"T\", zh: \"T\" }", "title: {}")),
              "t.yaml:4:8: error: title: expected the text in English (en), Chinese (zh) or both");
    EXPECT_EQ(problem(replaced(kHeader, "summary: { en: \"S\", zh: \"S\" }", "summary: { en: \"S\", zh: \"\" }")),
              "t.yaml:5:25: error: summary.zh: expected a non-empty string");
    EXPECT_EQ(problem(with_body("seed: -1\n")), "t.yaml:11:7: error: seed: expected a non-negative integer, got -1");
    EXPECT_EQ(problem(with_body("time_scale: 0\n")),
              "t.yaml:11:13: error: time_scale: expected a number greater than 0 and at most 1000, got 0");
    EXPECT_EQ(problem(with_body("time_scale: 1001\n")),
              "t.yaml:11:13: error: time_scale: expected a number greater than 0 and at most 1000, got 1001");
    EXPECT_EQ(problem(with_body("network: { preset: lan2 }\n")),
              "t.yaml:11:20: error: network.preset: unknown preset \"lan2\"; expected one of: ideal, lan, wan, "
              "teaching");
    EXPECT_EQ(problem(with_body("network: { loss: 1.5 }\n")),
              "t.yaml:11:18: error: network.loss: expected a probability between 0 and 1, got 1.5");
}

TEST_F(ScenarioLoaderTest, Links) {
    auto s = load(with_body("links:\n  - [n1, n2]\n  - { between: [n2, n3], latency: 20ms, loss: 0.1 }\n"
                            "  - { from: n3, to: n1, latency: 50ms, bandwidth: 1Mbit/s }\n"));
    ASSERT_TRUE(s.has_value());
    EXPECT_FALSE(s->full_mesh);
    ASSERT_EQ(s->links.size(), 3u);
    EXPECT_EQ(s->links[0].from, "n1");
    EXPECT_EQ(s->links[0].to, "n2");
    EXPECT_TRUE(s->links[0].both_ways);
    EXPECT_FALSE(s->links[0].overrides.latency.has_value());
    EXPECT_TRUE(s->links[1].both_ways);
    EXPECT_EQ(s->links[1].overrides.latency, core::Duration(20ms));
    EXPECT_EQ(s->links[1].overrides.loss, 0.1);
    const LinkParams applied = s->links[1].overrides.apply_to(s->network.defaults);
    EXPECT_EQ(applied.latency, 20ms);
    EXPECT_EQ(applied.jitter, 500us);
    EXPECT_EQ(applied.loss, 0.1);
    EXPECT_FALSE(s->links[2].both_ways);
    EXPECT_EQ(s->links[2].from, "n3");
    EXPECT_EQ(s->links[2].to, "n1");
    EXPECT_EQ(s->links[2].overrides.bandwidth_bytes_per_s, 125'000u);
    EXPECT_EQ(s->links[2].pos.line, 14);
}

TEST_F(ScenarioLoaderTest, LinkProblems) {
    const std::string undeclared = with_body("links:\n  - [n1, n9]\n");
    EXPECT_EQ(problem(undeclared), "t.yaml:12:10: error: links[0][1]: node \"n9\" is not declared");
    EXPECT_EQ(problem(with_body("links:\n  - [n1, n1]\n")),
              "t.yaml:12:5: error: links[0]: a link joins two different nodes, got \"n1\" twice");
    EXPECT_EQ(problem(with_body("links:\n  - [n1, n2]\n  - { from: n2, to: n1 }\n")),
              "t.yaml:13:5: error: links[1]: link n2 -> n1 is already defined at line 12");
    EXPECT_EQ(problem(with_body("links: some\n")), "t.yaml:11:8: error: links: expected full or a list of links, got "
                                                   "\"some\"");
}

TEST_F(ScenarioLoaderTest, EveryFaultSelector) {
    auto s = load(with_body("faults:\n  - { at: 1s, kill: n1 }\n  - { at: 1s, kill: [n1, n2] }\n"
                            "  - { at: 1s, kill: leader }\n  - { at: 1s, kill: random }\n  - { at: 1s, kill: all }\n"
                            "  - { at: 1s, kill: \"*\" }\n"));
    ASSERT_TRUE(s.has_value());
    ASSERT_EQ(s->faults.size(), 6u);
    EXPECT_EQ(s->faults[0].nodes.kind, NodeSelector::Kind::Ids);
    EXPECT_EQ(s->faults[0].nodes.text(), "n1");
    EXPECT_EQ(s->faults[1].nodes.ids, (std::vector<NodeId>{"n1", "n2"}));
    EXPECT_EQ(s->faults[1].nodes.text(), "[n1, n2]");
    EXPECT_EQ(s->faults[2].nodes.kind, NodeSelector::Kind::Leader);
    EXPECT_EQ(s->faults[3].nodes.kind, NodeSelector::Kind::Random);
    EXPECT_EQ(s->faults[4].nodes.kind, NodeSelector::Kind::All);
    EXPECT_EQ(s->faults[5].nodes.kind, NodeSelector::Kind::All);
    EXPECT_EQ(s->faults[5].nodes.text(), "all");
}

TEST_F(ScenarioLoaderTest, MoreFaultForms) {
    auto s = load(with_body(
        "faults:\n"
        "  - { at: 1s, partition: one }\n"
        "  - { at: 1s, partition: minority }\n"
        "  - { at: 1s, partition: majorities-ring }\n"
        "  - { at: 1s, partition: [[n1, n2]] }\n"
        "  - { at: 1s, latency: { between: [n1, [n2, n3]], add: 5ms } }\n"
        "  - { at: 1s, loss: { from: n1, to: n2, rate: 1 } }\n"
        "  - { at: 1s, reorder: { from: n1, window: 7ms } }\n"
        "  - { at: 1s, clock_skew: { node: [n1, n2], offset: -250ms, drift: 0.001 } }\n"));
    ASSERT_TRUE(s.has_value()) << ::testing::PrintToString(problems(with_body("")));
    ASSERT_EQ(s->faults.size(), 8u);
    EXPECT_EQ(s->faults[0].partition.grudge, "one");
    EXPECT_EQ(s->faults[1].partition.grudge, "minority");
    EXPECT_EQ(s->faults[2].partition.grudge, "majorities-ring");
    EXPECT_EQ(s->faults[3].partition.groups, (std::vector<std::vector<NodeId>>{{"n1", "n2"}}));
    const FaultSpec& latency = s->faults[4];
    EXPECT_TRUE(latency.link.both_ways);
    EXPECT_EQ(latency.link.to.ids, (std::vector<NodeId>{"n2", "n3"}));
    EXPECT_EQ(latency.jitter, 0ms);
    EXPECT_EQ(s->faults[5].rate, 1.0);
    EXPECT_EQ(s->faults[6].link.from.ids, std::vector<NodeId>{"n1"});
    EXPECT_EQ(s->faults[6].link.to.kind, NodeSelector::Kind::All);
    EXPECT_EQ(s->faults[7].offset, -250ms);
    EXPECT_EQ(s->faults[7].drift, 0.001);
    EXPECT_EQ(s->faults[7].nodes.ids, (std::vector<NodeId>{"n1", "n2"}));
}

// may_miss: a kill, pause or clock_skew that finds no node does not fail the run; no other kind
// takes it, and it is true or false.
TEST_F(ScenarioLoaderTest, MayMiss) {
    auto s = load(with_body("faults:\n  - { at: 1s, kill: leader, may_miss: true }\n  - { at: 2s, pause: random }\n"
                            "  - { at: 3s, clock_skew: { node: random, offset: 5ms }, may_miss: false }\n"));
    ASSERT_TRUE(s.has_value()) << ::testing::PrintToString(problems(with_body("")));
    EXPECT_TRUE(s->faults[0].may_miss);
    EXPECT_FALSE(s->faults[1].may_miss);
    EXPECT_FALSE(s->faults[2].may_miss);
    EXPECT_EQ(s->faults[0].to_json()["may_miss"], true);
    EXPECT_FALSE(s->faults[1].to_json().contains("may_miss"));
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, restart: all, may_miss: true }\n")),
              "t.yaml:12:29: error: faults[0].may_miss: may_miss applies to kill, pause and clock_skew, which fail the "
              "run when they find no node; a restart never does; remove may_miss");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, kill: leader, may_miss: sometimes }\n")),
              "t.yaml:12:39: error: faults[0].may_miss: expected true or false, got \"sometimes\"");
}

TEST_F(ScenarioLoaderTest, FaultNamingAnUndeclaredNode) {
    const std::string text = with_body("faults:\n  - { at: 1s, kill: n1 }\n  - { at: 2s, kill: n9 }\n");
    EXPECT_EQ(problem(text), "t.yaml:13:21: error: faults[1].kill: node \"n9\" is not declared");
}

TEST_F(ScenarioLoaderTest, CommandFaults) {
    auto s = load(with_body(
        "faults:\n"
        "  - { at: 1s, command: { node: leader, type: add_server, body: { id: n3, voter: true } } }\n"
        "  - { at: 2s, command: { node: n1, type: compact } }\n"));
    ASSERT_TRUE(s.has_value()) << ::testing::PrintToString(problems(with_body("")));
    ASSERT_EQ(s->faults.size(), 2u);
    EXPECT_EQ(s->faults[0].kind, FaultKind::Command);
    EXPECT_EQ(s->faults[0].nodes.kind, NodeSelector::Kind::Leader);
    EXPECT_EQ(s->faults[0].command, "add_server");
    EXPECT_EQ(s->faults[0].body, (Json{{"id", "n3"}, {"voter", true}}));
    EXPECT_EQ(s->faults[1].body, Json::object());

    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, command: { node: n1, type: Add-Server } }\n")),
              "t.yaml:12:42: error: faults[0].command.type: expected a message type of lowercase letters, digits "
              "and '_', got \"Add-Server\"");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, command: { node: n1, type: go, body: [1] } }\n")),
              "t.yaml:12:52: error: faults[0].command.body: expected a mapping (the command's body), got a list");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, until: 2s, command: { node: n1, type: go } }\n")),
              "t.yaml:12:15: error: faults[0].until: a command is instantaneous and undoes nothing at a later "
              "time; remove until");
}

TEST_F(ScenarioLoaderTest, FaultProblems) {
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s }\n")),
              "t.yaml:12:5: error: faults[0]: expected one fault kind: kill, restart, pause, resume, partition, heal, "
              "latency, loss, duplicate, reorder, clock_skew, command");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, kill: n1, pause: n2 }\n")),
              "t.yaml:12:25: error: faults[0]: more than one fault kind (kill and pause); write one fault per entry");
    EXPECT_EQ(problem(with_body("faults:\n  - { kill: n1 }\n")),
              "t.yaml:12:5: error: faults[0]: missing required key \"at\"");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 3s, until: 2s, pause: n1 }\n")),
              "t.yaml:12:22: error: faults[0].until: until (2s) must be after at (3s)");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 3s, until: 4s, heal: all }\n")),
              "t.yaml:12:15: error: faults[0].until: a heal is instantaneous and undoes nothing at a later time; "
              "remove until");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 11s, kill: n1 }\n")),
              "t.yaml:12:11: error: faults[0].at: 11s is after the end of the run (duration 10s)");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, heal: n1 }\n")),
              "t.yaml:12:21: error: faults[0].heal: expected all, got \"n1\"");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, partition: half }\n")),
              "t.yaml:12:26: error: faults[0].partition: expected a list of groups, {from, to}, or one of: one, "
              "majority, minority, majorities-ring; got \"half\"");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, partition: [[n1, n2], [n2]] }\n")),
              "t.yaml:12:38: error: faults[0].partition[1][0]: node \"n2\" is already in group 0");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, loss: { between: [n1, n2], rate: 1.5 } }\n")),
              "t.yaml:12:48: error: faults[0].loss.rate: expected a probability between 0 and 1, got 1.5");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, loss: { between: [n1, n2], from: n1, rate: 0.5 } }\n")),
              "t.yaml:12:32: error: faults[0].loss.between: give either between or from/to, not both");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, latency: { from: n1, jitter: 5ms } }\n")),
              "t.yaml:12:24: error: faults[0].latency: missing required key \"add\"");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, duplicate: { to: n1, rate: 0.1, window: 5ms } }\n")),
              "t.yaml:12:47: error: faults[0].duplicate: unknown key \"window\"; expected one of: between, from, to, "
              "rate");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, clock_skew: { node: n1, offset: 5ms, drift: 2 } }\n")),
              "t.yaml:12:59: error: faults[0].clock_skew.drift: expected a rate error between -1 and 1 (0.001 = 1 ms "
              "per second), got 2");
    EXPECT_EQ(problem(with_body("faults:\n  - { at: 1s, kill: [n1, n1] }\n")),
              "t.yaml:12:26: error: faults[0].kill[1]: node \"n1\" is listed twice");
}

TEST_F(ScenarioLoaderTest, StepProblems) {
    EXPECT_EQ(problem(with_body("steps:\n  - { at: 1s, when: { state: { role: leader } }, say: { en: a, zh: b } }\n")),
              "t.yaml:12:15: error: steps[0]: give either at (a time) or when (a condition), not both");
    EXPECT_EQ(problem(with_body("steps:\n  - { say: { en: a, zh: b } }\n")),
              "t.yaml:12:5: error: steps[0]: expected at (a time) or when (a condition)");
    EXPECT_EQ(problem(with_body("steps:\n  - { when: { node: n7, state: { role: leader } }, say: { en: a, zh: b } }\n")),
              "t.yaml:12:21: error: steps[0].when.node: node \"n7\" is not declared");
    EXPECT_EQ(problem(with_body("steps:\n  - { at: 1s }\n")), "t.yaml:12:5: error: steps[0]: missing required key \"say\"");
    EXPECT_EQ(problem(with_body("steps:\n  - { at: 1s, say: { en: a, zh: b }, pause: maybe }\n")),
              "t.yaml:12:45: error: steps[0].pause: expected true or false, got \"maybe\"");
    auto s = load(with_body("steps:\n  - { when: { node: n2, state: { role: leader, term: 2 } }, say: { en: a, zh: b } }\n"));
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->steps[0].when->node, NodeId("n2"));
    EXPECT_EQ(s->steps[0].when->state, core::Json::parse(R"({"role": "leader", "term": 2})"));
}

TEST_F(ScenarioLoaderTest, CheckProblemsComeFromTheValidator) {
    const std::string text = with_body("checks:\n  - linearizable: kv\n  - linearisable: kv\n");
    EXPECT_EQ(problem(text), "t.yaml:13:5: error: checks[1].linearisable: unknown check \"linearisable\"; known checks: "
                             "leader_elected, linearizable, single_leader_per_term");
    EXPECT_EQ(problem(with_body("checks:\n  - linearizable: kv\n    leader_elected: true\n")),
              "t.yaml:12:5: error: checks[0]: expected one check as a single-key mapping (- name: arguments), got a "
              "mapping");
    const std::string no_raft = replaced(replaced(kHeader, "{ id: n1, role: raft }", "{ id: n1, role: server }"),
                                         "{ id: n2, role: raft }", "{ id: n2, role: server }") +
                                "checks:\n  - single_leader_per_term: true\n";
    EXPECT_EQ(problem(no_raft),
              "t.yaml:12:5: error: checks[0].single_leader_per_term: does not apply: no node has the raft role");
    // Without a validator names are not judged.
    auto s = load_scenario_text(text, "t.yaml", roles_, CheckValidator{});
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->checks[1].name, "linearisable");
}

TEST_F(ScenarioLoaderTest, YamlSyntaxErrorIsADiagnostic) {
    const auto all = problems("version: 1\nnodes: [n1, n2\nname: t\n");
    ASSERT_EQ(all.size(), 1u);
    EXPECT_TRUE(all[0].starts_with("t.yaml:3:")) << all[0];
    EXPECT_NE(all[0].find(": error: invalid YAML: "), std::string::npos) << all[0];
}

// Every problem the loader and the parameter schemas find reads in Chinese too; the English
// stays the default.
TEST_F(ScenarioLoaderTest, ProblemsReadInChinese) {
    const std::string text = with_body(R"(faults:
  - { at: 1s, kill: n1, until: 500ms }
  - { at: 2s, unplug: n2 }
  - { at: 20s, kill: n9 }
)");
    const std::string bad_params = replaced(replaced(text, "{ id: n1, role: raft }", "{ id: n1, role: raft, params: { heartbeat: \"-5ms\", election_timeout: [150ms, true], speed: 3 } }"),
                                            "{ id: n3, role: server }", "{ id: n3, role: servr }");
    auto result = load(bad_params);
    ASSERT_FALSE(result.has_value());
    ASSERT_GE(result.error().size(), 6u);
    for (const Diagnostic& d : result.error()) {
        EXPECT_FALSE(d.zh.empty()) << d.str();
        EXPECT_NE(d.zh, d.message) << d.str();
        EXPECT_NE(d.str("zh_CN").find(": 错误："), std::string::npos) << d.str("zh_CN");
        EXPECT_NE(d.str().find(": error: "), std::string::npos) << d.str();
    }
    const auto has = [&](std::string_view en, std::string_view zh) {
        return std::any_of(result.error().begin(), result.error().end(), [&](const Diagnostic& d) {
            return d.message.find(en) != std::string::npos && d.zh.find(zh) != std::string::npos;
        });
    };
    EXPECT_TRUE(has("heartbeat: must not be negative", "heartbeat: 不能为负数"));
    EXPECT_TRUE(has("election_timeout: range end: expected a duration with a unit (ms, s, m) or an integer of milliseconds",
                    "election_timeout: 范围终点：应为带单位的时长（ms、s、m）或毫秒数（整数）"));
    EXPECT_TRUE(has("speed: unknown parameter (known: ", "speed: 未知参数（已知："));
    EXPECT_TRUE(has("unknown role \"servr\"", "未知的角色 \"servr\""));
    EXPECT_TRUE(has("until (500ms) must be after at (1s)", "until（500ms）必须晚于 at（1s）"));
    EXPECT_TRUE(has("node \"n9\" is not declared", "节点 \"n9\" 未声明"));
}

TEST_F(ScenarioLoaderTest, MultipleErrorsAreReportedTogetherInFileOrder) {
    const std::string text = R"(version: 1
name: t
family: testing
title: { en: "T", zh: "T" }
summary: { en: "S", zh: "S" }
duration: "150"
nodes:
  - { id: n1, role: raft, params: { heartbeat: 5s } }
  - { id: n1, role: raftt }
faults:
  - { at: 1s, kill: n9 }
checks:
  - linearisable: kv
durration: 5s
)";
    EXPECT_EQ(problems(text),
              (std::vector<std::string>{
                  "t.yaml:6:11: error: duration: expected a duration with a unit (ms, s, m), got \"150\"",
                  "t.yaml:8:48: error: nodes[0].params.heartbeat: must be between 1ms and 1s, got 5s",
                  "t.yaml:9:11: error: nodes[1].id: duplicate id \"n1\" (first declared at line 8)",
                  "t.yaml:9:21: error: nodes[1].role: unknown role \"raftt\"; known roles: kv-client, raft, server",
                  "t.yaml:11:21: error: faults[0].kill: node \"n9\" is not declared",
                  "t.yaml:13:5: error: checks[0].linearisable: unknown check \"linearisable\"; known checks: "
                  "leader_elected, linearizable, single_leader_per_term",
                  "t.yaml:14:1: error: unknown key \"durration\" at top level; expected one of: version, name, "
                  "family, title, summary, duration, seed, time_scale, network, nodes, links, faults, steps, checks",
              }));
}

TEST_F(ScenarioLoaderTest, OddInputsGiveDiagnosticsAndNeverThrow) {
    const std::string inputs[] = {
        "",
        "[1, 2]",
        "just text",
        "a: [",
        "{",
        "version: 1\n---\nversion: 1\n",
        "version: [1]\nname: {}\nnodes: {}\n",
        "version: 1\nnodes:\n  - \n  - 5\n  - [a]\n",
        "? [a, b]\n: c\n",
        "nodes: &a [*a]\n",
        "faults: [{ at: 1s, partition: [[[n1]]] }]\n",
        "version: 1\nnodes:\n  - { id: n1, role: raft, params: &a { x: *a } }\n",
        "checks:\n  - c: &b [*b]\n",
        "\t",
    };
    for (const auto& input : inputs) {
        std::expected<Scenario, std::vector<Diagnostic>> result;
        ASSERT_NO_THROW(result = load(input)) << input;
        ASSERT_FALSE(result.has_value()) << input;
        EXPECT_FALSE(result.error().empty()) << input;
    }
}

TEST_F(ScenarioLoaderTest, LoadsFromAFile) {
    const auto path = std::filesystem::path(::testing::TempDir()) / "scenario_loader_test.yaml";
    {
        std::ofstream out(path);
        out << kSpecExample;
    }
    auto s = load_scenario_file(path.string(), roles_, checks_);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->file, path.string());
    EXPECT_EQ(s->name, "raft-leader-failover");
    std::filesystem::remove(path);

    auto missing = load_scenario_file("/nonexistent/x.yaml", roles_, checks_);
    ASSERT_FALSE(missing.has_value());
    ASSERT_EQ(missing.error().size(), 1u);
    EXPECT_EQ(missing.error()[0].str(), "/nonexistent/x.yaml: error: cannot read the file");
}

TEST(ScenarioDiagnostic, PrintsFileLineColumn) {
    EXPECT_EQ((Diagnostic{"raft.yaml", 12, 5, "nodes[2].role: unknown role \"x\""}.str()),
              "raft.yaml:12:5: error: nodes[2].role: unknown role \"x\"");
}

TEST(ScenarioBilingual, PicksTheLanguageAndFallsBack) {
    const Text both{"hello", "你好"};
    EXPECT_EQ(both.in("en"), "hello");
    EXPECT_EQ(both.in("zh"), "你好");
    EXPECT_EQ(both.in("zh_CN"), "你好");
    EXPECT_EQ(both.in("fr"), "hello");
    const Text english_only{"hello", ""};
    EXPECT_EQ(english_only.in("zh_CN"), "hello");
    const Text chinese_only{"", "你好"};
    EXPECT_EQ(chinese_only.in("en"), "你好");
}

TEST(ScenarioFaultSpec, ToJsonDescribesTheFault) {
    FaultSpec latency;
    latency.kind = FaultKind::Latency;
    latency.at = 3s;
    latency.until = 6s;
    latency.link.from.ids = {"n1"};
    latency.link.to.kind = NodeSelector::Kind::All;
    latency.add = 100ms;
    latency.jitter = 10ms;
    EXPECT_EQ(latency.to_json(), core::Json::parse(R"({"kind": "latency", "at": "3s", "at_ns": 3000000000,
        "until": "6s", "until_ns": 6000000000, "from": "n1", "to": "*", "both_ways": false, "add": "100ms",
        "jitter": "10ms"})"));

    FaultSpec partition;
    partition.kind = FaultKind::Partition;
    partition.partition.groups = {{"n1"}, {"n2", "n3"}};
    EXPECT_EQ(partition.to_json(), core::Json::parse(R"({"kind": "partition", "at": "0ms", "at_ns": 0,
        "groups": [["n1"], ["n2", "n3"]]})"));

    FaultSpec skew;
    skew.kind = FaultKind::ClockSkew;
    skew.nodes.ids = {"n3"};
    skew.offset = -500ms;
    EXPECT_EQ(skew.to_json()["offset"], "-500ms");
    EXPECT_EQ(to_string(FaultKind::ClockSkew), "clock_skew");
}

}  // namespace
}  // namespace distlab::netlab
