#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "core/patterns/stream/stream_protocol.h"

namespace distlab::core::stream {

// One ordered data channel as its receiver sees it: messages wait here until every earlier one
// of their attempt was taken, so the network may delay, reorder or duplicate them freely.
//
// The channel follows one job attempt at a time. A message of an older attempt is stale and
// dropped; a newer attempt is taken up when its restore (seq 1) is next, or when the next one in
// order is missing (never to come: its attempt was abandoned) and a newer restore is here.
// Messages held here are
// the channel's buffer: a receiver aligning barriers simply stops taking from a channel.
class OrderedInbox {
public:
    // Holds `msg` until its turn. False (and nothing held) when it is stale or already taken.
    bool push(ChannelMessage msg);
    // The next message in order, if it is here; skips what is older than `min_attempt` (the
    // receiver's own attempt) first.
    std::optional<ChannelMessage> pop(std::int64_t min_attempt = 0);

    std::int64_t attempt() const { return attempt_; }
    std::int64_t held() const { return static_cast<std::int64_t>(held_.size()); }
    // Forgets everything (a receiver restarting from a checkpoint that this channel precedes).
    void clear() { held_.clear(); }

private:
    std::int64_t attempt_ = 0;     // 0: none taken up yet
    std::int64_t next_seq_ = 1;
    std::map<std::pair<std::int64_t, std::int64_t>, ChannelMessage> held_;
};

}  // namespace distlab::core::stream
