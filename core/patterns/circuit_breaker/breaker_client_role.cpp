#include "core/patterns/circuit_breaker/breaker_client_role.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/patterns/request_response/messages.h"

namespace distlab::core::circuit_breaker {

namespace rr = request_response;

namespace {

constexpr TimerId kArrivalTimer{1};
constexpr TimerId kOpenWaitTimer{2};

double rounded(double percent) { return std::round(percent * 10.0) / 10.0; }

int state_number(BreakerState state) {
    switch (state) {
        case BreakerState::Closed: return 0;
        case BreakerState::Open: return 1;
        case BreakerState::HalfOpen: return 2;
    }
    return 0;
}

// A breaker setting that a value of 0 leaves at the preset's; any other value overrides it.
template <class T>
auto over_preset(T BreakerSettings::*setting) {
    return [setting](BreakerClientConfig& c, T value) {
        if (value > T{})
            c.breaker.*setting = value;
    };
}

}  // namespace

const ParamList<BreakerClientConfig>& BreakerClientConfig::params() {
    using C = BreakerClientConfig;
    // The preset comes before the settings that override it: bind() applies them in this order.
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::workload, OpenLoopWorkload::params())
        .duration("timeout", &C::timeout, "1s",
                  "How long a call waits for its reply; a timeout counts as a failure",
                  "调用等待响应的时长；超时计为失败", {.min = 1})
        .boolean("enabled", &C::enabled, true,
                 "Use the circuit breaker; off: every call goes to the server whatever happens",
                 "启用熔断器；关闭时无论发生什么，每次调用都发往服务器")
        .boolean("fallback", &C::fallback, true,
                 "Answer refused calls with a fallback (a degraded success); off: they fail",
                 "以降级响应回答被拒绝的调用（降级的成功）；关闭时这些调用失败")
        .choice<std::string>(
            "preset",
            [](C& c, const std::string& preset) {
                c.preset = preset;
                c.breaker = preset_settings(preset).value_or(BreakerSettings{});
            },
            "none", {{"none", "none"}, {"hystrix", "hystrix"}, {"resilience4j", "resilience4j"}},
            "Start from a library's defaults (hystrix: 10 s window, 20 calls, 50%, 5 s sleep; "
            "resilience4j: window of 100 calls, 50%, 60 s wait, 10 trial calls); parameters "
            "given here override it",
            "从某个库的默认值开始（hystrix：10 s 窗口、20 次调用、50%、休眠 5 s；"
            "resilience4j：100 次调用的窗口、50%、等待 60 s、10 次试探调用）；此处给出的参数覆盖预设")
        .choice<std::optional<WindowKind>>(
            "window",
            [](C& c, std::optional<WindowKind> window) {
                if (window)
                    c.breaker.window = *window;
            },
            "preset", {{"preset", std::nullopt}, {"count", WindowKind::Count}, {"time", WindowKind::Time}},
            "Sliding window: the last window_size calls, or the calls of the last window_duration",
            "滑动窗口：最近 window_size 次调用，或最近 window_duration 时间内的调用")
        .integer("window_size", over_preset(&BreakerSettings::window_size), 0,
                 "Count window: calls it holds (0: the preset's; none: 20)",
                 "计数窗口：容纳的调用数（0 表示用预设值；none 为 20）", {.min = 0, .max = 100000})
        .duration("window_duration", over_preset(&BreakerSettings::window_duration), "0ms",
                  "Time window: its span (0: the preset's; none: 10s)",
                  "时间窗口：时间跨度（0 表示用预设值；none 为 10 s）", {.min = 0})
        .integer("window_buckets", over_preset(&BreakerSettings::window_buckets), 0,
                 "Time window: buckets it rolls by (0: the preset's; none: 10)",
                 "时间窗口：滚动的桶数（0 表示用预设值；none 为 10）", {.min = 0, .max = 1000})
        .integer("minimum_calls", over_preset(&BreakerSettings::minimum_calls), 0,
                 "Calls the window needs before it can open the breaker (0: the preset's; none: 10)",
                 "窗口中至少需要的调用数，之后才可能断开熔断器（0 表示用预设值；none 为 10）",
                 {.min = 0, .max = 100000})
        .number("failure_rate_threshold", over_preset(&BreakerSettings::failure_rate_threshold), 0,
                "Percent of failed calls at or above which the breaker opens (0: the preset's; none: 50)",
                "失败调用百分比达到或超过此值时熔断器断开（0 表示用预设值；none 为 50）", {.min = 0, .max = 100})
        .number("slow_call_rate_threshold", over_preset(&BreakerSettings::slow_call_rate_threshold), 0,
                "Percent of slow calls at or above which the breaker opens (0: the preset's; none: 100)",
                "慢调用百分比达到或超过此值时熔断器断开（0 表示用预设值；none 为 100）", {.min = 0, .max = 100})
        .duration("slow_call_duration", over_preset(&BreakerSettings::slow_call_duration), "0ms",
                  "A call longer than this is slow (0: the preset's; none: 1s)",
                  "耗时超过此值的调用为慢调用（0 表示用预设值；none 为 1 s）", {.min = 0})
        .duration("wait_in_open", over_preset(&BreakerSettings::wait_in_open), "0ms",
                  "How long the breaker stays open before trial calls (0: the preset's; none: 2s)",
                  "熔断器保持断开、直到放行试探调用的时长（0 表示用预设值；none 为 2 s）", {.min = 0})
        .integer("half_open_calls", over_preset(&BreakerSettings::half_open_calls), 0,
                 "Trial calls let through when half-open (0: the preset's; none: 3)",
                 "半开状态下放行的试探调用数（0 表示用预设值；none 为 3）", {.min = 0, .max = 10000});
    return list;
}

