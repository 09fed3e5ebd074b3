#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The message queue section of a report, for runs with a node of role "queue": messages
// produced (enqueues acknowledged), consumed (per group, once each), redelivered (deliveries
// after the first, with a table by reason), in the DLQ at the end, received more than once and
// lost (acknowledged, neither consumed nor dead-lettered). Figures "mq.produced", "mq.consumed",
// "mq.redelivered", "mq.dlq", "mq.duplicates", "mq.lost"; JSON (report "pattern" key "mq"):
// {produced, consumed, redelivered, redelivered_by_reason, dlq, duplicates, lost}.
std::shared_ptr<const FigureSource> mq_figure_source();

}  // namespace distlab::netlab
