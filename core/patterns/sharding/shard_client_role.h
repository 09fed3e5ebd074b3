#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"

namespace distlab::core::sharding {

enum class KeyPattern {
    Monotonic,   // ids 0, 1, 2 ... in order, as an auto-increment primary key or a timestamp makes them
    Uniform,     // ids drawn uniformly from [0, key_count)
};

struct ShardClientConfig {
    NodeId router;
    OpenLoopWorkload workload;           // rate, arrival, stop_at; no target
    KeyPattern keys = KeyPattern::Uniform;
    std::int64_t first_key = 0;          // the lowest id (clients writing disjoint ids)
    std::int64_t key_count = 1000;       // uniform: ids in [first_key, first_key + key_count)
    double read_ratio = 0.2;             // of the operations, gets of a key written before
    double scan_ratio = 0;               // of the operations, scans of consecutive ids
    std::int64_t scan_length = 20;
    Duration timeout{1s};
    std::int64_t verify_concurrency = 20;

    static const ParamList<ShardClientConfig>& params();
    static ShardClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `shard-client` role: puts, gets and scans through a router (open loop, kv-client style
// operations in the history: put, get, scan). Puts write a unique value per write; a key never
// has two puts outstanding, so the last acknowledged put of a key is its value. Once the workload
// stops and every operation has ended, it reads back every key it wrote: a key whose value is not
// its last acknowledged put (or a later put whose outcome is unknown) is a lost write.
//
// Phases: running, verifying, stopped. Snapshot: state, puts, gets, scans, written, scan_keys,
// scan_shards, missing_reads (a get found nothing after an acknowledged put), verified, lost,
// lost_keys (the first 10), unverified, in_flight, and the standard calls / successes / failures /
// timeouts. Metrics: those, lost.
//
// Owned by the role driver; single-threaded like every role.
class ShardClientRole final : public Role {
public:
    explicit ShardClientRole(ShardClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    enum class Kind { Put, Get, Scan, Verify };
    struct Operation {
        Kind kind = Kind::Get;
        OpId op = 0;
        std::int64_t id = 0;           // put, get, verify; scan: the first id
        std::string value;             // put
        bool acked_before = false;     // get: a put of the key was acknowledged before it began
        Duration started{0};
    };

    void begin(Context& ctx);
    void begin_put(Context& ctx, std::int64_t id);
    void begin_get(Context& ctx, std::int64_t id, Kind kind);
    void begin_scan(Context& ctx);
    void done(Context& ctx, std::uint64_t seq, const CallOutcome& outcome);
    void finish(Context& ctx, std::uint64_t seq, OpStatus status, Json value);
    void maybe_verify(Context& ctx);
    void verify_next(Context& ctx);

    ShardClientConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::map<std::uint64_t, Operation> operations_;
    std::map<std::int64_t, std::string> acked_;                // id -> last acknowledged value
    std::map<std::int64_t, std::vector<std::string>> unknown_;  // id -> values of later puts of unknown outcome
    std::vector<std::int64_t> written_;                          // ids with an acknowledged put, in order
    std::set<std::int64_t> writing_;                             // ids with a put outstanding
    std::vector<std::int64_t> to_verify_;
    std::vector<std::string> lost_keys_;
    std::uint64_t seq_ = 0;
    std::int64_t next_id_ = 0;
    bool verifying_ = false, verified_all_ = false;
    std::int64_t puts_ = 0, gets_ = 0, scans_ = 0, scan_keys_ = 0, scan_shards_ = 0, missing_reads_ = 0;
    std::int64_t verified_ = 0, lost_ = 0, unverified_ = 0;
};

}  // namespace distlab::core::sharding
