#include "core/patterns/deadline/relay_role.h"

#include <cmath>
#include <utility>

#include "core/patterns/common/hop_budget.h"
#include "core/patterns/request_response/messages.h"

namespace distlab::core::deadline {

namespace rr = request_response;

namespace {

constexpr std::uint32_t kFirstBackoffTimer = 16;

}  // namespace

const ParamList<RelayConfig>& RelayConfig::params() {
    static const ParamList<RelayConfig> list = ParamList<RelayConfig>{}
        .node("target", &RelayConfig::target, nullptr,
              "The downstream service this tier calls for every request it receives",
              "本层为收到的每个请求调用的下游服务")
        .duration("overhead", &RelayConfig::overhead, "2ms",
                  "Time this tier keeps from the caller's deadline to answer; the downstream call gets "
                  "the rest (deadline propagation)",
                  "本层从调用方截止时间中预留用于响应的时间；其余时间留给下游调用（截止时间传播）", {.min = 0})
        .part(&RelayConfig::policy, retry::RetryPolicy::params());
    return list;
}

RelayRole::RelayRole(RelayConfig config)
    : config_(std::move(config)), budget_(config_.policy.make_budget()), timer_ids_(kFirstBackoffTimer) {}

void RelayRole::start(Context& ctx) {
    publish_gauges(ctx);
}

void RelayRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == rr::kRequest) {
        handle_request(ctx, msg);
        return;
    }
    // The answer to an attempt that already timed out.
    if (msg.type == rr::kReply) {
        ctx.count("late_replies");
        return;
    }
    ctx.count("unexpected_messages");
    ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from + ": a relay only answers '" +
                                std::string(rr::kRequest) + "'");
}

void RelayRole::on_timer(Context& ctx, TimerId timer) {
    auto it = backoffs_.find(static_cast<std::uint32_t>(timer));
    if (it == backoffs_.end())
        return;
    const std::uint64_t key = it->second;
    backoffs_.erase(it);
    send_attempt(ctx, key);
}

Json RelayRole::snapshot() const {
    Json snap = {{"target", config_.target},
                 {"in_flight", jobs_.size()},
                 {"in_backoff", backoffs_.size()},
                 {"received", received_},
                 {"retries", tally_.retries()},
                 {"expired", expired_},
                 {"budget_exhausted", budget_exhausted_},
                 {"deadline_exceeded", deadline_exceeded_}};
    if (config_.policy.budget)
        snap["budget_tokens"] = std::floor(budget_.level() * 100.0) / 100.0;
    tally_.write(snap);
    return snap;
}

void RelayRole::handle_request(Context& ctx, const Message& msg) {
    ++received_;
    ctx.count("received");
    const rr::RequestFields fields = rr::decode_request(msg.body);
    if (fields.malformed) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "request " + std::to_string(msg.id) + " from " + msg.from +
                                    ": ignored a field of the wrong type");
    }
    // Work for nobody: the caller stops waiting before this tier could get an answer back.
    if (!hop_timeout(ctx.now(), fields.deadline, config_.policy.timeout, config_.overhead)) {
        ++expired_;
        ctx.count("expired");
        return;
    }
    const std::uint64_t key = ++next_key_;
    jobs_.emplace(key, Job{.request = msg, .seq = fields.seq, .deadline = fields.deadline});
    if (config_.policy.budget)
        budget_.deposit_first_attempt(ctx.now());
    send_attempt(ctx, key);
    publish_gauges(ctx);
}

void RelayRole::send_attempt(Context& ctx, std::uint64_t key) {
    auto it = jobs_.find(key);
    if (it == jobs_.end())
        return;
    Job& job = it->second;
    const Duration now = ctx.now();
    const std::optional<Duration> timeout = hop_timeout(now, job.deadline, config_.policy.timeout, config_.overhead);
    if (!timeout) {
        ++deadline_exceeded_;
        ctx.count("deadline_exceeded");
        jobs_.erase(it);
        publish_gauges(ctx);
        return;
    }
    ++job.attempts;
    Json body = {{"attempt", job.attempts}};
    if (job.seq)
        body["seq"] = *job.seq;
    if (job.deadline) {
        body["deadline_ns"] = (now + *timeout).count();
        body["sent_at_ns"] = now.count();
    }
    tally_.call(ctx);
    ctx.call(config_.target, std::string(rr::kRequest), std::move(body), *timeout,
             [this, key, now](Context& c, const CallOutcome& outcome) { attempt_done(c, key, now, outcome); });
}

void RelayRole::attempt_done(Context& ctx, std::uint64_t key, Duration sent_at, const CallOutcome& outcome) {
    auto it = jobs_.find(key);
    if (it == jobs_.end())
        return;
    Job& job = it->second;
    const CallResult result = tally_.ended(ctx, outcome, sent_at, rr::read_reply);
    if (result.end == CallEnd::Ok) {
        answer(ctx, job, true);
        jobs_.erase(it);
        publish_gauges(ctx);
        return;
    }
    job.unknown = job.unknown || !result.definite();
    job.last_error = result.error;
    retry_or_end(ctx, key);
}

void RelayRole::retry_or_end(Context& ctx, std::uint64_t key) {
    Job& job = jobs_.at(key);
    const retry::RetryDecision decision =
        retry::decide_retry(config_.policy, budget_, job.attempts, ctx.now(),
                            own_deadline(job.deadline, config_.overhead), ctx.rng());
    switch (decision.verdict) {
    case retry::RetryVerdict::Retry:
        tally_.retry(ctx);
        if (decision.wait <= Duration(0)) {
            send_attempt(ctx, key);
        } else {
            const TimerId timer = timer_ids_.next();
            backoffs_.insert_or_assign(static_cast<std::uint32_t>(timer), key);
            ctx.set_timer(timer, decision.wait);
        }
        return;
    case retry::RetryVerdict::Deadline:
        ++deadline_exceeded_;
        ctx.count("deadline_exceeded");
        break;
    case retry::RetryVerdict::BudgetExhausted:
        ++budget_exhausted_;
        ctx.count("budget_exhausted");
        break;
    case retry::RetryVerdict::AttemptsExhausted:
        break;
    }
    // An unknown outcome is passed on as silence: the caller times out and records it as such.
    if (!job.unknown)
        answer(ctx, job, false);
    jobs_.erase(key);
    publish_gauges(ctx);
}

void RelayRole::answer(Context& ctx, const Job& job, bool ok) {
    Json body = {{"ok", ok}};
    if (!ok)
        body["error"] = job.last_error;
    if (job.seq)
        body["seq"] = *job.seq;
    ctx.reply(job.request, std::move(body));
}

void RelayRole::publish_gauges(Context& ctx) const {
    ctx.gauge("in_flight", static_cast<double>(jobs_.size()));
}

}  // namespace distlab::core::deadline
