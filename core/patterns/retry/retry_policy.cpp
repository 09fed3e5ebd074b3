#include "core/patterns/retry/retry_policy.h"

#include <algorithm>

namespace distlab::core::retry {

std::vector<ParamSpec> RetryPolicy::param_specs() {
    return {
        {.name = "timeout", .type = ParamType::Duration, .default_value = "500ms", .min = 1,
         .en = "How long one attempt waits for its reply before it counts as timed out",
         .zh = "单次尝试等待响应的时长，超过即视为超时"},
        {.name = "max_attempts", .type = ParamType::Int, .default_value = 3, .min = 1, .max = 100,
         .en = "Attempts per operation, the first one included",
         .zh = "每个操作的最大尝试次数（含第一次）"},
        {.name = "backoff", .type = ParamType::Choice, .default_value = "exponential-jitter",
         .choices = {"none", "fixed", "exponential", "exponential-jitter"},
         .en = "Wait before a retry: none, fixed (base), exponential (base x multiplier^n, at most "
               "cap), or exponential with full jitter (uniform between 0 and that)",
         .zh = "重试前的等待：无、固定（base）、指数退避（base × multiplier^n，不超过 cap），"
               "或带完全抖动的指数退避（0 到该值之间均匀随机）"},
        {.name = "base", .type = ParamType::Duration, .default_value = "50ms", .min = 0,
         .en = "Wait before the first retry (fixed: before every retry)",
         .zh = "第一次重试前的等待（固定退避：每次重试前的等待）"},
        {.name = "cap", .type = ParamType::Duration, .default_value = "2s", .min = 0,
         .en = "Longest wait between attempts with exponential backoff",
         .zh = "指数退避时两次尝试之间的最长等待"},
        {.name = "multiplier", .type = ParamType::Number, .default_value = 2.0, .min = 1, .max = 100,
         .en = "Factor by which the exponential wait grows after each retry",
         .zh = "每次重试后指数退避等待时间的增长倍数"},
        {.name = "budget", .type = ParamType::Bool, .default_value = false,
         .en = "Limit retries with a retry budget (token bucket); off: up to max_attempts always",
         .zh = "用重试预算（令牌桶）限制重试；关闭时总是重试到 max_attempts"},
        {.name = "budget_ratio", .type = ParamType::Number, .default_value = 0.1, .min = 0, .max = 10,
         .en = "Budget tokens each first attempt earns; a retry spends one (0.1: retries <= 10%)",
         .zh = "每次首次尝试获得的预算令牌；每次重试消耗一个（0.1 即重试不超过 10%）"},
        {.name = "budget_min_per_s", .type = ParamType::Number, .default_value = 1.0, .min = 0,
         .max = 100000,
         .en = "Budget tokens added every second regardless of traffic",
         .zh = "无论流量多少，每秒补充的预算令牌数"},
        {.name = "budget_cap", .type = ParamType::Number, .default_value = 10.0, .min = 1, .max = 1000000,
         .en = "Most tokens the budget holds (it starts full)",
         .zh = "预算最多容纳的令牌数（初始为满）"},
    };
}

RetryPolicy RetryPolicy::from(const Params& params) {
    RetryPolicy p;
    p.timeout = params.get_duration("timeout");
    p.max_attempts = std::max<std::int64_t>(1, params.get_int("max_attempts"));
    p.backoff.kind = backoff_from_string(params.get_string("backoff")).value_or(BackoffKind::ExponentialJitter);
    p.backoff.base = params.get_duration("base");
    p.backoff.cap = params.get_duration("cap");
    p.backoff.multiplier = params.get_number("multiplier");
    p.budget = params.get_bool("budget");
    p.budget_ratio = params.get_number("budget_ratio");
    p.budget_min_per_s = params.get_number("budget_min_per_s");
    p.budget_cap = params.get_number("budget_cap");
    return p;
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
