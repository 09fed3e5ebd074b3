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

}  // namespace

std::vector<ParamSpec> BreakerClientConfig::param_specs() {
    std::vector<ParamSpec> specs = OpenLoopWorkload::param_specs();
    const std::vector<ParamSpec> own = {
        {.name = "timeout", .type = ParamType::Duration, .default_value = "1s", .min = 1,
         .en = "How long a call waits for its reply; a timeout counts as a failure",
         .zh = "调用等待响应的时长；超时计为失败"},
        {.name = "enabled", .type = ParamType::Bool, .default_value = true,
         .en = "Use the circuit breaker; off: every call goes to the server whatever happens",
         .zh = "启用熔断器；关闭时无论发生什么，每次调用都发往服务器"},
        {.name = "fallback", .type = ParamType::Bool, .default_value = true,
         .en = "Answer refused calls with a fallback (a degraded success); off: they fail",
         .zh = "以降级响应回答被拒绝的调用（降级的成功）；关闭时这些调用失败"},
        {.name = "preset", .type = ParamType::Choice, .default_value = "none",
         .choices = {"none", "hystrix", "resilience4j"},
         .en = "Start from a library's defaults (hystrix: 10 s window, 20 calls, 50%, 5 s sleep; "
               "resilience4j: window of 100 calls, 50%, 60 s wait, 10 trial calls); parameters "
               "given here override it",
         .zh = "从某个库的默认值开始（hystrix：10 秒窗口、20 次调用、50%、休眠 5 秒；"
               "resilience4j：100 次调用的窗口、50%、等待 60 秒、10 次试探调用）；此处给出的参数覆盖预设"},
        {.name = "window", .type = ParamType::Choice, .default_value = "preset",
         .choices = {"preset", "count", "time"},
         .en = "Sliding window: the last window_size calls, or the calls of the last window_duration",
         .zh = "滑动窗口：最近 window_size 次调用，或最近 window_duration 时间内的调用"},
        {.name = "window_size", .type = ParamType::Int, .default_value = 0, .min = 0, .max = 100000,
         .en = "Count window: calls it holds (0: the preset's; none: 20)",
         .zh = "计数窗口：容纳的调用数（0 表示用预设值；none 为 20）"},
        {.name = "window_duration", .type = ParamType::Duration, .default_value = "0ms", .min = 0,
         .en = "Time window: its span (0: the preset's; none: 10s)",
         .zh = "时间窗口：时间跨度（0 表示用预设值；none 为 10 秒）"},
        {.name = "window_buckets", .type = ParamType::Int, .default_value = 0, .min = 0, .max = 1000,
         .en = "Time window: buckets it rolls by (0: the preset's; none: 10)",
         .zh = "时间窗口：滚动的桶数（0 表示用预设值；none 为 10）"},
        {.name = "minimum_calls", .type = ParamType::Int, .default_value = 0, .min = 0, .max = 100000,
         .en = "Calls the window needs before it can open the breaker (0: the preset's; none: 10)",
         .zh = "窗口中至少需要的调用数，之后才可能断开熔断器（0 表示用预设值；none 为 10）"},
        {.name = "failure_rate_threshold", .type = ParamType::Number, .default_value = 0, .min = 0, .max = 100,
         .en = "Percent of failed calls at or above which the breaker opens (0: the preset's; none: 50)",
         .zh = "失败调用百分比达到或超过此值时熔断器断开（0 表示用预设值；none 为 50）"},
        {.name = "slow_call_rate_threshold", .type = ParamType::Number, .default_value = 0, .min = 0,
         .max = 100,
         .en = "Percent of slow calls at or above which the breaker opens (0: the preset's; none: 100)",
         .zh = "慢调用百分比达到或超过此值时熔断器断开（0 表示用预设值；none 为 100）"},
        {.name = "slow_call_duration", .type = ParamType::Duration, .default_value = "0ms", .min = 0,
         .en = "A call longer than this is slow (0: the preset's; none: 1s)",
         .zh = "耗时超过此值的调用为慢调用（0 表示用预设值；none 为 1 秒）"},
        {.name = "wait_in_open", .type = ParamType::Duration, .default_value = "0ms", .min = 0,
         .en = "How long the breaker stays open before trial calls (0: the preset's; none: 2s)",
         .zh = "熔断器保持断开、直到放行试探调用的时长（0 表示用预设值；none 为 2 秒）"},
        {.name = "half_open_calls", .type = ParamType::Int, .default_value = 0, .min = 0, .max = 10000,
         .en = "Trial calls let through when half-open (0: the preset's; none: 3)",
         .zh = "半开状态下放行的试探调用数（0 表示用预设值；none 为 3）"},
    };
    specs.insert(specs.end(), own.begin(), own.end());
    return specs;
}

