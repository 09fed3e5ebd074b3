#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "core/model/message.h"
#include "core/model/param_list.h"
#include "core/model/role.h"

namespace distlab::core::caching {

struct DatabaseConfig {
    std::int64_t keys = 100;            // the rows: k0 .. k(keys-1), each at version 1
    Duration latency{20ms};             // a read's time in service
    Duration write_latency{5ms};        // a write's time in service
    double capacity = 200;              // queries per second served without queueing

    static const ParamList<DatabaseConfig>& params();
    static DatabaseConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `database` role: the origin behind the caches, with a visible load. It holds every key of
// the key space at a version (1 at the start, one more per write) and answers db_get, db_mget (a
// batch, one query) and db_put (cache_protocol.h). A query is read (or written) when it arrives
// and answered when its service time ends. It has capacity x latency workers (at least one):
// past `capacity` queries per second the queries wait for a worker, so its answers slow down
// and the callers' timeouts start to fire, as an overloaded database does.
//
// Phases: normal (queries in the last second within capacity), overloaded (beyond it).
// Snapshot: state, qps (queries that arrived in the last second of role time), qps_scale (the
// gauge's full scale: twice the capacity, or qps when more), capacity, peak_qps, queries,
// reads, writes, queued (waiting for a worker), latency_ms (the last query's wait + service).
// Metrics: queries, reads, writes; gauge qps; histogram db_latency_ms.
//
// Owned by the role driver; single-threaded like every role.
class DatabaseRole final : public Role {
public:
    explicit DatabaseRole(DatabaseConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Pending {
        Duration done{0};
        Message request;
        Json answer;
    };
    // Takes a worker for `service`: when the answer goes out.
    Duration schedule(Duration now, Duration service);
    void admit(Context& ctx, const Message& msg, Json answer, Duration service);
    void answer_due(Context& ctx);
    void measure(Context& ctx);
    std::int64_t* version_of(const std::string& key);

    DatabaseConfig config_;
    std::map<std::string, std::int64_t> versions_;
    std::vector<Duration> workers_;              // when each worker is free
    std::multimap<Duration, Pending> pending_;   // by answer time
    std::deque<Duration> arrivals_;              // query arrivals in the last second
    bool overloaded_ = false;
    Duration now_{0};
    std::int64_t queries_ = 0, reads_ = 0, writes_ = 0, peak_qps_ = 0;
    double last_latency_ms_ = 0;
};

}  // namespace distlab::core::caching
