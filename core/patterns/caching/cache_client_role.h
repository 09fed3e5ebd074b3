#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/model/message.h"
#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/caching/local_cache.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"

namespace distlab::core::caching {

struct CacheClientConfig {
    OpenLoopWorkload workload;         // target: the cached-service
    std::int64_t keys = 100;           // the database's keys k0 .. k(keys-1)
    std::int64_t key_range = 0;        // uniform reads and every write pick among the first ones (0: all)
    double hot_ratio = 0;              // share of reads for the hot key k0
    double missing_ratio = 0;          // share of reads for keys the database does not have
    std::int64_t missing_keys = 0;     // how many distinct missing keys (0: a new one every time)
    double write_ratio = 0;            // share of operations that are writes
    Duration timeout{2s};

    static const ParamList<CacheClientConfig>& params();
    static CacheClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `cache-client` role: reads and writes keys through a cached-service on an open-loop
// schedule: uniform reads over the key space (or its first key_range keys), a share on the hot
// key k0, a share on keys the database does not have (m0, m1, ...: the penetration attack), and a
// share of writes. Every operation goes into the history ("read" -> {key, value, source}, "write"
// -> {key, value}); the stale_reads check judges staleness from it. The client also counts, for
// the charts, the reads that returned a version older than one of its own writes acknowledged
// before the read began (stale reads; with a single writer that is every stale read).
//
// Phases: running, stopped. Snapshot: state, reads, writes, hits (reads answered without the
// database), hit_ratio (percent, last second), stale_reads, stale_pct (percent of the reads of
// the last second), max_stale_ms, in_flight, calls, successes, failures, timeouts.
//
// Owned by the role driver; single-threaded like every role.
class CacheClientRole final : public Role {
public:
    explicit CacheClientRole(CacheClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void begin(Context& ctx);
    std::string pick_read_key(Context& ctx);
    // The age of the newest acknowledged write the read (started at `started`) missed, or -1.
    double stale_age_ms(const std::string& key, std::int64_t version, Duration started) const;

    CacheClientConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::map<std::string, std::vector<std::pair<std::int64_t, Duration>>> acked_;   // key -> (version, acked at)
    RatioWindow hits_window_, stale_window_;
    std::int64_t reads_ = 0, writes_ = 0, hits_ = 0, stale_reads_ = 0, in_flight_ = 0, next_missing_ = 0;
    double max_stale_ms_ = 0;
};

}  // namespace distlab::core::caching
