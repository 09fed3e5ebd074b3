#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/json.h"
#include "core/model/params.h"
#include "core/model/text.h"
#include "core/model/time.h"

namespace distlab::netlab {

using core::Duration;
using core::Json;
using core::NodeId;
using core::Text;

// Where something was written in a scenario file; 1-based, 0 when not from a file.
struct SourcePos {
    int line = 0;
    int column = 0;
};


// The behaviour of one direction of a link.
struct LinkParams {
    Duration latency{0};
    Duration jitter{0};                  // uniform in [-jitter, +jitter], never below zero total
    double loss = 0.0;                   // probability a message is dropped
    double duplicate = 0.0;              // probability a message is delivered twice
    Duration reorder_window{0};          // extra uniform delay in [0, window]: later may overtake
    std::uint64_t bandwidth_bytes_per_s = 0;   // 0 = unlimited

    bool operator==(const LinkParams&) const = default;
};

// Keys a link in the file overrides; unset ones come from the network defaults.
struct LinkOverrides {
    std::optional<Duration> latency;
    std::optional<Duration> jitter;
    std::optional<double> loss;
    std::optional<double> duplicate;
    std::optional<Duration> reorder_window;
    std::optional<std::uint64_t> bandwidth_bytes_per_s;

    LinkParams apply_to(LinkParams base) const;
};

// The preset's parameters: ideal, lan, wan, teaching. nullopt for an unknown name.
std::optional<LinkParams> network_preset(std::string_view name);
std::vector<std::string> network_preset_names();

struct NetworkSpec {
    std::string preset = "lan";
    LinkParams defaults;                 // the preset with the file's keys applied
};

struct NodeSpec {
    NodeId id;
    std::string role;
    Json params = Json::object();        // as written (durations as strings), for saving back
    core::Params resolved;               // validated against the role's schema, defaults filled
    std::optional<std::array<double, 2>> at;   // canvas position
    core::Labels labels;                 // failure-domain labels: zone, rack, host ...
    SourcePos pos;
};

// A route. `both_ways` false: only from -> to.
struct LinkSpec {
    NodeId from;
    NodeId to;
    bool both_ways = true;
    LinkOverrides overrides;
    SourcePos pos;
};

// Which nodes a fault names; resolved when the fault fires (leader and random then).
struct NodeSelector {
    enum class Kind { Ids, Leader, Random, All };
    Kind kind = Kind::Ids;
    std::vector<NodeId> ids;             // Kind::Ids
    std::string text() const;            // as written: "n1", "[n1, n2]", "leader", "*"/"all"
};

enum class FaultKind {
    Kill, Restart, Pause, Resume, Partition, Heal, Latency, Loss, Duplicate, Reorder, ClockSkew,
    Command,     // an administrative message from the lab to a role (membership change, ...)
};
std::string_view to_string(FaultKind kind);
// A fault kind as events name it (to_string's names, and "hold" for a held message) as people
// read it: {"partition", "网络分区"}, {"clock skew", "时钟偏移"}; an unknown kind as it is.
Text fault_kind_text(std::string_view kind);

struct PartitionSpec {
    enum class Kind {
        Groups,      // [[n1], [n2, n3]]: no traffic between groups (unlisted nodes form a group)
        OneWay,      // {from: n1, to: [n2]}: messages from -> to are lost, the reverse flows
        Grudge,      // one | majority | minority | majorities-ring, resolved when it fires
    };
    Kind kind = Kind::Groups;
    std::vector<std::vector<NodeId>> groups;
    NodeSelector from;
    NodeSelector to;
    std::string grudge;
};

// A set of directed links: from -> to, and to -> from too when both_ways ("between").
struct LinkTarget {
    NodeSelector from;                   // Kind::All for "*"
    NodeSelector to;
    bool both_ways = false;
};

struct FaultSpec {
    Duration at{0};
    std::optional<Duration> until;       // undone then; without it, lasts until undone or the end
    FaultKind kind = FaultKind::Kill;
    NodeSelector nodes;                  // kill, restart, pause, resume, clock_skew, command
    PartitionSpec partition;             // partition
    LinkTarget link;                     // latency, loss, duplicate, reorder
    Duration add{0};                     // latency: added delay
    Duration jitter{0};                  // latency: added jitter
    Duration window{0};                  // reorder
    Duration offset{0};                  // clock_skew
    double drift = 0.0;                  // clock_skew: rate error, 0.001 = 1 ms per second
    double rate = 0.0;                   // loss, duplicate
    std::string command;                 // command: the message type the role receives
    Json body = Json::object();          // command: its body
    // kill, pause, clock_skew: finding no node when it fires (`leader` during an election, `random`
    // with every server down) is part of the story. Without it such a miss fails the run.
    bool may_miss = false;
    SourcePos pos;

    Json to_json() const;                // as the recording and the GUI show it
};

// A narrative step waits for a time or for a node's condition: `when: {node: any, state: {role:
// candidate}}` matches when a node's snapshot contains every key of `state` with that value;
// `when: {node: c1, phase: open}` when the node enters that phase (its role declares it). With
// both, the node must be in the phase and its snapshot match.
struct StepCondition {
    std::optional<NodeId> node;          // nullopt = any node
    Json state = Json::object();         // empty: no snapshot condition
    std::string phase;                   // empty: no phase condition
};

struct StepSpec {
    std::optional<Duration> at;
    std::optional<StepCondition> when;
    Text say;
    bool pause = false;
    SourcePos pos;
};

struct CheckSpec {
    std::string name;
    Json args;                           // the value after the name: true, "kv", {within: 2s, ...}
    SourcePos pos;
};

struct Scenario {
    int version = 1;
    std::string name;
    std::string family;
    Text title;
    Text summary;
    Duration duration{std::chrono::seconds(10)};
    std::uint64_t seed = 1;
    double time_scale = 1.0;
    NetworkSpec network;
    std::vector<NodeSpec> nodes;
    bool full_mesh = false;              // links: full
    std::vector<LinkSpec> links;         // when !full_mesh
    std::vector<FaultSpec> faults;       // sorted by `at`, stable
    std::vector<StepSpec> steps;
    std::vector<CheckSpec> checks;
    std::string file;                    // path it was loaded from, if any

    const NodeSpec* find_node(std::string_view id) const;
    std::vector<NodeId> node_ids() const;
    // Node id -> role name, for every node.
    std::map<std::string, std::string, std::less<>> node_roles() const;
};

// One problem in a scenario file: prints as "FILE:LINE:COLUMN: error: WHAT" ("错误" in Chinese).
struct Diagnostic {
    std::string file;
    int line = 0;
    int column = 0;
    std::string message;
    std::string zh;                      // the message in Chinese; empty where not translated
    // In `lang` as Text::in reads it (English by default).
    std::string str(std::string_view lang = "en") const;
};

}  // namespace distlab::netlab
