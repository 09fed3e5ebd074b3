#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"

namespace distlab::core::discovery {

struct DiscoveryClientConfig {
    std::vector<NodeId> registries;      // tried in order; the next one when the current is silent
    std::string service = "svc";
    OpenLoopWorkload workload;           // no target: it calls the instances the registry lists
    Duration timeout{500ms};             // one call's time limit
    Duration refresh{1s};                // asks its registry for the list again this often
    bool cache = true;                   // keep the last list while no registry answers

    static const ParamList<DiscoveryClientConfig>& params();
    static DiscoveryClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `discovery-client` role: a caller of a service that finds its instances through a
// registry. It subscribes to the service (the registry answers with the list and pushes every
// change), asks again every `refresh` (which also subscribes again after a registry restart),
// keeps the list in a local cache and calls the listed instances in turn on an open-loop
// schedule. When its registry does not answer, it moves to the next one and, with `cache` on,
// keeps calling the cached instances (Nacos's and Eureka's clients do both); with it off, it
// forgets the list and fails its calls until a registry answers. A list older than the one it
// holds from the same registry run (a subscribe reply overtaken by a push) is ignored.
//
// Every call goes into the history ("call" -> {instance}; fail {error: "no instance"} without
// one), so the dead_instance_calls check counts the calls routed to an instance after it died.
//
// Phases: subscribing, fresh (the registry answers), cache-only (it does not; the cache is
// used), empty (no instance to call), stopped. Snapshot: state, registry, version, instances,
// calls_to {instance: calls}, calls, successes, failures, timeouts.
//
// Owned by the role driver; single-threaded like every role.
class DiscoveryClientRole final : public Role {
public:
    explicit DiscoveryClientRole(DiscoveryClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void subscribe(Context& ctx);
    void adopt(Context& ctx, const Json& body, const NodeId& from);
    void begin(Context& ctx);
    void show_phase(Context& ctx, Text reason);
    const NodeId& registry() const { return config_.registries[current_]; }

    DiscoveryClientConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::size_t current_ = 0;
    bool answered_ = false;              // the current registry answered the last subscription
    bool ever_listed_ = false;
    NodeId listed_by_;                   // the registry (and its run) the list came from
    std::int64_t run_ = 0;
    std::int64_t version_ = 0;
    std::vector<NodeId> instances_;
    std::size_t next_ = 0;               // round robin over instances_
    std::map<NodeId, std::int64_t> calls_to_;
};

}  // namespace distlab::core::discovery
