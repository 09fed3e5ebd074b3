#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/kv/kv_protocol.h"
#include "core/patterns/leaderless/dynamo_protocol.h"
#include "core/patterns/leaderless/replica_store.h"

namespace distlab::core::leaderless {

enum class ReadRepair { Blocking, None };

struct DynamoNodeConfig {
    std::string preset = "none";
    std::vector<NodeId> members;              // the ring, this node included
    std::int64_t n = 3;                       // replicas of each key
    Level read_level = Level::Quorum;         // R, unless a request says otherwise
    Level write_level = Level::Quorum;        // W, unless a request says otherwise
    bool sloppy = true;                       // sloppy quorum (fallbacks with hints) or strict
    ReadRepair read_repair = ReadRepair::Blocking;
    Duration anti_entropy{1s};                // between Merkle exchanges with the next peer; 0: off
    std::int64_t merkle_depth = 4;
    Duration replica_timeout{100ms};          // a replica silent this long is suspected down
    Duration probe_interval{200ms};           // pings to suspects, hint handoff attempts
    std::int64_t vnodes = 16;                 // ring points per member
    bool fsync = true;

    static const ParamList<DynamoNodeConfig>& params();
    static DynamoNodeConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `dynamo-node` role: one node of a leaderless key-value store in the style of Amazon's
// Dynamo (DeCandia et al., SOSP 2007), Riak and Cassandra.
//
// Keys live on a hash ring; a key's preference list is every member clockwise from its point,
// and its first n members are its home replicas. Any node coordinates a kv-client operation
// (core/patterns/kv/kv_protocol.h): it sends it to the replicas it believes up, itself
// included, and answers once R of them answered a get (the newest version wins: last writer
// wins on the coordinator's timestamp) or W acknowledged a put. R and W are consistency levels
// named as Cassandra names them (ONE, TWO, THREE, QUORUM = n / 2 + 1, ALL), the node's or the
// request's; a request may also ask for fewer replicas than the node's n ("n", as Dynamo's
// paper sets N per request): it then goes to the first n homes only. With R + W > n every read quorum meets every write quorum; with R + W <= n a read
// can miss the latest acknowledged write.
//
// A replica that lets a request time out is suspected down until it answers anything (suspects
// are pinged every probe_interval). With a sloppy quorum (Dynamo, Riak), the coordinator sends
// a suspect home's copy to the next healthy node of the preference list with a hint naming the
// home; the fallback keeps hinted versions apart, answers reads with them, and hands them to the
// home once it answers again (hinted handoff), then drops them. With a strict quorum
// (Cassandra's levels, Riak's pw), only home replicas count: a coordinator that believes fewer
// than R or W homes up answers unavailable at once, before sending anything.
//
// Read repair: with BLOCKING (Cassandra's default since 4.0), replicas that answered a read with
// an older version get the newest before the coordinator answers, so a later quorum read cannot
// go back in time; replicas answering after the reply are repaired in the background. With NONE,
// nothing is repaired on reads.
//
// Anti-entropy: about every `anti_entropy` (jittered), the node compares a Merkle tree of the keys it shares with
// the next peer (round robin) with that peer's, descending only where the hashes differ, and the
// two exchange the versions of the leaves that differ: a replica that missed writes while down
// catches up without a read of every key.
//
// A write that reaches fewer than W replicas is not answered: some replicas may hold it, so its
// outcome is unknown to the coordinator (the client's timeout says so). A read that cannot
// gather R answers is answered unavailable (a read has no effect). A cas is refused as
// unsupported: a leaderless store has no single order of writes to compare against.
//
// A coordinator sends the writes it takes in one turn (the requests that arrived together) to
// each replica in one dy_writes message, answered once for all of them: Raft's leader ships many
// entries in one append, and a leaderless coordinator would otherwise pay a message and a reply
// per write per replica.
//
// Versions of the keys a node is home for are on disk (surviving a kill), written in groups: a
// replica acknowledges a write, and a coordinator counts its own copy, only once the group
// holding it is synced (one sync per turn for every write that arrived in it, whichever
// coordinator sent it). A coordinator sends its replica writes before it syncs its own copy, so
// that the syncs overlap. Hints are in memory.
//
// Snapshot: keys, hints (held for other homes), suspects, counters, and `digests`: for each
// peer, the root of the Merkle tree over the keys the two share, so that two replicas agree on
// their shared keys exactly when their digests for each other are equal (the convergence check
// reads them).
class DynamoNodeRole final : public Role {
public:
    explicit DynamoNodeRole(DynamoNodeConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    // One kv operation this node coordinates.
    struct Coordination {
        Message request;
        kv::Request op;
        int n = 1;                                 // N: the request's, else the node's
        int need = 1;                              // R or W among those n
        std::vector<NodeId> preference;            // the key's whole preference list
        std::set<NodeId> asked;
        std::size_t outstanding = 0;               // calls not yet answered or timed out
        int answers = 0;                           // acks (write) or replies (read)
        bool replied = false;
        Version written;                           // write: the version sent
        std::map<NodeId, NodeId> stands_for;       // asked node -> the home it replaces (itself if home)
        std::map<NodeId, std::optional<Version>> read_replies;   // read
        std::optional<Version> newest;             // read: the newest seen so far
        bool completing = false;                   // read: R answered, the answer is chosen
        int repairs_waiting = 0;                   // read: blocking repairs not yet acknowledged
        bool repairs_failed = false;
    };

    void handle_kv(Context& ctx, const Message& msg);
    void handle_write(Context& ctx, const Message& msg);
    void handle_writes(Context& ctx, const Message& msg);
    // Keeps one dy_write body's version; what is wrong with the body, if anything.
    std::optional<std::string> store_write(Context& ctx, const Json& body);
    void handle_read(Context& ctx, const Message& msg);
    void handle_handoff(Context& ctx, const Message& msg);
    void handle_tree(Context& ctx, const Message& msg);
    void handle_leaves(Context& ctx, const Message& msg);

    // The replicas to ask first: the up homes among the first n, and with a sloppy quorum a
    // fallback (from the n-th member of the preference list on) for each suspect home; nullopt
    // when fewer than `need` can be asked.
    std::optional<std::vector<std::pair<NodeId, NodeId>>> choose_targets(const std::vector<NodeId>& preference,
                                                                         int n, int need) const;
    void ask(Context& ctx, std::uint64_t id, const NodeId& node, const NodeId& home);
    // Sends the writes ask() queued per replica: one dy_write, or one dy_writes for several.
    void flush_writes(Context& ctx);
    void replica_answered(Context& ctx, std::uint64_t id, const NodeId& node, const CallOutcome& outcome);
    void replace_failed(Context& ctx, std::uint64_t id, const NodeId& failed);
    void read_complete(Context& ctx, std::uint64_t id);
    void repair(Context& ctx, std::uint64_t id, const NodeId& node, bool blocking);
    // Answers once enough replicas did; forgets the operation once no call is outstanding.
    void progress(Context& ctx, std::uint64_t id);

    // Stores `v` for `key` (for `home`: a hint when it is another node), arming the group commit
    // when it must reach the disk; true when it replaced what was held.
    bool keep(Context& ctx, const std::string& key, const Version& v, const NodeId& home);
    // Runs `then` once every version kept so far is on disk: at once when none waits, else after
    // the group commit (a zero timer, so that the messages already queued join the group).
    void when_durable(Context& ctx, std::function<void(Context&)> then);
    void commit(Context& ctx);

    void tick(Context& ctx);
    void hand_off(Context& ctx, const NodeId& home);
    void start_anti_entropy(Context& ctx);
    void arm_anti_entropy(Context& ctx);
    void send_leaves(Context& ctx, const NodeId& to, const std::vector<std::size_t>& leaves, bool answer);

    void heard_from(Context& ctx, const NodeId& node);
    void suspect(Context& ctx, const NodeId& node);
    bool is_up(const NodeId& node) const { return !suspects_.contains(node); }
    void update_phase(Context& ctx, Text reason);

    DynamoNodeConfig config_;
    NodeId self_;
    std::optional<ReplicaStore> store_;                                     // from start()
    std::vector<std::function<void(Context&)>> after_commit_;               // waiting for the group commit
    bool commit_armed_ = false;
    struct OutgoingWrite {
        std::uint64_t id;                                                   // the coordination
        Json body;                                                          // a dy_write body
    };
    std::map<NodeId, std::vector<OutgoingWrite>> outgoing_writes_;          // until the batch timer
    bool batch_armed_ = false;
    std::set<NodeId> handoffs_in_flight_;
    std::map<NodeId, Duration> suspects_;                                   // node -> since
    std::map<std::uint64_t, Coordination> coordinating_;
    std::uint64_t next_coordination_ = 0;
    std::int64_t last_ts_ = 0;
    std::size_t anti_entropy_next_ = 0;                                     // index into the peers
    std::string phase_;

    std::uint64_t reads_ = 0, writes_ = 0, unavailable_ = 0;
    std::uint64_t hints_stored_ = 0, hints_delivered_ = 0;
    std::uint64_t read_repairs_ = 0, ae_exchanges_ = 0, ae_keys_repaired_ = 0;
};

}  // namespace distlab::core::leaderless
