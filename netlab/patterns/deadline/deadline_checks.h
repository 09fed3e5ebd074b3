#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the deadline-propagation check to `registry`. It applies to scenarios with a `relay`
// node (core/patterns/deadline/relay_role.h); others are refused.
//
//   no_work_after_deadline: true
//       No tier starts a downstream call whose deadline has already passed. Read from the
//       wire: every "request" a node sends that carries both deadline_ns (when its caller stops
//       waiting) and sent_at_ns (the sender's clock when it sent it, both in the sender's role
//       time, so the comparison is exact whatever the clocks or the load) must have
//       deadline_ns > sent_at_ns. A relay stamps both on every call it makes for a request
//       with a deadline. Unknown when no request carried both.
void register_deadline_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