BreakerClientRole::BreakerClientRole(BreakerClientConfig config)
    : config_(std::move(config)),
      driver_(config_.workload, {.arrival_timer = kArrivalTimer, .announce_phases = false}),
      breaker_(config_.breaker) {}

void BreakerClientRole::start(Context& ctx) {
    if (config_.enabled)
        ctx.phase(to_string(breaker_.state()), Text{"starts closed", "以关闭状态启动"});
    else
        ctx.phase("disabled", Text{"the breaker is switched off (enabled: false)", "熔断器已关掉（enabled: false）"});
    publish_state(ctx);
    driver_.start(ctx, [this](Context& c) { issue(c); });
}

void BreakerClientRole::on_timer(Context& ctx, TimerId timer) {
    last_now_ = ctx.now();
    if (timer == kOpenWaitTimer) {
        auto transition = breaker_.poll(ctx.now());
        if (!transition && breaker_.state() == BreakerState::Open)   // fired a rounding error early
            ctx.set_timer(kOpenWaitTimer, std::max(Duration(1), breaker_.open_until() - ctx.now()));
        apply(ctx, transition);
        return;
    }
    driver_.on_timer(ctx, timer, [this](Context& c) { issue(c); });
}

void BreakerClientRole::on_message(Context& ctx, const Message& msg) {
    // A reply to a call that already timed out: it was recorded as unknown and as a failure
    // of the breaker, and the late answer changes neither.
    ignore_stray_message(ctx, msg, rr::kReply);
}

Json BreakerClientRole::snapshot() const {
    const WindowCounts window = breaker_.window(last_now_);
    Json snap = {{"state", config_.enabled ? to_string(breaker_.state()) : "disabled"},
                 {"target", config_.workload.target},
                 {"running", !driver_.stopped()},
                 {"outstanding", outstanding_},
                 {"short_circuits", short_circuits_},
                 {"fallbacks", fallbacks_}};
    tally_.write(snap);
    if (!config_.enabled) {
        snap["failure_rate"] = nullptr;   // nothing measured: every call goes through
        snap["window"] = nullptr;
        return snap;
    }
    snap["window"] = {{"calls", window.calls}, {"failures", window.failures}, {"slow", window.slow}};
    snap["failure_rate"] = rounded(window.failure_rate());
    snap["slow_rate"] = rounded(window.slow_rate());
    snap["transitions"] = breaker_.transitions();
    if (breaker_.state() == BreakerState::Open)
        snap["open_until_ms"] = std::llround(to_ms(breaker_.open_until()));
    if (breaker_.state() == BreakerState::HalfOpen) {
        snap["half_open_permits"] = breaker_.half_open_permits_left();
        snap["trials"] = {{"calls", breaker_.trials().calls}, {"failures", breaker_.trials().failures},
                          {"slow", breaker_.trials().slow}};
    }
    return snap;
}

void BreakerClientRole::issue(Context& ctx) {
    const std::int64_t seq = ++seq_;
    const OpId op = ctx.op_invoke(rr::kRequest, {{"seq", seq}});
    std::uint64_t epoch = 0;
    if (config_.enabled) {
        Admission admission = breaker_.try_acquire(ctx.now());
        apply(ctx, admission.transition);
        if (!admission.permitted) {
            short_circuit(ctx, op);
            return;
        }
        epoch = admission.epoch;
    }
    ++outstanding_;
    tally_.call(ctx);
    const Duration sent_at = ctx.now();
    ctx.call(config_.workload.target, std::string(rr::kRequest), {{"seq", seq}}, config_.timeout,
             [this, op, epoch, sent_at](Context& c, const CallOutcome& outcome) {
                 complete(c, op, epoch, sent_at, outcome);
             });
}

void BreakerClientRole::short_circuit(Context& ctx, OpId op) {
    // Fail fast: no message, no waiting (Nygard, "Release It!", Circuit Breaker).
    ++short_circuits_;
    ctx.count("short_circuits");
    if (config_.fallback) {
        ++fallbacks_;
        ctx.count("fallbacks");
        ctx.op_complete(op, OpStatus::Ok, {{"fallback", true}});
    } else {
        ctx.op_complete(op, OpStatus::Fail, {{"error", "short_circuit"}});
    }
}

void BreakerClientRole::complete(Context& ctx, OpId op, std::uint64_t epoch, Duration sent_at,
                                 const CallOutcome& outcome) {
    --outstanding_;
    last_now_ = ctx.now();
    const Duration elapsed = ctx.now() - sent_at;
    const CallResult result = tally_.ended(ctx, outcome, sent_at, rr::read_reply);
    // An unreadable answer is a failure of the breaker's, and counted as one.
    if (result.end == CallEnd::Malformed)
        tally_.failure(ctx);
    ctx.op_complete(op, result.status(), result.op_value());
    const bool failed = result.end != CallEnd::Ok;
    if (config_.enabled)
        apply(ctx, breaker_.on_result(ctx.now(), epoch, failed, elapsed));
}

void BreakerClientRole::apply(Context& ctx, const std::optional<Transition>& transition) {
    if (!transition)
        return;
    ctx.phase(to_string(transition->to), transition->reason);
    ctx.log(LogLevel::Info, transition->text());
    ctx.count("transitions");
    if (transition->to == BreakerState::Open)
        ctx.set_timer(kOpenWaitTimer, breaker_.open_until() - ctx.now());
    else
        ctx.cancel_timer(kOpenWaitTimer);
    publish_state(ctx);
}

void BreakerClientRole::publish_state(Context& ctx) const {
    ctx.gauge("breaker_state", state_number(breaker_.state()));
}

}  // namespace distlab::core::circuit_breaker
