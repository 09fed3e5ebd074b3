#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/model/message.h"
#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/sharding/shard_protocol.h"

namespace distlab::core::sharding {

struct RouterConfig {
    std::vector<NodeId> shards;
    bool scheduler = true;               // assigns, splits and moves; false: only routes, learning by redirects
    Mode mode = Mode::Range;
    std::int64_t regions = 4;            // regions at the start, dealt to the shards in turn
    std::int64_t key_span = 1000;        // range: the start's regions split [0, key_span) evenly
    std::int64_t split_keys = 0;         // split a region holding more keys (0: never)
    double split_load = 0;               // split a region taking more writes per second (0: never)
    bool balance = false;                // move regions from the fullest shard to the emptiest
    std::int64_t balance_threshold = 100;   // ... when their keys differ by more than this
    Duration tick{200ms};                // how often it asks the shards for their regions' sizes
    Duration timeout{500ms};             // per forwarded request

    static const ParamList<RouterConfig>& params();
    static RouterConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `router` role: the shard map and the scheduler, as TiDB's PD with a SQL layer in front or
// a mongos with its config server. It deals the start's regions to the shards, then routes every
// client request to the shard its map names: a put or get to one shard, a scan to every shard
// holding a key of the scan's id range (one or two under range sharding, all under hash
// sharding). Every tick it asks the shards for their regions' keys and writes, splits a region
// past split_keys or split_load at its median key, and moves one region from the fullest shard
// to the emptiest when balance is on, one change at a time; each change raises the map's version.
// A shard that answers wrong_shard (the region moved) names the region's owner and bounds: the
// router puts that region in its map and follows it, counted as a redirect; not_ready (a region
// still arriving) is retried. A router with scheduler off (a second SQL node, another mongos)
// starts from the same map and changes nothing: it learns every split and move only by redirects.
//
// Phases: assigning, routing, splitting, moving. Snapshot: state, mode, version, regions
// [{id, lo, hi, version, node, keys}], shard_keys {node: keys}, forwarded, redirects, retries,
// scans, scan_shards, splits, moves, keys_moved, bytes_moved. Metrics: forwarded, redirects,
// scans, splits, moves, keys_moved, bytes_moved.
//
// Owned by the role driver; single-threaded like every role.
class RouterRole final : public Role {
public:
    static constexpr int kMaxAttempts = 8;

    explicit RouterRole(RouterConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Request {
        Message from_client;
        Json body;              // the kv request forwarded
        std::uint64_t pos = 0;
        int attempts = 0;
    };
    struct Scan {
        Message from_client;
        std::size_t waiting = 0;
        bool failed = false;
        Json values = Json::object();
    };
    struct RegionStats {
        std::int64_t keys = 0, bytes = 0, writes = 0;
    };

    void assign(Context& ctx);
    void handle_kv(Context& ctx, const Message& msg);
    void handle_scan(Context& ctx, const Message& msg);
    void forward(Context& ctx, std::uint64_t seq);
    void forwarded(Context& ctx, std::uint64_t seq, const CallOutcome& outcome);
    void poll(Context& ctx);
    void decide(Context& ctx);
    void split(Context& ctx, const Region& region);
    void move(Context& ctx, const Region& region, const NodeId& to, std::int64_t keys);
    Region* region_at(std::uint64_t pos);
    // Puts `region` in the map (cutting the entries it overlaps) unless the map knows newer.
    bool learn(const Region& region);
    void announce(Context& ctx, std::string_view phase, const Text& reason);

    RouterConfig config_;
    std::vector<Region> map_;            // sorted by lo; covers [0, kSpaceEnd)
    std::int64_t version_ = 1;
    std::int64_t next_region_ = 1;
    std::set<NodeId> assigned_;
    bool ready_ = false;
    bool busy_ = false;                  // a poll, split or move is out
    std::map<std::uint64_t, Request> requests_;
    std::map<std::uint64_t, Scan> scans_;
    std::vector<std::uint64_t> retry_;   // requests waiting for the retry timer
    std::map<std::int64_t, RegionStats> stats_;   // by region, from the last poll
    std::size_t poll_waiting_ = 0;
    std::uint64_t seq_ = 0;
    std::int64_t forwarded_ = 0, redirects_ = 0, retries_ = 0, scans_done_ = 0, scan_shards_ = 0;
    std::int64_t splits_ = 0, moves_ = 0, keys_moved_ = 0, bytes_moved_ = 0;
};

}  // namespace distlab::core::sharding
