#include "core/patterns/mesh/mesh_policy.h"

#include <algorithm>
#include <set>

namespace distlab::core::mesh {

namespace {

using Error = std::unexpected<std::string>;

// An integer field of `object` in [min, max], or `fallback` when absent.
std::expected<std::int64_t, std::string> integer(const Json& object, const char* field, std::int64_t fallback,
                                                 std::int64_t min, std::int64_t max, const std::string& where) {
    const auto it = object.find(field);
    if (it == object.end())
        return fallback;
    if (!it->is_number_integer() || it->get<std::int64_t>() < min || it->get<std::int64_t>() > max)
        return Error(where + field + ": expected an integer from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", got " + it->dump());
    return it->get<std::int64_t>();
}

std::expected<double, std::string> number(const Json& object, const char* field, double fallback, double min,
                                          double max, const std::string& where) {
    const auto it = object.find(field);
    if (it == object.end())
        return fallback;
    if (!it->is_number() || it->get<double>() < min || it->get<double>() > max)
        return Error(where + field + ": expected a number from " + Json(min).dump() + " to " + Json(max).dump() +
                     ", got " + it->dump());
    return it->get<double>();
}

std::int64_t ms_of(Duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }

}  // namespace

const Subset* MeshPolicy::find(std::string_view subset) const {
    const auto it = std::find_if(subsets.begin(), subsets.end(), [&](const Subset& s) { return s.name == subset; });
    return it == subsets.end() ? nullptr : &*it;
}

const Subset* MeshPolicy::subset_of(const NodeId& endpoint) const {
    for (const Subset& s : subsets)
        if (std::find(s.endpoints.begin(), s.endpoints.end(), endpoint) != s.endpoints.end())
            return &s;
    return nullptr;
}

std::int64_t MeshPolicy::weight_of(std::string_view subset) const {
    const Subset* s = find(subset);
    return s ? s->weight : 0;
}

std::string MeshPolicy::weights_text() const {
    std::string out;
    for (const Subset& s : subsets)
        out += (out.empty() ? "" : " / ") + s.name + " " + std::to_string(s.weight);
    return out;
}

Json MeshPolicy::to_json() const {
    Json routes = Json::array();
    for (const Subset& s : subsets)
        routes.push_back({{"subset", s.name}, {"weight", s.weight}, {"endpoints", s.endpoints}});
    return {{"version", version},
            {"canary", canary},
            {"routes", std::move(routes)},
            {"retries", {{"attempts", attempts}, {"per_try_timeout_ms", ms_of(per_try_timeout)}}},
            {"breaker",
             {{"enabled", breaker_enabled},
              {"failure_rate_threshold", breaker.failure_rate_threshold},
              {"minimum_calls", breaker.minimum_calls},
              {"window_size", breaker.window_size},
              {"wait_in_open_ms", ms_of(breaker.wait_in_open)},
              {"half_open_calls", breaker.half_open_calls}}}};
}

std::expected<MeshPolicy, std::string> MeshPolicy::from_json(const Json& json) {
    if (!json.is_object())
        return Error("policy: expected an object, got " + json.dump());
    MeshPolicy p;
    auto version = integer(json, "version", -1, 1, INT64_MAX, "");
    if (!version)
        return Error(version.error());
    if (*version < 0)
        return Error("version: missing");
    p.version = *version;
    const auto routes = json.find("routes");
    if (routes == json.end() || !routes->is_array() || routes->empty())
        return Error("routes: expected a non-empty list of {subset, weight, endpoints}");
    std::int64_t total = 0;
    std::set<std::string> names;
    std::set<NodeId> seen;
    for (std::size_t i = 0; i < routes->size(); ++i) {
        const Json& r = (*routes)[i];
        const std::string where = "routes[" + std::to_string(i) + "].";
        if (!r.is_object())
            return Error(where.substr(0, where.size() - 1) + ": expected an object, got " + r.dump());
        Subset s;
        if (!r.contains("subset") || !r["subset"].is_string() || r["subset"].get<std::string>().empty())
            return Error(where + "subset: expected a name");
        s.name = r["subset"].get<std::string>();
        if (!names.insert(s.name).second)
            return Error(where + "subset: \"" + s.name + "\" appears twice");
        auto weight = integer(r, "weight", -1, 0, 100, where);
        if (!weight)
            return Error(weight.error());
        if (*weight < 0)
            return Error(where + "weight: missing");
        s.weight = *weight;
        total += s.weight;
        if (const auto eps = r.find("endpoints"); eps != r.end()) {
            if (!eps->is_array())
                return Error(where + "endpoints: expected a list of nodes, got " + eps->dump());
            for (const Json& e : *eps) {
                if (!e.is_string() || e.get<std::string>().empty())
                    return Error(where + "endpoints: expected node names, got " + e.dump());
                if (!seen.insert(e.get<std::string>()).second)
                    return Error(where + "endpoints: " + e.get<std::string>() + " serves in two subsets");
                s.endpoints.push_back(e.get<std::string>());
            }
        }
        if (s.weight > 0 && s.endpoints.empty())
            return Error(where + "endpoints: subset " + s.name + " has weight " + std::to_string(s.weight) +
                         " but no endpoint");
        p.subsets.push_back(std::move(s));
    }
    if (total != 100)
        return Error("routes: the weights sum to " + std::to_string(total) + ", not 100");
    if (const auto canary = json.find("canary"); canary != json.end()) {
        if (!canary->is_string())
            return Error("canary: expected a subset name, got " + canary->dump());
        p.canary = canary->get<std::string>();
        if (!p.canary.empty() && !p.find(p.canary))
            return Error("canary: no subset named \"" + p.canary + "\"");
    }
    const Json retries = json.value("retries", Json::object());
    if (!retries.is_object())
        return Error("retries: expected an object, got " + retries.dump());
    auto attempts = integer(retries, "attempts", 1, 1, 10, "retries.");
    if (!attempts)
        return Error(attempts.error());
    p.attempts = *attempts;
    auto per_try = integer(retries, "per_try_timeout_ms", 200, 1, 600000, "retries.");
    if (!per_try)
        return Error(per_try.error());
    p.per_try_timeout = std::chrono::milliseconds(*per_try);
    const Json breaker = json.value("breaker", Json::object());
    if (!breaker.is_object())
        return Error("breaker: expected an object, got " + breaker.dump());
    if (const auto enabled = breaker.find("enabled"); enabled != breaker.end()) {
        if (!enabled->is_boolean())
            return Error("breaker.enabled: expected true or false, got " + enabled->dump());
        p.breaker_enabled = enabled->get<bool>();
    }
    auto rate = number(breaker, "failure_rate_threshold", 50, 1, 100, "breaker.");
    auto minimum = integer(breaker, "minimum_calls", 10, 1, 100000, "breaker.");
    auto window = integer(breaker, "window_size", 20, 1, 100000, "breaker.");
    auto wait = integer(breaker, "wait_in_open_ms", 1000, 1, 3600000, "breaker.");
    auto trials = integer(breaker, "half_open_calls", 3, 1, 10000, "breaker.");
    for (const auto* e : {&minimum, &window, &wait, &trials})
        if (!*e)
            return Error(e->error());
    if (!rate)
        return Error(rate.error());
    p.breaker.failure_rate_threshold = *rate;
    p.breaker.minimum_calls = *minimum;
    p.breaker.window_size = *window;
    p.breaker.wait_in_open = std::chrono::milliseconds(*wait);
    p.breaker.half_open_calls = *trials;
    return p;
}

}  // namespace distlab::core::mesh
