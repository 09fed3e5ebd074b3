#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"

namespace distlab::core::bulkhead {

// How the service keeps its backends from starving each other.
enum class Isolation {
    None,        // one shared pool of `workers` and one queue for every backend: a slow
                 // backend holds every worker and the queue, so every request waits
    Semaphore,   // the shared pool, but at most `max_concurrent` calls per backend at once;
                 // a request beyond it is rejected at once (Hystrix semaphore isolation,
                 // resilience4j SemaphoreBulkhead with no wait)
    Pool,        // a pool of its own per backend: `pool_size` workers and `pool_queue` places;
                 // beyond them a request is rejected (Hystrix thread-pool isolation,
                 // resilience4j ThreadPoolBulkhead)
};

struct BulkheadConfig {
    std::vector<NodeId> backends;
    std::vector<NodeId> clients;          // requests from clients[i] go to backends[i]
    Isolation isolation = Isolation::Pool;
    std::int64_t workers = 8;             // None, Semaphore: the shared pool
    std::int64_t queue_limit = 32;        // None, Semaphore: the shared queue
    std::int64_t max_concurrent = 4;      // Semaphore: calls per backend
    std::int64_t pool_size = 4;           // Pool: workers per backend
    std::int64_t pool_queue = 8;          // Pool: queue places per backend
    Duration call_timeout{1s};

    static const ParamList<BulkheadConfig>& params();
    static BulkheadConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `bulkhead-service` role: a front service that answers "request" (the request-response
// protocol) by calling one of its backends, and answers with the backend's reply plus
// {"backend": id}.
//
// Routing: a request body's "backend" field, when it names a backend; otherwise the backend
// paired with the caller in `clients`; otherwise the backends in turn.
//
// A worker is held for the whole backend call, as a thread blocked on a synchronous call is
// (Nygard, "Release It!", Bulkheads). Each request ends in one of:
// - the backend's answer, ok or not (counters successes, failures);
// - {ok: false, error: "timeout"} when the backend did not answer within call_timeout (timeouts);
// - {ok: false, error: "bulkhead_full"} when its backend's semaphore or pool and queue were
//   full, or {ok: false, error: "overloaded"} when the shared queue was (rejections).
// Each backend call carries deadline_ns (when the service stops waiting), so a backend that
// honours it skips calls nobody waits for.
//
// Owned by the role driver; single-threaded like every role.
class BulkheadServiceRole final : public Role {
public:
    explicit BulkheadServiceRole(BulkheadConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    Json snapshot() const override;

private:
    // A set of workers with a FIFO queue: the shared pool, or one backend's pool.
    struct Lane {
        std::int64_t capacity = 0;
        std::int64_t queue_limit = 0;
        std::int64_t busy = 0;
        std::deque<std::pair<Message, std::size_t>> queue;   // request, backend index
    };
    struct BackendStats {
        std::int64_t in_flight = 0;
        std::uint64_t calls = 0;
        std::uint64_t successes = 0;
        std::uint64_t failures = 0;
        std::uint64_t timeouts = 0;
        std::uint64_t rejections = 0;
    };

    std::size_t route(const Message& request);
    Lane& lane_of(std::size_t backend);
    void admit(Context& ctx, const Message& request, std::size_t backend);
    void begin_call(Context& ctx, const Message& request, std::size_t backend);
    void end_call(Context& ctx, const Message& request, std::size_t backend, const CallOutcome& outcome);
    void reject(Context& ctx, const Message& request, std::size_t backend, std::string_view error);
    void drain(Context& ctx, Lane& lane);
    void publish_gauges(Context& ctx) const;

    BulkheadConfig config_;
    std::vector<Lane> lanes_;             // None, Semaphore: one shared; Pool: one per backend
    std::vector<BackendStats> stats_;     // per backend
    std::size_t next_backend_ = 0;

    std::uint64_t requests_ = 0;
    std::uint64_t successes_ = 0;
    std::uint64_t failures_ = 0;
    std::uint64_t timeouts_ = 0;
    std::uint64_t rejections_ = 0;
};

}  // namespace distlab::core::bulkhead
