#include "core/patterns/request_response/client_role.h"

#include <string>

#include "core/patterns/request_response/messages.h"

namespace distlab::core::request_response {

namespace {

constexpr TimerId kArrivalTimer{1};

}  // namespace

std::vector<ParamSpec> ClientConfig::param_specs() {
    std::vector<ParamSpec> specs = OpenLoopWorkload::param_specs();
    specs.push_back({.name = "mode", .type = ParamType::Choice, .default_value = "open",
                     .choices = {"open", "closed"},
                     .en = "Open loop (requests at `rate`) or closed loop (`concurrency` outstanding)",
                     .zh = "开环（按 rate 发起请求）或闭环（保持 concurrency 个未完成请求）"});
    specs.push_back({.name = "concurrency", .type = ParamType::Int, .default_value = 1, .min = 1,
                     .max = 10000,
                     .en = "Closed loop: requests kept outstanding; each reply starts the next",
                     .zh = "闭环：保持未完成的请求数；每收到一个响应立即发起下一个"});
    specs.push_back({.name = "timeout", .type = ParamType::Duration, .default_value = "1s", .min = 1,
                     .en = "How long a call waits for its reply; then the outcome is unknown",
                     .zh = "调用等待响应的时长；超时后结果未知"});
    return specs;
}

ClientConfig ClientConfig::from(const Params& params) {
    ClientConfig c;
    c.workload = OpenLoopWorkload::from(params);
    c.mode = params.get_string("mode") == "closed" ? LoadMode::Closed : LoadMode::Open;
    c.concurrency = params.get_int("concurrency");
    c.timeout = params.get_duration("timeout");
    return c;
}

ClientRole::ClientRole(ClientConfig config) : config_(std::move(config)) {}

void ClientRole::start(Context& ctx) {
    if (config_.mode == LoadMode::Closed) {
        for (std::int64_t i = 0; i < config_.concurrency && !config_.workload.stopped(ctx.now()); ++i)
            issue(ctx);
        return;
    }
    ctx.set_timer(kArrivalTimer, config_.workload.next_gap(ctx.rng()));
}

void ClientRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kArrivalTimer)
        return;
    if (config_.workload.stopped(ctx.now())) {
        stopped_ = true;
        return;
    }
    issue(ctx);
    ctx.set_timer(kArrivalTimer, config_.workload.next_gap(ctx.rng()));
}

void ClientRole::on_message(Context& ctx, const Message& msg) {
    // A reply to a call that already timed out arrives as a plain message: its operation was
    // recorded as unknown, and the late answer cannot change the history.
    if (msg.type == kReply) {
        ctx.count("late_replies");
        return;
    }
    ctx.count("unexpected_messages");
    ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
}

Json ClientRole::snapshot() const {
    return {{"state", stopped_ ? "stopped" : "running"},
            {"target", config_.workload.target},
            {"outstanding", outstanding_},
            {"calls", calls_},
            {"successes", successes_},
            {"failures", failures_},
            {"timeouts", timeouts_}};
}

void ClientRole::issue(Context& ctx) {
    const std::int64_t seq = ++seq_;
    const OpId op = ctx.op_invoke(kRequest, {{"seq", seq}});
    ++calls_;
    ++outstanding_;
    ctx.count("calls");
    const Duration sent_at = ctx.now();
    ctx.call(config_.workload.target, std::string(kRequest), {{"seq", seq}}, config_.timeout,
             [this, op, sent_at](Context& c, const CallOutcome& outcome) {
                 complete(c, op, sent_at, outcome);
             });
}

void ClientRole::complete(Context& ctx, OpId op, Duration sent_at, const CallOutcome& outcome) {
    --outstanding_;
    if (outcome.timed_out) {
        // Jepsen: a timeout is indeterminate. The request may have been served and only the
        // reply lost, so the operation is info, never fail.
        ++timeouts_;
        ctx.count("timeouts");
        ctx.op_complete(op, OpStatus::Info, {{"error", "timeout"}});
    } else {
        // Latency is sampled for answered calls only: a timeout says nothing about the server's
        // speed beyond "at least `timeout`", and would cap the histogram at that value.
        ctx.observe("latency_ms", to_ms(ctx.now() - sent_at));
        const ReplyFields reply = decode_reply(outcome.reply.body);
        switch (reply.kind) {
        case ReplyKind::Ok:
            ++successes_;
            ctx.count("successes");
            ctx.op_complete(op, OpStatus::Ok, nullptr);
            break;
        case ReplyKind::Fail:
            ++failures_;
            ctx.count("failures");
            ctx.op_complete(op, OpStatus::Fail, {{"error", reply.error}});
            break;
        case ReplyKind::Malformed:
            ctx.count("malformed_replies");
            ctx.log(LogLevel::Warn, "reply " + std::to_string(outcome.reply.id) + " from " +
                                        outcome.reply.from + " has no boolean 'ok'");
            ctx.op_complete(op, OpStatus::Info, {{"error", "malformed reply"}});
            break;
        }
    }
    if (config_.mode == LoadMode::Closed) {
        if (config_.workload.stopped(ctx.now()))
            stopped_ = true;
        else
            issue(ctx);
    }
}

}  // namespace distlab::core::request_response
