#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/model/message.h"
#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/consistent_hashing/placement.h"

namespace distlab::core::consistent_hashing {

struct RingNodeConfig {
    PlacementSettings placement;
    Duration handoff_timeout{2s};   // how long a handoff waits for its answer before it is retried

    static const ParamList<RingNodeConfig>& params();
    static RingNodeConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `ring-node` role: one node of a consistently hashed key-value store. It owns the keys the
// placement gives it under the ring it knows (the members, changed by the lab's join and leave
// commands), stores them in its durable storage, answers get and put for them, and refuses any
// other key with the owner it knows. When the ring changes it recomputes every key's owner and
// hands each key it holds but no longer owns to its new owner (one handoff per receiver); a key
// leaves its storage only once the receiver acknowledged it, and a failed handoff is retried.
// A handoff never overwrites a key the receiver already holds: that copy was written to it as
// the new owner, after the ownership moved, so it is the newer one.
//
// A node not among the members waits (answers nothing but handoffs) until it joins. A node
// that leaves hands everything over and then stays "left". Its storage keeps its keys and the
// ring across a kill and restart.
//
// Phases: waiting, serving, handing-off (handoffs outstanding), left. Snapshot: state, member,
// members (count), ring (ids), strategy, vnodes, key_space, load_factor, keys (held),
// keys_scale (the gauge's full scale: twice the fair share, or the keys held when more),
// keys_in, keys_out, handoffs_pending, gets, puts, refused. Metrics: keys_in, keys_out,
// handoffs, handoff_failures, gets, puts, refused.
//
// Owned by the role driver; single-threaded like every role.
class RingNodeRole final : public Role {
public:
    explicit RingNodeRole(RingNodeConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void handle_lab(Context& ctx, const Message& msg);
    void handle_kv(Context& ctx, const Message& msg);
    void handle_handoff(Context& ctx, const Message& msg);
    // Recomputes the owners for the members and hands over what moved away.
    void apply_members(Context& ctx, std::vector<NodeId> members, const Text& why);
    void hand_off(Context& ctx);
    void handoff_done(Context& ctx, const NodeId& to, const std::vector<std::string>& keys, bool ok);
    void store(Context& ctx, const std::string& key, const std::optional<std::string>& value);
    bool is_member(const NodeId& node) const;
    void announce(Context& ctx, const Text& reason);
    // waiting, serving, handing-off or left, from the state.
    std::string_view phase_name() const;
    NodeId owner_of(std::int64_t index) const;

    RingNodeConfig config_;
    std::string self_;
    std::vector<NodeId> members_;
    std::vector<NodeId> owners_;                       // by key index
    std::map<std::string, std::string> held_;          // key -> value
    std::map<NodeId, std::size_t> pending_;            // receiver -> keys in its outstanding handoff
    bool retry_armed_ = false;
    bool left_ = false;
    std::int64_t keys_in_ = 0, keys_out_ = 0, gets_ = 0, puts_ = 0, refused_ = 0;
};

}  // namespace distlab::core::consistent_hashing
