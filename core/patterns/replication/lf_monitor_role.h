#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"

namespace distlab::core::replication {

struct LfMonitorConfig {
    std::vector<NodeId> members;        // the lf-nodes it watches
    NodeId primary;                     // the primary at start
    Duration interval{100ms};           // asks every member its status this often
    Duration down_after{800ms};         // a primary silent this long is failed over

    static const ParamList<LfMonitorConfig>& params();
    static LfMonitorConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `lf-monitor` role: the failover monitor of a leader-follower group (the part Redis
// Sentinel or MySQL's orchestrators play). Every `interval` it asks each lf-node its mode,
// epoch and log (lf_status). When the primary has not answered as primary at the current epoch
// for `down_after`, it promotes the most up-to-date replica among those that answered within
// `down_after` (the longest log, ties to the first in `members`) with the next epoch; when the
// primary replicates synchronously, only among the replicas of its sync set (as it last reported
// them), the only ones sure to hold every acknowledged write, and none when that set is empty
// (lf_promote, naming the live replicas the new primary waits for in sync mode), and tells every
// other node to follow it (lf_follow) until it does, a deposed primary that comes back included.
// It adopts a newer epoch a node reports. One monitor: it is not itself replicated.
class LfMonitorRole final : public Role {
public:
    explicit LfMonitorRole(LfMonitorConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Status {
        std::string mode;
        std::int64_t epoch = 0;
        std::int64_t length = 0;
        std::int64_t last_epoch = 0;
        std::string primary;
        Duration at{0};
    };

    void on_status(Context& ctx, const NodeId& node, const Json& reply);
    void fail_over(Context& ctx);
    bool alive(const Context& ctx, const NodeId& node) const;

    LfMonitorConfig config_;
    std::int64_t epoch_ = 1;
    NodeId primary_;
    Duration primary_ok_at_{0};
    // A sync primary's sync set as it last reported it; nullopt for async and semi-sync.
    std::optional<std::vector<NodeId>> sync_set_;
    std::map<NodeId, Status> status_;
    std::uint64_t failovers_ = 0;
};

}  // namespace distlab::core::replication
