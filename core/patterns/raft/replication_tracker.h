#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/model/ids.h"
#include "core/model/time.h"
#include "core/patterns/raft/raft_entry.h"

namespace distlab::core::raft {

// What a leader knows of one follower (Raft Figure 2, "Volatile state on leaders"), plus the
// pipelining window and the acknowledgements that ReadIndex, leases and check-quorum count.
struct Progress {
    Index next = 1;                 // the next entry to send; moves ahead optimistically
    Index match = 0;                // the highest entry known to be replicated there
    int inflight = 0;               // AppendEntries sent and not yet answered
    bool snapshot_inflight = false; // an InstallSnapshot is on its way; no entries meanwhile
    Duration inflight_since{0};     // when the oldest unanswered message was sent (about)
    std::uint64_t acked_seq = 0;    // the newest heartbeat round it answered in this term
    std::int64_t acked_sent = -1;   // the leader's send time of the newest message it answered
    bool heard = false;             // answered since the last check-quorum tick
    bool probing = false;           // refused since match last moved: one message at a time and
                                    // next held, until a success moves match (etcd's probe state)
};

// The leader's replication state for every other member, and the quorum arithmetic over it.
// Quorums are majorities of the given member list, counting the leader itself (whose own
// values the caller passes, since the leader is not a follower).
//
// Owned by RaftRole while it leads; single-threaded.
class ReplicationTracker {
public:
    // Starts tracking exactly `followers`: new ones at `next`, match = 0; followers no longer
    // listed are forgotten.
    void track(const std::vector<NodeId>& followers, Index next);
    void clear() { progress_.clear(); }

    Progress* find(const NodeId& id);
    const std::map<NodeId, Progress, std::less<>>& all() const { return progress_; }

    // The highest index stored on a majority of `members` (Raft §5.3, §5.4.2).
    Index quorum_match(const std::vector<NodeId>& members, const NodeId& self, Index self_match) const;
    // The newest heartbeat round a majority has answered (ReadIndex, thesis §6.4).
    std::uint64_t quorum_seq(const std::vector<NodeId>& members, const NodeId& self,
                             std::uint64_t self_seq) const;
    // The newest send time t such that a majority answered a message sent at or after t (the
    // start of the leader's lease, thesis §6.4.1); -1 when no majority has answered.
    std::int64_t quorum_sent(const std::vector<NodeId>& members, const NodeId& self,
                             std::int64_t self_now) const;
    // Whether a majority answered since the last call (check-quorum, thesis §6.2); resets.
    bool take_quorum_heard(const std::vector<NodeId>& members, const NodeId& self);

private:
    template <class T, class Get>
    T kth_largest(const std::vector<NodeId>& members, const NodeId& self, T self_value, T absent,
                  Get get) const;

    std::map<NodeId, Progress, std::less<>> progress_;
};

}  // namespace distlab::core::raft
