#include "core/patterns/discovery/registry_role.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "core/patterns/common/client.h"
#include "core/patterns/discovery/discovery_protocol.h"

namespace distlab::core::discovery {

namespace {

constexpr TimerId kSweepTimer{1};

// A duration parameter that keeps the preset's value when 0.
auto over_preset(Duration RegistryPreset::*member) {
    return [member](RegistryConfig& c, Duration value) {
        if (value > Duration(0))
            c.timing.*member = value;
    };
}

const char* protection_name(Protection p) {
    switch (p) {
    case Protection::None: return "none";
    case Protection::ProtectThreshold: return "protect_threshold";
    case Protection::SelfPreservation: return "self_preservation";
    }
    return "none";
}

}  // namespace

const ParamList<RegistryConfig>& RegistryConfig::params() {
    using C = RegistryConfig;
    static const ParamList<C> list =
        ParamList<C>{}
            .choice<std::string>(
                "preset",
                [](C& c, const std::string& preset) {
                    c.preset = preset;
                    c.timing = *registry_preset(preset);
                },
                "nacos",
                {{"nacos", "nacos"}, {"nacos-fast", "nacos-fast"}, {"eureka", "eureka"}, {"eureka-fast", "eureka-fast"}},
                "Start from a registry's defaults (nacos: beat 5 s, unhealthy after 15 s, removed after 30 s, "
                "protect threshold off; eureka: renew every 30 s, expire after 90 s, self-preservation below 85 % "
                "of the expected renewals per minute; -fast: nacos 10 and eureka 30 times faster, for demos); "
                "parameters given here override it",
                "从某个注册中心的默认值开始（nacos：心跳 5 s，15 s 后不健康，30 s 后删除，保护阈值关闭；eureka："
                "每 30 s 续约，90 s 后过期，每分钟续约数低于期望的 85 % 时进入自我保护；-fast：nacos 快 10 倍、"
                "eureka 快 30 倍，用于演示）；此处给出的参数覆盖预设")
            .duration("heartbeat", over_preset(&RegistryPreset::heartbeat), "0ms",
                      "The beat interval it expects of instances, for self-preservation's expected renewals "
                      "(0: the preset's)",
                      "期望实例的心跳间隔，用于自我保护计算期望续约数（0 表示用预设值）", {.min = 0})
            .duration("unhealthy_after", over_preset(&RegistryPreset::unhealthy_after), "0ms",
                      "An instance silent this long is marked unhealthy and no longer listed (0: the preset's; "
                      "eureka has no such stage)",
                      "实例静默这么久即标记为不健康且不再返回（0 表示用预设值；eureka 没有此阶段）", {.min = 0})
            .duration("remove_after", over_preset(&RegistryPreset::remove_after), "0ms",
                      "An instance silent this long is removed (0: the preset's)",
                      "实例静默这么久即被删除（0 表示用预设值）", {.min = 0})
            .choice<std::string>(
                "protection",
                [](C& c, const std::string& p) {
                    if (p == "none")
                        c.timing.protection = Protection::None;
                    else if (p == "protect_threshold")
                        c.timing.protection = Protection::ProtectThreshold;
                    else if (p == "self_preservation")
                        c.timing.protection = Protection::SelfPreservation;
                },
                "preset",
                {{"preset", "preset"}, {"none", "none"}, {"protect_threshold", "protect_threshold"},
                 {"self_preservation", "self_preservation"}},
                "Against mass expiry: none; protect_threshold (Nacos: while healthy / total <= threshold, list "
                "every instance); self_preservation (Eureka: while renewals < threshold x expected, expire nobody)",
                "防止大批实例过期：none 不保护；protect_threshold（Nacos：健康数 / 总数 <= 阈值时返回全部实例）；"
                "self_preservation（Eureka：续约数 < 阈值 x 期望数时不让任何实例过期）")
            .number("threshold",
                    [](C& c, double t) {
                        if (t > 0)
                            c.timing.threshold = t;
                    },
                    0,
                    "The protect threshold or the self-preservation share (0: the preset's: nacos 0, off; "
                    "eureka 0.85)",
                    "保护阈值或自我保护比例（0 表示用预设值：nacos 为 0 即关闭；eureka 为 0.85）",
                    {.min = 0, .max = 1})
            .duration("renewal_window", over_preset(&RegistryPreset::renewal_window), "0ms",
                      "Self-preservation counts renewals over this span (0: the preset's: a minute, eureka-fast 2 s)",
                      "自我保护在此时间跨度内统计续约数（0 表示用预设值：一分钟，eureka-fast 为 2 s）", {.min = 0})
            .duration("check_interval", &C::check_interval, "100ms",
                      "How often it looks for silent instances: detection takes up to this much longer",
                      "检查静默实例的间隔：发现故障最多再晚这么久", {.min = 1})
            .nodes("peers", &C::peers, Json::array(), "The other registries it replicates registrations to",
                   "它向其复制注册信息的其他注册中心");
    return list;
}

RegistryRole::RegistryRole(RegistryConfig config) : config_(std::move(config)) {}

void RegistryRole::start(Context& ctx) {
    run_ = static_cast<std::int64_t>(ctx.rng()() >> 12);
    ctx.phase("serving", Text{"preset ", "预设 "} + config_.preset + Text{", protection ", "，保护方式 "} +
                             protection_name(config_.timing.protection));
    ctx.set_timer(kSweepTimer, config_.check_interval);
}

void RegistryRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kSweepTimer)
        return;
    ctx.set_timer(kSweepTimer, config_.check_interval);
    sweep(ctx);
}

