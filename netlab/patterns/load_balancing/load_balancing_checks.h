#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the load balancing checks to `registry`. They apply to the scenario's `load-balancer`
// nodes (a scenario without one is refused).
//
//   outlier_ejection: true
//       Every load-balancer with outlier detection ejects a backend within its configured
//       errors: once the balancer has received consecutive_errors error answers in a row from a
//       backend (and fewer than max_ejection_percent of the backends, at least one, are out),
//       it sends that backend no request for base_ejection_time. Answers are counted where the
//       balancer receives them (delivery events), late ones too, none while the backend is out,
//       exactly as the balancer counts them. Judged for each balancer process up to the first
//       backend it lets back or the first lab command it gets, after which the times it was
//       ejected would have to be guessed. A balancer without outlier detection is not judged.
void register_load_balancing_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
