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

const ParamList<RetryClientConfig>& RetryClientConfig::params() {
    static const ParamList<RetryClientConfig> list = ParamList<RetryClientConfig>{}
        .part(&RetryClientConfig::workload, OpenLoopWorkload::params())
        .part(&RetryClientConfig::policy, RetryPolicy::params())
        .duration("deadline", &RetryClientConfig::deadline, "0ms",
                  "Time limit of a whole operation (0: none); when set, each attempt tells the server "
                  "when its caller stops waiting (deadline_ns)",
                  "整个操作的时限（0 表示不设）；设置后，每次尝试都以 deadline_ns 告知服务器调用方何时不再等待",
                  {.min = 0});
    return list;
}

RetryClientRole::RetryClientRole(RetryClientConfig config)
    : config_(std::move(config)),
      driver_(config_.workload, {.arrival_timer = kArrivalTimer}),
      budget_(config_.policy.make_budget()),
      timer_ids_(kFirstBackoffTimer) {}

void RetryClientRole::start(Context& ctx) {
    driver_.start(ctx, [this](Context& c) { begin_operation(c); });
}

void RetryClientRole::on_timer(Context& ctx, TimerId timer) {
    if (driver_.on_timer(ctx, timer, [this](Context& c) { begin_operation(c); }))
        return;
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
    ignore_stray_message(ctx, msg, rr::kReply);
}

Json RetryClientRole::snapshot() const {
    Json snap = {{"state", driver_.state()},
                 {"target", config_.workload.target},
                 {"in_flight", operations_.size()},
                 {"in_backoff", backoffs_.size()},
                 {"retries", tally_.retries()},
                 {"budget_exhausted", budget_exhausted_},
                 {"deadline_exceeded", deadline_exceeded_}};
    if (config_.policy.budget)
        snap["budget_tokens"] = std::floor(budget_.level() * 100.0) / 100.0;
    tally_.write(snap);
    return snap;
}

void RetryClientRole::begin_operation(Context& ctx) {
    const std::int64_t seq = ++seq_;
    Operation op;
    op.seq = seq;
    op.op = ctx.op_invoke(rr::kRequest, {{"seq", seq}});
    if (config_.deadline > Duration(0))
        op.deadline = ctx.now() + config_.deadline;
    if (config_.policy.budget)
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
    Duration timeout = config_.policy.timeout;
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
    tally_.call(ctx);
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
    const CallResult result = tally_.ended(ctx, outcome, sent_at, rr::read_reply);
    if (result.end == CallEnd::Ok) {
        ctx.op_complete(op.op, OpStatus::Ok, {{"attempts", op.attempts}});
        operations_.erase(it);
        return;
    }
    op.unknown = op.unknown || !result.definite();
    op.last_error = result.error;
    retry_or_end(ctx, op);
}

void RetryClientRole::retry_or_end(Context& ctx, Operation& op) {
    const RetryDecision decision =
        decide_retry(config_.policy, budget_, op.attempts, ctx.now(), op.deadline, ctx.rng());
    switch (decision.verdict) {
    case RetryVerdict::AttemptsExhausted:
        end_operation(ctx, op, "attempts exhausted");
        return;
    case RetryVerdict::Deadline:
        ++deadline_exceeded_;
        ctx.count("deadline_exceeded");
        end_operation(ctx, op, "deadline");
        return;
    case RetryVerdict::BudgetExhausted:
        ++budget_exhausted_;
        ctx.count("budget_exhausted");
        end_operation(ctx, op, "retry budget exhausted");
        return;
    case RetryVerdict::Retry:
        break;
    }
    tally_.retry(ctx);
    if (decision.wait <= Duration(0)) {
        send_attempt(ctx, op.seq);
        return;
    }
    const TimerId timer = timer_ids_.next();
    backoffs_.insert_or_assign(static_cast<std::uint32_t>(timer), op.seq);
    ctx.set_timer(timer, decision.wait);
}

void RetryClientRole::end_operation(Context& ctx, const Operation& op, std::string_view reason) {
    const OpStatus status = op.unknown ? OpStatus::Info : OpStatus::Fail;
    ctx.op_complete(op.op, status,
                    {{"error", op.last_error}, {"attempts", op.attempts}, {"reason", reason}});
    operations_.erase(op.seq);
}

}  // namespace distlab::core::retry
