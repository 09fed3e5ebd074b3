#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/scenario/loader.h"

// Shared by the scenario tests: a small role registry of fake roles (independent of the shipped
// patterns), a check validator, and the example file of docs/scenario-format.md.
namespace distlab::netlab::testing {

inline core::RoleRegistry test_roles() {
    using core::Json;
    using core::ParamType;
    core::RoleRegistry roles;
    roles.add({.name = "raft",
               .pattern = "raft",
               .family = "consensus",
               .params = {
                   {.name = "election_timeout", .type = ParamType::DurationRange,
                    .default_value = Json::array({"150ms", "300ms"}), .min = 1, .max = 10000},
                   {.name = "heartbeat", .type = ParamType::Duration, .default_value = "50ms", .min = 1,
                    .max = 1000},
               }});
    roles.add({.name = "kv-client",
               .pattern = "raft",
               .family = "consensus",
               .client = true,
               .params = {
                   {.name = "targets", .type = ParamType::NodeList, .default_value = Json::array()},
                   {.name = "rate", .type = ParamType::Int, .default_value = 10, .min = 1, .max = 1000},
                   {.name = "keys", .type = ParamType::Int, .default_value = 5, .min = 1},
                   {.name = "read_ratio", .type = ParamType::Probability, .default_value = 0.5},
               }});
    roles.add({.name = "server",
               .pattern = "request-response",
               .family = "communication",
               .params = {{.name = "greeting", .type = ParamType::String, .default_value = "hello"}}});
    return roles;
}

// linearizable: kv; leader_elected: {within, after}; single_leader_per_term: true. The last two
// apply only when a raft node is present.
inline CheckValidator test_checks() {
    return [](const CheckSpec& check, const Scenario& scenario) -> std::vector<Text> {
        const bool has_raft = std::any_of(scenario.nodes.begin(), scenario.nodes.end(),
                                          [](const NodeSpec& n) { return n.role == "raft"; });
        if (check.name == "linearizable") {
            if (check.args != "kv")
                return {Text{"expected kv, got ", "应为 kv，实际为 "} + check.args.dump()};
            return {};
        }
        if (check.name == "leader_elected" || check.name == "single_leader_per_term") {
            if (!has_raft)
                return {Text{"does not apply: no node has the raft role", "不适用：没有节点属于 raft 角色"}};
            return {};
        }
        return {Text{"unknown check \"" + check.name + "\"; known checks: leader_elected, linearizable, "
                     "single_leader_per_term", {}}};
    };
}

inline constexpr std::string_view kSpecExample = R"(version: 1
name: raft-leader-failover            # [a-z0-9-]+, unique among shipped scenarios
family: consensus                      # see "Families"
title:   { en: "Raft: leader failover", zh: "Raft：领导者故障转移" }
summary: { en: "Kill the leader and watch a new term begin.",
           zh: "杀死领导者，观察新任期的开始。" }
duration: 20s                          # how long the run lasts
seed: 42                               # every random choice derives from it
time_scale: 1                          # >1 slows every timer and link delay (classroom slow motion)

network:                               # defaults for every link
  preset: lan                          # ideal | lan | wan | teaching; keys below override it
  latency: 2ms
  jitter: 1ms
  loss: 0.0                            # probability a message is dropped

nodes:
  - id: n1                             # [a-z][a-z0-9_-]*, unique
    role: raft                         # a registered role
    params: { election_timeout: [150ms, 300ms], heartbeat: 50ms }
    at: [120, 80]                      # canvas position, optional
  - { id: n2, role: raft }
  - { id: n3, role: raft }
  - id: c1
    role: kv-client
    params: { targets: [n1, n2, n3], rate: 50, keys: 5, read_ratio: 0.5 }

links: full                            # every pair linked; or a list:
# links:
#   - [n1, n2]                         # undirected, network defaults
#   - { between: [n2, n3], latency: 20ms, loss: 0.1 }
#   - { from: n3, to: n1, latency: 50ms }   # one direction only

faults:                                # the nemesis schedule
  - { at: 5s,  kill: leader }          # target: node id, list of ids, leader, random, all
  - { at: 9s,  restart: n1 }
  - { at: 12s, partition: [[n1], [n2, n3, c1]] }
  - { at: 14s, partition: { from: n1, to: [n2] } }   # one-way: n1's messages to n2 are lost
  - { at: 15s, partition: majority }   # also: one, minority, majorities-ring (Jepsen's grudges)
  - { at: 16s, heal: all }
  - { at: 3s, until: 6s, latency: { from: n1, to: "*", add: 100ms, jitter: 10ms } }
  - { at: 2s, until: 4s, loss: { between: [n2, n3], rate: 0.2 } }
  - { at: 7s, pause: n2 }              # SIGSTOP
  - { at: 8s, resume: n2 }             # SIGCONT
  - { at: 4s, duplicate: { from: "*", to: n3, rate: 0.1 } }
  - { at: 4s, reorder: { to: n2, window: 20ms } }
  - { at: 4s, clock_skew: { node: n3, offset: 500ms } }

steps:                                 # classroom narrative on the timeline
  - at: 0s
    say: { en: "Three nodes start as followers.", zh: "三个节点以跟随者身份启动。" }
  - at: 5s
    say: { en: "The leader dies. Who times out first?", zh: "领导者宕机。谁先超时？" }
    pause: true                        # the GUI stops here in step mode
  - when: { node: any, state: { role: candidate } }   # waits for an event, not a time
    say: { en: "A follower timed out and asks for votes.", zh: "一个跟随者超时并请求投票。" }

checks:                                # decide pass / fail of the run
  - linearizable: kv
  - leader_elected: { within: 2s, after: last_fault }
  - single_leader_per_term: true
)";

}  // namespace distlab::netlab::testing
