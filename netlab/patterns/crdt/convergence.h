#pragma once

#include <memory>
#include <string>

#include "netlab/checks/check.h"

namespace distlab::netlab {

// "The replicas agree after the heal, within a bound": every live node of `role` shows the same
// snapshot field `field` at the end, and they came to agree within `within_ns` of the later of
// `after` and the last update a client began (an operation other than a read). Shared by the
// CRDT replicas (crdt_converged) and the multi-leader nodes (mm_converged).
std::unique_ptr<Check> make_convergence_check(std::string role, std::string field, std::int64_t within_ns,
                                              const core::Params& args);

// The `within` and `after` arguments of such a check, and its validation.
std::vector<core::ParamSpec> convergence_params();
Problems convergence_problems(const core::Params& args, const CheckScope& scope);

}  // namespace distlab::netlab
