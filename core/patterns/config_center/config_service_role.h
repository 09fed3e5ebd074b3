#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"
#include "core/patterns/config_center/config_protocol.h"

namespace distlab::core::config_center {

struct ConfigServiceConfig {
    NodeId server;
    std::string key = "app";
    std::string preset = "nacos";
    Duration timeout{30s};               // a watch is given up after this long (the preset's unless given)
    OpenLoopWorkload workload;           // its own work, no target
    double bad_error_rate = 0.8;         // share of work that fails under a config starting with "bad"
    Duration report_interval{500ms};
    bool snapshot = true;                // keep the config on disk and start from it

    static const ParamList<ConfigServiceConfig>& params();
    static ConfigServiceConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `config-service` role: a service that takes its settings from a config server. It watches
// its key by long polling (a watch is held by the server until a release concerns it; answered
// "unchanged", it watches again at once; unanswered for `timeout`, it watches again), applies each
// version it is given and, with `snapshot` on, keeps it on its disk, so that after a restart it
// runs its last good config even while the server is out of reach (as Apollo's local cache
// file does). It does its own work on an open-loop schedule; under a config
// whose value starts with "bad" a share of that work fails. Every report_interval it reports its
// work and errors to the server, which may roll a gray release back on them.
//
// History: "apply" -> {version, value, from: server|snapshot} (ok at once), "work" -> {version}
// (ok, or fail {error: "bad config"|"no config"}).
//
// Phases: fetching (no config yet), running, offline (the server does not answer; running its
// last config), stopped. Snapshot: state, version, value, applied, error_pct (last report window).
//
// Owned by the role driver; single-threaded like every role.
class ConfigServiceRole final : public Role {
public:
    explicit ConfigServiceRole(ConfigServiceConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void watch(Context& ctx);
    void apply(Context& ctx, std::int64_t version, std::string value, const char* from);
    void work(Context& ctx);
    void show_phase(Context& ctx, Text reason);

    ConfigServiceConfig config_;
    WorkloadDriver driver_;
    std::int64_t version_ = 0;
    std::string value_;
    bool reachable_ = false;
    std::int64_t applied_ = 0;
    std::int64_t ops_ = 0, errors_ = 0;              // since the last report
    std::optional<double> error_pct_;                // of the last report window
};

}  // namespace distlab::core::config_center
