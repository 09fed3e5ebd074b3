#include "core/patterns/discovery/discovery_client_role.h"

#include <algorithm>
#include <utility>

#include "core/patterns/discovery/discovery_protocol.h"

namespace distlab::core::discovery {

namespace {

constexpr TimerId kArrivalTimer{1};
constexpr TimerId kRefreshTimer{2};

}  // namespace

const ParamList<DiscoveryClientConfig>& DiscoveryClientConfig::params() {
    using C = DiscoveryClientConfig;
    static const ParamList<C> list =
        ParamList<C>{}
            .nodes("registries", &C::registries, nullptr,
                   "The registries it asks, in order: the next one when the current one is silent",
                   "它询问的注册中心，按顺序：当前的无响应时换下一个")
            .string("service", &C::service, "svc", "The service it calls", "它调用的服务")
            .number("rate", [](C& c, double r) { c.workload.rate = r; }, 10,
                    "Calls started per second (open loop: whatever the replies do)",
                    "每秒发起的调用数（开环：不受响应快慢影响）", {.min = 0.001, .max = 100000})
            .choice<Arrival>("arrival", [](C& c, Arrival a) { c.workload.arrival = a; }, "poisson",
                             {{"fixed", Arrival::Fixed}, {"poisson", Arrival::Poisson}},
                             "Call spacing: fixed intervals, or Poisson arrivals",
                             "调用间隔：固定间隔，或泊松到达")
            .duration("stop_at", [](C& c, Duration d) { c.workload.stop_at = d; }, "0ms",
                      "Stop starting calls at this time (0: never)", "在此时刻停止发起新调用（0 表示不停止）",
                      {.min = 0})
            .duration("timeout", &C::timeout, "500ms", "Time limit of one call; past it the outcome is unknown",
                      "单次调用的时限；超过后结果未知", {.min = 1})
            .duration("refresh", &C::refresh, "1s",
                      "Asks the registry for the list again this often, besides its pushes",
                      "除推送之外，按此间隔再次向注册中心拉取列表", {.min = 1})
            .boolean("cache", &C::cache, true,
                     "Keep calling the cached instances while no registry answers; off: forget them",
                     "没有注册中心应答时继续调用缓存的实例；关闭时丢弃缓存");
    return list;
}

DiscoveryClientRole::DiscoveryClientRole(DiscoveryClientConfig config)
    : config_(std::move(config)),
      driver_(config_.workload, {.mode = LoadMode::Open, .arrival_timer = kArrivalTimer, .announce_phases = false}) {}

void DiscoveryClientRole::start(Context& ctx) {
    ctx.phase("subscribing", Text{"no instance list yet", "还没有实例列表"});
    if (config_.registries.empty()) {
        ctx.log(LogLevel::Error, "registries is empty: nowhere to find instances");
        driver_.stop(ctx, Text{"no registry", "没有注册中心"});
        ctx.phase("stopped", Text{"no registry", "没有注册中心"});
        return;
    }
    subscribe(ctx);
    ctx.set_timer(kRefreshTimer, config_.refresh);
    driver_.start(ctx, [this](Context& c) { begin(c); });
}

void DiscoveryClientRole::subscribe(Context& ctx) {
    ctx.call(registry(), kSubscribe, {{"service", config_.service}}, std::min(config_.refresh, config_.timeout),
             [this, to = registry()](Context& c, const CallOutcome& outcome) {
                 if (to != registry())
                     return;
                 if (!outcome.timed_out && read_answer(outcome.reply.body, "refused").end == CallEnd::Ok) {
                     answered_ = true;
                     adopt(c, outcome.reply.body, to);
                     return;
                 }
                 answered_ = false;
                 current_ = (current_ + 1) % config_.registries.size();
                 c.count("registry_unreachable");
                 if (!config_.cache && !instances_.empty()) {
                     instances_.clear();
                     c.log(LogLevel::Warn, to + " did not answer: the list is forgotten (no cache)");
                 }
                 show_phase(c, to + Text{" did not answer; next: ", " 没有应答；下一个："} + registry());
             });
}

void DiscoveryClientRole::adopt(Context& ctx, const Json& body, const NodeId& from) {
    auto list = read_instance_list(body);
    if (!list) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "instance list from " + from + " ignored: " + list.error().message);
        return;
    }
    if (list->service != config_.service)
        return;
    if (from == listed_by_ && list->run == run_ && list->version < version_) {
        ctx.count("stale_lists");
        return;
    }
    ever_listed_ = true;
    listed_by_ = from;
    run_ = list->run;
    if (list->instances != instances_) {
        ctx.log(LogLevel::Info, "instance list v" + std::to_string(list->version) + " from " + from + ": " +
                                    std::to_string(list->instances.size()) + " instances");
        instances_ = std::move(list->instances);
    }
    version_ = list->version;
    show_phase(ctx, Text{"list v" + std::to_string(version_) + " from " + from, "来自 " + from + " 的列表 v" + std::to_string(version_)});
}

void DiscoveryClientRole::show_phase(Context& ctx, Text reason) {
    if (driver_.stopped()) {
        ctx.phase("stopped", Text{"the workload stopped", "工作负载已停止"});
        return;
    }
    if (instances_.empty())
        ctx.phase(ever_listed_ ? "empty" : "subscribing", std::move(reason));
    else
        ctx.phase(answered_ ? "fresh" : "cache-only", std::move(reason));
}

void DiscoveryClientRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kRefreshTimer) {
        ctx.set_timer(kRefreshTimer, config_.refresh);
        subscribe(ctx);
        return;
    }
    const bool was_stopped = driver_.stopped();
    driver_.on_timer(ctx, timer, [this](Context& c) { begin(c); });
    if (!was_stopped && driver_.stopped())
        show_phase(ctx, Text{"the workload stopped", "工作负载已停止"});
}

void DiscoveryClientRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kPush) {
        adopt(ctx, msg.body, msg.from);
        return;
    }
    ignore_stray_message(ctx, msg, msg.type.ends_with("_reply") ? msg.type : "");
}

void DiscoveryClientRole::begin(Context& ctx) {
    if (instances_.empty()) {
        const OpId op = ctx.op_invoke("call", Json::object());
        tally_.failure(ctx);
        ctx.op_complete(op, OpStatus::Fail, {{"error", "no instance"}});
        return;
    }
    const NodeId instance = instances_[next_++ % instances_.size()];
    ++calls_to_[instance];
    const OpId op = ctx.op_invoke("call", {{"instance", instance}});
    const Duration started = ctx.now();
    tally_.call(ctx);
    ctx.call(instance, kCall, Json::object(), config_.timeout,
             [this, op, instance, started](Context& c, const CallOutcome& outcome) {
                 const CallResult r =
                     tally_.ended(c, outcome, started, [](const Json& body) { return read_answer(body, "failed"); });
                 Json value = r.op_value();
                 if (value.is_null())
                     value = Json::object();
                 value["instance"] = instance;
                 c.op_complete(op, r.status(), std::move(value));
             });
}

Json DiscoveryClientRole::snapshot() const {
    Json snap = {{"state", driver_.state()},
                 {"registry", config_.registries.empty() ? Json() : Json(registry())},
                 {"version", version_},
                 {"instances", instances_},
                 {"calls_to", calls_to_}};
    tally_.write(snap);
    return snap;
}

}  // namespace distlab::core::discovery
