#include "netlab/patterns/config_center/config_history.h"

#include <algorithm>
#include <charconv>

#include "core/model/json.h"
#include "core/patterns/config_center/config_protocol.h"

namespace distlab::netlab::config {

namespace {

using core::Json;
namespace proto = core::config_center;

}  // namespace

ConfigHistory ConfigHistory::read(const std::vector<Event>& events,
                                  const std::map<std::string, std::string, std::less<>>& node_roles,
                                  double time_scale) {
    ConfigHistory h;
    for (const auto& [node, role] : node_roles)
        if (role == proto::kServiceRole)
            h.services.push_back(node);
    const auto is = [&node_roles](const std::string& node, std::string_view role) {
        const auto it = node_roles.find(node);
        return it != node_roles.end() && it->second == role;
    };
    const Event* last_server_state = nullptr;
    for (const Event& e : events) {
        h.end_ns = std::max(h.end_ns, e.t_ns);
        if (e.kind == EventKind::State && is(e.node, proto::kServerRole))
            last_server_state = &e;
        if (e.kind == EventKind::NodeStarted && is(e.node, proto::kServiceRole))
            h.lifetime[e.node].push_back({e.t_ns, true});
        if (e.kind == EventKind::NodeExited && is(e.node, proto::kServiceRole)) {
            const Json data = Json::parse(e.data, nullptr, false);
            if (!data.is_object() || data.value("cause", "") != "shutdown")
                h.lifetime[e.node].push_back({e.t_ns, false});
        }
        if (e.kind != EventKind::OpInvoked || !is(e.node, proto::kServiceRole))
            continue;
        const Json v = Json::parse(e.data, nullptr, false);
        if (!v.is_object() || !v.contains("version") || !v["version"].is_number_integer())
            continue;
        const std::int64_t version = v["version"].get<std::int64_t>();
        if (e.type == "apply")
            h.applies.push_back({e.node, e.msg_id, version, v.value("value", std::string()), e.t_ns});
        else if (e.type == "work" && version > 0)
            h.uses.push_back({e.node, e.msg_id, version, e.t_ns});
    }
    if (!last_server_state)
        return h;
    const Json s = Json::parse(last_server_state->data, nullptr, false);
    if (!s.is_object() || !s.contains("history") || !s["history"].is_array())
        return h;
    h.server_known = true;
    if (const auto values = s.find("values"); values != s.end() && values->is_object())
        for (const auto& [version, value] : values->items()) {
            std::int64_t v = 0;
            const auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), v);
            if (ec == std::errc() && end == version.data() + version.size() && value.is_string())
                h.values[v] = value.get<std::string>();
        }
    for (const Json& c : s["history"]) {
        if (!c.is_object())
            continue;
        Release r{.version = c.value("version", std::int64_t{0}), .kind = c.value("kind", std::string()), .to = {},
                  .at_ns = static_cast<std::int64_t>(c.value("at_ms", 0.0) * time_scale * 1e6)};
        const Json to = c.value("to", Json());
        if (to.is_array()) {
            for (const Json& id : to)
                if (id.is_string())
                    r.to.push_back(id.get<std::string>());
        } else {
            r.to = h.services;
        }
        h.releases.push_back(std::move(r));
    }
    return h;
}

}  // namespace distlab::netlab::config

namespace distlab::netlab::config {

bool ConfigHistory::up_at(const std::string& service, std::int64_t t_ns) const {
    const auto it = lifetime.find(service);
    if (it == lifetime.end())
        return true;
    bool up = true;
    for (const auto& [t, started] : it->second)
        if (t <= t_ns)
            up = started;
    return up;
}

std::int64_t ConfigHistory::started_before(const std::string& service, std::int64_t t_ns) const {
    std::int64_t last = 0;
    if (const auto it = lifetime.find(service); it != lifetime.end())
        for (const auto& [t, started] : it->second)
            if (started && t <= t_ns)
                last = t;
    return last;
}

std::int64_t ConfigHistory::running_at(const std::string& service, std::int64_t t_ns) const {
    // What it applied since its latest start: a restarted service runs nothing until it applies
    // its snapshot or the server's answer.
    const std::int64_t since = started_before(service, t_ns);
    std::int64_t v = -1;
    for (const Apply& a : applies)
        if (a.instance == service && a.at_ns >= since && a.at_ns <= t_ns)
            v = a.version;
    return v;
}

}  // namespace distlab::netlab::config
