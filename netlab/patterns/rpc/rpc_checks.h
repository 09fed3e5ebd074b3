#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the rpc pattern's check to `registry`. It applies to scenarios with an `rpc-client` and
// an `rpc-server` (core/patterns/rpc/); others are refused.
//
//   rpc_no_orphan_work: {max: 0}   (or rpc_no_orphan_work: 0)
//       At most `max` pieces of work begin after their edge operation's deadline ("orphan
//       work": nobody waits for its answer any more). Read from the wire: every rpc_reply an
//       rpc-server sends carries the origin (the edge client's operation and its deadline_ns,
//       the edge's role time) and, when work began, started_ns and ended_ns (the server's role
//       time; role clocks all count from the run's start, so they compare across nodes unless a
//       clock_skew fault skews one). The detail also gives the work time spent after the
//       deadlines. Unknown when no answered work belonged to an operation with a deadline.
//
// The retry amplification of a chain is the generic `amplification` check on the rpc-servers'
// counter leaf_requests (calls reaching servers without downstream per client operation):
// `amplification: {min: 20, counter: leaf_requests}`.
void register_rpc_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
