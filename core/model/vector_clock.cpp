#include "core/model/vector_clock.h"

#include <algorithm>

namespace distlab::core {

namespace {

auto find_entry(auto& entries, const NodeId& node) {
    return std::lower_bound(entries.begin(), entries.end(), node,
                            [](const auto& e, const NodeId& n) { return e.first < n; });
}

}  // namespace

void VectorClock::tick(const NodeId& self) {
    auto it = find_entry(entries_, self);
    if (it != entries_.end() && it->first == self)
        ++it->second;
    else
        entries_.insert(it, {self, 1});
}

void VectorClock::merge(const VectorClock& other) {
    std::vector<Entry> merged;
    merged.reserve(entries_.size() + other.entries_.size());
    auto a = entries_.begin();
    auto b = other.entries_.begin();
    while (a != entries_.end() || b != other.entries_.end()) {
        if (b == other.entries_.end() || (a != entries_.end() && a->first < b->first))
            merged.push_back(*a++);
        else if (a == entries_.end() || b->first < a->first)
            merged.push_back(*b++);
        else {
            merged.emplace_back(a->first, std::max(a->second, b->second));
            ++a;
            ++b;
        }
    }
    entries_ = std::move(merged);
}

std::uint64_t VectorClock::get(const NodeId& node) const {
    auto it = find_entry(entries_, node);
    return (it != entries_.end() && it->first == node) ? it->second : 0;
}

void VectorClock::set(const NodeId& node, std::uint64_t value) {
    auto it = find_entry(entries_, node);
    if (it != entries_.end() && it->first == node)
        it->second = value;
    else
        entries_.insert(it, {node, value});
}

bool VectorClock::happened_before(const VectorClock& other) const {
    bool strictly_smaller = false;
    for (const auto& [node, count] : entries_) {
        const std::uint64_t theirs = other.get(node);
        if (count > theirs)
            return false;
        if (count < theirs)
            strictly_smaller = true;
    }
    for (const auto& [node, count] : other.entries_)
        if (count > get(node))
            strictly_smaller = true;
    return strictly_smaller;
}

}  // namespace distlab::core
