#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The stream-processing section of a report, for runs with a stream-sink (stream_truth.h): a
// picture of the events per window (the truth against the sink's count, over all keys), a
// table of every key and window whose count is wrong (all of them when none is, up to the
// page's limit), and the late events per operator. Figures "stream.events", "stream.replayed",
// "stream.over", "stream.under", "stream.late"; JSON (report "pattern" key "stream"):
// {sink, mode, events, replayed, restarts, over, under, windows_over, windows_under,
// side_output: {truth, sink}, windows: [{key, start_ms, end_ms, truth, sink}],
// late: [{operator, policy, late, admitted}]}.
std::shared_ptr<const FigureSource> stream_figure_source();

}  // namespace distlab::netlab
