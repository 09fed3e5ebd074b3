#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"

// `maelstrom-node`: a built-in node for Maelstrom's workloads (unique-ids, broadcast, g-set,
// g-counter, pn-counter, lin-kv), speaking exactly the messages a program of one's own would,
// so the workloads and their checks run in the simulator and the shipped scenarios show what a
// node must do. With `flawed: true` it makes the classic mistake of each workload: ids that
// collide, a broadcast or set that forwards each value once (a partition makes it forget), a
// counter that resends deltas and adds every copy (it double-adds on retry), a kv store with a
// map per node. docs/bring-your-own-node.md.
namespace distlab::core::maelstrom {

enum class NodeWorkload { UniqueIds, Broadcast, GSet, GCounter, PnCounter, LinKv };

struct ReferenceNodeConfig {
    NodeWorkload workload = NodeWorkload::Broadcast;
    bool flawed = false;
    Duration gossip_every{};              // broadcast, g-set, counters: the gossip (or resend) period

    static const ParamList<ReferenceNodeConfig>& params();
    static ReferenceNodeConfig from(const Params& resolved) { return params().bind(resolved); }
};

class ReferenceNodeRole final : public Role {
public:
    explicit ReferenceNodeRole(ReferenceNodeConfig config) : config_(std::move(config)) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    static constexpr TimerId kGossip{1};

    void answer(Context& ctx, const Message& msg, Json body);
    void learn(Context& ctx, std::int64_t value, const NodeId& from);
    void gossip(Context& ctx);
    Json apply_kv(const Json& body, const std::string& type);
    std::int64_t counter_value() const;

    ReferenceNodeConfig config_;
    std::vector<NodeId> others_;          // the other nodes of this role
    std::vector<NodeId> neighbours_;      // broadcast: from the topology message
    std::int64_t next_msg_id_ = 1;
    std::int64_t generated_ = 0;
    std::set<std::int64_t> elements_;
    std::map<NodeId, std::set<std::int64_t>> known_by_;
    std::map<NodeId, std::int64_t> up_, down_;          // the counter's per-node totals
    std::int64_t total_ = 0;                            // flawed counter: every copy added
    std::int64_t next_delta_ = 1;
    std::map<std::int64_t, std::pair<NodeId, std::int64_t>> unacked_;   // flawed counter
    std::map<std::int64_t, Json> kv_;
};

}  // namespace distlab::core::maelstrom
