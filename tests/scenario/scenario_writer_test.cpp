#include "netlab/scenario/scenario_writer.h"

#include <gtest/gtest.h>

#include "netlab/scenario/loader.h"
#include "scenario_test_support.h"

namespace distlab::netlab {
namespace {

// Uses every form the writer has to reproduce: quoting, negative and fractional numbers, every
// fault and selector kind, link overrides, conditions.
constexpr std::string_view kEveryForm = R"(version: 1
name: every-form
family: testing
title: { en: "Every: form", zh: "每种形式" }
summary: { en: "Quotes \"inside\"\nand a line", zh: "摘要" }
duration: 1m
seed: 18446744073709551615
time_scale: 2.5
network: { preset: wan, latency: 40ms, loss: 0.125, duplicate: 0.01, reorder: 3ms, bandwidth: 1MiB/s }
nodes:
  - { id: n1, role: raft, params: { heartbeat: 70, election_timeout: [1s, 2s] }, at: [1.5, -2] }
  - { id: n2, role: raft, labels: { zone: z1, rack: 3 } }
  - { id: n3, role: server, params: { greeting: "true" } }
  - { id: c_1, role: kv-client, params: { targets: [n1, n2], read_ratio: 0.25 } }
links:
  - [n1, n2]
  - { between: [n2, n3], jitter: 2ms, loss: 0.3 }
  - { from: n3, to: n1, latency: 50ms, duplicate: 0.5, reorder: 1ms, bandwidth: 1000 }
faults:
  - { at: 1s, until: 2s, kill: [n1, n2] }
  - { at: 2s, restart: all }
  - { at: 3s, until: 4s, pause: random }
  - { at: 4s, resume: "*" }
  - { at: 5s, partition: [[n1], [n2, n3]] }
  - { at: 6s, partition: { from: leader, to: [n2, n3] } }
  - { at: 7s, partition: majorities-ring }
  - { at: 8s, heal: all }
  - { at: 9s, latency: { between: [n1, "*"], add: 10ms } }
  - { at: 10s, loss: { from: c_1, to: "*", rate: 0.5 } }
  - { at: 11s, duplicate: { between: [n1, n2], rate: 1 } }
  - { at: 12s, reorder: { from: n1, window: 20ms } }
  - { at: 13s, clock_skew: { node: n1, offset: -1500ms, drift: -0.002 } }
  - { at: 0s, kill: leader, may_miss: true }
steps:
  - { at: 1s, say: { en: "a", zh: "b" } }
  - { when: { node: n1, state: { role: leader, term: 3, ok: true, "x y": null, n: "7" } },
      say: { en: "c: d", zh: "e" }, pause: true }
checks:
  - linearizable: kv
  - leader_elected: { within: 2s, after: last_fault }
  - single_leader_per_term: true
)";

void expect_same(const Scenario& a, const Scenario& b) {
    EXPECT_EQ(a.version, b.version);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.family, b.family);
    EXPECT_EQ(a.title.en, b.title.en);
    EXPECT_EQ(a.title.zh, b.title.zh);
    EXPECT_EQ(a.summary.en, b.summary.en);
    EXPECT_EQ(a.summary.zh, b.summary.zh);
    EXPECT_EQ(a.duration, b.duration);
    EXPECT_EQ(a.seed, b.seed);
    EXPECT_EQ(a.time_scale, b.time_scale);
    EXPECT_EQ(a.network.preset, b.network.preset);
    EXPECT_EQ(a.network.defaults, b.network.defaults);
    ASSERT_EQ(a.nodes.size(), b.nodes.size());
    for (std::size_t i = 0; i < a.nodes.size(); ++i) {
        SCOPED_TRACE("node " + a.nodes[i].id);
        EXPECT_EQ(a.nodes[i].id, b.nodes[i].id);
        EXPECT_EQ(a.nodes[i].role, b.nodes[i].role);
        EXPECT_EQ(a.nodes[i].params, b.nodes[i].params);
        EXPECT_EQ(a.nodes[i].labels, b.nodes[i].labels);
        EXPECT_EQ(a.nodes[i].resolved.json(), b.nodes[i].resolved.json());
        EXPECT_EQ(a.nodes[i].at, b.nodes[i].at);
    }
    EXPECT_EQ(a.full_mesh, b.full_mesh);
    ASSERT_EQ(a.links.size(), b.links.size());
    for (std::size_t i = 0; i < a.links.size(); ++i) {
        EXPECT_EQ(a.links[i].from, b.links[i].from);
        EXPECT_EQ(a.links[i].to, b.links[i].to);
        EXPECT_EQ(a.links[i].both_ways, b.links[i].both_ways);
        EXPECT_EQ(a.links[i].overrides.apply_to(LinkParams{}), b.links[i].overrides.apply_to(LinkParams{}));
        EXPECT_EQ(a.links[i].overrides.latency.has_value(), b.links[i].overrides.latency.has_value());
        EXPECT_EQ(a.links[i].overrides.loss.has_value(), b.links[i].overrides.loss.has_value());
    }
    ASSERT_EQ(a.faults.size(), b.faults.size());
    for (std::size_t i = 0; i < a.faults.size(); ++i)
        EXPECT_EQ(a.faults[i].to_json(), b.faults[i].to_json()) << "fault " << i;
    ASSERT_EQ(a.steps.size(), b.steps.size());
    for (std::size_t i = 0; i < a.steps.size(); ++i) {
        EXPECT_EQ(a.steps[i].at, b.steps[i].at);
        EXPECT_EQ(a.steps[i].when.has_value(), b.steps[i].when.has_value());
        if (a.steps[i].when && b.steps[i].when) {
            EXPECT_EQ(a.steps[i].when->node, b.steps[i].when->node);
            EXPECT_EQ(a.steps[i].when->state, b.steps[i].when->state);
        }
        EXPECT_EQ(a.steps[i].say.en, b.steps[i].say.en);
        EXPECT_EQ(a.steps[i].say.zh, b.steps[i].say.zh);
        EXPECT_EQ(a.steps[i].pause, b.steps[i].pause);
    }
    ASSERT_EQ(a.checks.size(), b.checks.size());
    for (std::size_t i = 0; i < a.checks.size(); ++i) {
        EXPECT_EQ(a.checks[i].name, b.checks[i].name);
        EXPECT_EQ(a.checks[i].args, b.checks[i].args);
    }
}

