#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/param_list.h"

namespace distlab::core::consistent_hashing {

// Where a key lives: the placement strategies the lab compares.
enum class Strategy {
    Ring,         // a ring of virtual nodes (points); a key belongs to the first point at or after it
    Bounded,      // the ring, but a node already holding load_factor x the mean is skipped
    Rendezvous,   // highest random weight: every node scores the key, the highest score wins
    Jump,         // jump consistent hash over the members numbered in order
    ModN,         // hash mod N: the naive partner
};

std::string_view to_string(Strategy strategy);

// The placement every ring-node and ring-client of a scenario must share: the same settings
// give the same owner for every key on every node, which is what lets a client route alone.
//
// The key space is fixed and known to all: keys k0 .. k(keys-1). Bounded-load placement depends
// on every key (a node fills up), so the whole table is computed at once, in key order.
struct PlacementSettings {
    std::string preset = "none";
    Strategy strategy = Strategy::Ring;
    std::int64_t vnodes = 160;          // points per node on the ring (Ring, Bounded)
    double load_factor = 1.25;          // Bounded: no node holds more than ceil(factor x mean) keys
    std::int64_t keys = 2000;           // the key space: k0 .. k(keys-1)
    std::vector<NodeId> members;        // the ring at the start, in order (jump and mod N number them so)

    // preset, strategy, vnodes, load_factor, keys, members: the part both roles declare.
    static const ParamList<PlacementSettings>& params();
};

// One point of the ring: its position and the member (index into the members) it belongs to.
struct RingPoint {
    std::uint32_t point = 0;
    std::size_t member = 0;
};

// The ring Dubbo's ConsistentHashLoadBalance builds: for each member, MD5 digests of its name
// followed by 0, 1, 2 ..., each digest cut into four little-endian 32-bit points, until the
// member has `vnodes` points. Sorted by point; a point two members share goes to the later one.
std::vector<RingPoint> ring_points(const std::vector<NodeId>& members, std::int64_t vnodes);

// A key's position on the ring (and the hash mod N uses): the first four bytes of its MD5,
// little-endian, as Dubbo hashes a request's key.
std::uint32_t key_point(std::string_view key);

// "k" followed by the number: the name of key `index`.
std::string key_name(std::int64_t index);

// The owner of every key k0 .. k(settings.keys - 1) as an index into `members`, under the
// settings' strategy. Empty when `members` is.
std::vector<std::size_t> place(const PlacementSettings& settings, const std::vector<NodeId>& members);

// The owner of every key by name: place() mapped to the members' ids.
std::vector<NodeId> owners(const PlacementSettings& settings, const std::vector<NodeId>& members);

// The jump consistent hash of `key` into `buckets` buckets (Lamping & Veach 2014).
// Requires: buckets >= 1.
std::int32_t jump_hash(std::uint64_t key, std::int32_t buckets);

// How evenly keys spread over nodes.
struct Spread {
    double mean = 0;            // keys per node
    double max_over_mean = 0;   // the fullest node over the mean (1: perfect)
    double cv = 0;              // coefficient of variation: standard deviation over the mean
};

// The spread of `loads` (keys per node); all zeros when there is no node or no key.
Spread spread(const std::vector<std::int64_t>& loads);

// The fewest keys a change of the ring can move, as a fraction of all keys: a node joining N
// takes 1/(N+1) of the keys, a node leaving N gives away its 1/N. `before` and `after` are the
// member counts. 0 when they are equal.
double ideal_moved_fraction(std::size_t before, std::size_t after);

}  // namespace distlab::core::consistent_hashing
