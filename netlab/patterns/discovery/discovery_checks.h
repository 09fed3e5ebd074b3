#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds service registration and discovery's checks (roles in core/patterns/discovery/):
//
//   registry_detection: {slack: 200ms}
//       Every service-instance that died while registered is delisted (no longer listed as
//       healthy) and removed by the registries within their configured bounds, from their own
//       snapshots: killed, within unhealthy_after (Eureka: remove_after) + check_interval +
//       slack of its death, and removed within remove_after + check_interval + slack; shut down
//       gracefully, both within slack of its deregistration. An instance a registry held in
//       self-preservation is reported, not judged. Unknown when no instance died.
//
//   dead_instance_calls: {max: -1, slack: 200ms}
//       The calls clients began to an instance after it stopped serving, counted per death, all
//       within its detection window (the bound above: a killed instance is called until the
//       registry delists it and the change reaches the clients; a drained one never should be),
//       and at most `max` of them (-1: any number within the window).
void register_discovery_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