class ScenarioWriterTest : public ::testing::Test {
protected:
    // Load `text`, write it, load the result: both loads must succeed and agree, and writing
    // again must give the same text.
    void round_trip(std::string_view text) {
        auto first = load_scenario_text(text, "in.yaml", roles_, checks_);
        ASSERT_TRUE(first.has_value()) << ::testing::PrintToString(describe(first));
        const std::string written = write_scenario(*first);
        auto second = load_scenario_text(written, "out.yaml", roles_, checks_);
        ASSERT_TRUE(second.has_value()) << written << "\n" << ::testing::PrintToString(describe(second));
        expect_same(*first, *second);
        EXPECT_EQ(write_scenario(*second), written);
    }

    static std::vector<std::string> describe(const std::expected<Scenario, std::vector<Diagnostic>>& r) {
        std::vector<std::string> out;
        if (!r)
            for (const auto& d : r.error())
                out.push_back(d.str());
        return out;
    }

    core::RoleRegistry roles_ = testing::test_roles();
    CheckValidator checks_ = testing::test_checks();
};

TEST_F(ScenarioWriterTest, SpecExampleRoundTrips) { round_trip(testing::kSpecExample); }

TEST_F(ScenarioWriterTest, EveryFormRoundTrips) {
    round_trip(kEveryForm);
    auto s = load_scenario_text(kEveryForm, "in.yaml", roles_, checks_);
    ASSERT_TRUE(s.has_value());
    // Spot checks that the round trip compared real values.
    EXPECT_EQ(s->seed, 18446744073709551615u);
    EXPECT_EQ(s->nodes[2].params["greeting"], "true");
    EXPECT_EQ(s->steps[1].when->state["n"], "7");
    EXPECT_EQ(s->summary.en, "Quotes \"inside\"\nand a line");
    EXPECT_EQ(s->network.defaults.bandwidth_bytes_per_s, 1u << 20);
    EXPECT_TRUE(s->faults.front().may_miss);   // sorted by at: the kill at 0s
    EXPECT_NE(write_scenario(*s).find("kill: leader, may_miss: true }"), std::string::npos);
}

TEST_F(ScenarioWriterTest, WritesTheFormatsLayout) {
    auto s = load_scenario_text(testing::kSpecExample, "in.yaml", roles_, checks_);
    ASSERT_TRUE(s.has_value());
    const std::string written = write_scenario(*s);
    EXPECT_TRUE(written.starts_with("version: 1\nname: raft-leader-failover\nfamily: consensus\n")) << written;
    EXPECT_NE(written.find("network:\n  preset: lan\n  latency: 2ms\n  jitter: 1ms\n\n"), std::string::npos)
        << written;
    EXPECT_NE(written.find("  - { at: 3s, until: 6s, latency: { from: n1, to: \"*\", add: 100ms, jitter: 10ms } }\n"),
              std::string::npos)
        << written;
    EXPECT_NE(written.find("links: full\n"), std::string::npos) << written;
    EXPECT_NE(written.find("  - single_leader_per_term: true\n"), std::string::npos) << written;
}

TEST_F(ScenarioWriterTest, EmptyLinkListStaysEmpty) {
    const std::string text = std::string(testing::kSpecExample);
    const std::string no_links = text.substr(0, text.find("links: full")) + "links: []\n" +
                                 text.substr(text.find("faults:"));
    auto s = load_scenario_text(no_links, "in.yaml", roles_, checks_);
    ASSERT_TRUE(s.has_value());
    EXPECT_FALSE(s->full_mesh);
    EXPECT_TRUE(s->links.empty());
    round_trip(no_links);
}

}  // namespace
}  // namespace distlab::netlab
