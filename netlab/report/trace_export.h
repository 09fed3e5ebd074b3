#pragma once

#include <ostream>
#include <span>

#include "netlab/api/event.h"

namespace distlab::netlab {

// Writes a run as Chrome trace-event JSON ({"traceEvents": [...], "displayTimeUnit": "ms"}),
// which Perfetto and chrome://tracing open:
//   - one process per node (pid 1, 2, ... in order of first appearance, named by metadata), and
//     pid 0 "lab" for faults and narrative steps;
//   - log lines, state changes, node start/exit/pause/resume, violations, faults and steps as
//     instant events ("ph": "i");
//   - client operations as complete events ("ph": "X") from invocation to completion;
//   - each message as a 1 us "send TYPE" slice on the sender and a "recv TYPE" slice on the
//     receiver, linked by a flow ("ph": "s" / "f", "bp": "e"); drops are instants.
// Timestamps are microseconds since the run started.
void write_chrome_trace(std::span<const Event> events, std::ostream& out);

}  // namespace distlab::netlab
