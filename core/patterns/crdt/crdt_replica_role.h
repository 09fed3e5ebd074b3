#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/crdt/crdt_types.h"

namespace distlab::core::crdt {

inline constexpr const char* kReplicaRole = "crdt-replica";
inline constexpr const char* kClientRole = "crdt-client";
// A client's operation: {op: add|remove|write|read, type, key, value?}; answered
// {ok: true, value} (the value held after it) or {ok: false, error}.
inline constexpr const char* kRequestType = "crdt";
inline constexpr const char* kReplyType = "crdt_reply";
// Replica to replica: {full: bool, objects: [{key, type, state, stamp?}]}.
inline constexpr const char* kGossipType = "crdt_gossip";

// How a replica combines what another replica sends.
enum class MergeMode {
    Crdt,            // the type's join: nothing any replica did is lost
    LwwWholeValue,   // the whole value, the last written (by the writer's clock) replacing the
                     // other: a plain replicated store, the failure CRDTs prevent
};

struct CrdtReplicaConfig {
    std::vector<NodeId> replicas;          // the crdt-replicas it gossips with (itself skipped)
    Duration gossip_interval{100ms};
    std::int64_t full_state_every = 10;    // every n-th round sends the whole state, not deltas
    MergeMode merge = MergeMode::Crdt;

    static const ParamList<CrdtReplicaConfig>& params();
    static CrdtReplicaConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `crdt-replica` role: holds replicated objects of the CRDT types of crdt_types.h, each under
// a key, created by the first operation on it. A client's operation applies here at once and is
// answered at once: a replica never waits for another, so it serves on both sides of a partition.
//
// Replication is state-based with delta gossip: every gossip_interval the replica sends each of
// `replicas` the deltas of its own operations since the last round (merged into one delta per
// object), and every full_state_every-th round its whole state, which repairs deltas a partition
// or a lossy link dropped. A replica merges what it receives with the type's join, so a state
// delivered twice, late or out of order changes nothing more: after a heal every replica holds
// the same state within full_state_every rounds and a link's delay (the gossip bound the
// crdt_converged check takes).
//
// merge: lww_whole_value shows what the CRDTs are for: each object travels whole with the
// time its writer last changed it, and the later one replaces the other, as a plain
// replicated value under last-writer-wins does: what the other side did meanwhile is lost.
//
// Full rounds go out even with nothing to say, so a replica knows whom it hears: it is in phase
// `connected` while every other replica's gossip arrived within two full rounds, else
// `cut-off`, still serving on its own (the partition's side the CAP theorem lets it choose).
//
// The state is on disk (rewritten on every change) and survives a restart: a replica that
// forgot its own increments would count them again from zero, below what it had sent.
//
// The snapshot shows every object's type, value and state, and the last merge that changed
// something (from whom, the state before, what came, the state after): the state view steps
// through merges one snapshot at a time.
class CrdtReplicaRole final : public Role {
public:
    explicit CrdtReplicaRole(CrdtReplicaConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    // The time of an object's last change and the node that made it: lww_whole_value's order.
    using Stamp = std::pair<std::int64_t, NodeId>;

    struct Held {
        Object object;
        std::optional<Object> delta;    // of this replica's operations since the last round
        Stamp stamp{-1, {}};
    };

    void handle_request(Context& ctx, const Message& msg);
    void handle_gossip(Context& ctx, const Message& msg);
    Json entry_json(const std::string& key, const Held& held, bool whole) const;
    void persist(Context& ctx, bool sync);
    void update_phase(Context& ctx);
    std::int64_t next_ts(Context& ctx);

    CrdtReplicaConfig config_;
    NodeId self_;
    std::map<std::string, Held> objects_;
    std::map<NodeId, Duration> heard_at_;   // each other replica's last gossip (or our start)
    std::string phase_;
    std::int64_t last_ts_ = -1;
    std::uint64_t rounds_ = 0;
    std::uint64_t deltas_sent_ = 0;
    std::uint64_t full_states_sent_ = 0;
    std::uint64_t merges_ = 0;            // received states that changed something
    std::uint64_t type_conflicts_ = 0;
    Json last_merge_ = nullptr;
};

}  // namespace distlab::core::crdt
