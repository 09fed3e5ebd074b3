#include "netlab/patterns/discovery/discovery_history.h"

#include <algorithm>

#include "core/model/json.h"
#include "core/patterns/discovery/discovery_protocol.h"

namespace distlab::netlab::discovery {

namespace {

using core::Json;
namespace proto = core::discovery;

double number_of(const Json& j, const char* name) {
    const auto it = j.find(name);
    return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

}  // namespace

DiscoveryHistory DiscoveryHistory::read(const std::vector<Event>& events,
                                        const std::map<std::string, std::string, std::less<>>& node_roles) {
    const auto is = [&node_roles](const std::string& node, std::string_view role) {
        const auto it = node_roles.find(node);
        return it != node_roles.end() && it->second == role;
    };
    DiscoveryHistory h;
    // The death of each instance still open (not restarted): index into h.deaths.
    std::map<std::string, std::size_t> open;
    // Each live registry's latest view: instance -> "healthy" | "unhealthy".
    std::map<std::string, std::map<std::string, std::string>> views;
    std::map<std::string, bool> preserving;
    // Requires: views updated. Marks what the registries' views say of the open deaths.
    const auto judge = [&](std::int64_t t) {
        if (views.empty())
            return;   // No registry up to say anything.
        for (const auto& [instance, index] : open) {
            Death& d = h.deaths[index];
            bool listed_healthy = false, present = false;
            for (const auto& [registry, view] : views) {
                const auto it = view.find(instance);
                if (it == view.end())
                    continue;
                present = true;
                listed_healthy = listed_healthy || it->second == "healthy";
            }
            if (!listed_healthy && d.unhealthy_ns < 0)
                d.unhealthy_ns = t;
            if (!present && d.removed_ns < 0)
                d.removed_ns = t;
            for (const auto& [registry, on] : preserving)
                d.preserved = d.preserved || on;
        }
    };
    for (const Event& e : events) {
        h.end_ns = std::max(h.end_ns, e.t_ns);
        switch (e.kind) {
        case EventKind::NodeExited: {
            const Json data = Json::parse(e.data, nullptr, false);
            if (data.is_object() && data.value("cause", "") == "shutdown")
                break;   // The run's end, not a death.
            if (is(e.node, proto::kRegistryRole)) {
                // A dead registry's last view says nothing any more; a restarted one sends a new one.
                views.erase(e.node);
                preserving.erase(e.node);
                judge(e.t_ns);
                break;
            }
            if (!is(e.node, proto::kInstanceRole))
                break;
            if (const auto it = open.find(e.node); it != open.end()) {
                Death& d = h.deaths[it->second];
                if (d.graceful && d.stopped_ns < 0)
                    d.stopped_ns = e.t_ns;   // Killed while draining: it stopped here.
                break;
            }
            open[e.node] = h.deaths.size();
            h.deaths.push_back(Death{.instance = e.node, .at_ns = e.t_ns, .stopped_ns = e.t_ns});
            judge(e.t_ns);
            break;
        }
        case EventKind::NodeStarted:
            if (const auto it = open.find(e.node); it != open.end()) {
                h.deaths[it->second].until_ns = e.t_ns;
                open.erase(it);
            }
            break;
        case EventKind::Phase:
            if (!is(e.node, proto::kInstanceRole))
                break;
            if (e.type == "draining" && !open.contains(e.node)) {
                open[e.node] = h.deaths.size();
                h.deaths.push_back(Death{.instance = e.node, .graceful = true, .at_ns = e.t_ns, .stopped_ns = -1});
                judge(e.t_ns);
            } else if (e.type == "stopped") {
                if (const auto it = open.find(e.node); it != open.end() && h.deaths[it->second].stopped_ns < 0)
                    h.deaths[it->second].stopped_ns = e.t_ns;
            }
            break;
        case EventKind::State: {
            if (!is(e.node, proto::kRegistryRole))
                break;
            const Json s = Json::parse(e.data, nullptr, false);
            if (!s.is_object())
                break;
            h.timings.known = true;
            h.timings.unhealthy_after_ms = std::max(h.timings.unhealthy_after_ms, number_of(s, "unhealthy_after_ms"));
            h.timings.remove_after_ms = std::max(h.timings.remove_after_ms, number_of(s, "remove_after_ms"));
            h.timings.check_interval_ms = std::max(h.timings.check_interval_ms, number_of(s, "check_interval_ms"));
            auto& view = views[e.node];
            view.clear();
            if (const auto it = s.find("instances"); it != s.end() && it->is_object())
                for (const auto& [id, state] : it->items())
                    view[id] = state.is_string() ? state.get<std::string>() : "";
            preserving[e.node] = s.value("self_preservation", false);
            judge(e.t_ns);
            break;
        }
        case EventKind::OpInvoked: {
            if (!is(e.node, proto::kClientRole) || e.type != "call")
                break;
            const Json v = Json::parse(e.data, nullptr, false);
            if (!v.is_object() || !v.contains("instance") || !v["instance"].is_string())
                break;
            const auto it = open.find(v["instance"].get<std::string>());
            if (it == open.end())
                break;
            Death& d = h.deaths[it->second];
            if (d.stopped_ns >= 0 && e.t_ns >= d.stopped_ns)
                d.calls.push_back({e.node, e.msg_id, e.t_ns});
            break;
        }
        default: break;
        }
    }
    return h;
}

}  // namespace distlab::netlab::discovery
