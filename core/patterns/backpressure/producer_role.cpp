#include "core/patterns/backpressure/producer_role.h"

#include <algorithm>
#include <random>
#include <utility>

namespace distlab::core::backpressure {

namespace {

constexpr TimerId kArrivalTimer{1};

}  // namespace

std::vector<ParamSpec> ProducerConfig::param_specs() {
    std::vector<ParamSpec> specs = OpenLoopWorkload::param_specs();
    specs[0].en = "The bounded-stage this producer sends its items to";
    specs[0].zh = "生产者发送数据项的目标有界阶段（bounded-stage）";
    specs[1].en = "Items made per second while the backlog has room";
    specs[1].zh = "积压队列未满时每秒生成的数据项数";
    const std::vector<ParamSpec> own = {
        {.name = "item_size", .type = ParamType::Int, .default_value = 1024, .min = 1, .max = 1 << 30,
         .en = "Bytes each item stands for (the stages account their memory with it)",
         .zh = "每个数据项代表的字节数（各阶段据此统计内存占用）"},
        {.name = "priorities", .type = ParamType::Int, .default_value = 1, .min = 1, .max = 10,
         .en = "Priority levels; each item gets one uniformly at random (higher is more important)",
         .zh = "优先级级数；每个数据项均匀随机获得一个（数值越大越重要）"},
        {.name = "backlog_limit", .type = ParamType::Int, .default_value = 50, .min = 1, .max = 1000000,
         .en = "Items made but not yet sent; when full the producer makes none (it is slowed down)",
         .zh = "已生成但尚未发送的数据项上限；满时生产者停止生成（被减速）"},
        {.name = "ack_timeout", .type = ParamType::Duration, .default_value = "1s", .min = 1,
         .en = "How long a sent item waits for its acknowledgement before it counts as unknown",
         .zh = "已发送的数据项等待确认的时长，超时则结果未知"},
    };
    specs.insert(specs.end(), own.begin(), own.end());
    return specs;
}

ProducerConfig ProducerConfig::from(const Params& params) {
    ProducerConfig c;
    c.workload = OpenLoopWorkload::from(params);
    c.item_size = params.get_int("item_size");
    c.priorities = std::max<std::int64_t>(1, params.get_int("priorities"));
    c.backlog_limit = std::max<std::int64_t>(1, params.get_int("backlog_limit"));
    c.ack_timeout = params.get_duration("ack_timeout");
    return c;
}

ProducerRole::ProducerRole(ProducerConfig config)
    : config_(std::move(config)), sender_(config_.workload.target, config_.ack_timeout) {}

void ProducerRole::start(Context& ctx) {
    sender_.start(ctx, [this](Context& c) { pump(c); });
    ctx.set_timer(kArrivalTimer, config_.workload.next_gap(ctx.rng()));
    publish_gauges(ctx);
}

void ProducerRole::on_message(Context& ctx, const Message& msg) {
    if (sender_.on_message(ctx, msg)) {
        publish_gauges(ctx);
        return;
    }
    if (msg.type == kItemReply) {
        ctx.count("late_replies");
        return;
    }
    ctx.count("unexpected_messages");
    ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
}

void ProducerRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kArrivalTimer)
        return;
    if (config_.workload.stopped(ctx.now())) {
        stopped_ = true;
        return;
    }
    make_item(ctx);
    pump(ctx);
    ctx.set_timer(kArrivalTimer, config_.workload.next_gap(ctx.rng()));
}

Json ProducerRole::snapshot() const {
    Json snap = sender_.snapshot();
    snap["state"] = stopped_ ? "stopped" : "running";
    snap["backlog"] = backlog_.size();
    snap["in_flight"] = in_flight_.size();
    snap["produced"] = produced_;
    snap["acked"] = acked_;
    snap["rejections"] = rejected_;
    snap["shed"] = shed_;
    snap["timeouts"] = timeouts_;
    snap["retries"] = retries_;
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
        ctx.count("calls");
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
        ++acked_;
        ctx.count("successes");
        ctx.op_complete(op, OpStatus::Ok, {{"id", item.id}});
        break;
    case SendResult::Kind::Refused:
        if (result.error == kErrorFull && sender_.flow() != Flow::Free) {
            // The stage asks us to wait, not to give up: the item keeps its place in line.
            ++retries_;
            ctx.count("retries");
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
        ++timeouts_;
        ctx.count("timeouts");
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