void RegistryRole::on_message(Context& ctx, const Message& msg) {
    const bool from_instance = msg.type == kRegister || msg.type == kBeat || msg.type == kDeregister;
    if (from_instance || msg.type == kSync) {
        auto service = string_field(msg.body, "service");
        auto instance = string_field(msg.body, "instance");
        std::string op = msg.type == kRegister ? "register" : msg.type == kBeat ? "beat" : "deregister";
        if (msg.type == kSync) {
            auto o = string_field(msg.body, "op");
            if (o && (*o == "register" || *o == "beat" || *o == "deregister"))
                op = *o;
            else
                instance = fail("\"op\" must be register, beat or deregister");
        }
        if (!service || !instance) {
            ctx.count("malformed");
            const std::string why = !service ? service.error().message : instance.error().message;
            ctx.log(LogLevel::Warn, msg.type + " from " + msg.from + " refused: " + why);
            if (from_instance)
                ctx.reply(msg, {{"ok", false}, {"error", why}});
            return;
        }
        const bool known = apply(ctx, op, *service, *instance);
        if (!from_instance)
            return;
        if (known || op != "beat")
            replicate(ctx, op, *service, *instance);
        Json answer = {{"ok", true}};
        if (op == "beat")
            answer["known"] = known;
        ctx.reply(msg, std::move(answer));
        return;
    }
    if (msg.type == kSubscribe) {
        auto service = string_field(msg.body, "service");
        if (!service) {
            ctx.count("malformed");
            ctx.reply(msg, {{"ok", false}, {"error", service.error().message}});
            return;
        }
        subscribers_[*service].insert(msg.from);
        Json body = list_body(*service);
        body["ok"] = true;
        ctx.reply(msg, std::move(body));
        return;
    }
    ignore_stray_message(ctx, msg, "");
}

bool RegistryRole::apply(Context& ctx, const std::string& op, const std::string& service, const NodeId& instance) {
    Service& s = services_[service];
    const Duration now = ctx.now();
    if (op == "deregister") {
        if (s.erase(instance) > 0)
            ctx.log(LogLevel::Info, instance + " deregistered from " + service);
        publish(ctx, service);
        return true;
    }
    auto it = s.find(instance);
    if (it == s.end()) {
        if (op == "beat")
            return false;   // Removed (or never known): the instance registers again.
        it = s.emplace(instance, Instance{.registered_at = now}).first;
        ctx.log(LogLevel::Info, instance + " registered for " + service);
    }
    Instance& i = it->second;
    i.last_beat = now;
    i.beats.push_back(now);
    if (!i.healthy) {
        i.healthy = true;
        ctx.log(LogLevel::Info, instance + " beats again: healthy");
    }
    publish(ctx, service);
    return true;
}

void RegistryRole::replicate(Context& ctx, const std::string& op, const std::string& service, const NodeId& instance) {
    for (const NodeId& peer : config_.peers)
        if (peer != ctx.self())
            ctx.send(peer, kSync, {{"op", op}, {"service", service}, {"instance", instance}});
}

