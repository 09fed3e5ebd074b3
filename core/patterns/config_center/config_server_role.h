#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model/message.h"
#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/timer_ids.h"
#include "core/patterns/config_center/config_protocol.h"

namespace distlab::core::config_center {

struct ConfigServerConfig {
    std::string preset = "nacos";
    WatchPreset timing{};                // the preset's, with the parameters given over it
    std::string key = "app";
    std::string initial = "pool=8";      // version 1
    double rollback_error_rate = 0;      // an instance of the newest release reporting this error rate
                                         // rolls it back (0: never)
    std::int64_t min_ops = 20;           // ... over at least this much work

    static const ParamList<ConfigServerConfig>& params();
    static ConfigServerConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `config-server` role: the config center of one key, as Nacos's config service or Apollo's
// config service and portal together. It keeps every release (version, value) and a change
// history; the lab commands publish (to every instance, or to a gray group first), promote (the
// gray release for all) and rollback (withdraw the gray release, or go back to the previous
// release for all). Services watch by long polling: a watch is answered at once when the
// service should run another version, else held until a release concerns it (after
// `notify_delay`) or for `hold`, then answered "unchanged". With rollback_error_rate set, it
// rolls the newest release (gray or for all) back as soon as an instance running it reports that
// error rate (the check an operator or a canary controller makes).
//
// Phases: stable, gray (a gray release is out). Snapshot: key, stable, gray {version,
// instances} | null, history [{version, kind: initial|publish|gray|promote|rollback, to:
// "all"|[ID...], at_ms}], values {version: value}, watching, hold_ms.
//
// Owned by the role driver; single-threaded like every role.
class ConfigServerRole final : public Role {
public:
    explicit ConfigServerRole(ConfigServerConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Gray {
        std::int64_t version = 0;
        std::set<NodeId> instances;
    };
    struct Held {
        Message request;
        std::int64_t known = 0;
        TimerId timer{};
    };
    struct Change {
        std::int64_t version = 0;
        std::string kind;
        Json to;                         // "all" or the instances
        Duration at{0};
    };

    void on_command(Context& ctx, const Message& msg);
    void on_watch(Context& ctx, const Message& msg);
    void on_report(Context& ctx, const Message& msg);
    // A release changed: held watches learn of it after notify_delay.
    void released(Context& ctx, Change change);
    void notify(Context& ctx);
    void rollback(Context& ctx, const std::string& why);
    std::int64_t version_for(const NodeId& instance) const;
    void answer(Context& ctx, const Message& request, const NodeId& instance);

    ConfigServerConfig config_;
    std::map<std::int64_t, std::string> values_;
    std::vector<std::int64_t> stable_history_;   // the stable versions in release order
    std::optional<Gray> gray_;
    std::vector<Change> history_;
    std::map<NodeId, Held> held_;
    std::int64_t suspect_ = 0;                   // the newest published version, until rolled back
    TimerIdSource timers_{16};
};

}  // namespace distlab::core::config_center