BreakerClientConfig BreakerClientConfig::from(const Params& params) {
    BreakerClientConfig c;
    c.workload = OpenLoopWorkload::from(params);
    c.timeout = params.get_duration("timeout");
    c.enabled = params.get_bool("enabled");
    c.fallback = params.get_bool("fallback");
    c.preset = params.get_string("preset");
    c.breaker = preset_settings(c.preset).value_or(BreakerSettings{});
    // A parameter left at 0 keeps the preset's value; any other value overrides it.
    BreakerSettings& b = c.breaker;
    const std::string window = params.get_string("window");
    if (window == "count")
        b.window = WindowKind::Count;
    else if (window == "time")
        b.window = WindowKind::Time;
    auto set_int = [&](std::string_view name, std::int64_t& field) {
        if (const std::int64_t v = params.get_int(name); v > 0)
            field = v;
    };
    auto set_number = [&](std::string_view name, double& field) {
        if (const double v = params.get_number(name); v > 0)
            field = v;
    };
    auto set_duration = [&](std::string_view name, Duration& field) {
        if (const Duration v = params.get_duration(name); v > Duration(0))
            field = v;
    };
    set_int("window_size", b.window_size);
    set_duration("window_duration", b.window_duration);
    set_int("window_buckets", b.window_buckets);
    set_int("minimum_calls", b.minimum_calls);
    set_number("failure_rate_threshold", b.failure_rate_threshold);
    set_number("slow_call_rate_threshold", b.slow_call_rate_threshold);
    set_duration("slow_call_duration", b.slow_call_duration);
    set_duration("wait_in_open", b.wait_in_open);
    set_int("half_open_calls", b.half_open_calls);
    return c;
}

BreakerClientRole::BreakerClientRole(BreakerClientConfig config)
    : config_(std::move(config)), breaker_(config_.breaker) {}

void BreakerClientRole::start(Context& ctx) {
    if (config_.enabled)
        ctx.phase(to_string(breaker_.state()), "starts closed");
    else
        ctx.phase("disabled", "the breaker is switched off (enabled: false)");
    publish_state(ctx);
    ctx.set_timer(kArrivalTimer, config_.workload.next_gap(ctx.rng()));
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
    if (timer != kArrivalTimer)
        return;
    if (config_.workload.stopped(ctx.now())) {
        stopped_ = true;
        return;
    }
    issue(ctx);
    ctx.set_timer(kArrivalTimer, config_.workload.next_gap(ctx.rng()));
}

void BreakerClientRole::on_message(Context& ctx, const Message& msg) {
    // A reply to a call that already timed out: it was recorded as unknown and as a failure
    // of the breaker, and the late answer changes neither.
    if (msg.type == rr::kReply) {
        ctx.count("late_replies");
        return;
    }
    ctx.count("unexpected_messages");
    ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
}

Json BreakerClientRole::snapshot() const {
    const WindowCounts window = breaker_.window(last_now_);
    Json snap = {{"state", config_.enabled ? to_string(breaker_.state()) : "disabled"},
                 {"target", config_.workload.target},
                 {"running", !stopped_},
                 {"outstanding", outstanding_},
                 {"calls", calls_},
                 {"successes", successes_},
                 {"failures", failures_},
                 {"timeouts", timeouts_},
                 {"short_circuits", short_circuits_},
                 {"fallbacks", fallbacks_}};
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
    ++calls_;
    ++outstanding_;
    ctx.count("calls");
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
    bool failed = true;
    if (outcome.timed_out) {
        ++timeouts_;
        ctx.count("timeouts");
        ctx.op_complete(op, OpStatus::Info, {{"error", "timeout"}});
    } else {
        ctx.observe("latency_ms", to_ms(elapsed));
        const rr::ReplyFields reply = rr::decode_reply(outcome.reply.body);
        switch (reply.kind) {
            case rr::ReplyKind::Ok:
                failed = false;
                ++successes_;
                ctx.count("successes");
                ctx.op_complete(op, OpStatus::Ok, nullptr);
                break;
            case rr::ReplyKind::Fail:
                ++failures_;
                ctx.count("failures");
                ctx.op_complete(op, OpStatus::Fail, {{"error", reply.error}});
                break;
            case rr::ReplyKind::Malformed:
                ++failures_;
                ctx.count("failures");
                ctx.count("malformed_replies");
                ctx.op_complete(op, OpStatus::Info, {{"error", "malformed reply"}});
                break;
        }
    }
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
