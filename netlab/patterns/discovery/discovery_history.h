#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netlab/api/event.h"

namespace distlab::netlab::discovery {

// One end of a service-instance: killed (its process exited by a fault) or shut down gracefully
// (it deregistered, then stopped after draining), until a restart.
struct Death {
    std::string instance;
    bool graceful = false;
    std::int64_t at_ns = 0;              // killed: the exit; graceful: the deregistration (draining)
    std::int64_t stopped_ns = 0;         // killed: the exit; graceful: when it stopped serving
    std::int64_t until_ns = -1;          // restarted then; -1: never
    // What the live registries made of it: the first moment, at or after at_ns, at which none
    // lists it as healthy, and the first at which none has it at all; -1: never (or no registry
    // was up to say).
    std::int64_t unhealthy_ns = -1;
    std::int64_t removed_ns = -1;
    bool preserved = false;              // a registry was in self-preservation after it died
    // Calls clients began to it after stopped_ns (and before any restart): client, op, time.
    struct Call {
        std::string client;
        std::uint64_t op = 0;
        std::int64_t at_ns = 0;
    };
    std::vector<Call> calls;
};

// The registries' timings as their snapshots state them, in role milliseconds (the largest over
// the registries, so a bound holds for every one).
struct RegistryTimings {
    double unhealthy_after_ms = 0;       // 0: no unhealthy stage
    double remove_after_ms = 0;
    double check_interval_ms = 0;
    bool known = false;

    // Silence after which an instance is no longer listed.
    double delist_after_ms() const { return unhealthy_after_ms > 0 ? unhealthy_after_ms : remove_after_ms; }
};

// What a discovery run says about dead instances, read once by the checks.
struct DiscoveryHistory {
    std::vector<Death> deaths;           // in time order
    RegistryTimings timings;
    std::int64_t end_ns = 0;

    // `node_roles`: node -> role, as the run's catalog has it.
    static DiscoveryHistory read(const std::vector<Event>& events,
                                 const std::map<std::string, std::string, std::less<>>& node_roles);
};

}  // namespace distlab::netlab::discovery
