#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/discovery/discovery_presets.h"

namespace distlab::core::discovery {

struct RegistryConfig {
    std::string preset = "nacos";
    RegistryPreset timing{};             // the preset's, with the parameters given over it
    Duration check_interval{100ms};      // how often silent instances are looked for
    std::vector<NodeId> peers;           // the other registries it replicates to

    static const ParamList<RegistryConfig>& params();
    static RegistryConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `registry` role: a service registry as Nacos's naming service or a Eureka server keep
// one. Service instances register, beat and deregister; clients subscribe to a service and get
// its instance list at once and again, pushed, on every change. Every `check_interval` it marks
// an instance silent for `unhealthy_after` unhealthy (no longer listed) and removes one silent
// for `remove_after`. Protection against mass expiry: Nacos's protect threshold lists every
// instance, unhealthy ones included, while healthy / total <= threshold; Eureka's
// self-preservation expires nobody while the renewals of the last `renewal_window` (from the
// instances registered at least that long) fall below threshold x the expected ones. A few
// registries replicate to each other (peers): each copies what an instance tells it to the
// others (reg_sync), so an instance or a client may use any of them (AP, as Eureka's peers and
// Nacos's Distro are).
//
// Phases: serving, protecting (the protect threshold lists unhealthy instances),
// self-preservation. Snapshot: preset, instances {id: healthy|unhealthy}, healthy, total,
// healthy_pct, removed, subscribers, renewals, renewals_expected, the timings in ms.
//
// Owned by the role driver; single-threaded like every role.
class RegistryRole final : public Role {
public:
    explicit RegistryRole(RegistryConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Instance {
        Duration registered_at{0};
        Duration last_beat{0};
        bool healthy = true;
        std::deque<Duration> beats;      // within the renewal window
    };
    using Service = std::map<NodeId, Instance>;

    // Applies an instance's register / beat / deregister; false for a beat of an unknown one.
    bool apply(Context& ctx, const std::string& op, const std::string& service, const NodeId& instance);
    void replicate(Context& ctx, const std::string& op, const std::string& service, const NodeId& instance);
    void sweep(Context& ctx);
    // The instances a caller of `service` is given now.
    std::vector<NodeId> listed(const std::string& service) const;
    bool threshold_reached(const Service& service) const;
    // Pushes the service's list to its subscribers when it changed.
    void publish(Context& ctx, const std::string& service);
    void update_phase(Context& ctx);
    Json list_body(const std::string& service) const;

    RegistryConfig config_;
    std::map<std::string, Service> services_;
    std::map<std::string, std::set<NodeId>> subscribers_;
    std::map<std::string, std::vector<NodeId>> published_;
    std::map<std::string, std::int64_t> versions_;
    std::int64_t run_ = 0;               // drawn at start: versions count within it
    bool preserving_ = false;
    std::int64_t renewals_ = 0;          // in the last window, from instances registered a window ago
    double renewals_expected_ = 0;
    std::int64_t removed_ = 0;
};

}  // namespace distlab::core::discovery
