#include "core/patterns/rpc/caller.h"

#include <utility>

#include "core/patterns/common/hop_budget.h"

namespace distlab::core::rpc {

namespace {

// How long an attempt with neither a timeout nor a deadline waits (gRPC's "wait forever"):
// longer than any run.
constexpr Duration kForever = std::chrono::hours(24);

// A reply as a call result, for the tally.
CallResult read_rpc_reply(const Json& body) {
    const ReplyFields f = decode_reply(body);
    if (f.malformed)
        return {CallEnd::Malformed, "malformed reply"};
    if (f.status == Status::Ok)
        return {CallEnd::Ok, {}};
    return {CallEnd::Failed, std::string(to_string(f.status))};
}

}  // namespace

Caller::Caller(CallPolicy policy, std::vector<NodeId> targets, std::uint32_t first_timer)
    : policy_(std::move(policy)),
      targets_(std::move(targets)),
      budget_(policy_.retry.make_budget()),
      timer_ids_(first_timer) {}

std::uint64_t Caller::start(Context& ctx, const Method& method, Json args, std::optional<Origin> origin,
                            std::optional<Duration> deadline, Done done) {
    // Call ids only grow, across restarts too (they start from the clock), so a server never
    // mistakes a new incarnation's call for an old one's.
    if (next_call_ == 0)
        next_call_ = ctx.now().count();
    const std::uint64_t key = ++next_key_;
    calls_.emplace(key, Pending{.method = &method,
                                .args = std::move(args),
                                .origin = std::move(origin),
                                .deadline = deadline,
                                .done = std::move(done)});
    if (policy_.retry.budget)
        budget_.deposit_first_attempt(ctx.now());
    send_attempt(ctx, key, false);
    return key;
}

void Caller::abandon(Context& ctx, std::uint64_t key) {
    auto it = calls_.find(key);
    if (it == calls_.end())
        return;
    Pending pending = std::move(it->second);
    calls_.erase(it);
    if (pending.timer) {
        ctx.cancel_timer(static_cast<TimerId>(*pending.timer));
        timers_.erase(*pending.timer);
    }
    if (policy_.cancel)
        for (const auto& [call, attempt] : pending.live)
            cancel_attempt(ctx, call, attempt.target);
}

bool Caller::on_timer(Context& ctx, TimerId timer) {
    auto it = timers_.find(static_cast<std::uint32_t>(timer));
    if (it == timers_.end())
        return false;
    const std::uint64_t key = it->second;
    timers_.erase(it);
    auto call = calls_.find(key);
    if (call == calls_.end())
        return true;
    Pending& p = call->second;
    p.timer.reset();
    const bool hedge = p.timer_is_hedge;
    if (hedge) {
        ++hedges_;
        ctx.count("hedges");
    }
    send_attempt(ctx, key, hedge);
    return true;
}

void Caller::write(Json& snapshot) const {
    tally_.write(snapshot);
    snapshot["retries"] = tally_.retries();
    snapshot["hedges"] = hedges_;
    snapshot["cancels_sent"] = cancels_sent_;
}

void Caller::send_attempt(Context& ctx, std::uint64_t key, bool hedge) {
    Pending& p = calls_.at(key);
    const Duration now = ctx.now();
    const std::optional<Duration> timeout =
        hop_timeout(now, p.deadline, policy_.timeout.value_or(kForever), policy_.overhead);
    if (!timeout) {
        // No time left for another attempt: the call ends unless a copy is still in flight.
        if (p.live.empty())
            finish(ctx, key, Status::DeadlineExceeded,
                   p.attempts == 0 ? "the deadline left no time for a call" : p.last_message);
        return;
    }
    ++p.attempts;
    const std::int64_t call = ++next_call_;
    p.target = p.attempts == 1 ? next_target_++ % targets_.size() : (p.target + 1) % targets_.size();
    const NodeId& target = targets_[p.target];
    Json body = {{"call", call}, {"method", p.method->name}, {"args", p.args}, {"attempt", p.attempts}};
    if (hedge)
        body["hedge"] = true;
    // The budget is how long this caller waits for the attempt: what is left of the call's
    // deadline, or the per-attempt timeout (Dubbo's countdown starts from it). An attempt bounded
    // by neither has none to send.
    if (policy_.propagate && (p.deadline || policy_.timeout))
        body["timeout_ns"] = timeout->count();
    if (p.origin)
        body["origin"] = p.origin->to_json();
    p.live.emplace(call, Attempt{.target = target, .sent_at = now, .hedge = hedge});
    tally_.call(ctx);
    ctx.call(target, std::string(kCall), std::move(body), *timeout,
             [this, key, call](Context& c, const CallOutcome& outcome) { attempt_done(c, key, call, outcome); });
    if (policy_.hedging() && p.attempts < policy_.hedge_max)
        arm(ctx, key, policy_.hedge_delay, true);
}

void Caller::attempt_done(Context& ctx, std::uint64_t key, std::int64_t call, const CallOutcome& outcome) {
    auto it = calls_.find(key);
    if (it == calls_.end() || !it->second.live.contains(call)) {
        // An attempt of a call that ended already (a losing hedge, an abandoned call).
        if (!outcome.timed_out)
            ctx.count(client_metric::kLateReplies);
        return;
    }
    Pending& p = it->second;
    const Attempt attempt = p.live.at(call);
    p.live.erase(call);
    const CallResult result = tally_.ended(ctx, outcome, attempt.sent_at, read_rpc_reply);
    if (outcome.timed_out) {
        p.last_status = Status::DeadlineExceeded;
        p.last_message = "no answer from " + attempt.target + " within " +
                         format_duration(ctx.now() - attempt.sent_at);
        if (policy_.cancel)
            cancel_attempt(ctx, call, attempt.target);
    } else if (result.end == CallEnd::Malformed) {
        p.last_status = Status::Unavailable;
        p.last_message = "unreadable answer from " + attempt.target;
    } else {
        const ReplyFields reply = decode_reply(outcome.reply.body);
        if (reply.status == Status::Ok) {
            finish(ctx, key, Status::Ok, {}, reply.reply);
            return;
        }
        p.last_status = reply.status;
        p.last_message = attempt.target + ": " + (reply.message.empty() ? std::string(to_string(reply.status))
                                                                        : reply.message);
    }
    if (!retryable(p.last_status)) {
        finish(ctx, key, p.last_status, p.last_message);
        return;
    }
    after_failure(ctx, key);
}

void Caller::after_failure(Context& ctx, std::uint64_t key) {
    Pending& p = calls_.at(key);
    if (policy_.hedging()) {
        if (!p.live.empty())
            return;   // another copy may still answer
        if (p.attempts < policy_.hedge_max) {
            if (p.timer) {
                ctx.cancel_timer(static_cast<TimerId>(*p.timer));
                timers_.erase(*p.timer);
                p.timer.reset();
            }
            ++hedges_;
            ctx.count("hedges");
            send_attempt(ctx, key, true);
            return;
        }
        finish(ctx, key, p.last_status, p.last_message);
        return;
    }
    const retry::RetryDecision decision =
        retry::decide_retry(policy_.retry, budget_, p.attempts, ctx.now(), own_deadline(p.deadline, policy_.overhead),
                            ctx.rng());
    switch (decision.verdict) {
    case retry::RetryVerdict::Retry:
        tally_.retry(ctx);
        if (decision.wait <= Duration(0))
            send_attempt(ctx, key, false);
        else
            arm(ctx, key, decision.wait, false);
        return;
    case retry::RetryVerdict::BudgetExhausted:
        ctx.count("budget_exhausted");
        break;
    case retry::RetryVerdict::Deadline:
    case retry::RetryVerdict::AttemptsExhausted:
        break;
    }
    finish(ctx, key, p.last_status, p.last_message);
}

void Caller::arm(Context& ctx, std::uint64_t key, Duration after, bool hedge) {
    Pending& p = calls_.at(key);
    if (p.timer) {
        ctx.cancel_timer(static_cast<TimerId>(*p.timer));
        timers_.erase(*p.timer);
    }
    const TimerId timer = timer_ids_.next();
    p.timer = static_cast<std::uint32_t>(timer);
    p.timer_is_hedge = hedge;
    timers_.emplace(*p.timer, key);
    ctx.set_timer(timer, after);
}

void Caller::cancel_attempt(Context& ctx, std::int64_t call, const NodeId& target) {
    ++cancels_sent_;
    ctx.count("cancels_sent");
    ctx.send(target, std::string(kCancel), {{"call", call}});
}

void Caller::finish(Context& ctx, std::uint64_t key, Status status, std::string message, Json reply) {
    auto it = calls_.find(key);
    Pending p = std::move(it->second);
    calls_.erase(it);
    if (p.timer) {
        ctx.cancel_timer(static_cast<TimerId>(*p.timer));
        timers_.erase(*p.timer);
    }
    // The copies still in flight lost the race (hedging) or are no longer wanted.
    for (const auto& [call, attempt] : p.live)
        if (policy_.cancel || policy_.hedging())
            cancel_attempt(ctx, call, attempt.target);
    p.done(ctx, Result{.status = status, .message = std::move(message), .reply = std::move(reply),
                       .attempts = p.attempts});
}

}  // namespace distlab::core::rpc
