#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netlab/api/event.h"

namespace distlab::netlab::lf {

// One write a kv-client invoked: a put, or a cas (its new value).
struct Write {
    std::string client;
    std::uint64_t op = 0;
    std::string key;
    std::string value;
    std::int64_t acked_ns = -1;     // when it completed ok; -1: never acknowledged
};

// One lf-node over the run, from its snapshots and phases.
struct NodeTrack {
    std::string mode;               // at the end ("" before any snapshot)
    std::int64_t epoch = 0;
    std::int64_t length = 0;
    std::optional<double> max_lag_ms;
    std::int64_t fallbacks = 0;     // semi-sync fallbacks
    std::int64_t writes_acked = 0;
    std::int64_t refused_fenced = 0;
    bool dead = false;              // down at the end
};

// What a leader-follower run says about acknowledged writes: read once by the check and the
// report's figures.
struct LfHistory {
    std::vector<Write> writes;                 // in invocation order
    std::map<std::string, NodeTrack> nodes;    // every lf-node that sent a snapshot
    std::string final_primary;                 // the live primary with the highest epoch, or ""
    std::int64_t final_epoch = 0;
    bool final_writes_known = false;           // its snapshot listed the writes it holds
    std::vector<std::size_t> lost;             // indexes into `writes`: acknowledged, not held by
                                               // final_primary; in the order they were acknowledged
    std::int64_t acked = 0;
    std::int64_t failovers = 0;                // promotions, as the lf-monitors' snapshots count them

    // `node_roles`: node -> role, as the run's catalog has it.
    static LfHistory read(const std::vector<Event>& events,
                          const std::map<std::string, std::string, std::less<>>& node_roles);
};

}  // namespace distlab::netlab::lf
