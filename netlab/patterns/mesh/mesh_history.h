#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/patterns/mesh/mesh_policy.h"
#include "netlab/api/event.h"

namespace distlab::netlab::mesh {

// One version of the policy as mesh-control first pushed it.
struct PolicyPush {
    std::int64_t version = 0;
    std::int64_t at_ns = 0;
    std::optional<core::mesh::MeshPolicy> policy;   // nullopt when it is invalid (sidecars NACK it)
    std::string kind;   // initial | step | promote | rollback | apply: read from the canary's weight
};

// A call's first attempt as a sidecar sent it, with the policy it was under.
struct Routed {
    std::string sidecar;
    std::int64_t at_ns = 0;
    std::string endpoint;
    std::int64_t version = 0;    // the sidecar's last ACKed version then (0: none)
    std::string subset;          // the endpoint's subset in that version ("" when none)
};

// What a mesh run says, read from its messages: the control plane's pushes (mesh_policy), the
// sidecars' ACKs (the moment each applied a version), the first attempts they sent, the canary's
// answers, and the partitions.
struct MeshHistory {
    std::vector<std::string> sidecars;
    std::vector<PolicyPush> pushes;                                       // by version
    std::map<std::string, std::vector<std::pair<std::int64_t, std::int64_t>>> acks;   // sidecar -> (t, version)
    std::vector<Routed> routed;
    std::vector<std::pair<std::int64_t, bool>> canary_answers;            // (t, failed), from v2 endpoints
    std::vector<std::pair<std::int64_t, std::int64_t>> partitions;        // [injected, healed or end]
    std::int64_t end_ns = 0;

    const PolicyPush* push(std::int64_t version) const;
    // The version `sidecar` had ACKed last at `t_ns` (0: none).
    std::int64_t acked_at(const std::string& sidecar, std::int64_t t_ns) const;
    // When `sidecar` first ACKed `version`, or nullopt.
    std::optional<std::int64_t> first_ack(const std::string& sidecar, std::int64_t version) const;

    static MeshHistory read(const std::vector<Event>& events,
                            const std::map<std::string, std::string, std::less<>>& node_roles);
};

}  // namespace distlab::netlab::mesh
