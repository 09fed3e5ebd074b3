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
                  "发布等待代理确认的时长，超时则结果未知", {.min = 1})
        .integer("offline_buffer", &C::offline_buffer, 0,
                 "0: fire and forget, a publish that times out is given up. n: store and forward (an MQTT "
                 "client's offline buffer; Paho's asynchronous C client keeps 100 by default): a timed-out "
                 "publish is kept and resent, new ones wait while the broker is unreachable, all are sent in "
                 "order once it answers; at most n kept, the oldest dropped beyond that",
                 "0：发后即忘，超时的发布即放弃。n：存储转发（如 MQTT 客户端的离线缓冲；Paho 异步 C 客户端默认保留 "
                 "100 条）：超时的发布被保留并重发，代理不可达期间新消息也在缓冲中等待，代理一应答便按顺序全部发出；"
                 "最多保留 n 条，超出则丢弃最旧的",
                 {.min = 0, .max = 1000000});
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
    if (config_.offline_buffer > 0) {
        snap["offline"] = offline_;
        snap["buffered"] = std::ssize(buffered_) + (probing_ ? 1 : 0);
        snap["dropped"] = dropped_;
    }
    tally_.write(snap);
    return snap;
}

void PublisherRole::publish(Context& ctx) {
    const PubMessage message{config_.subject, ctx.self(), ++next_seq_};
    const OpId op = ctx.op_invoke("publish", {{"seq", message.seq}, {"subject", message.subject}});
    tally_.call(ctx);
    if (!offline_) {
        send(ctx, message.seq, op, false);
        return;
    }
    keep(ctx, message.seq, op, false);
}

void PublisherRole::keep(Context& ctx, std::int64_t seq, OpId op, bool sent) {
    buffered_.emplace(seq, Buffered{op, sent});
    while (!buffered_.empty() && std::ssize(buffered_) + (probing_ ? 1 : 0) > config_.offline_buffer) {
        const auto oldest = buffered_.begin();
        ++dropped_;
        ctx.count("dropped");
        ctx.op_complete(oldest->second.op, OpStatus::Fail, {{"seq", oldest->first}, {"error", "buffer full"}});
        buffered_.erase(oldest);
    }
}

void PublisherRole::send(Context& ctx, std::int64_t seq, OpId op, bool is_probe) {
    const Duration sent_at = ctx.now();
    ctx.call(config_.workload.target, std::string(kPublish), PubMessage{config_.subject, ctx.self(), seq}.to_json(),
             config_.publish_timeout, [this, op, seq, sent_at, is_probe](Context& c, const CallOutcome& outcome) {
                 if (is_probe)
                     probing_ = false;
                 const CallResult result = tally_.ended(c, outcome, sent_at, [](const Json& body) {
                     return read_answer(body, "refused");
                 });
                 if (config_.offline_buffer > 0 && result.end == CallEnd::TimedOut) {
                     keep(c, seq, op, true);
                     if (!offline_) {
                         offline_ = true;
                         c.log(LogLevel::Warn, "the broker does not answer: buffering, probing with the oldest message");
                     }
                     probe(c);
                     return;
                 }
                 Json value = {{"seq", seq}};
                 if (!result.error.empty())
                     value["error"] = result.error;
                 c.op_complete(op, result.status(), std::move(value));
                 if (offline_ && result.definite())
                     back_online(c);
             });
}

void PublisherRole::probe(Context& ctx) {
    if (probing_ || buffered_.empty())
        return;
    probing_ = true;
    const auto [seq, waiting] = *buffered_.begin();
    buffered_.erase(buffered_.begin());
    if (waiting.sent)
        tally_.retry(ctx);
    send(ctx, seq, waiting.op, true);
}

void PublisherRole::back_online(Context& ctx) {
    offline_ = false;
    ctx.log(LogLevel::Info, "the broker answers again: sending the " + std::to_string(buffered_.size()) +
                                " buffered messages");
    const std::map<std::int64_t, Buffered> waiting = std::exchange(buffered_, {});
    for (const auto& [seq, message] : waiting) {
        if (message.sent)
            tally_.retry(ctx);
        send(ctx, seq, message.op, false);
    }
}

}  // namespace distlab::core::pubsub
