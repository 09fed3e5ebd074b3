#include "core/patterns/raft/replication_tracker.h"

#include <algorithm>
#include <functional>

namespace distlab::core::raft {

void ReplicationTracker::track(const std::vector<NodeId>& followers, Index next) {
    std::erase_if(progress_, [&](const auto& kv) { return std::ranges::find(followers, kv.first) == followers.end(); });
    for (const auto& id : followers)
        if (!progress_.contains(id))
            progress_.emplace(id, Progress{.next = std::max<Index>(next, 1)});
}

Progress* ReplicationTracker::find(const NodeId& id) {
    const auto it = progress_.find(id);
    return it == progress_.end() ? nullptr : &it->second;
}

template <class T, class Get>
T ReplicationTracker::kth_largest(const std::vector<NodeId>& members, const NodeId& self, T self_value,
                                  T absent, Get get) const {
    if (members.empty())
        return absent;
    std::vector<T> values;
    values.reserve(members.size());
    for (const auto& id : members) {
        if (id == self) {
            values.push_back(self_value);
            continue;
        }
        const auto it = progress_.find(id);
        values.push_back(it == progress_.end() ? absent : get(it->second));
    }
    // The value that a majority has reached: the (n/2 + 1)-th largest.
    const std::size_t k = members.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end(), std::greater<>());
    return values[k];
}

Index ReplicationTracker::quorum_match(const std::vector<NodeId>& members, const NodeId& self,
                                       Index self_match) const {
    return kth_largest<Index>(members, self, self_match, 0, [](const Progress& p) { return p.match; });
}

std::uint64_t ReplicationTracker::quorum_seq(const std::vector<NodeId>& members, const NodeId& self,
                                             std::uint64_t self_seq) const {
    return kth_largest<std::uint64_t>(members, self, self_seq, 0, [](const Progress& p) { return p.acked_seq; });
}

std::int64_t ReplicationTracker::quorum_sent(const std::vector<NodeId>& members, const NodeId& self,
                                             std::int64_t self_now) const {
    return kth_largest<std::int64_t>(members, self, self_now, -1, [](const Progress& p) { return p.acked_sent; });
}

bool ReplicationTracker::take_quorum_heard(const std::vector<NodeId>& members, const NodeId& self) {
    std::size_t heard = 0;
    for (const auto& id : members) {
        if (id == self) {
            ++heard;
            continue;
        }
        if (auto* p = find(id); p && p->heard)
            ++heard;
    }
    for (auto& [id, p] : progress_)
        p.heard = false;
    return heard * 2 > members.size();
}

}  // namespace distlab::core::raft
