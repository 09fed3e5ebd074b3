#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/model/message.h"
#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/placement/replica_policy.h"

namespace distlab::core::placement {

struct PlacementConfig {
    std::vector<NodeId> stores;
    Policy policy = Policy::Spread;
    std::int64_t replicas = 3;
    std::string location_labels = "zone,rack,host";
    std::string isolation_level = "zone";
    Duration heartbeat{100ms};
    Duration dead_after{400ms};
    Duration timeout{300ms};

    static const ParamList<PlacementConfig>& params();
    static PlacementConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `placement` role: decides where each key's replicas live, from the stores' scenario labels
// (Context::labels_of), and serves the kv protocol (put, get) in front of them, as HDFS's
// NameNode chooses a block's DataNodes and TiDB's PD a Region's stores. A put is written to the
// key's live replicas and acknowledged once a majority acknowledged it; a get asks every live
// replica and answers the newest version. It pings every store each heartbeat and counts one
// silent for dead_after as down: a key whose replicas are all down is unavailable (answered
// {"ok": false, "error": "unavailable"}), one with fewer than a majority up is unwritable.
//
// Policies: ring (the next distinct stores on the hash ring, labels ignored: the naive partner),
// hdfs_default (a first store, a second on another rack, a third on the second's rack), spread
// (each next replica shares the fewest location labels with those chosen, most significant
// first). At the start it warns when the stores offer fewer distinct values of isolation_level
// than there are replicas (three replicas cannot be isolated over two zones).
//
// Phases: placing (every key it placed has its replicas up), degraded (some replica down),
// losing (some key lost a majority of its replicas: it cannot be written). Snapshot: state,
// policy, replicas, isolation_level, location_labels, stores {id: up}, domains (distinct values
// of isolation_level), keys (placed), shared {label: keys with two replicas sharing it},
// under_replicated, no_majority_keys (fewer than a majority up: writes refused),
// unavailable_keys (no replica up: reads refused too), unavailable_sample (keys without their
// majority), dead_stores, reads_failed, writes_failed. Metrics: puts, gets,
// reads_failed, writes_failed.
//
// Owned by the role driver; single-threaded like every role.
class PlacementRole final : public Role {
public:
    explicit PlacementRole(PlacementConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Pending {
        Message request;
        std::size_t waiting = 0;
        std::size_t acks = 0;
        std::size_t needed = 0;     // put: the majority
        bool answered = false;
        std::int64_t best_version = -1;
        Json best_value = nullptr;
    };

    // The key's replicas: where it was placed, or where the policy would place it.
    std::vector<NodeId> replicas_for(const std::string& key) const;
    std::vector<NodeId> live(const std::vector<NodeId>& replicas) const;
    void handle_kv(Context& ctx, const Message& msg);
    void ping(Context& ctx);
    void account(Context& ctx);
    std::size_t majority() const { return static_cast<std::size_t>(config_.replicas) / 2 + 1; }

    PlacementConfig config_;
    std::vector<std::string> levels_;                  // location label names
    std::vector<StoreLabels> stores_;
    std::size_t rack_level_ = 0;
    std::map<std::string, std::vector<NodeId>> placed_;   // key -> replicas, for keys written to them
    std::map<std::string, std::int64_t> versions_;
    std::map<NodeId, Duration> last_seen_;
    std::set<NodeId> down_;
    std::map<std::uint64_t, Pending> pending_;
    std::uint64_t seq_ = 0;
    std::size_t domains_ = 0;
    std::int64_t under_replicated_ = 0, no_majority_ = 0, unavailable_ = 0, reads_failed_ = 0, writes_failed_ = 0;
    std::vector<std::string> unavailable_sample_;
};

}  // namespace distlab::core::placement
