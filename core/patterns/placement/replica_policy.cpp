#include "core/patterns/placement/replica_policy.h"

#include <algorithm>
#include <optional>

#include "core/patterns/consistent_hashing/placement.h"

namespace distlab::core::placement {

namespace {

constexpr std::int64_t kRingPoints = 160;

// The stores in ring order from the key's point: each store once, at its first point.
std::vector<std::size_t> ring_order(std::string_view key, const std::vector<StoreLabels>& stores) {
    std::vector<NodeId> ids;
    for (const StoreLabels& s : stores)
        ids.push_back(s.id);
    const auto ring = consistent_hashing::ring_points(ids, kRingPoints);
    const std::uint32_t h = consistent_hashing::key_point(key);
    auto it = std::lower_bound(ring.begin(), ring.end(), h,
                               [](const consistent_hashing::RingPoint& p, std::uint32_t v) { return p.point < v; });
    std::size_t at = it == ring.end() ? 0 : static_cast<std::size_t>(it - ring.begin());
    std::vector<std::size_t> order;
    std::vector<bool> seen(stores.size(), false);
    for (std::size_t step = 0; step < ring.size() && order.size() < stores.size(); ++step) {
        const std::size_t member = ring[(at + step) % ring.size()].member;
        if (!seen[member]) {
            seen[member] = true;
            order.push_back(member);
        }
    }
    return order;
}

const std::string& label_at(const StoreLabels& s, std::size_t level) {
    static const std::string none;
    return level < s.values.size() ? s.values[level] : none;
}

}  // namespace

std::string_view to_string(Policy policy) {
    switch (policy) {
    case Policy::Ring: return "ring";
    case Policy::HdfsDefault: return "hdfs_default";
    case Policy::Spread: return "spread";
    }
    return "ring";
}

std::size_t shared_prefix(const StoreLabels& a, const StoreLabels& b) {
    std::size_t n = 0;
    const std::size_t levels = std::max(a.values.size(), b.values.size());
    while (n < levels && label_at(a, n) == label_at(b, n) && !label_at(a, n).empty())
        ++n;
    return n;
}

std::vector<std::string> split_labels(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        std::string_view part = text.substr(0, comma);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ')
            part.remove_suffix(1);
        if (!part.empty())
            out.emplace_back(part);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    }
    return out;
}

std::vector<NodeId> replicas_of(std::string_view key, const std::vector<StoreLabels>& stores, Policy policy,
                                std::size_t replicas, std::size_t rack_level) {
    const std::vector<std::size_t> order = ring_order(key, stores);
    std::vector<std::size_t> chosen;
    auto taken = [&chosen](std::size_t i) { return std::find(chosen.begin(), chosen.end(), i) != chosen.end(); };
    const std::size_t want = std::min(replicas, order.size());
    if (want == 0)
        return {};
    chosen.push_back(order.front());
    while (chosen.size() < want) {
        std::optional<std::size_t> pick;
        if (policy == Policy::Ring) {
            for (std::size_t i : order)
                if (!taken(i)) {
                    pick = i;
                    break;
                }
        } else if (policy == Policy::HdfsDefault) {
            // Second: a store on another rack than the first; third: another store on the second's
            // rack; any further: any store. Each falls back to any store when none fits.
            const std::string& first_rack = label_at(stores[chosen[0]], rack_level);
            for (std::size_t i : order) {
                if (taken(i))
                    continue;
                const std::string& rack = label_at(stores[i], rack_level);
                const bool fits = chosen.size() == 1   ? rack != first_rack
                                  : chosen.size() == 2 ? rack == label_at(stores[chosen[1]], rack_level)
                                                       : true;
                if (fits) {
                    pick = i;
                    break;
                }
            }
            if (!pick)
                for (std::size_t i : order)
                    if (!taken(i)) {
                        pick = i;
                        break;
                    }
        } else {
            // The candidate whose closest chosen replica shares the fewest labels, ring order on ties.
            std::size_t best_share = 0;
            for (std::size_t i : order) {
                if (taken(i))
                    continue;
                std::size_t share = 0;
                for (std::size_t c : chosen)
                    share = std::max(share, shared_prefix(stores[i], stores[c]) + 1);
                if (!pick || share < best_share) {
                    pick = i;
                    best_share = share;
                }
            }
        }
        chosen.push_back(*pick);
    }
    std::vector<NodeId> out;
    for (std::size_t i : chosen)
        out.push_back(stores[i].id);
    return out;
}

}  // namespace distlab::core::placement
