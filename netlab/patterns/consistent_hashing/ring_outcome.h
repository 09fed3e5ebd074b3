#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "netlab/api/event.h"
#include "netlab/api/role_catalog.h"

namespace distlab::netlab {

// What a consistent-hashing run ended with, read from the last state snapshot of each
// `ring-node` and of the first `ring-client` (core/patterns/consistent_hashing/): the checks and
// the report's figures read the same numbers.
struct RingOutcome {
    struct Node {
        std::string id;
        std::string state;            // its last phase: serving, waiting, handing-off, left
        bool member = false;          // on the ring at the end
        std::int64_t keys = 0;        // held at the end
        std::int64_t keys_in = 0;     // received by handoffs
        std::int64_t keys_out = 0;    // handed over and acknowledged
        std::int64_t pending = 0;     // in handoffs not yet answered
    };
    // A membership change as the client placed it.
    struct Change {
        std::string kind;             // join, leave
        std::string node;
        std::int64_t before = 0;      // members before and after
        std::int64_t after = 0;
        std::int64_t planned = 0;     // keys whose owner the placement changed
        double at_ms = 0;
    };

    std::vector<Node> nodes;          // every ring-node with a snapshot, by id
    std::vector<Change> changes;      // the client's, in order
    std::string client;               // the ring-client read, "" when none
    std::string strategy;             // the client's placement strategy
    std::int64_t vnodes = 0;
    std::int64_t key_space = 0;       // the client's keys
    std::int64_t misses = 0;          // gets that found a written key absent
    std::int64_t redirects = 0;

    // Keys handed over and acknowledged, over all nodes.
    std::int64_t moved() const;
    // The fewest keys the changes could move: key_space x the sum of their ideal fractions.
    double ideal_moved() const;
    // Keys held by each member at the end, in `nodes` order.
    std::vector<std::int64_t> member_loads() const;
};

RingOutcome read_ring_outcome(const std::vector<Event>& events, const RoleCatalog& catalog);

// "9.1 %": a fraction as a percent with one decimal.
std::string percent_text(double fraction);

}  // namespace distlab::netlab
