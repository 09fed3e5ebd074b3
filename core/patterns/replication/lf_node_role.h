#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/kv/kv_protocol.h"
#include "core/patterns/replication/lf_protocol.h"

namespace distlab::core::replication {

enum class ReplicationMode { Async, SemiSync, Sync };
// When a write waiting for replica acknowledgements becomes visible to reads on the primary.
enum class WaitPoint { AfterSync, AfterCommit };

struct LfNodeConfig {
    std::vector<NodeId> members;                // the lf-nodes of the group, this one included
    NodeId primary;                             // the primary at first start
    ReplicationMode replication = ReplicationMode::Async;
    std::int64_t wait_for_replica_count = 1;    // semi-sync: acks a write waits for
    Duration semi_sync_timeout{1s};             // semi-sync: then fall back to async
    WaitPoint wait_point = WaitPoint::AfterSync;
    Duration heartbeat{50ms};                   // appends (empty or not) to every replica
    bool fencing = false;                       // refuse writes without a fresh replica ack
    Duration lease{500ms};                      // fencing: how fresh that ack must be
    bool fsync = true;                          // log writes reach the disk before an ack

    static const ParamList<LfNodeConfig>& params();
    static LfNodeConfig from(const Params& resolved) { return params().bind(resolved); }
};

std::string_view to_string(ReplicationMode mode);

// The `lf-node` role: one copy of a key-value store replicated from a single primary. Whether a
// node is the primary or a replica is a mode, not a role, because a replica becomes the primary
// when the failover monitor promotes it (and a deposed primary becomes a replica): the lab runs
// one role per node for the whole run.
//
// The primary takes the kv-client's operations (core/patterns/kv/kv_protocol.h), appends each
// write to its log (on disk, surviving a kill) and ships the log to every replica in lf_append
// messages (lf_protocol.h), on each write and every heartbeat. Group commit under semi_sync and
// sync, where a write waits for replicas anyway: the writes that arrive together are synced with
// one fsync and shipped in one append (a zero timer, so that the requests already queued join
// the group); under async each write is synced and acknowledged at once. A replica syncs each
// append once; a write counts as the primary's only once it is on its disk. When it acknowledges a write
// depends on `replication`:
// - async: at once (Redis, MySQL's default); the replicas follow when they can;
// - semi_sync: once wait_for_replica_count replicas hold it, or, when none of the writes waiting
//   has got them within semi_sync_timeout, at once: semi-sync switches itself off (phase
//   primary-async) and stays off until a replica holds the whole log again, as MySQL's source
//   reverts to asynchronous replication;
// - sync: once every replica of its sync set holds it: the live replicas the monitor named on
//   promotion (all the others at first start), joined by any replica that comes to hold every
//   acknowledged write; a replica never leaves the set, so a sync replica that dies stops
//   the writes (the price of sync), and with no replica in the set the primary acknowledges
//   alone. The monitor promotes only a member of the sync set, which holds every acknowledged
//   write.
// With wait_point after_sync (MySQL's default), reads are served from the acknowledged
// (committed) state only, and a compare-and-set that does not match is answered once every write
// before it is committed, so a client never reads a write that a failover may still lose. With
// after_commit, a write is visible to every reader as soon as the primary has it, while its own
// client still waits: other clients can read a write that a failover then loses.
//
// Epochs order primaries: the monitor promotes with a new epoch, a replica refuses appends of an
// older epoch, and a primary that hears of a newer epoch steps down to replica at once. With
// `fencing`, a primary also takes writes and reads only while it holds a lease, an acknowledged
// append at its epoch from a replica within `lease` (as Redis' min-replicas-to-write 1 with
// min-replicas-max-lag): cut off from its replicas, it fences itself before the monitor (whose
// failover timeout must exceed the lease) promotes another. Without it, a cut-off primary
// in async mode keeps acknowledging writes that the promoted replica never sees: split brain.
// The lease is not consensus: a primary that still reaches one replica the monitor cannot see
// keeps it while the monitor promotes another (`distlab-cli chaos` with one-way partitions
// finds such schedules); only a quorum protocol such as Raft is safe under every partition.
//
// A replica answers a kv operation not_leader with the primary it follows. Its gauge lag_ms is
// the time since it last held everything the primary had, measured when an append arrives and
// counted up while the primary is silent (null when it is not a replica, or before any append).
//
// A restarted node recovers its log and epoch from disk and comes back as a replica; the monitor
// or the primary's appends tell it whom to follow, and entries the primary does not have (writes
// of a deposed primary) are cut from its log.
class LfNodeRole final : public Role {
public:
    explicit LfNodeRole(LfNodeConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Peer {
        std::int64_t match = 0;                 // its log holds ours up to here
        std::int64_t next = 1;                  // the next index to send it
        std::optional<Duration> acked_at;       // when the latest append it answered at our epoch was sent
    };
    struct Pending {
        std::int64_t index = 0;                 // answered once commit reaches it
        Message request;
        Json reply;
        Duration since{0};
    };

    bool leading() const { return primary_ == self_ && is_primary_; }
    void handle_kv(Context& ctx, const Message& msg);
    void handle_append(Context& ctx, const Message& msg);
    void handle_append_reply(Context& ctx, const Message& msg);
    void handle_status(Context& ctx, const Message& msg);
    void handle_promote(Context& ctx, const Message& msg);
    void handle_follow(Context& ctx, const Message& msg);

    // Appends to the log in memory; sync_log() writes what was appended since to disk, with one
    // fsync for all of it.
    void append_local(Context& ctx, Entry entry);
    void sync_log(Context& ctx);
    void truncate(Context& ctx, std::int64_t length);
    void rebuild_state();
    void persist_epoch(Context& ctx);
    void send_append(Context& ctx, const NodeId& to, Peer& peer, std::int64_t from);
    void replicate(Context& ctx);
    void try_commit(Context& ctx);
    std::int64_t commit_target() const;
    std::int64_t replicas_holding(std::int64_t index) const;
    bool holds_lease(Duration now) const;
    void update_phase(Context& ctx, Text reason);
    void become_replica(Context& ctx, std::int64_t epoch, NodeId primary, const Text& reason);
    std::int64_t last_epoch() const { return log_.empty() ? 0 : log_.back().epoch; }
    std::int64_t length() const { return static_cast<std::int64_t>(log_.size()); }

    LfNodeConfig config_;
    NodeId self_;
    bool is_primary_ = false;
    NodeId primary_;                            // the primary this node believes in ("" unknown)
    std::int64_t epoch_ = 1;
    std::vector<Entry> log_;
    std::int64_t durable_ = 0;                  // the log is on disk up to here
    std::string unsynced_;                      // the lines appended since
    bool flush_armed_ = false;                  // primary: a group commit is due
    std::int64_t commit_ = 0;
    std::map<std::string, std::string, std::less<>> state_;   // applied up to commit_
    std::map<std::string, std::string, std::less<>> tip_;     // applied up to the log's end
    std::map<NodeId, Peer> replicas_;
    std::vector<NodeId> sync_replicas_;
    std::deque<Pending> pending_;
    bool semi_sync_on_ = true;
    Duration primary_since_{0};                 // fencing: the lease runs from here at first
    std::string phase_;
    // replica: lag
    std::optional<double> lag_ms_;
    double lag_scale_ms_ = 1000;
    Duration synced_at_{0};                     // when it last held all the primary had
    Duration heard_at_{0};                      // last append from the primary
    std::uint64_t fallbacks_ = 0;
    std::uint64_t writes_acked_ = 0;
    std::uint64_t refused_fenced_ = 0;
};

}  // namespace distlab::core::replication
