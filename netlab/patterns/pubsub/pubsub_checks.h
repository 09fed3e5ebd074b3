#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the publish-subscribe checks to `registry`, in Jepsen's set / queue vocabulary (read from
// the publishers' `publish` and the subscribers' `receive` operations; netlab/patterns/pubsub/
// pubsub_history.h defines each count). Each judges subscriptions: a subscriber, or a queue group
// as one (its members share the messages). `subscribers` (optional, a node or a list) limits a
// check to the subscriptions of those subscriber nodes; by default every subscriber's
// (`pubsub_lost: s1` is short for {subscribers: s1}; `pubsub_lost: {}` judges them all).
// `settle` (default 1s, role time): a message acknowledged that close to the end of the run may
// still be on its way, and is counted pending, not lost. Each needs a publisher and a
// subscriber; a detail names every subscription with its counts.
//
//   pubsub_lost: {subscribers?, max?: 0, settle?: 1s}
//       At most `max` messages lost per subscription: acknowledged to the publisher, published
//       while the subscription stood, never received. The detail gives the gaps (runs of
//       consecutive messages lost) and the longest one.
//   pubsub_duplicated: {subscribers?, max?: 0}
//       At most `max` messages received more than once per subscription.
//   pubsub_unexpected: {subscribers?}
//       No message received that no publisher published.
//   pubsub_order: {subscribers?}
//       Each subscriber receives each publisher's messages in the order they were published
//       (redeliveries of a message it had already aside; gaps allowed).
//   pubsub_delivery: {subscribers?, settle?: 1s}
//       Each subscription keeps the promise its `delivery` makes: at most once, no message twice
//       (losses counted, allowed); at least once, no message lost (duplicates counted, allowed).
//       Neither may receive an unexpected message.
//   pubsub_overflow: {subscribers?, settle?: 1s}
//       A subscription that lost messages lost them as its broker's overflow policy says: under
//       drop_oldest the newest message still arrived; under drop_newest the first buffer_limit +
//       max_in_flight arrived whole; under disconnect the broker disconnected it and a gap is at
//       least a whole buffer long. The detail states what each lost, and how old what arrived
//       was (the median from publish to processed). Unknown when nothing was lost.
void register_pubsub_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
