#pragma once

#include <deque>
#include <map>
#include <optional>
#include <utility>

#include "core/model/json.h"
#include "core/model/message.h"
#include "core/model/time.h"
#include "core/patterns/raft/raft_entry.h"

namespace distlab::core::raft {

// The client requests a leader proposed: which log index answers which request, and, for a
// while after, each request's answer, so a copy the network delivers again is answered the same
// way instead of running twice (the concern of thesis §6.3, limited to the duplicates a network
// makes: requests are known by (client, message id), which a restarted client reuses).
//
// Owned by RaftRole; single-threaded.
class ClientTable {
public:
    // Longer than any duplicate's extra delay on the fabric.
    static constexpr Duration kDuplicateWindow = std::chrono::seconds(2);

    struct Pending {
        Message request;
        Duration proposed_at{0};
    };

    // A copy of a request proposed within the window: its answer, or null (Json) while unknown.
    // nullopt: not a known request.
    std::optional<Json> duplicate(const Message& request, Duration now);

    // The leader proposed `request` as entry `index`.
    void proposed(Index index, const Message& request, Duration now);
    // Entry `index` was applied with `reply`: the request it answers, if this leader proposed it.
    std::optional<Pending> applied(Index index, const Json& reply);
    // Leadership lost: answers of pending requests are unknown from now on.
    void abandon_pending() { pending_.clear(); }

private:
    using Key = std::pair<NodeId, MessageId>;
    struct Seen {
        Duration at{0};
        std::optional<Json> reply;
    };

    void expire(Duration now);

    std::map<Index, Pending> pending_;
    std::map<Key, Seen> seen_;
    std::deque<std::pair<Duration, Key>> order_;     // for expiry, oldest first
};

}  // namespace distlab::core::raft
