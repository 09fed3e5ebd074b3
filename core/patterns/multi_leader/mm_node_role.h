#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/crdt/crdt_types.h"

namespace distlab::core::multi_leader {

inline constexpr const char* kNodeRole = "mm-node";
inline constexpr const char* kClientRole = "cart-client";
// Client to node: mm_get {key} -> {ok, merge, versions: [{items, vv}], context} (lww, siblings)
// or {ok, merge: "crdt", items}; mm_put {key, items, context} -> {ok} (lww, siblings);
// mm_op {key, op: add|remove, item} -> {ok} (crdt).
inline constexpr const char* kGetType = "mm_get";
inline constexpr const char* kPutType = "mm_put";
inline constexpr const char* kOpType = "mm_op";
// Node to node: {key, versions: [...]} or {key, orset: state}; a whole-store sync is
// {carts: [{key, versions | orset}, ...]}.
inline constexpr const char* kReplicateType = "mm_replicate";

// How a node resolves concurrent versions of a key (neither version vector dominates).
enum class Resolution {
    Lww,        // the version with the greatest (timestamp, node) stays, the other is dropped
    Siblings,   // both stay, as siblings, until a client writes a merge that has seen them
    Crdt,       // the cart is an OR-Set: concurrent adds and removes merge by its join
};

std::string_view to_string(Resolution r);

struct MmNodeConfig {
    std::vector<NodeId> nodes;              // every mm-node, in every region (itself included)
    Resolution resolution = Resolution::Siblings;
    Duration sync_interval{500ms};          // anti-entropy: the whole store to every other node

    static const ParamList<MmNodeConfig>& params();
    static MmNodeConfig from(const Params& resolved) { return params().bind(resolved); }
};

// One version of a cart: its items, the version vector of the writes it has seen, and the
// writer's clock (for LWW).
struct Version {
    std::set<std::string> items;
    crdt::VersionVector vv;
    std::int64_t ts = 0;
    NodeId node;

    Json to_json() const;
    static Result<Version> from_json(const Json& json);
    bool operator==(const Version&) const = default;
};

// The `mm-node` role: a leader of a multi-leader (multi-master) store of shopping carts, one per
// region. It takes every write of its region's clients at once and replicates it asynchronously
// to the other regions' nodes (each write on its own, and the whole store every sync_interval,
// which repairs what a partition dropped), so writes in two regions can be concurrent.
//
// Every version carries a version vector; a version whose vector another dominates is
// replaced, and two versions neither of whose vectors dominates the other are a conflict
// (counted, logged), resolved by `resolution`:
// - lww: the greater (timestamp, node) wins and the other is dropped, silently for its writer
//   (Cassandra, Riak with last_write_wins);
// - siblings: both are kept and returned to the next reader with a context (the join of their
//   vectors); the client merges them and writes back with that context, which supersedes them
//   (Riak's allow_mult, Dynamo's cart). Merging carts by union brings back an item one region
//   removed while the other region changed the cart: Dynamo's deleted items that resurface;
// - crdt: the cart is an OR-Set (core/patterns/crdt/crdt_types.h), and clients send their add
//   or remove as an operation, merged by the set's join: concurrent adds and removes of
//   different items both survive, and a remove is undone only by an add it never saw.
//
// Snapshot: every cart (versions, or the OR-Set's items and state), replications from other
// nodes that changed something (merges), conflicts detected,
// versions dropped by LWW and the most siblings any cart holds (its gauge).
class MmNodeRole final : public Role {
public:
    explicit MmNodeRole(MmNodeConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void handle_get(Context& ctx, const Message& msg);
    void handle_put(Context& ctx, const Message& msg);
    void handle_op(Context& ctx, const Message& msg);
    void handle_replicate(Context& ctx, const Message& msg);
    // Adds `incoming` to `key`'s versions; true when they changed.
    bool merge_version(Context& ctx, const std::string& key, const Version& incoming, const NodeId& from);
    bool merge_entry(Context& ctx, const Json& entry, const NodeId& from, const std::string& where);
    Json entry_json(const std::string& key) const;
    void send_to_others(Context& ctx, Json body);
    std::size_t most_siblings() const;

    MmNodeConfig config_;
    NodeId self_;
    std::map<std::string, std::vector<Version>> carts_;   // lww, siblings
    std::map<std::string, crdt::ORSet> sets_;             // crdt
    std::int64_t last_ts_ = -1;
    std::uint64_t merges_ = 0;            // replications that changed this node's carts
    std::uint64_t conflicts_ = 0;
    std::uint64_t dropped_ = 0;
};

}  // namespace distlab::core::multi_leader
