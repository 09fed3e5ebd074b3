#include "core/patterns/retry/retry_client_role.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/patterns/request_response/messages.h"

namespace distlab::core::retry {

namespace rr = request_response;

namespace {

constexpr TimerId kArrivalTimer{1};
constexpr std::uint32_t kFirstBackoffTimer = 16;

}  // namespace

std::vector<ParamSpec> RetryClientConfig::param_specs() {
    std::vector<ParamSpec> specs = OpenLoopWorkload::param_specs();
    const std::vector<ParamSpec> own = {
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
        {.name = "deadline", .type = ParamType::Duration, .default_value = "0ms", .min = 0,
         .en = "Time limit of a whole operation (0: none); when set, each attempt tells the server "
               "when its caller stops waiting (deadline_ns)",
         .zh = "整个操作的时限（0 表示不设）；设置后，每次尝试都以 deadline_ns 告知服务器调用方何时不再等待"},
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
    specs.insert(specs.end(), own.begin(), own.end());
    return specs;
}

RetryClientConfig RetryClientConfig::from(const Params& params) {
    RetryClientConfig c;
    c.workload = OpenLoopWorkload::from(params);
    c.timeout = params.get_duration("timeout");
    c.max_attempts = std::max<std::int64_t>(1, params.get_int("max_attempts"));
    c.backoff.kind = backoff_from_string(params.get_string("backoff")).value_or(BackoffKind::ExponentialJitter);
    c.backoff.base = params.get_duration("base");
    c.backoff.cap = params.get_duration("cap");
    c.backoff.multiplier = params.get_number("multiplier");
    c.deadline = params.get_duration("deadline");
    c.budget = params.get_bool("budget");
    c.budget_ratio = params.get_number("budget_ratio");
    c.budget_min_per_s = params.get_number("budget_min_per_s");
    c.budget_cap = params.get_number("budget_cap");
    return c;
}

RetryClientRole::RetryClientRole(RetryClientConfig config)
    : config_(std::move(config)),
      budget_(config_.budget_ratio, config_.budget_min_per_s, config_.budget_cap),
      timer_ids_(kFirstBackoffTimer) {}

void RetryClientRole::start(Context& ctx) {
    ctx.set_timer(kArrivalTimer, config_.workload.next_gap(ctx.rng()));
}

void RetryClientRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kArrivalTimer) {
        if (config_.workload.stopped(ctx.now())) {
            stopped_ = true;
            return;
        }
        begin_operation(ctx);
        ctx.set_timer(kArrivalTimer, config_.workload.next_gap(ctx.rng()));
        return;
    }
    auto it = backoffs_.find(static_cast<std::uint32_t>(timer));
    if (it == backoffs_.end())
        return;
    const std::int64_t seq = it->second;
    backoffs_.erase(it);
    send_attempt(ctx, seq);
}

void RetryClientRole::on_message(Context& ctx, const Message& msg) {
    // The reply to an attempt that already timed out: that attempt was served after all, but
    // its operation has moved on (and was or will be recorded as unknown at worst).
    if (msg.type == rr::kReply) {
        ctx.count("late_replies");
        return;
    }
    ctx.count("unexpected_messages");
    ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
}

Json RetryClientRole::snapshot() const {
    Json snap = {{"state", stopped_ ? "stopped" : "running"},
                 {"target", config_.workload.target},
                 {"in_flight", operations_.size()},
                 {"in_backoff", backoffs_.size()},
                 {"calls", calls_},
                 {"successes", successes_},
                 {"failures", failures_},
                 {"timeouts", timeouts_},
                 {"retries", retries_},
                 {"budget_exhausted", budget_exhausted_},
                 {"deadline_exceeded", deadline_exceeded_}};
    if (config_.budget)
        snap["budget_tokens"] = std::floor(budget_.level() * 100.0) / 100.0;
    return snap;
}

void RetryClientRole::begin_operation(Context& ctx) {
    const std::int64_t seq = ++seq_;
    Operation op;
    op.seq = seq;
    op.op = ctx.op_invoke(rr::kRequest, {{"seq", seq}});
    if (config_.deadline > Duration(0))
        op.deadline = ctx.now() + config_.deadline;
    if (config_.budget)
        budget_.deposit_first_attempt(ctx.now());
    operations_.emplace(seq, std::move(op));
    send_attempt(ctx, seq);
}

