#include "core/patterns/common/retry_policy.h"

#include <algorithm>

namespace distlab::core::retry {

const ParamList<RetryPolicy>& RetryPolicy::params() {
    static const ParamList<RetryPolicy> list = ParamList<RetryPolicy>{}
        .duration("timeout", &RetryPolicy::timeout, "500ms",
                  "How long one attempt waits for its reply before it counts as timed out",
                  "单次尝试等待响应的时长，超过即视为超时", {.min = 1})
        .integer("max_attempts", &RetryPolicy::max_attempts, 3,
                 "Attempts per operation, the first one included",
                 "每个操作的最大尝试次数（含第一次）", {.min = 1, .max = 100})
        .choice<BackoffKind>("backoff", nested(&RetryPolicy::backoff, &Backoff::kind), "exponential-jitter",
                {{"none", BackoffKind::None},
                 {"fixed", BackoffKind::Fixed},
                 {"exponential", BackoffKind::Exponential},
                 {"exponential-jitter", BackoffKind::ExponentialJitter}},
                "Wait before a retry: none, fixed (base), exponential (base x multiplier^n, at most "
                "cap), or exponential with full jitter (uniform between 0 and that)",
                "重试前的等待：无、固定（base）、指数退避（base × multiplier^n，不超过 cap），"
                "或带完全抖动的指数退避（0 到该值之间均匀随机）")
        .duration("base", nested(&RetryPolicy::backoff, &Backoff::base), "50ms",
                  "Wait before the first retry (fixed: before every retry)",
                  "第一次重试前的等待（固定退避：每次重试前的等待）", {.min = 0})
        .duration("cap", nested(&RetryPolicy::backoff, &Backoff::cap), "2s",
                  "Longest wait between attempts with exponential backoff",
                  "指数退避时两次尝试之间的最长等待", {.min = 0})
        .number("multiplier", nested(&RetryPolicy::backoff, &Backoff::multiplier), 2.0,
                "Factor by which the exponential wait grows after each retry",
                "每次重试后指数退避等待时间的增长倍数", {.min = 1, .max = 100})
        .boolean("budget", &RetryPolicy::budget, false,
                 "Limit retries with a retry budget (token bucket); off: up to max_attempts always",
                 "用重试预算（令牌桶）限制重试；关闭时总是重试到 max_attempts")
        .number("budget_ratio", &RetryPolicy::budget_ratio, 0.1,
                "Budget tokens each first attempt earns; a retry spends one (0.1: retries <= 10%)",
                "每次首次尝试获得的预算令牌；每次重试消耗一个（0.1 即重试不超过 10%）", {.min = 0, .max = 10})
        .number("budget_min_per_s", &RetryPolicy::budget_min_per_s, 1.0,
                "Budget tokens added every second regardless of traffic",
                "无论流量多少，每秒补充的预算令牌数", {.min = 0, .max = 100000})
        .number("budget_cap", &RetryPolicy::budget_cap, 10.0,
                "Most tokens the budget holds (it starts full)",
                "预算最多容纳的令牌数（初始为满）", {.min = 1, .max = 1000000});
    return list;
}

std::string_view to_string(RetryVerdict verdict) {
    switch (verdict) {
    case RetryVerdict::Retry: return "retry";
    case RetryVerdict::AttemptsExhausted: return "attempts exhausted";
    case RetryVerdict::Deadline: return "deadline";
    case RetryVerdict::BudgetExhausted: return "retry budget exhausted";
    }
    return "retry";
}

RetryDecision decide_retry(const RetryPolicy& policy, RetryBudget& budget, std::int64_t attempts,
                           Duration now, std::optional<Duration> deadline, std::mt19937_64& rng) {
    if (attempts >= policy.max_attempts)
        return {RetryVerdict::AttemptsExhausted, Duration(0)};
    const Duration wait = policy.backoff.delay(static_cast<int>(attempts), rng);
    // Waiting past the deadline only to give up then would hold the operation for nothing.
    if (deadline && now + wait >= *deadline)
        return {RetryVerdict::Deadline, wait};
    if (policy.budget && !budget.try_spend(now))
        return {RetryVerdict::BudgetExhausted, wait};
    return {RetryVerdict::Retry, wait};
}

}  // namespace distlab::core::retry
