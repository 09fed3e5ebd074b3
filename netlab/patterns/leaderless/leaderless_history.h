#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netlab/api/event.h"
#include "netlab/checks/linearizable.h"

namespace distlab::netlab::leaderless {

// A get that returned a value older than a write acknowledged before the get began: the value
// it returned (or absent) was written and acknowledged before that write was even invoked, so
// no order of the operations can make the read current.
struct StaleRead {
    std::size_t read = 0;          // index into the kv history
    std::size_t latest = 0;        // the latest write to its key acknowledged before the read began
    std::int64_t behind_ns = 0;    // the read's start minus the ack of the first write it missed
};

struct StaleReads {
    std::int64_t reads = 0;                 // gets that ended ok
    std::vector<StaleRead> stale;           // in the order the reads began
    std::int64_t max_behind_ns = 0;
};

// Stale reads in a kv history (kv_history()): gets judged against the writes (puts, and cas
// that succeeded) acknowledged before each get began. Values are unique per write, as kv-client
// writes them; a read of a value no write wrote, or of a write whose outcome is unknown, is
// not counted (the linearizability check judges those).
StaleReads stale_reads(const std::vector<KvOperation>& ops);

// The dynamo-nodes' agreement over the run, from their snapshots: two nodes agree when each
// one's digest for the other (the Merkle root over the keys they share) is equal, and the
// replicas have converged when every pair agrees, no node holds a hint and every node is up.
struct Convergence {
    std::vector<std::string> nodes;                    // every dynamo-node that sent a snapshot
    bool converged_at_end = false;
    std::optional<std::int64_t> since_ns;              // converged from then to the end
    std::string why_not;                               // at the end, when not converged
    std::string why_not_zh;
    // Totals from the nodes' last snapshots.
    std::int64_t hints_stored = 0, hints_delivered = 0, read_repairs = 0, ae_exchanges = 0, ae_keys_repaired = 0;
    std::int64_t unavailable = 0;
    std::int64_t hints_at_end = 0;
    std::int64_t max_hints = 0;                        // the most hints held at once by one node
};

// `node_roles`: node -> role, as the run's catalog has it.
Convergence convergence(const std::vector<Event>& events,
                        const std::map<std::string, std::string, std::less<>>& node_roles);

}  // namespace distlab::netlab::leaderless
