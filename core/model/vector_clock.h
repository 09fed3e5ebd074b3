#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/model/ids.h"

namespace distlab::core {

// A vector clock (Fidge/Mattern): one counter per node, kept sorted by node id.
// Every data message carries its sender's clock, so happens-before is exact.
class VectorClock {
public:
    using Entry = std::pair<NodeId, std::uint64_t>;

    void tick(const NodeId& self);                    // a local event (a send)
    void merge(const VectorClock& other);             // element-wise max (on receive, then tick)
    std::uint64_t get(const NodeId& node) const;
    void set(const NodeId& node, std::uint64_t value);

    // True when every counter of *this is <= other's and at least one is smaller.
    bool happened_before(const VectorClock& other) const;

    const std::vector<Entry>& entries() const { return entries_; }
    bool operator==(const VectorClock&) const = default;

private:
    std::vector<Entry> entries_;
};

}  // namespace distlab::core
