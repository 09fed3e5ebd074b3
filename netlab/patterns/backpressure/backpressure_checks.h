#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the backpressure checks to `registry` (roles in core/patterns/backpressure/).
//
//   bounded_queue: {max: N, node?: id}
//       The queue_depth of the node (or of every node that reports one) never exceeded N.
//       Read from the gauges queue_depth and queue_depth_max (a stage's high-water mark, so a
//       peak between two metric reports is not missed). Unknown when no node reported
//       queue_depth. `node` must be declared.
//   no_acked_loss: true
//       Every item a producer saw acknowledged (its op "send" completed ok, value {id}) was
//       processed by a consumer (the consumer's item_reply {ok: true, origin, id} is on the
//       wire: it answers only once it processed the item) or is still held at the end by a
//       bounded-stage that is running then (its last snapshot's `held` ranges; a stage killed
//       and not restarted holds nothing, its memory is gone). Needs a producer and a consumer.
void register_backpressure_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
