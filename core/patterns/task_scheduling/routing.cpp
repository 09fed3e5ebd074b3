#include "core/patterns/task_scheduling/routing.h"

#include <algorithm>
#include <string>

#include "core/patterns/consistent_hashing/placement.h"

namespace distlab::core::task_scheduling {

std::string_view to_string(Route route) {
    switch (route) {
    case Route::First: return "first";
    case Route::Last: return "last";
    case Route::Round: return "round";
    case Route::Random: return "random";
    case Route::ConsistentHash: return "consistent_hash";
    case Route::LeastFrequentlyUsed: return "least_frequently_used";
    case Route::LeastRecentlyUsed: return "least_recently_used";
    case Route::Failover: return "failover";
    case Route::Busyover: return "busyover";
    }
    return "?";
}

std::optional<std::size_t> Router::pick(const std::vector<WorkerView>& workers, std::int64_t task,
                                        std::mt19937_64& rng) {
    std::vector<std::size_t> registered;
    for (std::size_t i = 0; i < workers.size(); ++i)
        if (workers[i].registered)
            registered.push_back(i);
    if (registered.empty())
        return std::nullopt;
    std::optional<std::size_t> chosen;
    switch (route_) {
    case Route::First: chosen = registered.front(); break;
    case Route::Last: chosen = registered.back(); break;
    case Route::Round: chosen = registered[round_++ % registered.size()]; break;
    case Route::Random:
        chosen = registered[std::uniform_int_distribution<std::size_t>(0, registered.size() - 1)(rng)];
        break;
    case Route::ConsistentHash: {
        std::vector<NodeId> members;
        for (const std::size_t i : registered)
            members.push_back(workers[i].id);
        const auto ring = consistent_hashing::ring_points(members, kHashVnodes);
        const std::uint32_t point = consistent_hashing::key_point("task-" + std::to_string(task));
        auto it = std::lower_bound(ring.begin(), ring.end(), point,
                                   [](const consistent_hashing::RingPoint& p, std::uint32_t v) { return p.point < v; });
        if (it == ring.end())
            it = ring.begin();
        chosen = registered[it->member];
        break;
    }
    case Route::LeastFrequentlyUsed:
        chosen = *std::min_element(registered.begin(), registered.end(), [&](std::size_t a, std::size_t b) {
            return used_[workers[a].id] < used_[workers[b].id];
        });
        break;
    case Route::LeastRecentlyUsed:
        chosen = *std::min_element(registered.begin(), registered.end(), [&](std::size_t a, std::size_t b) {
            return last_used_[workers[a].id] < last_used_[workers[b].id];
        });
        break;
    case Route::Failover:
        for (const std::size_t i : registered)
            if (workers[i].beat_fresh) {
                chosen = i;
                break;
            }
        break;
    case Route::Busyover:
        for (const std::size_t i : registered)
            if (workers[i].idle) {
                chosen = i;
                break;
            }
        break;
    }
    if (chosen) {
        ++used_[workers[*chosen].id];
        last_used_[workers[*chosen].id] = ++picks_;
    }
    return chosen;
}

}  // namespace distlab::core::task_scheduling