void RetryClientRole::send_attempt(Context& ctx, std::int64_t seq) {
    auto it = operations_.find(seq);
    if (it == operations_.end())
        return;
    Operation& op = it->second;
    const Duration now = ctx.now();
    Duration timeout = config_.timeout;
    Json body = {{"seq", seq}, {"attempt", op.attempts + 1}};
    if (op.deadline) {
        // Each attempt waits no longer than what is left of the operation's time, and the
        // server learns when nobody will wait for this attempt's answer any more (gRPC deadline
        // propagation): the operation's deadline, or the attempt's timeout if that comes first.
        if (now >= *op.deadline) {
            ++deadline_exceeded_;
            ctx.count("deadline_exceeded");
            end_operation(ctx, op, "deadline");
            return;
        }
        timeout = std::min(timeout, *op.deadline - now);
        body["deadline_ns"] = (now + timeout).count();
    }
    ++op.attempts;
    ++calls_;
    ctx.count("calls");
    ctx.call(config_.workload.target, std::string(rr::kRequest), std::move(body), timeout,
             [this, seq, now](Context& c, const CallOutcome& outcome) {
                 attempt_done(c, seq, now, outcome);
             });
}

void RetryClientRole::attempt_done(Context& ctx, std::int64_t seq, Duration sent_at,
                                   const CallOutcome& outcome) {
    auto it = operations_.find(seq);
    if (it == operations_.end())
        return;
    Operation& op = it->second;
    if (outcome.timed_out) {
        ++timeouts_;
        ctx.count("timeouts");
        op.unknown = true;
        op.last_error = "timeout";
        retry_or_end(ctx, op);
        return;
    }
    ctx.observe("latency_ms", to_ms(ctx.now() - sent_at));
    const rr::ReplyFields reply = rr::decode_reply(outcome.reply.body);
    switch (reply.kind) {
    case rr::ReplyKind::Ok:
        ++successes_;
        ctx.count("successes");
        ctx.op_complete(op.op, OpStatus::Ok, {{"attempts", op.attempts}});
        operations_.erase(it);
        return;
    case rr::ReplyKind::Fail:
        ++failures_;
        ctx.count("failures");
        op.last_error = reply.error;
        break;
    case rr::ReplyKind::Malformed:
        ctx.count("malformed_replies");
        ctx.log(LogLevel::Warn, "reply " + std::to_string(outcome.reply.id) + " from " +
                                    outcome.reply.from + " has no boolean 'ok'");
        op.unknown = true;
        op.last_error = "malformed reply";
        break;
    }
    retry_or_end(ctx, op);
}

void RetryClientRole::retry_or_end(Context& ctx, Operation& op) {
    if (op.attempts >= config_.max_attempts) {
        end_operation(ctx, op, "attempts exhausted");
        return;
    }
    const Duration now = ctx.now();
    const Duration wait = config_.backoff.delay(op.attempts, ctx.rng());
    // Waiting past the deadline only to give up then would hold the operation for nothing.
    if (op.deadline && now + wait >= *op.deadline) {
        ++deadline_exceeded_;
        ctx.count("deadline_exceeded");
        end_operation(ctx, op, "deadline");
        return;
    }
    if (config_.budget && !budget_.try_spend(now)) {
        ++budget_exhausted_;
        ctx.count("budget_exhausted");
        end_operation(ctx, op, "retry budget exhausted");
        return;
    }
    ++retries_;
    ctx.count("retries");
    if (wait <= Duration(0)) {
        send_attempt(ctx, op.seq);
        return;
    }
    const TimerId timer = timer_ids_.next();
    backoffs_.insert_or_assign(static_cast<std::uint32_t>(timer), op.seq);
    ctx.set_timer(timer, wait);
}

void RetryClientRole::end_operation(Context& ctx, const Operation& op, std::string_view reason) {
    const OpStatus status = op.unknown ? OpStatus::Info : OpStatus::Fail;
    ctx.op_complete(op.op, status,
                    {{"error", op.last_error}, {"attempts", op.attempts}, {"reason", reason}});
    operations_.erase(op.seq);
}

}  // namespace distlab::core::retry
