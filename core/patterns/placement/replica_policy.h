#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/ids.h"

namespace distlab::core::placement {

// Where the replicas of a key go.
enum class Policy {
    Ring,           // the next distinct stores clockwise on the hash ring, labels ignored (the naive partner)
    HdfsDefault,    // HDFS's default: a first store, then one on another rack, then another store of that rack
    Spread,         // spread by the location labels, most significant first, as TiDB's PD does
};

std::string_view to_string(Policy policy);

// One store and its labels, in the order of the location labels (zone, rack, host ...): a
// missing label is "".
struct StoreLabels {
    NodeId id;
    std::vector<std::string> values;
};

// The replicas of `key` among `stores` (at most `replicas`, all distinct). The candidates are
// taken in the order of the hash ring over the stores (consistent hashing's Dubbo-style MD5 ring,
// 160 points per store), starting at the key's point, so every policy is deterministic and
// spreads keys evenly. HdfsDefault reads the label named `rack` (its index in the location
// labels is `rack_level`); Spread picks, for each next replica, the candidate sharing the
// shortest label prefix with every replica chosen so far.
std::vector<NodeId> replicas_of(std::string_view key, const std::vector<StoreLabels>& stores, Policy policy,
                                std::size_t replicas, std::size_t rack_level);

// How many labels from the most significant two stores share (0: different zones).
std::size_t shared_prefix(const StoreLabels& a, const StoreLabels& b);

// Splits "zone,rack,host" into its names; empty names are dropped.
std::vector<std::string> split_labels(std::string_view text);

}  // namespace distlab::core::placement
