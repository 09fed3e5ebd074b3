#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The publish-subscribe section of a report, for runs with subscriber nodes: per subscription
// (a subscriber, or a queue group as one), what was published to it, delivered, lost and
// duplicated (pubsub_history.h defines each; participants read from the run's subscribe and
// publish messages, messages acknowledged in the last second counted pending). Figures
// "pubsub.published", "pubsub.delivered", "pubsub.lost", "pubsub.duplicated" (sums over the
// subscriptions); JSON (report "pattern" key "pubsub"): {subscriptions: [{name, members,
// delivery, published, expected, delivered, lost, duplicated, pending, disconnects,
// median_age_ms, received_by}]}.
std::shared_ptr<const FigureSource> pubsub_figure_source();

}  // namespace distlab::netlab
