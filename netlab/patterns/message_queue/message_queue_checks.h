#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the durable message queue checks to `registry` (roles in core/patterns/message_queue/),
// in Jepsen's queue vocabulary. Each reads the run's history (mq_history.h): the producers'
// enqueue operations, the queue's deliver messages, the consumers' consume operations and the
// queue's last snapshot. A message counts as consumed in a group when a consumer of the group
// completed a consume operation for it ok (it processed it). A queue down at the end holds
// nothing: its memory is gone. Written for scenarios with one queue node.
//
//   mq_no_acked_loss: true
//       Every enqueue the queue acknowledged ends consumed or in the DLQ, in every group that
//       got messages: none lost across kills; nothing consumed that no producer enqueued.
//       Counts the recovered ones (consumed though their enqueue was never acknowledged).
//       Needs the scenario to stop producing early enough for the queue to drain.
//   mq_all_settled: true
//       Every message the queue delivered ended consumed or in the DLQ, and the queue, running
//       at the end, holds nothing waiting, in flight or on the retry ladder.
//   mq_dead_letter: {min?: 1}
//       At least `min` messages are in the DLQ at the end, each after exactly max_retries + 1
//       deliveries, none of them consumed, the gap before retry n at least the queue's delay for
//       retry n (its preset's ladder and parameters, scaled by time_scale); and no message was
//       delivered more than max_retries + 1 times in a group.
//   mq_duplicates: {min?: 0, max?: N}
//       Counts the messages a group received more than once, explaining each extra receipt by
//       the reason the queue gave (after a nack, after the visibility timeout, after the queue
//       restarted, or a copy made by the network), and those processed twice; passes when the
//       count lies within [min, max].
void register_message_queue_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
