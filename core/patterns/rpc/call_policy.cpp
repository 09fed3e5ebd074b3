#include "core/patterns/rpc/call_policy.h"

namespace distlab::core::rpc {

namespace {

// "preset" / "on" / "off": keep the preset's value, or set it.
enum class Switch { Preset, On, Off };

auto switch_setting(bool CallPolicy::*member) {
    return [member](CallPolicy& c, Switch value) {
        if (value != Switch::Preset)
            c.*member = value == Switch::On;
    };
}

void apply_preset(CallPolicy& c, Preset preset) {
    c.preset = preset;
    switch (preset) {
    case Preset::Grpc:
        c.timeout = std::nullopt;
        c.retry.max_attempts = 1;
        c.propagate = true;
        c.cancel = true;
        break;
    case Preset::Dubbo:
        c.timeout = 1000ms;
        c.retry.max_attempts = 3;
        c.propagate = false;
        c.cancel = false;
        break;
    }
}

}  // namespace

const ParamList<CallPolicy>& CallPolicy::params() {
    using C = CallPolicy;
    using retry::BackoffKind;
    const std::vector<std::pair<std::string, Switch>> switches = {
        {"preset", Switch::Preset}, {"on", Switch::On}, {"off", Switch::Off}};
    // The preset comes first: bind() applies the parameters in order, so the ones after it
    // override it.
    static const ParamList<C> list = ParamList<C>{}
        .choice<Preset>("preset", apply_preset, "grpc", {{"grpc", Preset::Grpc}, {"dubbo", Preset::Dubbo}},
                "Start from a framework's defaults. grpc: no per-attempt timeout (the call waits as "
                "long as its deadline allows), no retries, deadline propagated, cancellation sent. "
                "dubbo: timeout 1000 ms, retries 2 (3 attempts, failover to the next server), no "
                "deadline propagation (switch on propagate for Dubbo's timeout countdown), no "
                "cancellation. The parameters below override it",
                "从某个框架的默认值开始。grpc：不设单次超时（调用在截止时间允许的范围内一直等待）、不重试、"
                "传递截止时间、发送取消。dubbo：超时 1000 ms、重试 2 次（共 3 次尝试，失败后换下一个服务端）、"
                "不传递截止时间（打开 propagate 即 Dubbo 的超时倒计时）、不发送取消。下面的参数覆盖预设")
        .duration("timeout",
                  [](C& c, Duration value) {
                      if (value > Duration(0))
                          c.timeout = value;
                  },
                  "0ms",
                  "How long one attempt waits for its answer (0: the preset's; dubbo 1000 ms, grpc none)",
                  "单次尝试等待响应的时长（0 表示用预设值；dubbo 为 1000 ms，grpc 不设）", {.min = 0})
        .integer("retries",
                 [](C& c, std::int64_t value) {
                     if (value >= 0)
                         c.retry.max_attempts = value + 1;
                 },
                 -1,
                 "Attempts after the first one failed as unavailable or timed out (-1: the preset's; "
                 "dubbo 2, grpc 0); never after invalid_argument or cancelled",
                 "首次尝试以 unavailable 失败或超时后的重试次数（-1 表示用预设值；dubbo 为 2，grpc 为 0）；"
                 "invalid_argument 或 cancelled 之后从不重试",
                 {.min = -1, .max = 20})
        .choice<BackoffKind>("backoff", [](C& c, BackoffKind v) { c.retry.backoff.kind = v; },
                             "none",
                             {{"none", BackoffKind::None},
                              {"fixed", BackoffKind::Fixed},
                              {"exponential", BackoffKind::Exponential},
                              {"exponential-jitter", BackoffKind::ExponentialJitter}},
                             "Wait before a retry: none (Dubbo's failover retries at once), fixed (base), "
                             "exponential (base x multiplier^n, at most cap), or exponential with full jitter",
                             "重试前的等待：无（Dubbo 的 failover 立即重试）、固定（base）、"
                             "指数退避（base × multiplier^n，不超过 cap），或带完全抖动的指数退避")
        .duration("base", [](C& c, Duration v) { c.retry.backoff.base = v; }, "50ms",
                  "Wait before the first retry (fixed: before every retry)",
                  "第一次重试前的等待（固定退避：每次重试前的等待）", {.min = 0})
        .duration("cap", [](C& c, Duration v) { c.retry.backoff.cap = v; }, "2s",
                  "Longest wait between attempts with exponential backoff",
                  "指数退避时两次尝试之间的最长等待", {.min = 0})
        .number("multiplier", [](C& c, double v) { c.retry.backoff.multiplier = v; }, 2.0,
                "Factor by which the exponential wait grows after each retry",
                "每次重试后指数退避等待时间的增长倍数", {.min = 1, .max = 100})
        .boolean("budget", [](C& c, bool v) { c.retry.budget = v; }, false,
                 "Limit retries with a retry budget (token bucket); off: up to retries always",
                 "用重试预算（令牌桶）限制重试；关闭时总是重试到 retries 次")
        .number("budget_ratio", [](C& c, double v) { c.retry.budget_ratio = v; }, 0.1,
                "Budget tokens each first attempt earns; a retry spends one (0.2: retries <= 20%)",
                "每次首次尝试获得的预算令牌；每次重试消耗一个（0.2 即重试不超过 20%）", {.min = 0, .max = 10})
        .number("budget_min_per_s", [](C& c, double v) { c.retry.budget_min_per_s = v; }, 1.0,
                "Budget tokens added every second regardless of traffic",
                "无论流量多少，每秒补充的预算令牌数", {.min = 0, .max = 100000})
        .number("budget_cap", [](C& c, double v) { c.retry.budget_cap = v; }, 10.0,
                "Most tokens the budget holds (it starts full)",
                "预算最多容纳的令牌数（初始为满）", {.min = 1, .max = 1000000})
        .choice<Switch>("propagate", switch_setting(&C::propagate), "preset", switches,
                        "Send the remaining budget with every call (gRPC's grpc-timeout, Dubbo's timeout "
                        "countdown), so the callee stops when its caller would (preset: grpc on, dubbo off)",
                        "每次调用都带上剩余的时间预算（gRPC 的 grpc-timeout、Dubbo 的超时倒计时），"
                        "让被调用方在调用方放弃时停止（预设：grpc 开，dubbo 关）")
        .choice<Switch>("cancel", switch_setting(&C::cancel), "preset", switches,
                        "Tell the server when an attempt is given up (its timeout, the caller's own "
                        "cancellation), so it stops and cancels its own downstream calls (preset: grpc on, dubbo off)",
                        "放弃一次尝试时（超时，或调用方自己被取消）通知服务端，使其停止工作并取消它自己的下游调用"
                        "（预设：grpc 开，dubbo 关）")
        .duration("overhead", &C::overhead, "2ms",
                  "Time kept back from the caller's deadline at this hop to answer; the downstream call "
                  "gets the rest",
                  "本层从调用方截止时间中预留用于响应的时间；其余时间留给下游调用", {.min = 0})
        .duration("hedge_delay", &C::hedge_delay, "0ms",
                  "Hedged requests: send another copy to the next server when no answer came after this "
                  "long, take the first answer and cancel the others (0: no hedging; retries do not apply "
                  "to a hedged call)",
                  "对冲请求：等待这么久仍无响应时向下一个服务端再发一份，取最先到达的响应并取消其余的"
                  "（0 表示不对冲；对冲的调用不再重试）", {.min = 0})
        .integer("hedge_max", &C::hedge_max, 2,
                 "Copies of a hedged call at most, the first one included",
                 "一次对冲调用最多发出的副本数（含第一份）", {.min = 1, .max = 10});
    return list;
}

}  // namespace distlab::core::rpc
