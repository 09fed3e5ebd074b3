#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "core/model/message.h"
#include "core/patterns/raft/raft_entry.h"

namespace distlab::core::raft {

// The leader's ReadIndex bookkeeping (thesis §6.4): reads wait for a heartbeat round that
// started after they arrived to be answered by a majority, and for the state machine to reach
// their read index. At most one round is in flight; reads arriving meanwhile share the next.
//
// Owned by RaftRole while it leads; single-threaded.
class ReadQueue {
public:
    struct Read {
        Message request;
        std::string key;
        Index read_index = 0;
        std::uint64_t seq = 0;          // the round that must confirm it
    };

    // The current round's number; every AppendEntries carries it and followers echo it.
    std::uint64_t round() const { return round_; }

    void add(Message request, std::string key, Index read_index);
    // A majority answered rounds up to `confirmed`.
    void confirm(std::uint64_t confirmed);
    // Whether waiting reads need a new round now; if so the round counts as started.
    bool start_round_if_needed();
    // Removes and returns the reads confirmed and applied, oldest first.
    std::vector<Read> take_ready(std::uint64_t confirmed, Index applied);
    // A new term: every read is returned (to refuse) and the rounds start over.
    std::vector<Read> reset();

private:
    std::deque<Read> reads_;
    std::uint64_t round_ = 0;
    bool in_flight_ = false;
};

}  // namespace distlab::core::raft
