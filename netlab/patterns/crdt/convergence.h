#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "netlab/checks/check.h"

namespace distlab::netlab {

// When the live nodes of a role came to agree on a snapshot field, as their snapshots show.
struct Agreement {
    std::vector<std::string> live;       // the nodes of the role that showed a state and are up at the end
    std::int64_t t0 = 0;                 // the later of the reference time and the last update a client began
    std::int64_t agreed_since = -1;      // since when they have agreed; -1: they differ at the end
    std::string differ_a, differ_b;      // when they differ: two nodes that do
    std::string differ_key;              // and a key of the field on which they do ("" unknown)
};

// `roles`: node -> role, as the run's catalog has it.
Agreement agreement(const std::vector<Event>& events, const std::map<std::string, std::string, std::less<>>& roles,
                    std::string_view role, std::string_view field, std::int64_t reference_ns);

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
