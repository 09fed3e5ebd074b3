#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netlab/api/event.h"
#include "netlab/api/role_catalog.h"

namespace distlab::netlab {

// What the rpc pattern's answers and counters say about a run (core/patterns/rpc/): read from
// the `rpc_reply` messages sent (their origin and work span), the rpc-clients' completed
// operations and the rpc nodes' counters.
struct RpcWork {
    // Answered pieces of work done for an edge operation with a deadline.
    std::size_t work = 0;
    // Those that began at or after their edge operation's deadline ("orphan work"), and those
    // that began after it by less than the grace read_rpc_work was given (not counted as orphans).
    std::size_t orphan_starts = 0;
    std::size_t starts_within_grace = 0;
    // Role time spent on work after its edge operation's deadline, and on work in all.
    std::int64_t orphan_ns = 0;
    std::int64_t work_ns = 0;
    // The first orphan: the answer that shows it, and how long after the deadline it began.
    struct Orphan {
        std::string node;
        std::string peer;
        std::uint64_t msg_id = 0;
        std::int64_t t_ns = 0;
        std::int64_t late_ns = 0;
    };
    std::optional<Orphan> first_orphan;
    std::int64_t last_orphan_t_ns = 0;

    // The edge: rpc-client operations invoked, and their outcomes by status.
    std::size_t edge_ops = 0;
    std::map<std::string, std::size_t> edge_statuses;
    // Calls reaching servers without downstream (counter leaf_requests), and the callers'
    // retries, hedges and cancellations sent, summed over nodes (across restarts).
    double leaf_requests = 0;
    double retries = 0;
    double hedges = 0;
    double cancels_sent = 0;
    // Answers sent by rpc-servers, by status.
    std::map<std::string, double> server_statuses;

    // leaf_requests / edge_ops (0 without ops).
    double amplification() const;
};

// Whether the run has rpc roles (rpc-client or rpc-server).
bool has_rpc_roles(const RoleCatalog& catalog);

// `grace_ns`: work that began less than this after its deadline is not orphan work. A deadline
// travels as a remaining time (gRPC's grpc-timeout) that each server counts from its receipt, so
// work may begin up to one message transit after the client's deadline.
RpcWork read_rpc_work(const std::vector<Event>& events, const RoleCatalog* catalog, std::int64_t grace_ns = 0);

}  // namespace distlab::netlab
