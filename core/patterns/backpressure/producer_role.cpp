#include "core/patterns/backpressure/producer_role.h"

#include <algorithm>
#include <random>
#include <utility>

namespace distlab::core::backpressure {

namespace {

constexpr TimerId kArrivalTimer{1};

}  // namespace

const ParamList<ProducerConfig>& ProducerConfig::params() {
    static const ParamList<ProducerConfig> list = ParamList<ProducerConfig>{}
        .part(&ProducerConfig::workload,
              OpenLoopWorkload::params()
                  .with_text("target", "The bounded-stage this producer sends its items to",
                             "生产者发送数据项的目标有界阶段（bounded-stage）")
                  .with_text("rate", "Items made per second while the backlog has room",
                             "积压队列未满时每秒生成的数据项数"))
        .integer("item_size", &ProducerConfig::item_size, 1024,
                 "Bytes each item stands for (the stages account their memory with it)",
                 "每个数据项代表的字节数（各阶段据此统计内存占用）", {.min = 1, .max = 1 << 30})
        .integer("priorities", &ProducerConfig::priorities, 1,
                 "Priority levels; each item gets one uniformly at random (higher is more important)",
                 "优先级级数；每个数据项均匀随机获得一个（数值越大越重要）", {.min = 1, .max = 10})
        .integer("backlog_limit", &ProducerConfig::backlog_limit, 50,
                 "Items made but not yet sent; when full the producer makes none (it is slowed down)",
                 "已生成但尚未发送的数据项上限；满时生产者停止生成（被减速）", {.min = 1, .max = 1000000})
        .duration("ack_timeout", &ProducerConfig::ack_timeout, "1s",
                  "How long a sent item waits for its acknowledgement before it counts as unknown",
                  "已发送的数据项等待确认的时长，超时则结果未知", {.min = 1});
    return list;
}

ProducerRole::ProducerRole(ProducerConfig config)
    : config_(std::move(config)),
      driver_(config_.workload, {.arrival_timer = kArrivalTimer}),
      sender_(config_.workload.target, config_.ack_timeout) {}

void ProducerRole::start(Context& ctx) {
    // The phase first (the driver announces "running" and, open loop, only arms the first
    // arrival), then the flow's opening message.
    driver_.start(ctx, [this](Context& c) { produce(c); });
    sender_.start(ctx, [this](Context& c) { pump(c); });
    publish_gauges(ctx);
}

void ProducerRole::on_message(Context& ctx, const Message& msg) {
    if (sender_.on_message(ctx, msg)) {
        publish_gauges(ctx);
        return;
    }
    ignore_stray_message(ctx, msg, kItemReply);
}

void ProducerRole::on_timer(Context& ctx, TimerId timer) {
    driver_.on_timer(ctx, timer, [this](Context& c) { produce(c); });
}

void ProducerRole::produce(Context& ctx) {
    make_item(ctx);
    pump(ctx);
}

Json ProducerRole::snapshot() const {
    Json snap = sender_.snapshot();
    snap["state"] = driver_.state();
    snap["backlog"] = backlog_.size();
    snap["in_flight"] = in_flight_.size();
    snap["produced"] = produced_;
    snap["acked"] = tally_.successes();
    snap["rejections"] = rejected_;
    snap["shed"] = shed_;
    snap["timeouts"] = tally_.timeouts();
    snap["retries"] = tally_.retries();
    snap["throttled"] = throttled_;
    return snap;
}

void ProducerRole::make_item(Context& ctx) {
    if (std::ssize(backlog_) >= config_.backlog_limit) {
        ++throttled_;
        ctx.count("throttled");
        return;
    }
    Item item{ctx.self(), ++next_id_, 0, config_.item_size};
    if (config_.priorities > 1)
        item.priority = std::uniform_int_distribution<std::int64_t>(0, config_.priorities - 1)(ctx.rng());
    ++produced_;
    ctx.count("produced");
    const OpId op = ctx.op_invoke("send", {{"id", item.id}, {"priority", item.priority}});
    backlog_.push_back({std::move(item), op});
    publish_gauges(ctx);
}

void ProducerRole::pump(Context& ctx) {
    while (sender_.may_send() && !backlog_.empty()) {
        Pending next = std::move(backlog_.front());
        backlog_.pop_front();
        in_flight_.emplace(next.item.id, next.op);
        tally_.call(ctx);
        sender_.send(ctx, next.item,
                     [this](Context& c, const Item& item, const SendResult& result) { sent(c, item, result); });
    }
    publish_gauges(ctx);
}

void ProducerRole::sent(Context& ctx, const Item& item, const SendResult& result) {
    auto it = in_flight_.find(item.id);
    if (it == in_flight_.end())
        return;
    const OpId op = it->second;
    in_flight_.erase(it);
    switch (result.kind) {
    case SendResult::Kind::Accepted:
        tally_.success(ctx);
        ctx.op_complete(op, OpStatus::Ok, {{"id", item.id}});
        break;
    case SendResult::Kind::Refused:
        if (result.error == kErrorFull && sender_.flow() != Flow::Free) {
            // The stage asks us to wait, not to give up: the item keeps its place in line.
            tally_.retry(ctx);
            auto pos = std::find_if(backlog_.begin(), backlog_.end(),
                                    [&](const Pending& p) { return p.item.id > item.id; });
            backlog_.insert(pos, Pending{item, op});
            break;
        }
        if (result.error == kErrorShed) {
            ++shed_;
            ctx.count("shed");
        } else {
            ++rejected_;
            ctx.count("rejections");
        }
        ctx.op_complete(op, OpStatus::Fail, {{"id", item.id}, {"error", result.error}});
        break;
    case SendResult::Kind::Unknown:
        tally_.timeout(ctx);
        ctx.op_complete(op, OpStatus::Info, {{"id", item.id}, {"error", result.error}});
        break;
    }
    pump(ctx);
}

void ProducerRole::publish_gauges(Context& ctx) const {
    ctx.gauge("backlog", static_cast<double>(backlog_.size()));
    ctx.gauge("in_flight", static_cast<double>(in_flight_.size()));
    ctx.gauge("credits", static_cast<double>(sender_.credits()));
}

}  // namespace distlab::core::backpressure
