#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the config center's checks (roles in core/patterns/config_center/), all read from the
// config-server's change history (its last snapshot) and the config-services' "apply" and
// "work" operations:
//
//   config_propagation: {within: 1s, after: start}
//       Every release reaches every config-service it concerns within `within`: from the release,
//       or from `after` (last_heal: an instance cut off catches up after the heal), or from the
//       instance's restart, whichever is last. A release superseded for an instance before its
//       deadline, and an instance down at its deadline, are not judged. Reports the slowest.
//
//   config_published_only: true
//       Every version a config-service applied or worked with is one the server released, with
//       the value it released: no instance ever runs a version that was never published.
//
//   config_rolled_back: true
//       After the last rollback, every config-service it concerns runs the version it went back
//       to at the end (unless a later release concerns it). Unknown without a rollback.
void register_config_center_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