void RegistryRole::sweep(Context& ctx) {
    const Duration now = ctx.now();
    const RegistryPreset& t = config_.timing;
    // Eureka's self-preservation: renewals of the last window against those expected of every
    // instance registered at least a window ago.
    std::int64_t eligible = 0;
    renewals_ = 0;
    for (auto& [name, service] : services_)
        for (auto& [id, i] : service) {
            while (!i.beats.empty() && i.beats.front() <= now - t.renewal_window)
                i.beats.pop_front();
            if (now - i.registered_at < t.renewal_window)
                continue;
            ++eligible;
            renewals_ += std::ssize(i.beats);
        }
    renewals_expected_ = static_cast<double>(eligible) * to_ms(t.renewal_window) / to_ms(t.heartbeat);
    const bool preserving = t.protection == Protection::SelfPreservation && eligible > 0 &&
                            static_cast<double>(renewals_) < t.threshold * renewals_expected_;
    if (preserving != preserving_) {
        preserving_ = preserving;
        ctx.log(LogLevel::Warn, preserving ? "self-preservation: " + std::to_string(renewals_) +
                                                 " renewals, fewer than " + std::to_string(t.threshold) + " of " +
                                                 std::to_string(renewals_expected_) + " expected; expiring nobody"
                                           : std::string("renewals recovered: expiring silent instances again"));
    }
    if (!preserving_) {
        for (auto& [name, service] : services_) {
            for (auto it = service.begin(); it != service.end();) {
                const Duration silent = now - it->second.last_beat;
                if (silent >= t.remove_after) {
                    ctx.log(LogLevel::Warn, it->first + " silent for " + format_duration(silent) + ": removed");
                    ++removed_;
                    ctx.count("removed");
                    it = service.erase(it);
                    continue;
                }
                if (t.unhealthy_after > Duration(0) && silent >= t.unhealthy_after && it->second.healthy) {
                    it->second.healthy = false;
                    ctx.log(LogLevel::Warn, it->first + " silent for " + format_duration(silent) + ": unhealthy");
                    ctx.count("marked_unhealthy");
                }
                ++it;
            }
        }
    }
    for (const auto& [name, service] : services_)
        publish(ctx, name);
    update_phase(ctx);
}

bool RegistryRole::threshold_reached(const Service& service) const {
    if (config_.timing.protection != Protection::ProtectThreshold || config_.timing.threshold <= 0 || service.empty())
        return false;
    const auto healthy = std::count_if(service.begin(), service.end(), [](const auto& e) { return e.second.healthy; });
    return static_cast<double>(healthy) / static_cast<double>(service.size()) <= config_.timing.threshold;
}

std::vector<NodeId> RegistryRole::listed(const std::string& service) const {
    std::vector<NodeId> out;
    const auto it = services_.find(service);
    if (it == services_.end())
        return out;
    const bool all = threshold_reached(it->second);
    for (const auto& [id, i] : it->second)
        if (all || i.healthy)
            out.push_back(id);
    return out;
}

Json RegistryRole::list_body(const std::string& service) const {
    const auto v = versions_.find(service);
    return {{"service", service},
            {"run", run_},
            {"version", v == versions_.end() ? 0 : v->second},
            {"instances", listed(service)}};
}

void RegistryRole::publish(Context& ctx, const std::string& service) {
    std::vector<NodeId> now = listed(service);
    auto& before = published_[service];
    if (now == before)
        return;
    before = std::move(now);
    ++versions_[service];
    const Json body = list_body(service);
    for (const NodeId& subscriber : subscribers_[service])
        ctx.send(subscriber, kPush, body);
    ctx.count("pushes");
}

void RegistryRole::update_phase(Context& ctx) {
    if (preserving_) {
        ctx.phase("self-preservation", Text{"", "预期 "} + Text{std::to_string(renewals_) + " renewals of " +
                                                                   std::to_string(static_cast<std::int64_t>(renewals_expected_)),
                                                               std::to_string(static_cast<std::int64_t>(renewals_expected_)) +
                                                                   " 次续约，只收到 " + std::to_string(renewals_)} +
                                           Text{" expected: expiring nobody", "：不剔除任何实例"});
        return;
    }
    for (const auto& [name, service] : services_)
        if (threshold_reached(service)) {
            ctx.phase("protecting", name + Text{" reached its protect threshold: listing unhealthy instances too",
                                                " 触发保护阈值：不健康的实例也一并返回"});
            return;
        }
    ctx.phase("serving", Text{"instances expire on time", "实例按时过期"});
}

Json RegistryRole::snapshot() const {
    Json instances = Json::object();
    std::int64_t healthy = 0, total = 0;
    for (const auto& [name, service] : services_)
        for (const auto& [id, i] : service) {
            instances[id] = i.healthy ? "healthy" : "unhealthy";
            healthy += i.healthy ? 1 : 0;
            ++total;
        }
    std::int64_t subscribers = 0;
    for (const auto& [name, s] : subscribers_)
        subscribers += std::ssize(s);
    const RegistryPreset& t = config_.timing;
    return {{"preset", config_.preset},
            {"protection", protection_name(t.protection)},
            {"instances", std::move(instances)},
            {"healthy", healthy},
            {"total", total},
            {"healthy_pct", total > 0 ? Json(100.0 * static_cast<double>(healthy) / static_cast<double>(total)) : Json()},
            {"removed", removed_},
            {"subscribers", subscribers},
            {"self_preservation", preserving_},
            {"renewals", renewals_},
            {"renewals_expected", renewals_expected_},
            {"heartbeat_ms", to_ms(t.heartbeat)},
            {"unhealthy_after_ms", to_ms(t.unhealthy_after)},
            {"remove_after_ms", to_ms(t.remove_after)},
            {"check_interval_ms", to_ms(config_.check_interval)},
            {"threshold", t.threshold}};
}

}  // namespace distlab::core::discovery
