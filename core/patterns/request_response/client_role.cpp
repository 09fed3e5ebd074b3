#include "core/patterns/request_response/client_role.h"

#include <string>

#include "core/patterns/request_response/messages.h"

namespace distlab::core::request_response {

namespace {

constexpr TimerId kArrivalTimer{1};

}  // namespace

const ParamList<ClientConfig>& ClientConfig::params() {
    static const ParamList<ClientConfig> list = ParamList<ClientConfig>{}
        .part(&ClientConfig::workload, OpenLoopWorkload::params())
        .choice("mode", &ClientConfig::mode, "open", {{"open", LoadMode::Open}, {"closed", LoadMode::Closed}},
                "Open loop (requests at `rate`) or closed loop (`concurrency` outstanding)",
                "开环（按 rate 发起请求）或闭环（保持 concurrency 个未完成请求）")
        .integer("concurrency", &ClientConfig::concurrency, 1,
                 "Closed loop: requests kept outstanding; each reply starts the next",
                 "闭环：保持未完成的请求数；每收到一个响应立即发起下一个", {.min = 1, .max = 10000})
        .duration("timeout", &ClientConfig::timeout, "1s",
                  "How long a call waits for its reply; then the outcome is unknown",
                  "调用等待响应的时长；超时后结果未知", {.min = 1});
    return list;
}

ClientRole::ClientRole(ClientConfig config)
    : config_(std::move(config)),
      driver_(config_.workload, {.mode = config_.mode, .concurrency = config_.concurrency,
                                 .arrival_timer = kArrivalTimer}) {}

void ClientRole::start(Context& ctx) {
    driver_.start(ctx, [this](Context& c) { issue(c); });
}

void ClientRole::on_timer(Context& ctx, TimerId timer) {
    driver_.on_timer(ctx, timer, [this](Context& c) { issue(c); });
}

void ClientRole::on_message(Context& ctx, const Message& msg) {
    ignore_stray_message(ctx, msg, kReply);
}

Json ClientRole::snapshot() const {
    Json snap = {{"state", driver_.state()},
                 {"target", config_.workload.target},
                 {"outstanding", outstanding_}};
    tally_.write(snap);
    return snap;
}

void ClientRole::issue(Context& ctx) {
    const std::int64_t seq = ++seq_;
    const OpId op = ctx.op_invoke(kRequest, {{"seq", seq}});
    ++outstanding_;
    tally_.call(ctx);
    const Duration sent_at = ctx.now();
    const Duration intended = driver_.intended();
    ctx.call(config_.workload.target, std::string(kRequest), {{"seq", seq}}, config_.timeout,
             [this, op, sent_at, intended](Context& c, const CallOutcome& outcome) {
                 complete(c, op, sent_at, intended, outcome);
             });
}

void ClientRole::complete(Context& ctx, OpId op, Duration sent_at, Duration intended, const CallOutcome& outcome) {
    --outstanding_;
    const CallResult result = tally_.ended(ctx, outcome, sent_at, read_reply);
    ctx.op_complete(op, result.status(), result.op_value());
    driver_.record_latency(ctx, intended);
    driver_.operation_ended(ctx, [this](Context& c) { issue(c); });
}

}  // namespace distlab::core::request_response
