#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/codec/frame.h"
#include "core/model/json.h"
#include "netlab/api/event.h"

namespace distlab::netlab {

// Receives the event stream in batches, in time order.
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void on_events(std::span<const Event> batch) = 0;
};

// Turns what nodes report (log, state, metric and op frames) into Events, keeps each node's
// latest snapshot (state events carry a JSON Patch against the previous one), and hands the
// stream to its sinks in batches. Shared by the real lab and the simulator.
//
// Threading: not thread-safe; the lab's Asio thread (or the simulator's loop) owns it.
class Telemetry {
public:
    static constexpr std::size_t kBatchSize = 4096;

    void add_sink(EventSink& sink);

    void emit(Event event);
    // A non-data frame from `node`, stamped `t_ns` (lab time since run start).
    void on_node_frame(const core::NodeId& node, const core::Envelope& env, std::int64_t t_ns);
    // Hands buffered events to the sinks. The hosts call it at least every frame interval.
    void flush();

    // `node`'s latest snapshot, parsed on the first read after it came (a run nobody watches parses
    // only the snapshots a selector or a narrative condition reads). Null when none, or when a
    // trusted text does not parse.
    const core::Json* latest_state(const core::NodeId& node) const;
    // The phase `node` last announced (core::Context::phase), "" when none since it started.
    const std::string& phase_of(const core::NodeId& node) const;
    // Drops `node`'s latest snapshot and phase (it died: a restart starts from a fresh diff base
    // and announces its phase again).
    void forget_state(const core::NodeId& node);

    // False: state events carry no JSON Patch against the previous snapshot (`aux` empty). For
    // runs nobody watches or records (a chaos campaign judges checks only, and no check reads the
    // patch): diffing every snapshot against the last was half of a simulated Raft run's time.
    bool state_patches = true;
    // True: a state frame's body is recorded as it came, because it is known to be a role
    // driver's canonical dump (sorted keys, no spaces): the simulator's nodes are in-process.
    // False (a process or a remote node sent it): recorded as the parsed snapshot written out
    // again, canonical whatever the sender wrote. Writing it again was a tenth of a simulated run.
    // With no patches either, a trusted snapshot is not parsed when it comes, only when read
    // (latest_state): parsing every one was a sixth of a chaos run.
    bool trusted_state_text = false;

    // Called for every state event, after it is buffered (narrative `when` conditions); the
    // snapshot is latest_state(node).
    std::function<void(const core::NodeId&)> on_state;
    // Called for every phase event, after it is buffered (narrative `when` conditions).
    std::function<void(const core::NodeId&, const std::string& phase)> on_phase;

private:
    std::vector<EventSink*> sinks_;
    std::vector<Event> buffer_;
    // A node's latest snapshot: parsed, or its text until someone reads it.
    struct LatestState {
        std::string text;
        mutable std::optional<core::Json> json;
    };
    std::map<core::NodeId, LatestState, std::less<>> states_;
    std::map<core::NodeId, std::string, std::less<>> phases_;
};

}  // namespace distlab::netlab
