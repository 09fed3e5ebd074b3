#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "netlab/api/event.h"
#include "netlab/api/percentile.h"   // nearest_rank, for the users of op histories

namespace distlab::netlab {

// One client operation as the event stream tells it: OpInvoked, then (normally) one OpCompleted.
struct OpRecord {
    std::string client;                      // the client node
    std::uint64_t id = 0;                    // op id, unique per client
    std::string function;                    // OpInvoked's type: "read", "write", "call", ...
    std::int64_t invoked_ns = 0;
    std::optional<std::int64_t> completed_ns;   // the first completion, if any
    std::string status;                      // the first completion's type: ok | fail | info
    int completions = 0;                     // more than one is an anomaly

    bool ok() const { return completions > 0 && status == "ok"; }
    std::int64_t latency_ns() const { return completed_ns ? *completed_ns - invoked_ns : 0; }
};

// The client-operation history of a run, paired from its Op events.
struct OpHistory {
    std::vector<OpRecord> ops;               // in invocation order
    std::vector<Event> orphan_completions;   // OpCompleted with no OpInvoked before it
};

// Pairs OpInvoked and OpCompleted events by (client, op id). Linear in the number of events.
OpHistory collect_ops(const std::vector<Event>& events);

}  // namespace distlab::netlab
