#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "core/model/result.h"
#include "core/patterns/raft/raft_entry.h"
#include "core/patterns/raft/raft_log.h"

namespace distlab::core::raft {

// The Raft RPCs between raft nodes (Raft Figure 2, thesis §9.6 and §5), as JSON bodies. Every
// decode_* checks types and never throws: the fabric may corrupt or duplicate messages.
inline constexpr const char* kRequestVote = "request_vote";
inline constexpr const char* kRequestVoteReply = "request_vote_reply";
inline constexpr const char* kAppendEntries = "append_entries";
inline constexpr const char* kAppendEntriesReply = "append_entries_reply";
inline constexpr const char* kInstallSnapshot = "install_snapshot";
inline constexpr const char* kInstallSnapshotReply = "install_snapshot_reply";

// RequestVote; with pre_vote, the pre-vote of thesis §9.6: `term` is the term the candidate
// would start, and granting it changes nothing at the voter.
struct RequestVote {
    Term term = 0;
    Index last_index = 0;
    Term last_term = 0;
    bool pre_vote = false;
};

struct RequestVoteReply {
    Term term = 0;
    bool granted = false;
    bool pre_vote = false;
};

// AppendEntries. Entries are prev_index + 1, prev_index + 2, ... `seq` numbers the leader's
// heartbeat rounds (ReadIndex, thesis §6.4) and `sent` is the leader's clock when it sent the
// message (its lease, thesis §6.4.1); the follower echoes both.
struct AppendEntries {
    Term term = 0;
    Index prev_index = 0;
    Term prev_term = 0;
    Index commit = 0;
    std::uint64_t seq = 0;
    std::int64_t sent = 0;
    std::vector<Entry> entries;
};

// On success, `match` is the last index this message made equal to the leader's log. On a
// mismatch, `hint` is where the leader should try next (Raft §5.3, the optimisation at its end).
struct AppendEntriesReply {
    Term term = 0;
    bool success = false;
    Index match = 0;
    Index hint = 0;
    std::uint64_t entries = 0;      // how many entries the request carried (pipelining window)
    std::uint64_t seq = 0;
    std::int64_t sent = 0;
};

// InstallSnapshot in one message (Raft §7, Figure 13 sends chunks; one JSON body suffices here).
struct InstallSnapshot {
    Term term = 0;
    std::uint64_t seq = 0;
    std::int64_t sent = 0;
    SnapshotData snapshot;
};

struct InstallSnapshotReply {
    Term term = 0;
    Index index = 0;
    std::uint64_t seq = 0;
    std::int64_t sent = 0;
};

Json encode(const RequestVote& m);
Json encode(const RequestVoteReply& m);
// Entries first_index..last_index of `log` go into the message (no copy of the entries).
Json encode_append(const AppendEntries& header, const RaftLog& log, Index first, Index last);
Json encode(const AppendEntriesReply& m);
Json encode(const InstallSnapshot& m);
Json encode(const InstallSnapshotReply& m);

Result<RequestVote> decode_request_vote(const Json& body);
Result<RequestVoteReply> decode_request_vote_reply(const Json& body);
Result<AppendEntries> decode_append_entries(const Json& body);
Result<AppendEntriesReply> decode_append_entries_reply(const Json& body);
Result<InstallSnapshot> decode_install_snapshot(const Json& body);
Result<InstallSnapshotReply> decode_install_snapshot_reply(const Json& body);

}  // namespace distlab::core::raft
