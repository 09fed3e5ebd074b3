#include "core/patterns/sidecar/resilient_caller.h"

#include <algorithm>
#include <utility>

#include "core/patterns/request_response/messages.h"

namespace distlab::core::sidecar {

namespace rr = request_response;
namespace cb = circuit_breaker;

ParamList<ResilienceConfig> ResilienceConfig::params(std::int64_t attempts, bool breaker) {
    using C = ResilienceConfig;
    return ParamList<C>{}
        .part(&C::retry, retry::RetryPolicy::params().with_default("max_attempts", attempts))
        .boolean("breaker", &C::breaker_enabled, breaker,
                 "A circuit breaker on the calls: open after too many failures, fail fast, try again later",
                 "为调用加熔断器：失败过多时断开、快速失败，稍后再试探")
        .number("failure_rate_threshold", [](C& c, double v) { c.breaker.failure_rate_threshold = v; }, 50.0,
                "Percent of failed calls in the window at or above which the breaker opens",
                "窗口中失败调用百分比达到或超过此值时熔断器断开", {.min = 1, .max = 100})
        .integer("minimum_calls", [](C& c, std::int64_t v) { c.breaker.minimum_calls = v; }, 10,
                 "Calls the window needs before it can open the breaker",
                 "窗口中至少需要的调用数，之后才可能断开熔断器", {.min = 1, .max = 100000})
        .integer("window_size", [](C& c, std::int64_t v) { c.breaker.window_size = v; }, 20,
                 "Calls the breaker's window holds", "熔断器窗口容纳的调用数", {.min = 1, .max = 100000})
        .duration("wait_in_open", [](C& c, Duration v) { c.breaker.wait_in_open = v; }, "2s",
                  "How long the breaker stays open before trial calls",
                  "熔断器保持断开、直到放行试探调用的时长", {.min = 1})
        .integer("half_open_calls", [](C& c, std::int64_t v) { c.breaker.half_open_calls = v; }, 3,
                 "Trial calls let through when half-open", "半开状态下放行的试探调用数", {.min = 1, .max = 10000});
}

std::vector<PhaseSpec> resilience_phases() {
    return {{.name = "closed", .tone = Tone::Healthy, .en = "closed", .zh = "闭合"},
            {.name = "open", .tone = Tone::Failing, .en = "open", .zh = "断开"},
            {.name = "half-open", .tone = Tone::Warning, .en = "half-open", .zh = "半开"},
            {.name = "disabled", .tone = Tone::Neutral, .en = "no breaker", .zh = "未启用熔断"}};
}

ResilientCaller::ResilientCaller(ResilienceConfig config, TimerId open_timer, std::uint32_t first_timer)
    : config_(std::move(config)), open_timer_(open_timer), budget_(config_.retry.make_budget()),
      timer_ids_(first_timer) {
    if (config_.breaker_enabled)
        breaker_.emplace(config_.breaker);
}

void ResilientCaller::start(Context& ctx) {
    if (breaker_)
        ctx.phase(cb::to_string(breaker_->state()), Text{"starts closed", "以关闭状态启动"});
    else
        ctx.phase("disabled", Text{"no circuit breaker on the calls", "调用上没有熔断器"});
}

void ResilientCaller::call(Context& ctx, const NodeId& target, Json body, Done done) {
    const std::uint64_t key = ++next_key_;
    jobs_.emplace(key, Job{.target = target, .body = std::move(body), .done = std::move(done)});
    if (config_.retry.budget)
        budget_.deposit_first_attempt(ctx.now());
    attempt(ctx, key);
}

void ResilientCaller::attempt(Context& ctx, std::uint64_t key) {
    Job& job = jobs_.at(key);
    std::uint64_t epoch = 0;
    if (breaker_) {
        const cb::Admission admission = breaker_->try_acquire(ctx.now());
        apply(ctx, admission.transition);
        if (!admission.permitted) {
            ++short_circuited_;
            ctx.count("short_circuited");
            finish(ctx, key, {{"ok", false}, {"error", "circuit open"}});
            return;
        }
        epoch = admission.epoch;
    }
    ++job.attempts;
    Json body = job.body;
    if (body.is_object())
        body["attempt"] = job.attempts;
    tally_.call(ctx);
    const Duration now = ctx.now();
    ctx.call(job.target, std::string(rr::kRequest), std::move(body), config_.retry.timeout,
             [this, key, now, epoch](Context& c, const CallOutcome& outcome) { attempt_done(c, key, now, epoch, outcome); });
}

void ResilientCaller::attempt_done(Context& ctx, std::uint64_t key, Duration sent_at, std::uint64_t epoch,
                                   const CallOutcome& outcome) {
    auto it = jobs_.find(key);
    if (it == jobs_.end())
        return;
    Job& job = it->second;
    const CallResult result = tally_.ended(ctx, outcome, sent_at, rr::read_reply);
    if (breaker_)
        apply(ctx, breaker_->on_result(ctx.now(), epoch, result.end != CallEnd::Ok, ctx.now() - sent_at));
    if (result.end == CallEnd::Ok) {
        finish(ctx, key, outcome.reply.body);
        return;
    }
    job.last_error = result.error;
    const retry::RetryDecision decision =
        retry::decide_retry(config_.retry, budget_, job.attempts, ctx.now(), std::nullopt, ctx.rng());
    if (decision.verdict != retry::RetryVerdict::Retry) {
        finish(ctx, key, {{"ok", false}, {"error", job.last_error}});
        return;
    }
    tally_.retry(ctx);
    if (decision.wait <= Duration(0)) {
        attempt(ctx, key);
        return;
    }
    const TimerId timer = timer_ids_.next();
    backoffs_.insert_or_assign(static_cast<std::uint32_t>(timer), key);
    ctx.set_timer(timer, decision.wait);
}

void ResilientCaller::finish(Context& ctx, std::uint64_t key, Json answer) {
    auto it = jobs_.find(key);
    if (it == jobs_.end())
        return;
    Done done = std::move(it->second.done);
    jobs_.erase(it);
    done(ctx, std::move(answer));
}

bool ResilientCaller::on_timer(Context& ctx, TimerId timer) {
    if (timer == open_timer_) {
        if (breaker_) {
            auto transition = breaker_->poll(ctx.now());
            if (!transition && breaker_->state() == cb::BreakerState::Open)
                ctx.set_timer(open_timer_, std::max(Duration(1), breaker_->open_until() - ctx.now()));
            apply(ctx, transition);
        }
        return true;
    }
    auto it = backoffs_.find(static_cast<std::uint32_t>(timer));
    if (it == backoffs_.end())
        return false;
    const std::uint64_t key = it->second;
    backoffs_.erase(it);
    if (jobs_.count(key))
        attempt(ctx, key);
    return true;
}

void ResilientCaller::apply(Context& ctx, const std::optional<cb::Transition>& transition) {
    if (!transition)
        return;
    ctx.log(LogLevel::Info, "breaker " + transition->text());
    ctx.phase(cb::to_string(transition->to), transition->reason);
    if (transition->to == cb::BreakerState::Open)
        ctx.set_timer(open_timer_, breaker_->settings().wait_in_open);
}

void ResilientCaller::write(Json& snapshot) const {
    tally_.write(snapshot);
    snapshot["breaker"] = breaker_ ? std::string(cb::to_string(breaker_->state())) : std::string("disabled");
    snapshot["short_circuited"] = short_circuited_;
    snapshot["in_flight"] = jobs_.size();
}

}  // namespace distlab::core::sidecar
