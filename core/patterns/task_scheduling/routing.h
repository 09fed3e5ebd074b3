#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/time.h"

// Which worker a scheduler leader gives a task to: XXL-JOB's executor route strategies, apart
// from any socket or clock. The scheduler role feeds it what it knows of its workers.
namespace distlab::core::task_scheduling {

enum class Route {
    First,                 // FIRST: the first registered worker
    Last,                  // LAST: the last registered worker
    Round,                 // ROUND: each registered worker in turn
    Random,                // RANDOM: a random registered worker
    ConsistentHash,        // CONSISTENT_HASH: the task's point on a ring of 100 points per worker
    LeastFrequentlyUsed,   // LEAST_FREQUENTLY_USED: the worker given the fewest tasks so far
    LeastRecentlyUsed,     // LEAST_RECENTLY_USED: the worker given a task longest ago (or never)
    Failover,              // FAILOVER: the first worker whose last heartbeat is recent (the beat check)
    Busyover,              // BUSYOVER: the first worker idle at its last heartbeat and given nothing since
};

std::string_view to_string(Route route);

// What the leader knows of one worker, in the order the scenario lists them.
struct WorkerView {
    NodeId id;
    bool registered = false;        // heartbeat within dead_after: the executor registry
    bool beat_fresh = false;        // heartbeat within the beat check (failover)
    bool idle = false;              // idle at its last heartbeat and given nothing since (busyover)
};

// XXL-JOB's consistent hash ring has 100 virtual nodes per executor.
inline constexpr std::int64_t kHashVnodes = 100;

// Owned by one scheduler; single-threaded like every role.
class Router {
public:
    explicit Router(Route route) : route_(route) {}

    // The worker (an index into `workers`) for `task`, or nullopt when none fits now (nobody
    // registered; busyover with nobody idle). Counts the pick for the LFU and LRU routes.
    std::optional<std::size_t> pick(const std::vector<WorkerView>& workers, std::int64_t task, std::mt19937_64& rng);

    Route route() const { return route_; }

private:
    Route route_;
    std::uint64_t round_ = 0;
    std::uint64_t picks_ = 0;
    std::map<NodeId, std::uint64_t> used_;        // worker -> tasks given (LFU)
    std::map<NodeId, std::uint64_t> last_used_;   // worker -> pick number of its last task (LRU)
};

}  // namespace distlab::core::task_scheduling
