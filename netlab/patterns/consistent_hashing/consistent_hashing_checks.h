#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the consistent-hashing checks to `registry`. Both read the last state snapshots of the
// scenario's `ring-node`s and of its `ring-client` (ring_outcome.h), so they judge what the
// nodes really hold and handed over, not what a formula predicts.
//
//   keys_moved: {tolerance: 0.03}
//       The keys the nodes handed over (acknowledged handoffs) over all the ring's membership
//       changes, as a fraction of the key space, lies within `tolerance` (absolute, 0.03 = three
//       percentage points) of the fewest a change can move: 1/(N+1) for a node joining N,
//       1/N for one leaving N. Hash mod N moves about N/(N+1) and fails. Unknown when the ring
//       never changed; fails while handoffs are still unanswered at the end.
//   load_spread: {max_over_mean: 1.25, cv: 0.15}
//       The keys each member holds at the end: the fullest over the mean is at most
//       max_over_mean, and the coefficient of variation (standard deviation over the mean) at
//       most cv.
void register_consistent_hashing_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
