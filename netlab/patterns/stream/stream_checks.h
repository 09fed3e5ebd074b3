#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the stream-processing check to `registry` (roles in core/patterns/stream/). It applies to
// scenarios with a `stream-sink`; one job per scenario.
//
//   counts_match_truth: true
//       Per key and window, the sink's count (its last snapshot's table) equals the truth
//       recomputed from the events the stream-source sent (stream_truth.h): each offset once,
//       in offset order per operator, under the operator's own window spec and lateness; and
//       the late events in the sink's side output equal the truth's. Fails with the over- and
//       under-counts in events and windows, the first wrong window, and the events replayed
//       after restarts that explain them; passes naming the windows, the events and the late
//       ones (dropped, side output, admitted within the allowed lateness). Unknown when there is
//       nothing to judge (no event sent, no table reported).
void register_stream_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
