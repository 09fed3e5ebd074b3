#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "netlab/api/event.h"
#include "netlab/api/role_catalog.h"

namespace distlab::netlab {

// What a sharding run ended with, read from the last state snapshot of each `shard`, of the
// scheduling `router` and of every `shard-client`,
// summed (core/patterns/sharding/).
struct ShardOutcome {
    struct Claim {
        std::string shard;
        std::int64_t region = 0;
        std::uint64_t lo = 0, hi = 0;
        std::int64_t version = 0;
        double from_ms = 0;
        std::optional<double> serving_until_ms, until_ms;
    };
    struct Shard {
        std::string id;
        std::int64_t keys = 0, puts = 0, gets = 0, keys_in = 0, keys_out = 0, bytes_out = 0;
    };

    std::vector<Shard> shards;          // by id
    std::vector<Claim> claims;          // every shard's history
    std::string router;                 // "" when none
    std::int64_t scans = 0, scan_shards = 0, splits = 0, moves = 0, keys_moved = 0, bytes_moved = 0,
                 redirects = 0, version = 0;
    std::string client;                 // the first client, "" when none
    std::vector<std::string> lossy_clients;   // clients that lost a write
    std::int64_t stale_redirects = 0;   // redirects over every router
    bool verify_done = false;           // every client finished reading back
    std::int64_t written = 0, verified = 0, lost = 0, unverified = 0;
    std::vector<std::string> lost_keys;
};

ShardOutcome read_shard_outcome(const std::vector<Event>& events, const RoleCatalog& catalog);

// The first moment a key has no owner or two serving owners, from the claims' histories.
struct OwnershipFault {
    double at_ms = 0;
    std::uint64_t position = 0;
    bool gap = false;                   // no shard holds it; else two serve it
    std::vector<std::string> shards;    // the two serving it
};
struct OwnershipReport {
    bool covered = false;               // the claims covered the whole key space at some moment
    double covered_from_ms = 0;
    std::size_t moments = 0;            // moments judged (every change of a claim)
    std::optional<OwnershipFault> fault;
};
// From the first moment the claims cover [0, 2^32), at every change: every position is held by
// at least one claim, and served by at most one.
OwnershipReport judge_ownership(const std::vector<ShardOutcome::Claim>& claims);

}  // namespace distlab::netlab
