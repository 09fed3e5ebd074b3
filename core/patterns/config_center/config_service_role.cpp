#include "core/patterns/config_center/config_service_role.h"

#include <random>
#include <utility>

namespace distlab::core::config_center {

namespace {

constexpr TimerId kArrivalTimer{1};
constexpr TimerId kReportTimer{2};
constexpr TimerId kRewatchTimer{3};
constexpr const char* kSnapshotKey = "config";

}  // namespace

const ParamList<ConfigServiceConfig>& ConfigServiceConfig::params() {
    using C = ConfigServiceConfig;
    static const ParamList<C> list =
        ParamList<C>{}
            .node("server", &C::server, nullptr, "The config server it watches", "它监听的配置服务器")
            .string("key", &C::key, "app", "The config key it watches", "它监听的配置键")
            .choice<std::string>(
                "preset",
                [](C& c, const std::string& preset) {
                    c.preset = preset;
                    c.timeout = watch_preset(preset)->client_timeout;
                },
                "nacos", {{"nacos", "nacos"}, {"nacos-fast", "nacos-fast"}, {"apollo", "apollo"}, {"apollo-fast", "apollo-fast"}},
                "Give a watch up as a config center's client does (nacos: after 30 s; apollo: after 90 s; -fast: "
                "ten times sooner)",
                "按某个配置中心客户端的方式放弃一次监听（nacos：30 s 后；apollo：90 s 后；-fast：快 10 倍）")
            .duration("timeout",
                      [](C& c, Duration d) {
                          if (d > Duration(0))
                              c.timeout = d;
                      },
                      "0ms", "A watch unanswered this long is given up and sent again (0: the preset's)",
                      "监听请求这么久没有应答即放弃并重发（0 表示用预设值）", {.min = 0})
            .number("rate", [](C& c, double r) { c.workload.rate = r; }, 20, "Units of its own work per second",
                    "每秒完成的工作单元数", {.min = 0.001, .max = 100000})
            .choice<Arrival>("arrival", [](C& c, Arrival a) { c.workload.arrival = a; }, "poisson",
                             {{"fixed", Arrival::Fixed}, {"poisson", Arrival::Poisson}},
                             "Work spacing: fixed intervals, or Poisson arrivals", "工作间隔：固定间隔，或泊松到达")
            .duration("stop_at", [](C& c, Duration d) { c.workload.stop_at = d; }, "0ms",
                      "Stop working at this time (0: never)", "在此时刻停止工作（0 表示不停止）", {.min = 0})
            .probability("bad_error_rate", &C::bad_error_rate, 0.8,
                         "Share of its work that fails under a config whose value starts with \"bad\"",
                         "配置值以 \"bad\" 开头时失败的工作比例")
            .duration("report_interval", &C::report_interval, "500ms",
                      "Reports its work and errors to the server this often", "按此间隔向服务器报告工作量和错误数",
                      {.min = 1})
            .boolean("snapshot", &C::snapshot, true,
                     "Keep the config on disk and start from it after a restart; off: start with none until the "
                     "server answers",
                     "把配置保存在磁盘上并在重启后从它开始；关闭时在服务器应答之前没有配置");
    return list;
}

ConfigServiceRole::ConfigServiceRole(ConfigServiceConfig config)
    : config_(std::move(config)),
      driver_(config_.workload, {.mode = LoadMode::Open, .arrival_timer = kArrivalTimer, .announce_phases = false}) {}

void ConfigServiceRole::start(Context& ctx) {
    ctx.phase("fetching", Text{"no config yet", "还没有配置"});
    if (config_.snapshot) {
        auto stored = ctx.storage().read(kSnapshotKey);
        if (stored && *stored) {
            const Json s = Json::parse(**stored, nullptr, false);
            if (s.is_object() && s.contains("version") && s["version"].is_number_integer() && s.contains("value") &&
                s["value"].is_string())
                apply(ctx, s["version"].get<std::int64_t>(), s["value"].get<std::string>(), "snapshot");
            else
                ctx.log(LogLevel::Warn, "the config snapshot on disk is unreadable: ignored");
        }
    }
    watch(ctx);
    ctx.set_timer(kReportTimer, config_.report_interval);
    driver_.start(ctx, [this](Context& c) { work(c); });
}

void ConfigServiceRole::watch(Context& ctx) {
    ctx.call(config_.server, kWatch, {{"key", config_.key}, {"version", version_}}, config_.timeout,
             [this](Context& c, const CallOutcome& outcome) {
                 if (outcome.timed_out) {
                     reachable_ = false;
                     show_phase(c, config_.server + Text{" did not answer the watch", " 没有应答监听请求"});
                     watch(c);
                     return;
                 }
                 const Json& b = outcome.reply.body;
                 const CallResult r = read_answer(b, "refused");
                 if (r.end != CallEnd::Ok) {
                     c.log(LogLevel::Warn, "watch refused: " + r.error);
                     c.set_timer(kRewatchTimer, config_.report_interval);
                     return;
                 }
                 reachable_ = true;
                 if (b.value("changed", false)) {
                     if (!b.contains("version") || !b["version"].is_number_integer() || !b.contains("value") ||
                         !b["value"].is_string()) {
                         c.count("malformed");
                         c.log(LogLevel::Warn, "a changed config without an integer version and a string value: ignored");
                     } else {
                         apply(c, b["version"].get<std::int64_t>(), b["value"].get<std::string>(), "server");
                     }
                 }
                 show_phase(c, Text{"watching version ", "监听版本 "} + std::to_string(version_));
                 watch(c);
             });
}

void ConfigServiceRole::apply(Context& ctx, std::int64_t version, std::string value, const char* from) {
    version_ = version;
    value_ = std::move(value);
    ++applied_;
    const OpId op = ctx.op_invoke("apply", {{"version", version_}, {"value", value_}, {"from", from}});
    ctx.op_complete(op, OpStatus::Ok, {{"version", version_}});
    ctx.log(LogLevel::Info, std::string("runs version ") + std::to_string(version_) + " (" + value_ + ") from " + from);
    if (config_.snapshot && std::string_view(from) == "server") {
        const Json s = {{"version", version_}, {"value", value_}};
        if (auto written = ctx.storage().write(kSnapshotKey, s.dump(), true); !written)
            ctx.log(LogLevel::Warn, "could not keep the config snapshot: " + written.error().message);
    }
}

void ConfigServiceRole::work(Context& ctx) {
    const OpId op = ctx.op_invoke("work", {{"version", version_}});
    ++ops_;
    if (version_ == 0) {
        ++errors_;
        ctx.count("failures");
        ctx.op_complete(op, OpStatus::Fail, {{"error", "no config"}});
        return;
    }
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    if (value_.starts_with(kBadPrefix) && coin(ctx.rng()) < config_.bad_error_rate) {
        ++errors_;
        ctx.count("failures");
        ctx.op_complete(op, OpStatus::Fail, {{"error", "bad config"}, {"version", version_}});
        return;
    }
    ctx.count("successes");
    ctx.op_complete(op, OpStatus::Ok, {{"version", version_}});
}

void ConfigServiceRole::show_phase(Context& ctx, Text reason) {
    if (driver_.stopped())
        ctx.phase("stopped", Text{"the work stopped", "工作已停止"});
    else if (version_ == 0)
        ctx.phase("fetching", std::move(reason));
    else
        ctx.phase(reachable_ ? "running" : "offline", std::move(reason));
}

void ConfigServiceRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kReportTimer) {
        ctx.set_timer(kReportTimer, config_.report_interval);
        error_pct_ = ops_ > 0 ? std::optional(100.0 * static_cast<double>(errors_) / static_cast<double>(ops_))
                              : std::nullopt;
        ctx.send(config_.server, kReport, {{"key", config_.key}, {"version", version_}, {"ops", ops_}, {"errors", errors_}});
        ops_ = errors_ = 0;
        return;
    }
    if (timer == kRewatchTimer) {
        watch(ctx);
        return;
    }
    const bool was_stopped = driver_.stopped();
    driver_.on_timer(ctx, timer, [this](Context& c) { work(c); });
    if (!was_stopped && driver_.stopped())
        show_phase(ctx, Text{"the work stopped", "工作已停止"});
}

void ConfigServiceRole::on_message(Context& ctx, const Message& msg) {
    ignore_stray_message(ctx, msg, "cfg_watch_reply");
}

Json ConfigServiceRole::snapshot() const {
    return {{"state", driver_.state()},
            {"version", version_},
            {"value", value_},
            {"applied", applied_},
            {"error_pct", error_pct_ ? Json(*error_pct_) : Json()}};
}

}  // namespace distlab::core::config_center
