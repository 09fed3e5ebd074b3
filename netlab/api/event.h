#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/text.h"

namespace distlab::netlab {

// Everything the lab learns is an Event. The live lab, the simulator and playback all produce
// the same stream, so every consumer (recorder, checkers, CLI statistics, GUI) reads one shape.
enum class EventKind : std::uint8_t {
    RunStarted = 1,      // data: {"scenario", "seed", "time_scale", "sim"}
    RunEnded,            // data: {"reason"}
    NodeStarted,         // node; data: {"pid", "role", "restart"}
    NodeExited,          // node; data: {"pid", "code", "signal", "cause": "fault|shutdown|crash"}
    NodePaused,          // node
    NodeResumed,         // node
    MessageSent,         // node -> peer, msg_id, type; data: body; aux: vector clock
    MessageDelivered,    // node -> peer, msg_id, type
    MessageDropped,      // node -> peer, msg_id, type; data: {"reason": "partition|loss|no-link|dead"}
    MessageDuplicated,   // node -> peer, msg_id, type (one extra copy scheduled)
    MessageHeld,         // node -> peer, msg_id, type (waits for deliver_held / drop_held)
    Log,                 // node; type: level; data: text; aux: {"zh"} for the lab's own lines
    State,               // node; data: snapshot; aux: JSON Patch against the node's previous one
    Metric,              // node; data: {"counters", "gauges", "samples"}
    OpInvoked,           // node (client), msg_id: op id, type: function; data: value
    OpCompleted,         // node (client), msg_id: op id, type: ok|fail|info; data: value
    FaultInjected,       // type: fault kind; data: the fault as JSON; node: target if one
    FaultHealed,         // type: fault kind; data: the fault as JSON
    Step,                // narrative step; data: {"en", "zh", "pause"}
    Violation,           // node; data: text (a role's broken invariant, English); aux: {"zh"} if translated
    Phase,               // node; type: the phase entered; data: {"from": previous or "", "reason", "reason_zh"?}
    // The run's timeline stood still from here (a pause by hand or at a narrative step): node
    // "lab"; data: {"by": "hand|step", "continues": what a pause could not stop, "" if nothing}.
    // The next RunResumed has the same time: paused time is not run time.
    RunPaused,
    RunResumed,          // node "lab"; data: {"paused_ms": how long the pause lasted, wall clock}
};

// The last kind: recordings and playback accept kinds up to it.
inline constexpr EventKind kLastEventKind = EventKind::RunResumed;

// RunEnded's reason when a user stopped the run before its end (the run is then judged
// "stopped at T", not passed or failed).
inline constexpr std::string_view kStoppedByUser = "stopped by the user";
// RunEnded's reason starts with this when the simulator cut a run short because a role flooded
// it (SimRun::flood()); the checks then judge nothing but the flood.
inline constexpr std::string_view kFloodedPrefix = "flooded:";

std::string_view to_string(EventKind kind);
std::optional<EventKind> event_kind_from_string(std::string_view name);

struct Event {
    std::int64_t t_ns = 0;        // since run start, in lab (host) time
    EventKind kind = EventKind::Log;
    std::string node;             // subject or sender
    std::string peer;             // receiver of a message
    std::uint64_t msg_id = 0;     // message id (per sender) or op id (per client)
    std::string type;
    std::string data;             // JSON text, except Log / Violation (plain text, English; Chinese in aux)
    std::string aux;              // JSON text or empty

    bool operator==(const Event&) const = default;
};

// A line the lab itself writes to the log (a warning or error about a node, a frame, a fault):
// `data` the English text, as every reader of the stream shows it, and `aux` {"zh": its Chinese}
// when there is one (docs/recording-format.md). A node's own log lines keep `aux` empty.
Event lab_log(std::int64_t t_ns, std::string node, std::string level, const core::Text& text);

// A Log or Violation event's text in `lang` (core::Text::in): the Chinese stored in `aux` when
// `lang` is Chinese and there is one, else `data`.
std::string log_text(const Event& event, std::string_view lang);
// The same text in both languages (zh empty where the event has none).
core::Text log_texts(const Event& event);

// A Phase event's reason in both languages: data's "reason" and "reason_zh" (empty in recordings
// made before roles said their reasons in Chinese, and for an untranslated reason).
core::Text phase_reason(const Event& event);

}  // namespace distlab::netlab
