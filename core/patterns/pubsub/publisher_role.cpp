#include "core/patterns/pubsub/publisher_role.h"

#include <utility>

#include "core/patterns/pubsub/pubsub_protocol.h"

namespace distlab::core::pubsub {

namespace {

constexpr TimerId kArrivalTimer{1};

}  // namespace

const ParamList<PublisherConfig>& PublisherConfig::params() {
    using C = PublisherConfig;
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::workload, OpenLoopWorkload::params()
                                .with_text("target", "The broker this publisher publishes to",
                                           "发布者向其发布消息的代理（broker）")
                                .with_text("rate", "Messages published per second (open loop)",
                                           "每秒发布的消息数（开环）"))
        .string("subject", &C::subject, "orders.created",
                "The subject it publishes to: dot-separated tokens, no wildcards (orders.eu.created)",
                "发布的主题：以点分隔的记号，不含通配符（如 orders.eu.created）")
        .duration("publish_timeout", &C::publish_timeout, "1s",
                  "How long a publish waits for the broker's acknowledgement before it counts as unknown",
                  "发布等待代理确认的时长，超时则结果未知", {.min = 1});
    return list;
}

PublisherRole::PublisherRole(PublisherConfig config)
    : config_(std::move(config)), driver_(config_.workload, {.arrival_timer = kArrivalTimer}) {}

void PublisherRole::start(Context& ctx) {
    driver_.start(ctx, [this](Context& c) { publish(c); });
}

void PublisherRole::on_message(Context& ctx, const Message& msg) {
    ignore_stray_message(ctx, msg, kPublishReply);
}

void PublisherRole::on_timer(Context& ctx, TimerId timer) {
    driver_.on_timer(ctx, timer, [this](Context& c) { publish(c); });
}

Json PublisherRole::snapshot() const {
    Json snap = {{"state", driver_.state()}, {"subject", config_.subject}, {"seq", next_seq_}};
    tally_.write(snap);
    return snap;
}

void PublisherRole::publish(Context& ctx) {
    const PubMessage message{config_.subject, ctx.self(), ++next_seq_};
    const OpId op = ctx.op_invoke("publish", {{"seq", message.seq}, {"subject", message.subject}});
    tally_.call(ctx);
    const Duration sent_at = ctx.now();
    ctx.call(config_.workload.target, std::string(kPublish), message.to_json(), config_.publish_timeout,
             [this, op, seq = message.seq, sent_at](Context& c, const CallOutcome& outcome) {
                 const CallResult result = tally_.ended(c, outcome, sent_at, [](const Json& body) {
                     return read_answer(body, "refused");
                 });
                 Json value = {{"seq", seq}};
                 if (!result.error.empty())
                     value["error"] = result.error;
                 c.op_complete(op, result.status(), std::move(value));
             });
}

}  // namespace distlab::core::pubsub
