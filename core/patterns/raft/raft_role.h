#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model/role.h"
#include "core/patterns/raft/ballot.h"
#include "core/patterns/raft/client_table.h"
#include "core/patterns/raft/kv_state_machine.h"
#include "core/patterns/raft/raft_config.h"
#include "core/patterns/raft/raft_log.h"
#include "core/patterns/raft/raft_messages.h"
#include "core/patterns/raft/read_queue.h"
#include "core/patterns/raft/replication_tracker.h"

namespace distlab::core::raft {

// The `raft` role: one server of a Raft cluster (Ongaro & Ousterhout, "In Search of an
// Understandable Consensus Algorithm", 2014; Ongaro's thesis, 2014, for pre-vote, check-quorum,
// ReadIndex and leases, single-server membership changes and snapshots) replicating the
// key-value store of core/patterns/kv/kv_protocol.h.
//
// Collaborators: RaftLog (entries in memory) and RaftStorage (term, vote, log and snapshot on
// the node's disk), Ballot (votes of one election), ReplicationTracker (the leader's view of
// each follower), ClientTable (requests awaiting their entry, and duplicates), ReadQueue
// (ReadIndex rounds), KvStateMachine (the applied store and its hash).
//
// Owned by the role driver; single-threaded like every role. Deterministic: its only
// randomness is ctx.rng() (election timeouts).
class RaftRole final : public Role {
public:
    // A server is in exactly one state.
    enum class State {
        Follower,       // answers leaders and candidates; left when its election timer fires
        PreCandidate,   // asks for pre-votes (thesis §9.6) without raising its term; left on
                        // winning them (Candidate), a leader's message or a higher term (Follower)
        Candidate,      // asks for votes in a new term; left on winning (Leader), a leader of
                        // its term or a higher term (Follower), or a timeout (a new election)
        Leader,         // replicates and serves clients; left on a higher term, losing its
                        // quorum (check-quorum) or committing its own removal
        NonMember,      // not in the configuration: never campaigns; left when a
                        // configuration that lists it is appended
    };

    explicit RaftRole(RaftConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    // Raft RPCs, one handler per message type.
    void handle(Context& ctx, const Message& msg, const RequestVote& m);
    void handle(Context& ctx, const Message& msg, const RequestVoteReply& m);
    void handle(Context& ctx, const Message& msg, const AppendEntries& m);
    void handle(Context& ctx, const Message& msg, const AppendEntriesReply& m);
    void handle(Context& ctx, const Message& msg, const InstallSnapshot& m);
    void handle(Context& ctx, const Message& msg, const InstallSnapshotReply& m);
    void handle_client(Context& ctx, const Message& msg);
    void handle_lab(Context& ctx, const Message& msg);

    // Elections.
    void arm_election_timer(Context& ctx);
    void on_election_timeout(Context& ctx);
    void start_pre_vote(Context& ctx);
    void start_election(Context& ctx);
    void become_leader(Context& ctx);
    // With persist_term false the caller stores a newer term itself before answering anyone.
    void become_follower(Context& ctx, Term term, std::optional<NodeId> leader, const Text& why,
                         bool persist_term = true);
    bool log_up_to_date(Index last_index, Term last_term) const;
    bool heard_leader_recently(const Context& ctx) const;

    // Replication (leader).
    void replicate(Context& ctx, const NodeId& peer);
    void send_heartbeat(Context& ctx, const NodeId& peer);
    void send_probe(Context& ctx, const NodeId& peer);
    void send_snapshot(Context& ctx, const NodeId& peer, Progress& p);
    void broadcast(Context& ctx);
    void on_heartbeat_tick(Context& ctx);
    void on_check_quorum(Context& ctx);
    // Appends an entry to the leader's log; flush() sends it and syncs it to disk.
    Index propose(Context& ctx, Entry entry);
    void flush(Context& ctx);
    Index durable_index() const;               // the last entry on this node's disk
    void replicate_all(Context& ctx);
    void advance_commit(Context& ctx);
    // Tracks every member but self; new followers start at `next`.
    void followers_changed(Index next);

    // Reads.
    void serve_read(Context& ctx, const Message& msg, const std::string& key);
    void release_reads(Context& ctx);
    bool lease_valid(const Context& ctx) const;
    void answer_read(Context& ctx, const Message& request, const std::string& key);

    // Applying and compaction.
    void set_commit(Context& ctx, Index commit);
    void apply_committed(Context& ctx);
    void maybe_compact(Context& ctx);
    std::vector<NodeId> members_at(Index index) const;

    // Configuration (thesis §4.1: the newest configuration in the log is in effect).
    void refresh_members(Context& ctx);
    bool is_member(const NodeId& id) const;

    // Durability: false (and logged) when the disk refused; the caller must not answer then.
    bool persist_meta(Context& ctx, bool store_vote = true);
    bool persist_log_from(Context& ctx, Index from);
    bool persist_log_rewrite(Context& ctx);
    void recover(Context& ctx, std::vector<std::pair<LogLevel, std::string>>& notes);

    void check_state_violations(Context& ctx, Index index, std::uint64_t hash);
    void publish_gauges(Context& ctx) const;
    void reply_not_leader(Context& ctx, const Message& msg);
    // Client requests a server without a live leader receives (see hold_or_refuse()).
    void hold_or_refuse(Context& ctx, const Message& msg);
    void release_held(Context& ctx);
    void expire_held(Context& ctx);
    Duration draw_election_timeout(Context& ctx) const;
    std::string describe_state() const;
    // Moves to `state` and announces it as the role's phase (its name as describe_state()).
    void enter(Context& ctx, State state, Text reason);

    RaftConfig config_;
    NodeId self_;
    State state_ = State::Follower;

    // Persistent state (Raft Figure 2), mirrored in storage before any reply depends on it.
    Term term_ = 0;
    std::optional<NodeId> voted_for_;
    RaftLog log_;
    std::optional<SnapshotData> snapshot_;     // the newest one taken or installed
    std::optional<RaftStorage> disk_;          // on ctx.storage(), which outlives the role
    Index unsynced_from_ = 0;                  // the first entry appended but not synced; 0: none

    // Volatile state.
    Index commit_ = 0;
    KvStateMachine kv_;
    std::optional<NodeId> leader_;
    Duration last_heard_leader_{-1};           // when the current leader last reached us
    Duration election_timeout_{0};             // the timeout drawn for the current wait
    std::vector<NodeId> initial_members_;
    std::vector<NodeId> members_;              // the configuration in effect
    Index config_index_ = 0;                   // its entry (0: initial or from the snapshot)
    std::deque<std::pair<Index, std::uint64_t>> hash_history_;   // recent (applied, hash)

    // Candidate and leader state.
    Ballot ballot_;
    ReplicationTracker tracker_;
    Index term_start_index_ = 0;               // the leader's no-op; reads wait for its commit
    std::optional<NodeId> leaving_;            // removed by the newest configuration, not told yet
    ClientTable clients_;
    ReadQueue reads_;

    // Client requests held while no leader is known, oldest first.
    struct Held {
        Duration since;
        Message request;
    };
    std::deque<Held> held_;
};

}  // namespace distlab::core::raft
