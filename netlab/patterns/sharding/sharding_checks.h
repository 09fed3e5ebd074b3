#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the sharding checks to `registry`. Each reads the last state snapshots of the scenario's
// `shard`s, `router` and `shard-client` (shard_outcome.h).
//
//   one_owner: true
//       Every key has exactly one owner at every moment: from the moment the router's regions are
//       all held, at every change of any shard's claims (an assignment, a split, each step of a
//       move), the claims cover the whole key space with no gap, and no two shards serve one key.
//       During a move the old shard stops serving before the new one starts, and keeps the data
//       until the new one has it.
//   no_lost_writes: true
//       The client read every key it wrote back at the end, and each held its last acknowledged
//       put (or a later put of unknown outcome). Unknown when the read-back did not finish.
//   hot_shard: {max_share: 0.5}
//       No shard served more than max_share of all puts.
//   scan_fanout: {max_mean: 1.5}
//       The router's scans asked at most max_mean shards each on average.
//   shard_balance: {max_over_mean: 1.5}
//       At the end, the shard holding the most keys holds at most max_over_mean x the mean.
void register_sharding_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
