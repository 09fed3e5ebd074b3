#include "core/patterns/discovery/service_instance_role.h"

#include <utility>

#include "core/host/role_driver.h"
#include "core/patterns/common/client.h"
#include "core/patterns/discovery/discovery_presets.h"
#include "core/patterns/discovery/discovery_protocol.h"

namespace distlab::core::discovery {

namespace {

constexpr TimerId kBeatTimer{1};
constexpr TimerId kDrainTimer{2};

}  // namespace

const ParamList<ServiceInstanceConfig>& ServiceInstanceConfig::params() {
    using C = ServiceInstanceConfig;
    static const ParamList<C> list =
        ParamList<C>{}
            .nodes("registries", &C::registries, nullptr,
                   "The registries it registers with, in order: the next one when the current one is silent",
                   "它注册的注册中心，按顺序：当前的无响应时换下一个")
            .string("service", &C::service, "svc", "The service it is an instance of", "它所属的服务")
            .choice<std::string>(
                "preset",
                [](C& c, const std::string& preset) {
                    c.preset = preset;
                    c.heartbeat = registry_preset(preset)->heartbeat;
                },
                "nacos",
                {{"nacos", "nacos"}, {"nacos-fast", "nacos-fast"}, {"eureka", "eureka"}, {"eureka-fast", "eureka-fast"}},
                "Beat as a registry's clients do (nacos: every 5 s; eureka: every 30 s; -fast: 10 and 30 times "
                "faster)",
                "按某个注册中心客户端的方式发送心跳（nacos：每 5 s；eureka：每 30 s；-fast：快 10 倍和 30 倍）")
            .duration("heartbeat",
                      [](C& c, Duration d) {
                          if (d > Duration(0))
                              c.heartbeat = d;
                      },
                      "0ms", "Beat interval (0: the preset's)", "心跳间隔（0 表示用预设值）", {.min = 0})
            .integer("capacity", &C::capacity, 0,
                     "Calls it serves per second; more are refused as overloaded (0: no limit)",
                     "每秒能处理的调用数；超出的以过载拒绝（0 表示不限）", {.min = 0, .max = 1000000})
            .duration("drain", &C::drain, "300ms",
                      "A graceful shutdown keeps serving this long after deregistering, while the change reaches "
                      "the callers",
                      "优雅下线在注销后继续服务这么久，让变更传到调用方", {.min = 0});
    return list;
}

ServiceInstanceRole::ServiceInstanceRole(ServiceInstanceConfig config) : config_(std::move(config)) {}

void ServiceInstanceRole::start(Context& ctx) {
    if (config_.registries.empty()) {
        state_ = State::Stopped;
        ctx.phase("stopped", Text{"no registry to register with", "没有可注册的注册中心"});
        ctx.log(LogLevel::Error, "registries is empty: nothing to register with");
        return;
    }
    ctx.phase("registering", Text{"registering with ", "正在向 "} + registry() + Text{"", " 注册"});
    register_now(ctx);
    ctx.set_timer(kBeatTimer, config_.heartbeat);
}

void ServiceInstanceRole::register_now(Context& ctx) {
    ctx.call(registry(), kRegister, {{"service", config_.service}, {"instance", ctx.self()}}, config_.heartbeat,
             [this, to = registry()](Context& c, const CallOutcome& outcome) {
                 if (state_ != State::Registering && state_ != State::Up)
                     return;
                 if (outcome.timed_out) {
                     if (to == registry())
                         next_registry(c, to + " did not answer the registration");
                     return;
                 }
                 if (read_answer(outcome.reply.body, "refused").end != CallEnd::Ok) {
                     c.log(LogLevel::Warn, to + " refused the registration");
                     return;
                 }
                 ++registrations_;
                 state_ = State::Up;
                 c.phase("up", Text{"registered with ", "已在 "} + to + Text{"", " 注册"});
             });
}

void ServiceInstanceRole::beat(Context& ctx) {
    ctx.call(registry(), kBeat, {{"service", config_.service}, {"instance", ctx.self()}}, config_.heartbeat,
             [this, to = registry()](Context& c, const CallOutcome& outcome) {
                 if (state_ != State::Up)
                     return;
                 if (outcome.timed_out) {
                     if (to == registry())
                         next_registry(c, to + " did not answer a beat");
                     return;
                 }
                 if (outcome.reply.body.is_object() && outcome.reply.body.value("known", true) == false) {
                     // The registry removed us while we could not reach it: register again.
                     c.log(LogLevel::Warn, to + " no longer knows this instance: registering again");
                     register_now(c);
                 }
             });
}

void ServiceInstanceRole::next_registry(Context& ctx, const std::string& why) {
    current_ = (current_ + 1) % config_.registries.size();
    ctx.log(LogLevel::Warn, why + ": now using " + registry());
    ctx.count("registry_switches");
    if (state_ == State::Up)
        register_now(ctx);
}

void ServiceInstanceRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kDrainTimer && state_ == State::Draining) {
        state_ = State::Stopped;
        ctx.phase("stopped", Text{"drained: the process exits", "已排空：进程退出"});
        return;
    }
    if (timer != kBeatTimer || state_ == State::Draining || state_ == State::Stopped)
        return;
    ctx.set_timer(kBeatTimer, config_.heartbeat);
    if (state_ == State::Registering)
        register_now(ctx);
    else
        beat(ctx);
}

