#pragma once

#include <cstdint>
#include <vector>

#include "core/model/param_list.h"

namespace distlab::core::raft {

// How a leader serves reads (thesis §6.4).
enum class ReadMode {
    ReadIndex,   // confirm leadership with a heartbeat round, then read at the commit index
    Lease,       // read at once while a quorum answered within the lease; else as ReadIndex
    Log,         // reads are log entries, answered when applied
};

// The `raft` role's parameters.
struct RaftConfig {
    Duration election_min{150ms};
    Duration election_max{300ms};
    Duration heartbeat{50ms};
    bool pre_vote = true;
    bool check_quorum = true;
    ReadMode read_mode = ReadMode::ReadIndex;
    std::int64_t max_batch = 64;
    std::int64_t max_inflight = 4;
    std::int64_t snapshot_threshold = 1000;
    bool fsync = true;
    bool leader_noop = true;              // a new leader appends a blank entry of its term (§8)
    std::vector<NodeId> members;          // empty: self and every peer

    // Teaching switches: each breaks one rule on purpose.
    bool unsafe_commit_old_term = false;        // commit an old term's entry by counting (Figure 8)
    bool unsafe_vote_without_persist = false;   // grant a vote without storing votedFor
    bool fixed_election_timeout = false;        // every node waits election_min: split votes
    bool unsafe_skip_log_check = false;         // grant votes without the up-to-date check

    static const ParamList<RaftConfig>& params();
    static RaftConfig from(const Params& resolved) { return params().bind(resolved); }
};

}  // namespace distlab::core::raft
