#include "core/patterns/maelstrom/echo_client_role.h"

namespace distlab::core::maelstrom {

namespace {

constexpr TimerId kArrivalTimer{1};

}  // namespace

const ParamList<EchoClientConfig>& EchoClientConfig::params() {
    static const ParamList<EchoClientConfig> list = ParamList<EchoClientConfig>{}
        .part(&EchoClientConfig::workload, OpenLoopWorkload::params())
        .choice("mode", &EchoClientConfig::mode, "open", {{"open", LoadMode::Open}, {"closed", LoadMode::Closed}},
                "Open loop (echoes at `rate`) or closed loop (`concurrency` outstanding)",
                "开环（按 rate 发起 echo）或闭环（保持 concurrency 个未完成的 echo）")
        .integer("concurrency", &EchoClientConfig::concurrency, 1,
                 "Closed loop: echoes kept outstanding; each answer starts the next",
                 "闭环：保持未完成的 echo 数；每收到一个回复立即发起下一个", {.min = 1, .max = 10000})
        .duration("timeout", &EchoClientConfig::timeout, "1s",
                  "How long an echo waits for its echo_ok; then the outcome is unknown",
                  "echo 等待 echo_ok 的时长；超时后结果未知", {.min = 1});
    return list;
}

EchoClientRole::EchoClientRole(EchoClientConfig config)
    : config_(std::move(config)),
      driver_(config_.workload,
              {.mode = config_.mode, .concurrency = config_.concurrency, .arrival_timer = kArrivalTimer}) {}

void EchoClientRole::start(Context& ctx) {
    driver_.start(ctx, [this](Context& c) { issue(c); });
}

void EchoClientRole::on_timer(Context& ctx, TimerId timer) {
    driver_.on_timer(ctx, timer, [this](Context& c) { issue(c); });
}

void EchoClientRole::on_message(Context& ctx, const Message& msg) {
    ignore_stray_message(ctx, msg, "echo_ok");
}

void EchoClientRole::issue(Context& ctx) {
    const std::int64_t msg_id = next_msg_id_++;
    const std::string text = "Please echo " + std::to_string(msg_id);
    const OpId op = ctx.op_invoke("echo", {{"echo", text}});
    ++outstanding_;
    tally_.call(ctx);
    const Duration sent_at = ctx.now();
    ctx.call(config_.workload.target, "echo", {{"type", "echo"}, {"echo", text}, {"msg_id", msg_id}}, config_.timeout,
             [this, op, sent_at, text, msg_id](Context& c, const CallOutcome& outcome) {
                 --outstanding_;
                 const CallResult result = tally_.ended(c, outcome, sent_at, [&](const Json& body) -> CallResult {
                     if (!body.is_object() || body.value("type", "") != "echo_ok" ||
                         body.value("in_reply_to", std::int64_t{-1}) != msg_id)
                         return {CallEnd::Malformed, "malformed reply"};
                     if (body.value("echo", "") != text) {
                         ++wrong_echoes_;
                         c.violation(config_.workload.target + Text{" answered echo ", " 对 echo "} + std::to_string(msg_id) +
                                     (body.contains("echo") ? Text{" with ", " 的应答是 "} + body["echo"].dump()
                                                            : Text{" with no echo", " 的应答没有 echo"}) +
                                     Text{" instead of \"", "，而不是 \""} + text + "\"");
                         return {CallEnd::Failed, "wrong echo"};
                     }
                     return {CallEnd::Ok, {}};
                 });
                 c.op_complete(op, result.status(),
                               result.end == CallEnd::Ok ? Json{{"echo", text}} : result.op_value());
                 driver_.operation_ended(c, [this](Context& next) { issue(next); });
             });
}

Json EchoClientRole::snapshot() const {
    Json snap = {{"state", driver_.state()},
                 {"target", config_.workload.target},
                 {"outstanding", outstanding_},
                 {"wrong_echoes", wrong_echoes_}};
    tally_.write(snap);
    return snap;
}

}  // namespace distlab::core::maelstrom
