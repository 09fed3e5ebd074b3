#pragma once

#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/json.h"
#include "core/model/params.h"
#include "core/model/role.h"

namespace distlab::core {

// How a phase looks to a person: every view colours a node, a timeline band or a table cell by
// its phase's tone, never by the phase's name.
enum class Tone : std::uint8_t {
    Neutral,    // nothing to say (an idle client, a follower)
    Healthy,    // doing its job (a closed breaker, a flowing stage)
    Busy,       // working hard or leading (a leader, a candidate gathering votes)
    Warning,    // degraded but serving (half-open, throttled)
    Failing,    // refusing or failing work (an open breaker, a server down)
    Down,       // not serving at all
};

std::string_view to_string(Tone tone);
std::optional<Tone> tone_from_string(std::string_view name);

// One state of a role's state machine. A role announces entering it with Context::phase().
struct PhaseSpec {
    std::string name;          // as the role names it: "open", "leader"
    Tone tone = Tone::Neutral;
    std::string en;            // the label people read: "open", "断开"
    std::string zh;
};

// A snapshot field by its path: "failure_rate", or "window/calls" for a field of an object.
// nullptr when the snapshot has no such field.
const Json* snapshot_field(const Json& snapshot, std::string_view path);

// A snapshot field worth drawing: the canvas glyph and the report read it as value / full_scale,
// so a percent is declared with full_scale 100 and a fraction with 1.
struct GaugeSpec {
    std::string field;         // number in the role's snapshot: "failure_rate"; null when the
                               // role measures nothing now (a breaker switched off)
    double full_scale = 1.0;   // the value drawn as full
    std::string full_scale_field;   // optional: a snapshot field that, when a positive number,
                                    // is the full scale instead (a queue's configured limit)
    std::string unit;          // shown after the value: "%", "msgs", "" for none
    std::string volume_field;  // optional: how much the value rests on ("window/calls")
    std::string en;            // label: "failure rate"
    std::string zh;
};

// A number that only grows and orders claims made by different nodes (Raft's term, a primary's
// epoch): shown in the node's badge and used to pick among several claimed leaders.
struct EpochSpec {
    std::string field;         // integer in the role's snapshot: "term"
    std::string en;            // label: "term"
    std::string zh;
};

// Everything the lab knows about a role before running it, declared once beside the role. The
// loader, the CLI, the palette and inspector read its parameters; checks, views, reports and the
// nemesis read its phases, gauges, epoch and leader phase, and never guess from snapshot JSON or
// log text.
struct RoleDescriptor {
    std::string name;                   // "server", "retry-client", "raft"
    std::string pattern;                // the catalog row: "request-response"
    std::string family;                 // the scenario family: "communication"
    std::string en;                     // one-line description
    std::string zh;
    bool client = false;                // records client operations (the KV and request histories)
    std::vector<ParamSpec> params;
    std::function<std::unique_ptr<Role>(const Params&)> make;

    std::vector<PhaseSpec> phases;      // empty: the role has no state machine worth showing
    std::vector<GaugeSpec> gauges;
    std::optional<EpochSpec> epoch;
    std::string leader_phase;           // a node in this phase is "the leader" for selectors
    // The role runs a program beside it (the external role), which only distlab-node can: the
    // simulator refuses a scenario with such a node (netlab::simulation_refusal).
    bool real_processes_only = false;

    const PhaseSpec* find_phase(std::string_view phase) const;
    // The snapshot fields the descriptor names (gauges, their volumes, the epoch): a role's
    // snapshot must carry every one of them.
    std::vector<std::string> snapshot_fields() const;
    // Problems with the descriptor itself (duplicate phases, a leader phase not declared, a gauge
    // without a positive full scale); empty when it is sound.
    std::vector<std::string> problems() const;
    // The descriptor without `make`, as `distlab-cli roles --json` prints it and a run's
    // RunStarted event carries it.
    Json to_json() const;
    // Reads to_json()'s form back (without `make`; parameters are skipped). An error names the
    // first field that is missing or of the wrong type.
    static std::expected<RoleDescriptor, std::string> from_json(const Json& json);
};

}  // namespace distlab::core