void ServiceInstanceRole::on_message(Context& ctx, const Message& msg) {
    if (state_ == State::Stopped)
        return;   // A process that exited answers nothing.
    if (msg.from == kLabSender) {
        shutdown(ctx, msg);
        return;
    }
    if (msg.type == kCall) {
        serve(ctx, msg);
        return;
    }
    // Answers to a deregistration, or to a call that timed out already.
    ignore_stray_message(ctx, msg, msg.type.ends_with("_reply") ? msg.type : "");
}

void ServiceInstanceRole::serve(Context& ctx, const Message& msg) {
    const Duration now = ctx.now();
    while (!served_recent_.empty() && served_recent_.front() <= now - 1s)
        served_recent_.pop_front();
    if (config_.capacity > 0 && std::ssize(served_recent_) >= config_.capacity) {
        ++refused_;
        ctx.count("refused");
        ctx.reply(msg, {{"ok", false}, {"error", "overloaded"}});
        return;
    }
    served_recent_.push_back(now);
    ++served_;
    ctx.count("served");
    ctx.reply(msg, {{"ok", true}, {"instance", ctx.self()}});
}

void ServiceInstanceRole::shutdown(Context& ctx, const Message& command) {
    if (command.type != kShutdown) {
        ctx.reply(command, {{"ok", false}, {"error", "unknown command \"" + command.type + "\"; expected shutdown"}});
        return;
    }
    ctx.reply(command, {{"ok", true}});
    if (state_ == State::Draining)
        return;
    state_ = State::Draining;
    ctx.cancel_timer(kBeatTimer);
    for (const NodeId& r : config_.registries)
        ctx.send(r, kDeregister, {{"service", config_.service}, {"instance", ctx.self()}});
    ctx.phase("draining", Text{"deregistered; serving for " + format_duration(config_.drain) + " more",
                               "已注销；再服务 " + format_duration(config_.drain)});
    ctx.set_timer(kDrainTimer, config_.drain);
}

Json ServiceInstanceRole::snapshot() const {
    static constexpr const char* kStates[] = {"registering", "up", "draining", "stopped"};
    return {{"state", kStates[static_cast<int>(state_)]},
            {"service", config_.service},
            {"registry", config_.registries.empty() ? Json() : Json(registry())},
            {"served", served_},
            {"refused", refused_},
            {"registrations", registrations_}};
}

}  // namespace distlab::core::discovery
